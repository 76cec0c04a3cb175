#!/usr/bin/env node
// Entry point of the `tsunagi` command: runs the compiled CLI (built by `npm run build`, which
// `npm ci` and `npm start` run for you).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
if (!existsSync(cli)) {
  const ja = (process.env.TSUNAGI_LOCALE ?? 'ja') !== 'en';
  process.stderr.write(
    ja
      ? 'tsunagi はまだビルドされていません。先に `npm ci`（または `npm run build`）を実行してください。\n'
      : 'tsunagi is not built yet: run `npm ci` (or `npm run build`) first.\n',
  );
  process.exit(1);
}
await import(cli);

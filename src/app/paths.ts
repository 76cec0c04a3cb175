// Files shipped with Tsunagi, found relative to the installed package rather than the working
// directory, so `tsunagi` works from anywhere.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
export const EXAMPLE_CONFIG = path.join(PACKAGE_ROOT, 'tsunagi.example.yaml');
/** The Teams tab's static files (HTML, CSS, browser JavaScript); tsc does not copy them to dist/. */
export const WEB_PUBLIC_DIR = path.join(PACKAGE_ROOT, 'src', 'web', 'public');

// `tsunagi playbook export-cacao <id> [--out file] [--dir playbooks]` and
// `tsunagi playbook import-cacao <file> [--out file.yaml]`. Results go to stdout (or the file), notes
// and problems to stderr. Errors are thrown as typed errors for the CLI's boundary to print.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { NotFoundError, UserInputError } from '../errors.js';
import type { Bilingual } from '../i18n/locale.js';
import { suggest } from '../text/suggest.js';
import { cacaoIdOf, fromCacao, toCacao } from './cacao.js';
import { loadPlaybooks, parsePlaybook, playbookError } from './load-playbooks.js';

export interface CacaoCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Picks the viewer's language. */
  readonly t: (text: Bilingual) => string;
  readonly cwd: string;
}

/** `usage` when the arguments do not fit (the caller prints the usage and exits 2). */
export type CacaoCliResult = number | 'usage';

/** The playbooks folder: `--dir`, else `playbooks` in the working directory (as `playbook validate`). */
function playbooksDir(dir: string | undefined, cwd: string): string {
  return path.resolve(cwd, dir ?? 'playbooks');
}

function writeOut(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new UserInputError(
      {
        ja: `${file} に書き込めません（${(error as Error).message}）`,
        en: `Cannot write ${file} (${(error as Error).message})`,
      },
      undefined,
      { cause: error },
    );
  }
}

export function exportCacaoCommand(argv: string[], io: CacaoCliIo): CacaoCliResult {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, dir: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [id] = positionals;
  if (id === undefined || positionals.length > 1) return 'usage';
  const dir = playbooksDir(values.dir, io.cwd);
  const loaded = loadPlaybooks([dir]);
  const found = loaded.playbooks.find((p) => p.playbook.metadata.id === id);
  if (!found) {
    // A playbook with problems is not loaded: show them rather than claim it does not exist.
    if (loaded.problems.length > 0) throw playbookError(loaded.problems);
    const ids = loaded.playbooks.map((p) => p.playbook.metadata.id);
    const hint = suggest(id, ids);
    throw new NotFoundError({
      ja: `プレイブック「${id}」は ${dir} にありません。${hint ? `「${hint}」ですか？ ` : ''}あるもの: ${ids.join(', ') || '（なし）'}`,
      en: `There is no playbook "${id}" in ${dir}.${hint ? ` Did you mean "${hint}"?` : ''} Available: ${ids.join(', ') || '(none)'}`,
    });
  }
  const cacaoIds = new Map(loaded.playbooks.map((p) => [p.playbook.metadata.id, cacaoIdOf(p.playbook)]));
  const json = `${JSON.stringify(toCacao(found.playbook, { resolvePlaybookId: (other) => cacaoIds.get(other) }), null, 2)}\n`;
  if (values.out === undefined) {
    io.stdout(json);
  } else {
    const out = path.resolve(io.cwd, values.out);
    writeOut(out, json);
    io.stderr(
      io.t({
        ja: `OK ${out}: プレイブック ${id} を CACAO 2.0 で書き出しました\n`,
        en: `OK ${out}: playbook ${id} exported as CACAO 2.0\n`,
      }),
    );
  }
  return 0;
}

export function importCacaoCommand(argv: string[], io: CacaoCliIo): CacaoCliResult {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) return 'usage';
  const source = path.resolve(io.cwd, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    const reason = (error as Error).message;
    throw new UserInputError(
      {
        ja: `${source} を JSON として読めません（${reason}）`,
        en: `Cannot read ${source} as JSON (${reason})`,
      },
      undefined,
      { cause: error },
    );
  }
  const { playbook, notes } = fromCacao(json);
  const yaml = stringify(playbook, { lineWidth: 0 });
  for (const note of notes) io.stderr(`! ${io.t(note)}\n`);
  // Tell the person at once if the result still needs work before `playbook validate` accepts it.
  const check = parsePlaybook(yaml, values.out ?? `${playbook.metadata.id}.yaml`);
  for (const p of check.problems) {
    const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
    io.stderr(`! ${where}${p.field ? ` ${p.field}` : ''}: ${io.t(p.message)}\n`);
  }
  if (values.out === undefined) {
    io.stdout(yaml);
  } else {
    const out = path.resolve(io.cwd, values.out);
    writeOut(out, yaml);
    io.stderr(
      io.t({
        ja: `OK ${out}: プレイブック ${playbook.metadata.id}（手順 ${playbook.steps.length}）\n`,
        en: `OK ${out}: playbook ${playbook.metadata.id} (${playbook.steps.length} steps)\n`,
      }),
    );
  }
  return 0;
}

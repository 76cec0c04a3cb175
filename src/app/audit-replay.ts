// `tsunagi audit replay --source S --file F [--rules builtin|DIR]`: runs a file of raw audit records
// through the rules and prints one JSON alert per line. Rule problems and unreadable records go to
// stderr, each once; unreadable records make the exit status 1 after everything readable is printed.
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserInputError } from '../core/errors.js';
import type { Bilingual } from '../core/i18n/locale.js';
import { alertLines } from '../sources/audit/alert-line.js';
import { readRecords, type RecordProblem } from '../sources/audit/records.js';
import { AUDIT_SOURCES, type AuditSource } from '../sources/rules/rule.js';
import { loadRuleSet } from '../sources/rules/rule-set.js';

export interface AuditReplayIo {
  /** Resolves once the text is accepted (waits for a full pipe to drain). */
  readonly stdout: (text: string) => Promise<void>;
  readonly stderr: (text: string) => void;
  readonly t: (text: Bilingual) => string;
  readonly cwd: string;
}

const FLUSH_CHARS = 64 * 1024;

/** `usage` when the arguments do not fit (the caller prints the usage and exits 2). */
export async function auditReplayCommand(argv: string[], io: AuditReplayIo): Promise<number | 'usage'> {
  const [sub, ...args] = argv;
  if (sub !== 'replay') return 'usage';
  const { values, positionals } = parseArgs({
    args,
    options: { source: { type: 'string' }, file: { type: 'string' }, rules: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0 || !values.source || !values.file) return 'usage';
  if (!isAuditSource(values.source)) {
    io.stderr(
      `✗ ${io.t({
        ja: `--source は ${AUDIT_SOURCES.join('、')} のいずれかです（${values.source} は使えません）。`,
        en: `--source must be one of ${AUDIT_SOURCES.join(', ')} (not ${values.source}).`,
      })}\n`,
    );
    return 'usage';
  }
  const source = values.source;
  const rules = values.rules ?? 'builtin';
  const sigmaDir = rules === 'builtin' ? undefined : path.resolve(io.cwd, rules);
  if (sigmaDir !== undefined && !isDirectory(sigmaDir)) {
    throw new UserInputError({
      ja: `--rules には builtin か、Sigma ルールのフォルダを指定してください（${rules} はフォルダではありません）。`,
      en: `--rules takes builtin or a folder of Sigma rules (${rules} is not a folder).`,
    });
  }
  const ruleSet = loadRuleSet({ builtin: true, ...(sigmaDir ? { sigmaDir } : {}) });
  for (const problem of ruleSet.problems) {
    const where = [problem.file, problem.rule].filter(Boolean).join(' ');
    io.stderr(`! ${where}: ${io.t(problem.message)}\n`);
  }

  const problems: RecordProblem[] = [];
  const onProblem = (problem: RecordProblem): void => {
    problems.push(problem);
    io.stderr(`! ${values.file}: ${problem.where}: ${io.t(problem.message)}\n`);
  };
  let out = '';
  for await (const record of readRecords(path.resolve(io.cwd, values.file), { onProblem })) {
    for (const line of alertLines(ruleSet.evaluate(source, record), source, record)) {
      out += `${JSON.stringify(line)}\n`;
    }
    if (out.length >= FLUSH_CHARS) {
      await io.stdout(out);
      out = '';
    }
  }
  if (out !== '') await io.stdout(out);
  if (problems.length > 0) {
    io.stderr(
      `✗ ${io.t({
        ja: `${values.file} の ${problems.length} 件のレコードを読めませんでした（上記）。読めたレコードは評価済みです。`,
        en: `${problems.length} record(s) of ${values.file} could not be read (above); the readable ones were evaluated.`,
      })}\n`,
    );
    return 1;
  }
  return 0;
}

function isAuditSource(value: string): value is AuditSource {
  return (AUDIT_SOURCES as readonly string[]).includes(value);
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    // Missing or unreadable: not a folder we can load rules from; the caller says so.
    return false;
  }
}

// Loads a folder of Sigma rules (every .yml/.yaml below it, in a stable order). Each rule either
// compiles whole into a CompiledRule or is skipped with a problem naming the file, the line and the
// reason in both languages — one bad or unsupported rule never stops the others from loading.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserInputError } from '../../../core/errors.js';
import type { Bilingual } from '../../../core/i18n/locale.js';
import { parseYamlSource, problemAt, type YamlSource } from '../../../core/yaml/yaml-source.js';
import type { CompiledRule, RuleProblem } from '../rule.js';
import { compileSigmaRule, sigmaRuleId } from './compile-sigma-rule.js';
import { SigmaRuleError } from './sigma-rule-error.js';

export interface SigmaLoadResult {
  readonly rules: CompiledRule[];
  readonly problems: RuleProblem[];
}

/** Throws UserInputError when `dir` is not a readable folder; problems inside it are returned. */
export function loadSigmaRules(dir: string): SigmaLoadResult {
  const rules: CompiledRule[] = [];
  const problems: RuleProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of listRuleFiles(dir)) {
    const result = loadSigmaFile(file);
    if ('problem' in result) {
      problems.push(result.problem);
      continue;
    }
    const earlier = seen.get(result.rule.id);
    if (earlier !== undefined) {
      problems.push({
        file,
        rule: result.rule.id,
        message: {
          ja: `ルール ID が ${earlier} と重複しているため読み込みません`,
          en: `skipped: the rule id is already used by ${earlier}`,
        },
      });
      continue;
    }
    seen.set(result.rule.id, file);
    rules.push(result.rule);
  }
  return { rules, problems };
}

/** One file: a compiled rule, or the one problem that keeps it out. */
export function loadSigmaFile(file: string): { rule: CompiledRule } | { problem: RuleProblem } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problem: { file, message: cannotRead(error) } };
  }
  const source = parseYamlSource(text, file);
  if (source.doc.errors.some((e) => e.code === 'MULTIPLE_DOCS')) {
    return {
      problem: {
        file,
        message: {
          ja: '未対応のため読み込みません: 1 ファイルに複数の YAML 文書（ルール集・相関ルール）',
          en: 'Skipped, not supported: several YAML documents in one file (rule collection or correlation)',
        },
      },
    };
  }
  const syntax = source.syntaxProblems[0];
  if (syntax) return { problem: { file, ...position(syntax), message: syntax.message } };

  const doc: unknown = source.doc.toJS();
  const rule = sigmaRuleId(doc);
  try {
    return { rule: compileSigmaRule(doc, file) };
  } catch (error) {
    return { problem: toProblem(error, source, rule) };
  }
}

function toProblem(error: unknown, source: YamlSource, rule: string | undefined): RuleProblem {
  const ruleField = rule ? { rule } : {};
  if (error instanceof SigmaRuleError) {
    const at = problemAt(source, error.path, error.userMessage, error.atKey);
    return { file: source.file, ...ruleField, ...position(at), message: at.message };
  }
  // A bug of ours, not the rule's: still only this rule is skipped, and the report says so.
  const detail = error instanceof Error ? error.message : String(error);
  return {
    file: source.file,
    ...ruleField,
    message: {
      ja: `このルールの読み込み中に内部エラーが発生したため読み込みません: ${detail}`,
      en: `skipped after an internal error while compiling this rule: ${detail}`,
    },
  };
}

function position(p: { line?: number; column?: number }): { line?: number; column?: number } {
  return {
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
  };
}

function listRuleFiles(dir: string): string[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (error) {
    throw new UserInputError({
      ja: `Sigma ルールのフォルダー ${dir} を読めません（${detailOf(error)}）。YAML ルールを置いたフォルダーを指定してください。`,
      en: `Cannot read the Sigma rules folder ${dir} (${detailOf(error)}). Name a folder holding YAML rules.`,
    });
  }
  return entries
    .filter((name) => /\.ya?ml$/i.test(name))
    .map((name) => join(dir, name))
    .filter((path) => isFile(path))
    .sort((a, b) => compareText(relative(dir, a), relative(dir, b)));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch (error) {
    // A file removed while listing is simply not there; anything else is reported when read.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cannotRead(error: unknown): Bilingual {
  return {
    ja: `ファイルを読めません（${detailOf(error)}）`,
    en: `cannot read the file (${detailOf(error)})`,
  };
}

function detailOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

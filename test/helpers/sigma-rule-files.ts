// Writes small Sigma rules to a temporary folder and loads them through the real loader, so the
// Sigma tests read like the rules an operator would drop into `rules/sigma/`.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CompiledRule, RuleProblem } from '../../src/sources/rules/rule.js';
import { loadSigmaFile } from '../../src/sources/rules/sigma/load-sigma.js';

export const AWS_CLOUDTRAIL = 'logsource:\n  product: aws\n  service: cloudtrail\n';

/** Removes the common indentation of a template literal, so YAML can be written in place. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const margin = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(margin)).join('\n');
}

export interface RuleOptions {
  readonly logsource?: string;
  readonly id?: string;
  /** Extra top-level YAML lines (level, references, status, …). */
  readonly head?: string;
}

export class SigmaRuleFiles {
  private count = 0;
  constructor(readonly dir: string) {}

  /** A complete rule file around `detection` (YAML for the detection block, any indentation). */
  write(detection: string, options: RuleOptions = {}): string {
    const body = dedent(detection)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n');
    const head = options.head ? `${dedent(options.head)}\n` : 'level: high\n';
    const text =
      `title: Test rule ${++this.count}\nid: ${options.id ?? randomUUID()}\nauthor: Test Author\n` +
      `${head}${options.logsource ?? AWS_CLOUDTRAIL}detection:\n${body}\n`;
    return this.writeText(text);
  }

  writeText(text: string, name = `rule-${++this.count}.yml`): string {
    const file = path.join(this.dir, name);
    writeFileSync(file, text);
    return file;
  }

  /** The compiled rule; fails the test with the loader's reason if it was skipped. */
  compile(detection: string, options?: RuleOptions): CompiledRule {
    const result = loadSigmaFile(this.write(detection, options));
    if ('problem' in result) throw new Error(`rule skipped: ${result.problem.message.en}`);
    return result.rule;
  }

  /** The problem that kept the rule out; fails the test if it compiled. */
  problem(detection: string, options?: RuleOptions): RuleProblem {
    return problemOf(this.write(detection, options));
  }
}

export function problemOf(file: string): RuleProblem {
  const result = loadSigmaFile(file);
  if ('rule' in result) throw new Error(`rule ${result.rule.id} compiled but was expected to be skipped`);
  return result.problem;
}

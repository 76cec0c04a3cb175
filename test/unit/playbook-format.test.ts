// The playbook format (playbooks/FORMAT.md): the schema, the graph rules with the exact line of
// each problem, and the `when` condition language.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  ConditionSyntaxError,
  evaluate,
  namesIn,
  parseCondition,
  type ConditionScope,
} from '../../src/core/playbooks/condition.js';
import {
  loadPlaybookCatalog,
  loadPlaybookFile,
  loadPlaybooks,
  parsePlaybook,
} from '../../src/core/playbooks/load-playbooks.js';
import { checkPlaybookSchema } from '../../src/core/playbooks/playbook-schema.js';
import { STEP_KINDS, type Playbook } from '../../src/core/playbooks/playbook-types.js';
import { ConfigError, type ConfigProblem } from '../../src/core/errors.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const VALID_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'valid');
const ALL_KINDS_FILE = path.join(VALID_DIR, 'all-kinds.yaml');
const ALL_KINDS = readFileSync(ALL_KINDS_FILE, 'utf8');

/** The all-kinds playbook with each `from` replaced by `to` (each must occur exactly once). */
function variant(...edits: [from: string, to: string][]): string {
  let text = ALL_KINDS;
  for (const [from, to] of edits) {
    expect(text.split(from).length, `"${from}" occurs once`).toBe(2);
    text = text.replace(from, to);
  }
  return text;
}

/** 1-based line and column where `snippet` starts (it must occur once). */
function positionOf(text: string, snippet: string): { line: number; column: number } {
  expect(text.split(snippet).length, `"${snippet}" occurs once`).toBe(2);
  const before = text.slice(0, text.indexOf(snippet)).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function problemsOf(text: string): ConfigProblem[] {
  return parsePlaybook(text, 'test.yaml').problems;
}

/** The only problem of `text`, checked to be at `snippet` (where the value starts). */
function onlyProblemAt(text: string, snippet: string, valueOffset = 0): ConfigProblem {
  const problems = problemsOf(text);
  expect(problems, JSON.stringify(problems, null, 1)).toHaveLength(1);
  const { line, column } = positionOf(text, snippet);
  expect(problems[0]).toMatchObject({ file: 'test.yaml', line, column: column + valueOffset });
  return problems[0]!;
}

describe('a valid playbook', () => {
  it('the all-kinds fixture passes and uses every step kind', () => {
    const result = loadPlaybookFile(ALL_KINDS_FILE);
    expect(result.problems).toEqual([]);
    const kinds = new Set(result.playbook!.steps.map((s) => s.kind));
    expect([...kinds].sort()).toEqual([...STEP_KINDS].sort());
    expect(result.playbook!.steps.find((s) => s.kind === 'approval')).toMatchObject({
      on_approve: 'contain',
      on_reject: 'wrap_up',
      on_timeout: { escalate_to: 'commander' },
    });
  });

  it('a folder loads with its sub-playbook, and the catalog finds them by id', () => {
    const result = loadPlaybooks([VALID_DIR]);
    expect(result.problems).toEqual([]);
    expect(result.playbooks.map((p) => p.playbook.metadata.id).sort()).toEqual([
      'all-kinds-exercise',
      'all-kinds-exercise-provider',
    ]);
    const catalog = loadPlaybookCatalog([VALID_DIR]);
    expect(catalog.get('all-kinds-exercise')?.start).toBe('kickoff');
    expect(catalog.list()).toHaveLength(2);
    expect(() => catalog.require('all-kinds-exercize')).toThrow(/Did you mean "all-kinds-exercise"/);
  });

  it('the shipped playbooks/ folder is valid', () => {
    const result = loadPlaybooks([path.join(REPO_ROOT, 'playbooks')]);
    expect(result.problems).toEqual([]);
  });
});

describe('schema problems point at the line of the field', () => {
  it('a YAML syntax error', () => {
    const text = variant(['  tlp: GREEN\n', '  tlp: [GREEN\n']);
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message.en).toMatch(/^Invalid YAML/);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(positionOf(text, 'tlp: [GREEN').line);
  });

  it('a missing required field (assignee of an instruction) points at the step', () => {
    const text = variant(['    assignee: sier_ops\n    body:', '    body:']);
    const problem = onlyProblemAt(text, 'id: disable_key');
    expect(problem.field).toBe('steps[8].assignee');
    expect(problem.message.en).toBe('this field is required and is missing');
  });

  it('an unknown field points at the key', () => {
    const text = variant(['    remind_every: PT15M\n', '    remind_evry: PT15M\n']);
    const problem = onlyProblemAt(text, 'remind_evry');
    expect(problem.field).toBe('steps[10].remind_evry');
    expect(problem.message.en).toMatch(/unknown field: remind_evry/);
  });

  it('a duration that is not ISO 8601', () => {
    const text = variant(['    duration: PT1H\n', '    duration: 1 hour\n']);
    const problem = onlyProblemAt(text, 'duration: 1 hour', 'duration: '.length);
    expect(problem.message.en).toMatch(/ISO 8601 duration/);
  });

  it('bilingual text needs both ja and en, non-empty', () => {
    const text = variant(['{ja: 状況の説明, en: Briefing}', '{ja: 状況の説明, en: ""}']);
    const problem = onlyProblemAt(text, 'en: ""', 'en: '.length);
    expect(problem.field).toBe('steps[1].title.en');
    const missing = problemsOf(variant(['{ja: 状況の説明, en: Briefing}', '{ja: 状況の説明}']));
    expect(missing).toMatchObject([{ field: 'steps[1].title.en', message: { en: /required/ } }]);
  });

  it('next on a decision is refused with an explanation', () => {
    const text = variant([
      '    question: {ja: 不正利用は確認されましたか？',
      '    next: wrap_up\n    question: {ja: 不正利用は確認されましたか？',
    ]);
    const problem = onlyProblemAt(text, 'next: wrap_up\n    question');
    expect(problem.message.en).toMatch(/decision step has no next/);
  });

  it('an audience needs exactly one of role or party', () => {
    const text = variant(['{party: provider, template: provider_case', '{template: provider_case']);
    const problem = onlyProblemAt(text, '{template: provider_case');
    expect(problem.message.en).toBe('give exactly one of role or party');
  });

  it('values belong to enum inputs only; ids follow their naming rules', () => {
    const text = variant([
      '  principal: {type: string, required: true',
      '  principal: {type: string, values: [a], required: true',
    ]);
    expect(onlyProblemAt(text, 'values: [a]').message.en).toMatch(/only for inputs of type: enum/);
    const id = variant(['  id: all-kinds-exercise\n', '  id: All_Kinds\n']);
    expect(onlyProblemAt(id, 'All_Kinds').message.en).toMatch(/kebab-case/);
    const role = variant(['  sier_ops: {party: sier', '  SierOps: {party: sier']);
    expect(problemsOf(role)[0]).toMatchObject({ ...positionOf(role, 'SierOps'), field: 'roles.SierOps' });
  });

  it('an unknown step kind lists the kinds', () => {
    const text = variant(['    kind: wait\n', '    kind: sleep\n']);
    const problem = onlyProblemAt(text, 'kind: sleep', 'kind: '.length);
    expect(problem.message.en).toMatch(/must be one of: instruction, checklist/);
  });

  it('the schema itself accepts the fixture as JSON', () => {
    expect(checkPlaybookSchema(parseYaml(ALL_KINDS))).toEqual([]);
    expect(checkPlaybookSchema({})).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['apiVersion'] })]),
    );
  });
});

describe('graph rules point at the line of the reference', () => {
  it('a dangling next, at that next, with a suggestion', () => {
    const text = variant([
      '    remind_every: PT15M\n    next: wrap_up\n',
      '    remind_every: PT15M\n    next: wrapup\n',
    ]);
    const problem = onlyProblemAt(text, 'next: wrapup', 'next: '.length);
    expect(problem.field).toBe('steps[10].next');
    expect(problem.message.en).toBe(
      'there is no step "wrapup". Did you mean "wrap_up"? Name an existing step id, or end',
    );
  });

  it('dangling option next, approval outcome, branch, join and start', () => {
    const cases: [string, string, string][] = [
      ['Not confirmed}, next: wrap_up}', 'Not confirmed}, next: nowhere}', 'nowhere}'],
      ['    on_reject: wrap_up\n', '    on_reject: nowhere\n', 'nowhere'],
      ['branches: [disable_key, provider_case]', 'branches: [disable_key, nowhere]', 'nowhere]'],
      ['    join: cool_down\n', '    join: nowhere\n', 'nowhere'],
    ];
    for (const [from, to, at] of cases) {
      const text = variant([from, to]);
      // The step only reachable through the replaced reference becomes unreachable too.
      const problems = problemsOf(text);
      const { line, column } = positionOf(text, at);
      expect(problems, to).toContainEqual(
        expect.objectContaining({
          line,
          column,
          message: expect.objectContaining({ en: expect.stringMatching(/no step "nowhere"/) }),
        }),
      );
    }
    const start = variant(['start: kickoff\n', 'start: kick_off\n']);
    expect(problemsOf(start)[0]).toMatchObject({ ...positionOf(start, 'kick_off'), field: 'start' });
  });

  it('an unreachable step, at its id', () => {
    const orphan = `${ALL_KINDS.replace('\ntemplates:', '\n  - id: orphan\n    kind: wait\n    title: {ja: 孤立, en: Orphan}\n    duration: PT1M\n    next: end\ntemplates:')}`;
    const problem = onlyProblemAt(orphan, 'id: orphan', 'id: '.length);
    expect(problem.message.en).toMatch(/"orphan" cannot be reached from start/);
  });

  it('an undefined role: assignee, verify.by, approvers, escalate_to, audience and inject to', () => {
    const cases: [string, string, string][] = [
      ['    assignee: sier_ops\n    fields:', '    assignee: sier_opz\n    fields:', 'sier_opz'],
      ['verify: {by: [sier_ops], distinct', 'verify: {by: [auditor], distinct', 'auditor'],
      ['approvers: {role: approver, quorum: 1}', 'approvers: {role: ciso, quorum: 1}', 'ciso'],
      ['{escalate_to: commander,', '{escalate_to: ciso,', 'ciso'],
      ['{role: approver, template: initial_report', '{role: ciso, template: initial_report', 'ciso'],
      ['    to: commander\n', '    to: ciso\n', 'ciso'],
    ];
    for (const [from, to, at] of cases) {
      const text = variant([from, to]);
      const problem = onlyProblemAt(text, at);
      expect(problem.message.en).toMatch(/^the role "\w+" is not defined under roles/);
    }
  });

  it('a missing template, at the audience template', () => {
    const text = variant(['template: provider_case', 'template: provider_note']);
    const problem = onlyProblemAt(text, 'provider_note');
    expect(problem.message.en).toMatch(/template "provider_note" is not defined/);
  });

  it('a condition that does not parse, or names something unknown', () => {
    const bad = variant(['when: "severity == 1"', 'when: "severity == "']);
    expect(onlyProblemAt(bad, '"severity == "').message.en).toMatch(
      /^condition, character 13: expected a value/,
    );
    const unknown = variant([
      'when: "credential_type == \'access_key\'"',
      'when: "credential_typ == \'access_key\'"',
    ]);
    expect(onlyProblemAt(unknown, '"credential_typ').message.en).toMatch(
      /names "credential_typ", which is not an input.*Did you mean "credential_type"/,
    );
    const proto = variant(['when: "severity == 1"', 'when: "__proto__ or constructor.name"']);
    expect(problemsOf(proto).map((p) => p.message.en)).toEqual([
      expect.stringMatching(/"__proto__", which is not an input/),
      expect.stringMatching(/"constructor.name", which is not an input/),
    ]);
    const incidentField = variant(['when: "severity == 1"', 'when: "incident.sevrity == 1"']);
    expect(problemsOf(incidentField)).toHaveLength(1);
  });

  it('inject outside an exercise, at its kind', () => {
    const text = variant(['  lifecycle: exercise\n', '  lifecycle: incident\n']);
    const problem = onlyProblemAt(text, 'kind: inject', 'kind: '.length);
    expect(problem.message.en).toMatch(/inject steps are only allowed in exercise playbooks/);
  });

  it('a duplicate step id, at the second one', () => {
    const text = variant(['  - id: cool_down\n', '  - id: disable_key\n']);
    const problems = problemsOf(text);
    const { line } = positionOf(text, '  - id: disable_key\n    kind: wait');
    expect(problems).toContainEqual(
      expect.objectContaining({
        line,
        field: 'steps[10].id',
        message: expect.objectContaining({ en: expect.stringMatching(/used twice/) }),
      }),
    );
  });
});

describe('rules across files', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('a duplicate playbook id, at the second file’s metadata.id', () => {
    writeFileSync(path.join(temp.path, 'a.yaml'), ALL_KINDS);
    writeFileSync(path.join(temp.path, 'b.yaml'), ALL_KINDS);
    writeFileSync(
      path.join(temp.path, 'c.yaml'),
      readFileSync(path.join(VALID_DIR, 'all-kinds-provider.yaml'), 'utf8'),
    );
    const result = loadPlaybooks([temp.path]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: path.join(temp.path, 'b.yaml'),
        ...positionOf(ALL_KINDS, 'all-kinds-exercise\n'),
        field: 'metadata.id',
      }),
    ]);
    expect(result.problems[0]!.message.en).toContain(path.join(temp.path, 'a.yaml'));
    expect(result.playbooks.map((p) => path.basename(p.file))).toEqual(['a.yaml', 'c.yaml']);
    expect(() => loadPlaybookCatalog([temp.path])).toThrow(ConfigError);
  });

  it('a sub-playbook naming an unknown playbook, at its playbook field', () => {
    const result = loadPlaybooks([ALL_KINDS_FILE]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: ALL_KINDS_FILE,
        ...positionOf(ALL_KINDS, 'all-kinds-exercise-provider'),
        field: 'steps[9].playbook',
      }),
    ]);
    expect(result.playbooks).toEqual([]);
  });

  it('a missing path is a problem', () => {
    const missing = path.join(temp.path, 'nope');
    expect(loadPlaybooks([missing]).problems).toMatchObject([
      { file: missing, message: { en: /does not exist/ } },
    ]);
  });
});

describe('the condition language', () => {
  const scope: ConditionScope = {
    severity: 2,
    credential_type: 'access_key',
    mfa_enabled: false,
    affected_users: 12,
    'incident.status': 'investigating',
  };
  const check = (text: string): boolean => evaluate(parseCondition(text), scope);

  it('evaluates comparisons, in, not, and, or and parentheses', () => {
    expect(check('severity <= 2')).toBe(true);
    expect(check('severity < 2')).toBe(false);
    expect(check('severity >= 2 and severity > 1 and severity != 3')).toBe(true);
    expect(check("credential_type == 'access_key'")).toBe(true);
    expect(check('credential_type == "console_password"')).toBe(false);
    expect(check('credential_type in [access_key, "session_token"]')).toBe(true);
    expect(check('severity in [1, 3]')).toBe(false);
    expect(check('not mfa_enabled and affected_users > 10')).toBe(true);
    expect(check('not (severity == 2 or mfa_enabled)')).toBe(false);
    expect(check("incident.status == 'investigating'")).toBe(true);
    expect(check('mfa_enabled == false')).toBe(true);
    expect(check('true and not false')).toBe(true);
    expect(check('severity == -1 or severity == 2.0')).toBe(true);
  });

  it('a missing name equals nothing and orders against nothing', () => {
    expect(check('unknown == 1')).toBe(false);
    expect(check('unknown < 1 or unknown >= 1')).toBe(false);
    expect(check('unknown != 1')).toBe(true);
    expect(check('not unknown')).toBe(true);
  });

  it('prototype properties are never read', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'constructor.name']) {
      expect(check(name)).toBe(false);
      expect(check(`${name} == 1`)).toBe(false);
    }
    expect(evaluate(parseCondition('constructor == 1'), { constructor: 1 })).toBe(true);
  });

  it('namesIn lists each name once, with its position', () => {
    expect(namesIn(parseCondition('severity <= 2 or (incident.status == "x" and severity == 1)'))).toEqual([
      { name: 'severity', position: 0 },
      { name: 'incident.status', position: 18 },
    ]);
    expect(namesIn(parseCondition('x in [a, b]'))).toEqual([{ name: 'x', position: 0 }]);
  });

  it('reports the position of a syntax error', () => {
    const cases: [string, number][] = [
      ['severity ==', 11],
      ['severity = 1', 9],
      ["credential_type == 'open", 19],
      ['(severity == 1', 14],
      ['severity == 1)', 13],
      ['x in a', 5],
      ['and', 0],
      ['', 0],
      ['x; process.exit()', 1],
    ];
    for (const [text, position] of cases) {
      let thrown: unknown;
      try {
        parseCondition(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, text).toBeInstanceOf(ConditionSyntaxError);
      expect((thrown as ConditionSyntaxError).position, text).toBe(position);
    }
  });

  it('deep nesting is a syntax error, not a stack overflow', () => {
    expect(() => parseCondition(`${'('.repeat(500)}x${')'.repeat(500)}`)).toThrow(ConditionSyntaxError);
    expect(() => parseCondition(`${'not '.repeat(500)}x`)).toThrow(ConditionSyntaxError);
  });

  it('random text never throws anything but a ConditionSyntaxError', () => {
    const pieces = fc.constantFrom(
      'severity',
      'x',
      '__proto__',
      'constructor',
      'incident.id',
      "'a'",
      '"b"',
      '1',
      '-2.5',
      'true',
      'false',
      '==',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      'in',
      '[',
      ']',
      ',',
      'not',
      'and',
      'or',
      '(',
      ')',
      '=',
      '!',
      '\\',
      "'",
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 30 }).map((p) => p.join(' ')),
    );
    fc.assert(
      fc.property(text, (input) => {
        try {
          const ast = parseCondition(input);
          expect(typeof evaluate(ast, scope)).toBe('boolean');
          expect(typeof evaluate(ast, {})).toBe('boolean');
          for (const { name } of namesIn(ast)) expect(input).toContain(name);
        } catch (error) {
          if (!(error instanceof ConditionSyntaxError)) throw error;
          expect(error.position).toBeGreaterThanOrEqual(0);
          expect(error.position).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// Typed access compiles against the parsed value as is (snake_case fields).
const _typed = (p: Playbook): string | undefined =>
  p.steps.map((s) =>
    s.kind === 'approval' ? s.on_approve : s.kind === 'wait' ? s.remind_every : undefined,
  )[0];
void _typed;

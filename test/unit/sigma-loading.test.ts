// Loading Sigma rules as an operator meets it: what a loaded rule carries (id, severity, titles,
// author and references), and how a rule outside the subset is reported — file, rule id, line and a
// reason in both languages — and skipped whole, never half-applied.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { loadSigmaRules } from '../../src/sources/rules/sigma/load-sigma.js';
import { problemOf, SigmaRuleFiles } from '../helpers/sigma-rule-files.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let files: SigmaRuleFiles;
beforeAll(() => {
  temp = makeTempDir('tsunagi-sigma-load-');
  files = new SigmaRuleFiles(temp.path);
});
afterAll(() => temp.cleanup());

describe('a loaded rule', () => {
  it('carries the Sigma id, level, titles, author, references and the file it came from', () => {
    const file = files.write(`{ sel: { eventName: DeleteTrail }, condition: sel }`, {
      id: '4db60cc0-36fb-42b7-9b58-a5b53019fb74',
      head: `
        level: informational
        description: Detects deletion of a trail
        references:
          - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
          - Internal runbook 12
      `,
    });
    const { rules, problems } = loadSigmaRules(temp.path);
    expect(problems).toEqual([]);
    const rule = rules.find((r) => r.origin.kind === 'sigma' && r.origin.file === file)!;
    expect(rule.id).toBe('sigma-4db60cc0-36fb-42b7-9b58-a5b53019fb74');
    expect(rule.severity).toBe('low');
    expect(rule.sources).toEqual(['cloudtrail']);
    expect(rule.title.en).toMatch(/^Test rule \d+$/);
    expect(rule.title.ja).toBe(`${rule.title.en}（Sigma・未翻訳）`);
    expect(rule.description.en).toBe('Detects deletion of a trail');
    expect(rule.description.ja).toContain('未翻訳');
    expect(rule.description.ja).toContain('Detects deletion of a trail');
    expect(rule.references).toEqual([
      {
        title: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html',
        url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html',
      },
      { title: 'Internal runbook 12' },
    ]);
    expect(rule.origin).toEqual({ kind: 'sigma', file, author: 'Test Author' });
    expect(rule.index).toEqual({ field: 'eventName', values: new Set(['deletetrail']) });
  });

  it('maps every Sigma level to a severity', () => {
    const levels = { informational: 'low', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };
    for (const [level, severity] of Object.entries(levels)) {
      expect(
        files.compile(`{ sel: { eventName: x }, condition: sel }`, { head: `level: ${level}` }).severity,
      ).toBe(severity);
    }
  });
});

describe('rules outside the subset are reported and skipped', () => {
  const cases: Record<string, string> = {
    'base64offset modifier': `{ sel: { userAgent|base64offset|contains: abc }, condition: sel }`,
    'cidr modifier': `{ sel: { sourceIPAddress|cidr: 10.0.0.0/8 }, condition: sel }`,
    'windash modifier': `{ sel: { userAgent|windash|contains: -x }, condition: sel }`,
    'expand modifier': `{ sel: { userAgent|expand: '%Servers%' }, condition: sel }`,
    'exists modifier': `{ sel: { errorCode|exists: true }, condition: sel }`,
    aggregation: `{ sel: { eventName: ConsoleLogin }, condition: 'sel | count() by sourceIPAddress > 5' }`,
    timeframe: `{ sel: { eventName: ConsoleLogin }, timeframe: 5m, condition: sel }`,
    '2 of': `{ sel1: { eventName: a }, sel2: { eventName: b }, condition: '2 of sel*' }`,
    'keyword modifiers': `{ kw: { '|all': [a, b] }, condition: kw }`,
    'backreference in re': String.raw`{ sel: { userAgent|re: '(a)\1' }, condition: sel }`,
  };
  for (const [feature, detection] of Object.entries(cases)) {
    it(feature, () => {
      const problem = files.problem(detection);
      expect(problem.message.en).toMatch(/^Skipped, not supported: /);
      expect(problem.message.ja).toMatch(/^未対応のため読み込みません: /);
      expect(problem.rule).toMatch(/^sigma-[0-9a-f-]{36}$/);
      expect(problem.line).toBeGreaterThan(0);
    });
  }

  it('points at the line and column of the offending key', () => {
    const file = files.writeText(
      [
        'title: Half supported',
        'id: 0f6b5a1e-0000-4000-8000-000000000001',
        'logsource: { product: aws, service: cloudtrail }',
        'detection:',
        '  selection:',
        '    eventName: CreateUser',
        '    sourceIPAddress|cidr: 10.0.0.0/8',
        '  condition: selection',
      ].join('\n'),
    );
    const problem = problemOf(file);
    expect(problem).toMatchObject({
      file,
      rule: 'sigma-0f6b5a1e-0000-4000-8000-000000000001',
      line: 7,
      column: 5,
    });
    expect(problem.message.en).toContain('"cidr"');
  });

  it('a skipped rule never matches anything: the folder loads only the rules it fully supports', () => {
    const dir = path.join(temp.path, 'mixed');
    mkdirSync(dir);
    const mixed = new SigmaRuleFiles(dir);
    mixed.write(`{ sel: { eventName: CreateUser }, condition: sel }`, {
      id: '11111111-1111-4111-8111-111111111111',
    });
    mixed.write(`{ sel: { eventName: CreateUser, sourceIPAddress|cidr: 10.0.0.0/8 }, condition: sel }`, {
      id: '22222222-2222-4222-8222-222222222222',
    });
    const { rules, problems } = loadSigmaRules(dir);
    expect(rules.map((r) => r.id)).toEqual(['sigma-11111111-1111-4111-8111-111111111111']);
    expect(problems.map((p) => p.rule)).toEqual(['sigma-22222222-2222-4222-8222-222222222222']);
    const record = { eventName: 'CreateUser', sourceIPAddress: '10.1.2.3' };
    expect(rules.filter((r) => r.matches(record)).map((r) => r.id)).toEqual([
      'sigma-11111111-1111-4111-8111-111111111111',
    ]);
  });

  it('logsources without an audit source are reported with the reason', () => {
    const gcp = files.problem(`{ sel: { data.protoPayload.methodName: x }, condition: sel }`, {
      logsource: 'logsource: { product: gcp, service: gcp.audit }\n',
    });
    expect(gcp.message.en).toContain('there is no GCP audit log source');
    const m365 = files.problem(`{ sel: { eventName: x }, condition: sel }`, {
      logsource: 'logsource: { product: m365, service: threat_management }\n',
    });
    expect(m365.message.en).toContain('no clear Graph mapping');
  });
});

describe('invalid rules and files', () => {
  it('reports what is wrong in both languages', () => {
    const cases: [string, RegExp][] = [
      [`{ sel: { eventName: x }, condition: missing }`, /identifier "missing" is not defined/],
      [`{ sel: { eventName: x }, condition: '1 of filter*' }`, /no identifier matches "filter\*"/],
      [`{ sel: { eventName: x }, condition: 'sel and' }`, /the condition ends too early/],
      [`{ sel: { eventName: x }, condition: '(sel' }`, /missing "\)"/],
      [`{ sel: { eventName|bogus: x }, condition: sel }`, /unknown modifier "bogus"/],
      [`{ sel: { eventName|contains|startswith: x }, condition: sel }`, /exclude each other/],
      [`{ sel: { eventName: [] }, condition: sel }`, /the value list is empty/],
      [`{ sel: { eventName: { nested: map } }, condition: sel }`, /a value must be/],
      [`{ sel: { eventName: x } }`, /detection has no condition/],
    ];
    for (const [detection, reason] of cases) {
      const problem = files.problem(detection);
      expect(problem.message.en).toMatch(/^Skipped, invalid Sigma rule: /);
      expect(problem.message.en).toMatch(reason);
      expect(problem.message.ja).toMatch(/^Sigma ルールとして正しくないため読み込みません: /);
    }
  });

  it('YAML errors, several documents, missing ids and duplicate ids', () => {
    const dir = path.join(temp.path, 'broken');
    mkdirSync(dir);
    const broken = new SigmaRuleFiles(dir);
    const syntax = broken.writeText('title: x\ndetection: [unclosed\n', 'a-syntax.yml');
    const multi = broken.writeText('title: a\n---\ntitle: b\n', 'b-multi.yml');
    const noId = broken.writeText(
      'title: x\nlogsource: { product: aws, service: cloudtrail }\n',
      'c-noid.yml',
    );
    broken.write(`{ sel: { eventName: x }, condition: sel }`, { id: '33333333-3333-4333-8333-333333333333' });
    const dup = broken.write(`{ sel: { eventName: y }, condition: sel }`, {
      id: '33333333-3333-4333-8333-333333333333',
    });
    const { rules, problems } = loadSigmaRules(dir);
    expect(rules).toHaveLength(1);
    const byFile = new Map(problems.map((p) => [p.file, p]));
    expect(byFile.get(syntax)?.message.en).toMatch(/^Invalid YAML/);
    expect(byFile.get(syntax)?.line).toBeGreaterThan(0);
    expect(byFile.get(multi)?.message.en).toContain('several YAML documents');
    expect(byFile.get(noId)?.message.en).toContain('id is missing');
    expect(byFile.get(dup)?.message.en).toContain('already used by');
  });

  it('a folder that does not exist is a user error, not an empty rule set', () => {
    expect(() => loadSigmaRules(path.join(temp.path, 'nope'))).toThrow(UserInputError);
  });
});

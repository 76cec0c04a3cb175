// The Sigma subset, feature by feature, as a rule author would expect it to behave on raw CloudTrail
// records: selections, value lists, modifiers, wildcards and escapes, null, nested paths and arrays,
// case-insensitivity, and the condition expression with its precedence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedent, SigmaRuleFiles } from '../helpers/sigma-rule-files.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let files: SigmaRuleFiles;
beforeAll(() => {
  temp = makeTempDir('tsunagi-sigma-');
  files = new SigmaRuleFiles(temp.path);
});
afterAll(() => temp.cleanup());

const trail = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  userAgent: 'aws-cli/2.15.0 Python/3.11',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice' },
  ...extra,
});

describe('selections and value lists', () => {
  it('a map is AND of its fields; a value list is OR; matching ignores case', () => {
    const rule = files.compile(`
      selection:
        eventSource: CloudTrail.amazonaws.com
        eventName: [stoplogging, DeleteTrail]
      condition: selection
    `);
    expect(rule.matches(trail())).toBe(true);
    expect(rule.matches(trail({ eventName: 'DELETETRAIL' }))).toBe(true);
    expect(rule.matches(trail({ eventName: 'StartLogging' }))).toBe(false);
    expect(rule.matches(trail({ eventSource: 'iam.amazonaws.com' }))).toBe(false);
  });

  it('a list of maps is OR of the maps', () => {
    const rule = files.compile(`
      selection:
        - eventSource: sts.amazonaws.com
          eventName: AssumeRoleWithSAML
        - eventSource: iam.amazonaws.com
          eventName: UpdateSAMLProvider
      condition: selection
    `);
    expect(rule.matches({ eventSource: 'iam.amazonaws.com', eventName: 'UpdateSAMLProvider' })).toBe(true);
    expect(rule.matches({ eventSource: 'iam.amazonaws.com', eventName: 'AssumeRoleWithSAML' })).toBe(false);
  });

  it('numbers and booleans in the rule or the record compare as their text', () => {
    const rule = files.compile(`
      selection:
        requestParameters.enable: 'false'
        requestParameters.port: 22
      condition: selection
    `);
    expect(rule.matches({ requestParameters: { enable: false, port: 22 } })).toBe(true);
    expect(rule.matches({ requestParameters: { enable: 'False', port: '22' } })).toBe(true);
    expect(rule.matches({ requestParameters: { enable: true, port: 22 } })).toBe(false);
  });
});

describe('modifiers', () => {
  it('contains, startswith and endswith, case-insensitively', () => {
    const contains = files.compile(`{ sel: { userAgent|contains: 'PYTHON/3' }, condition: sel }`);
    const starts = files.compile(`{ sel: { userAgent|startswith: 'AWS-CLI/' }, condition: sel }`);
    const ends = files.compile(`{ sel: { userAgent|endswith: '3.11' }, condition: sel }`);
    for (const rule of [contains, starts, ends]) expect(rule.matches(trail())).toBe(true);
    expect(contains.matches(trail({ userAgent: 'Boto3/1.34 Python/2.7' }))).toBe(false);
    expect(starts.matches(trail({ userAgent: 'console.amazonaws.com aws-cli/' }))).toBe(false);
    expect(ends.matches(trail({ userAgent: 'aws-cli/2 Python/3.11.4' }))).toBe(false);
  });

  it('all: every value must match (contains|all)', () => {
    const rule = files.compile(`
      selection:
        requestParameters.policyDocument|contains|all: ['"s3:GetObject"', '"Allow"']
      condition: selection
    `);
    expect(
      rule.matches({ requestParameters: { policyDocument: '{"Effect":"Allow","Action":"s3:GetObject"}' } }),
    ).toBe(true);
    expect(
      rule.matches({ requestParameters: { policyDocument: '{"Effect":"Deny","Action":"s3:GetObject"}' } }),
    ).toBe(false);
  });

  it('cased makes a value case-sensitive', () => {
    const rule = files.compile(`{ sel: { eventName|cased: StopLogging }, condition: sel }`);
    expect(rule.matches(trail())).toBe(true);
    expect(rule.matches(trail({ eventName: 'stoplogging' }))).toBe(false);
  });

  it('re is a case-sensitive search unless re|i; compiled once, linear on hostile input', () => {
    const rule = files.compile(`{ sel: { userIdentity.arn|re: ':assumed-role/aws:.+' }, condition: sel }`);
    const arn = (value: string): Record<string, unknown> => ({ userIdentity: { arn: value } });
    expect(rule.matches(arn('arn:aws:sts::1:assumed-role/aws:ec2-instance/i-0abc'))).toBe(true);
    expect(rule.matches(arn('arn:aws:sts::1:ASSUMED-ROLE/aws:ec2-instance/i-0abc'))).toBe(false);
    const insensitive = files.compile(
      `{ sel: { userIdentity.arn|re|i: ':assumed-role/aws:.+' }, condition: sel }`,
    );
    expect(insensitive.matches(arn('arn:aws:sts::1:ASSUMED-ROLE/AWS:x'))).toBe(true);
    // (a+)+$ backtracks exponentially in a backtracking engine; RE2 answers at once.
    const nested = files.compile(`{ sel: { userAgent|re: '^(a+)+$' }, condition: sel }`);
    expect(nested.matches({ userAgent: `${'a'.repeat(50_000)}!` })).toBe(false);
    expect(nested.matches({ userAgent: 'a'.repeat(50_000) })).toBe(true);
  });

  it('fieldref compares two fields of the same record', () => {
    const rule = files.compile(
      `{ sel: { userIdentity.userName|fieldref: requestParameters.userName }, condition: sel }`,
    );
    expect(
      rule.matches({ userIdentity: { userName: 'Alice' }, requestParameters: { userName: 'alice' } }),
    ).toBe(true);
    expect(
      rule.matches({ userIdentity: { userName: 'alice' }, requestParameters: { userName: 'bob' } }),
    ).toBe(false);
    expect(rule.matches({ userIdentity: { userName: 'alice' } })).toBe(false);
  });
});

describe('wildcards and escapes', () => {
  it('* is any run of characters and ? exactly one', () => {
    const rule = files.compile(`{ sel: { eventName: ['Delete*Trail', 'Stop?ogging'] }, condition: sel }`);
    expect(rule.matches(trail({ eventName: 'DeleteTrail' }))).toBe(true);
    expect(rule.matches(trail({ eventName: 'deleteOrganizationTRAIL' }))).toBe(true);
    expect(rule.matches(trail({ eventName: 'StopLogging' }))).toBe(true);
    expect(rule.matches(trail({ eventName: 'StopXXogging' }))).toBe(false);
    expect(rule.matches(trail({ eventName: 'DeleteTrails' }))).toBe(false);
  });

  it('a backslash escapes * ? and itself, and is plain before anything else', () => {
    const star = files.compile(String.raw`{ sel: { userAgent: 'agent\*' }, condition: sel }`);
    expect(star.matches({ userAgent: 'agent*' })).toBe(true);
    expect(star.matches({ userAgent: 'agent-x' })).toBe(false);
    const question = files.compile(String.raw`{ sel: { userAgent: 'why\?' }, condition: sel }`);
    expect(question.matches({ userAgent: 'why?' })).toBe(true);
    expect(question.matches({ userAgent: 'whyX' })).toBe(false);
    const backslashThenStar = files.compile(String.raw`{ sel: { userAgent: 'C:\\*' }, condition: sel }`);
    expect(backslashThenStar.matches({ userAgent: String.raw`C:\Windows` })).toBe(true);
    const plain = files.compile(String.raw`{ sel: { userAgent: 'C:\Windows\System32' }, condition: sel }`);
    expect(plain.matches({ userAgent: String.raw`c:\windows\system32` })).toBe(true);
  });

  it('contains with * matches any present text, even empty, but not an absent field', () => {
    const rule = files.compile(`{ sel: { errorCode|contains: '*' }, condition: sel }`);
    expect(rule.matches({ errorCode: 'AccessDenied' })).toBe(true);
    expect(rule.matches({ errorCode: '' })).toBe(true);
    expect(rule.matches({})).toBe(false);
    expect(rule.matches({ errorCode: null })).toBe(false);
  });
});

describe('null, nested paths and arrays', () => {
  it('field: null matches an absent field or JSON null, not an empty string', () => {
    const rule = files.compile(`{ sel: { errorCode: null }, condition: sel }`);
    expect(rule.matches({})).toBe(true);
    expect(rule.matches({ errorCode: null })).toBe(true);
    expect(rule.matches({ errorCode: '' })).toBe(false);
    expect(rule.matches({ errorCode: 'AccessDenied' })).toBe(false);
    const either = files.compile(`{ sel: { errorCode: [null, Success] }, condition: sel }`);
    expect(either.matches({ errorCode: 'success' })).toBe(true);
    expect(either.matches({})).toBe(true);
    expect(either.matches({ errorCode: 'AccessDenied' })).toBe(false);
  });

  it('a dotted field walks nested objects; an array on the way matches if any element does', () => {
    const rule = files.compile(
      `{ sel: { responseElements.instancesSet.items.instanceType: p4d.24xlarge }, condition: sel }`,
    );
    const record = {
      responseElements: {
        instancesSet: { items: [{ instanceType: 't3.micro' }, { instanceType: 'p4d.24xlarge' }] },
      },
    };
    expect(rule.matches(record)).toBe(true);
    expect(
      rule.matches({ responseElements: { instancesSet: { items: [{ instanceType: 't3.micro' }] } } }),
    ).toBe(false);
    expect(rule.matches({ responseElements: 'p4d.24xlarge' })).toBe(false);
  });

  it('a field holding an object or array is searched down to its leaves', () => {
    const rule = files.compile(`{ sel: { requestParameters|contains: Suspended }, condition: sel }`);
    expect(rule.matches({ requestParameters: { VersioningConfiguration: { Status: 'Suspended' } } })).toBe(
      true,
    );
    expect(rule.matches({ requestParameters: { VersioningConfiguration: { Status: 'Enabled' } } })).toBe(
      false,
    );
    const layers = files.compile(`{ sel: { requestParameters.layers|contains: '*' }, condition: sel }`);
    expect(layers.matches({ requestParameters: { layers: ['arn:aws:lambda:x:1:layer:l:1'] } })).toBe(true);
    expect(layers.matches({ requestParameters: { layers: [] } })).toBe(false);
  });

  it('only own properties are read: inherited names never match', () => {
    const rule = files.compile(`{ sel: { constructor|contains: Object }, condition: sel }`);
    expect(rule.matches({ eventName: 'x' })).toBe(false);
    const proto = files.compile(`{ sel: { __proto__: null }, condition: sel }`);
    expect(proto.matches({})).toBe(true);
  });
});

describe('conditions', () => {
  const detection = `
    selection_a: { eventName: A }
    selection_b: { eventSource: b }
    filter_x: { userAgent: x }
    _private: { eventName: private }
  `;
  const withCondition = (condition: string): ReturnType<SigmaRuleFiles['compile']> =>
    files.compile(`${dedent(detection)}\ncondition: ${condition}`);
  const rec = (eventName: string, eventSource = '', userAgent = ''): Record<string, unknown> => ({
    eventName,
    eventSource,
    userAgent,
  });

  it('1 of and all of with a wildcard pattern', () => {
    const one = withCondition('1 of selection_*');
    const all = withCondition('all of selection_*');
    expect([one.matches(rec('A')), one.matches(rec('z', 'b')), one.matches(rec('z'))]).toEqual([
      true,
      true,
      false,
    ]);
    expect([all.matches(rec('A')), all.matches(rec('A', 'b'))]).toEqual([false, true]);
  });

  it('1 of them and all of them leave out identifiers starting with _', () => {
    const one = withCondition('1 of them');
    expect(one.matches(rec('private'))).toBe(false);
    expect(one.matches(rec('z', '', 'x'))).toBe(true);
    const all = withCondition('all of them');
    expect(all.matches(rec('A', 'b', 'x'))).toBe(true);
  });

  it('not binds tighter than and, and tighter than or; parentheses regroup', () => {
    const loose = withCondition('selection_a or selection_b and not filter_x');
    expect(loose.matches(rec('A', '', 'x'))).toBe(true); // A or (b and not x)
    expect(loose.matches(rec('z', 'b', 'x'))).toBe(false);
    const grouped = withCondition('(selection_a or selection_b) and not filter_x');
    expect(grouped.matches(rec('A', '', 'x'))).toBe(false);
    expect(grouped.matches(rec('z', 'b', ''))).toBe(true);
    const doubleNot = withCondition('not not selection_a');
    expect(doubleNot.matches(rec('A'))).toBe(true);
  });

  it('a list of conditions is OR', () => {
    const rule = files.compile(`${dedent(detection)}\ncondition: [selection_a, filter_x]`);
    expect([rule.matches(rec('A')), rule.matches(rec('z', '', 'x')), rule.matches(rec('z'))]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('keywords search every value in the record', () => {
    const rule = files.compile(`
      keywords: ['image-policy.k8s.io/break-glass']
      condition: keywords
    `);
    expect(rule.matches({ a: { b: ['x', 'annotated image-policy.k8s.io/BREAK-GLASS'] } })).toBe(true);
    expect(rule.matches({ a: 'image-policy.k8s.io/other' })).toBe(false);
  });
});

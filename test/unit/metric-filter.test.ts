// The CloudWatch Logs JSON filter pattern compiler behind the CIS AWS 4.x rules: the documented
// semantics (absent fields, `!=`, wildcards, NOT EXISTS / IS NULL, && and ||), clear syntax errors
// with their column, and no exception whatever the record looks like.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMetricFilter, FilterPatternError } from '../../src/sources/rules/metric-filter.js';

const matches = (pattern: string, record: unknown): boolean => compileMetricFilter(pattern)(record);

describe('equality and the documented treatment of absent fields', () => {
  it('matches quoted and unquoted values alike', () => {
    expect(matches('{ $.eventName = CreateTrail }', { eventName: 'CreateTrail' })).toBe(true);
    expect(matches('{ $.eventName = "CreateTrail" }', { eventName: 'CreateTrail' })).toBe(true);
    expect(matches('{$.eventName=CreateTrail}', { eventName: 'UpdateTrail' })).toBe(false);
  });

  it('is case-sensitive, as filter patterns are', () => {
    expect(matches('{ $.eventName = CreateTrail }', { eventName: 'createtrail' })).toBe(false);
  });

  it('never lets an absent field equal a value', () => {
    expect(matches('{ $.errorCode = "AccessDenied*" }', { eventName: 'GetObject' })).toBe(false);
    expect(matches('{ $.errorCode = * }', { eventName: 'GetObject' })).toBe(false);
  });

  // AWS: "Filter patterns only return the log events that contain the terms you define" — a `!=`
  // term on a field the event lacks is not satisfied (the documented workaround is to add
  // `|| ($.field NOT EXISTS)`), so `!=` on an absent field does not match.
  it('does not match `!=` on an absent field ("filter patterns only return the log events that contain the terms you define")', () => {
    const pattern = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';
    expect(matches(pattern, { eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'No' } })).toBe(
      true,
    );
    expect(matches(pattern, { eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'Yes' } })).toBe(
      false,
    );
    expect(matches(pattern, { eventName: 'ConsoleLogin', additionalEventData: {} })).toBe(false);
    expect(matches(pattern, { eventName: 'ConsoleLogin' })).toBe(false);
    const workaround =
      '{ ($.additionalEventData.MFAUsed != "Yes") || ($.additionalEventData.MFAUsed NOT EXISTS) }';
    expect(matches(workaround, { eventName: 'ConsoleLogin' })).toBe(true);
  });

  it('tells NOT EXISTS from IS NULL', () => {
    expect(matches('{ $.userIdentity.invokedBy NOT EXISTS }', { userIdentity: { type: 'Root' } })).toBe(true);
    expect(matches('{ $.userIdentity.invokedBy NOT EXISTS }', { userIdentity: { invokedBy: null } })).toBe(
      false,
    );
    expect(matches('{ $.userIdentity.invokedBy IS NULL }', { userIdentity: { invokedBy: null } })).toBe(true);
    expect(matches('{ $.userIdentity.invokedBy IS NULL }', { userIdentity: {} })).toBe(false);
    expect(matches('{ $.userIdentity.invokedBy NOT EXISTS }', { userIdentity: 'Root' })).toBe(true);
  });

  it('reads booleans with IS TRUE / IS FALSE and numbers with comparisons', () => {
    expect(matches('{ $.managementEvent IS TRUE }', { managementEvent: true })).toBe(true);
    expect(matches('{ $.managementEvent IS FALSE }', { managementEvent: true })).toBe(false);
    expect(matches('{ $.latency > 1000 }', { latency: 1500 })).toBe(true);
    expect(matches('{ $.latency <= 1000 }', { latency: 1500 })).toBe(false);
    expect(matches('{ $.status = 403 }', { status: 403 })).toBe(true);
    expect(matches('{ $.status != 403 }', { status: 404 })).toBe(true);
  });

  it('walks nested paths and array indexes', () => {
    const record = {
      userIdentity: { sessionContext: { sessionIssuer: { type: 'Role' } } },
      resources: [{ ARN: 'arn:a' }],
    };
    expect(matches('{ $.userIdentity.sessionContext.sessionIssuer.type = Role }', record)).toBe(true);
    expect(matches('{ $.resources[0].ARN = "arn:a" }', record)).toBe(true);
    expect(matches('{ $.resources[1].ARN = "arn:a" }', record)).toBe(false);
  });
});

describe('wildcards', () => {
  it('matches a suffix, a prefix and an infix, anchored at both ends', () => {
    expect(
      matches('{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: 'Client.UnauthorizedOperation' }),
    ).toBe(true);
    expect(
      matches('{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: 'UnauthorizedOperation' }),
    ).toBe(true);
    expect(
      matches('{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: 'Client.UnauthorizedOperationX' }),
    ).toBe(false);
    expect(matches('{ $.errorCode = "AccessDenied*" }', { errorCode: 'AccessDeniedException' })).toBe(true);
    expect(matches('{ $.errorCode = "AccessDenied*" }', { errorCode: 'Client.AccessDenied' })).toBe(false);
    expect(matches('{ $.sourceIPAddress = 203.0.*.10 }', { sourceIPAddress: '203.0.113.10' })).toBe(true);
    expect(matches('{ $.sourceIPAddress = 203.0.*.10 }', { sourceIPAddress: '203.0.113.11' })).toBe(false);
    expect(matches('{ $.a = "x*y*z" }', { a: 'xyz' })).toBe(true);
    expect(matches('{ $.a = "x*y*z" }', { a: 'xz' })).toBe(false);
  });

  it('applies `!=` with a wildcard only to fields that exist', () => {
    expect(matches('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '203.0.113.10' })).toBe(true);
    expect(matches('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '123.123.0.1' })).toBe(false);
    expect(matches('{ $.sourceIPAddress != 123.123.* }', {})).toBe(false);
  });
});

describe('&&, || and parentheses', () => {
  const pattern =
    '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}';

  it('groups with parentheses', () => {
    expect(matches(pattern, { eventSource: 'kms.amazonaws.com', eventName: 'DisableKey' })).toBe(true);
    expect(matches(pattern, { eventSource: 'kms.amazonaws.com', eventName: 'EnableKey' })).toBe(false);
    expect(matches(pattern, { eventSource: 'cloudhsm.amazonaws.com', eventName: 'DisableKey' })).toBe(false);
  });

  it('binds && tighter than ||', () => {
    const loose = '{ $.a = 1 || $.b = 2 && $.c = 3 }';
    expect(matches(loose, { a: 1 })).toBe(true);
    expect(matches(loose, { b: 2 })).toBe(false);
    expect(matches(loose, { b: 2, c: 3 })).toBe(true);
  });

  it('mixes grouped exact values with other comparisons in one ||', () => {
    const mixed = '{ ($.eventName = A) || ($.errorCode = "Denied*") || ($.eventName = B) }';
    expect(matches(mixed, { eventName: 'B' })).toBe(true);
    expect(matches(mixed, { eventName: 'C', errorCode: 'DeniedX' })).toBe(true);
    expect(matches(mixed, { eventName: 'C' })).toBe(false);
  });
});

describe('syntax errors', () => {
  const errorOf = (pattern: string): FilterPatternError => {
    try {
      compileMetricFilter(pattern);
    } catch (error) {
      return error as FilterPatternError;
    }
    throw new Error(`expected ${pattern} to be refused`);
  };

  it.each([
    ['$.eventName = X', 1, /starts with '\{'/],
    ['{ $.eventName = }', 17, /expected a value/],
    ['{ $.eventName = X ', 19, /closing '\}'/],
    ['{ ($.eventName = X }', 20, /expected '\)'/],
    ['{ eventName = X }', 3, /selector such as '\$\.eventName'/],
    ['{ $.eventName ~ X }', 15, /expected a comparison/],
    ['{ $.a NOT THERE }', 11, /'EXISTS'/],
    ['{ $.a = "open }', 16, /unterminated quoted value/],
    ['{ $.a > ten }', 9, /compares numbers/],
    ['{ $.a = 1 } extra', 13, /after '\}'/],
  ])('%s is refused at column %i', (pattern, column, message) => {
    const error = errorOf(pattern);
    expect(error).toBeInstanceOf(FilterPatternError);
    expect(error.position).toBe(column);
    expect(error.userMessage.en).toMatch(message);
    expect(error.userMessage.en).toContain(`column ${column}`);
    expect(error.userMessage.ja).toContain(`${column} 文字目`);
  });
});

describe('strange records', () => {
  const patterns = [
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") }',
    '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    '{ $.resources[0].ARN = "arn:*" || $.latency > 5 || $.x IS NULL }',
  ].map(compileMetricFilter);

  it('never throws, and a non-object record never matches', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const matcher of patterns) {
          const result = matcher(value);
          expect(typeof result).toBe('boolean');
          if (typeof value !== 'object' || value === null || Array.isArray(value)) expect(result).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not let a number, array, object or null stand for a string', () => {
    const ne = compileMetricFilter('{ $.eventType != "AwsServiceEvent" }');
    for (const eventType of [null, ['AwsServiceEvent'], { v: 1 }, true])
      expect(ne({ eventType })).toBe(false);
    expect(ne({ eventType: 42 })).toBe(true);
    expect(compileMetricFilter('{ $.eventName = StopLogging }')({ eventName: ['StopLogging'] })).toBe(false);
  });
});

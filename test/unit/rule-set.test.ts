// The rule set: built-in rules indexed by audit source, so a record only meets the rules written
// for its source; one misbehaving rule from outside never stops the others.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRuleSet, builtinRules, loadRuleSet } from '../../src/sources/rules/rule-set.js';
import type { CompiledRule } from '../../src/sources/rules/rule.js';
import { REPO_ROOT } from '../helpers/bot-process.js';

const stopLogging = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventID: 'e1' };

describe('rule set', () => {
  it('holds the built-in rules with unique ids, each for the sources it reads', () => {
    const set = loadRuleSet({ builtin: true });
    const ids = set.rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(set.forSource('cloudtrail').map((rule) => rule.id)).toEqual(
      ids.filter((id) => id.startsWith('cis-aws-')),
    );
    expect(set.forSource('google-reports').every((rule) => rule.id.startsWith('workspace-'))).toBe(true);
    expect(set.forSource('graph-signins').map((rule) => rule.id)).toEqual(['entra-risky-sign-in']);
    expect(set.forSource('graph-alerts').map((rule) => rule.id)).toEqual(['entra-high-severity-alert']);
    expect(set.problems).toEqual([]);
  });

  it('evaluates a record only against the rules of its source', () => {
    const set = loadRuleSet({ builtin: true });
    expect(set.evaluate('cloudtrail', stopLogging).map((rule) => rule.id)).toEqual(['cis-aws-4.5']);
    expect(set.evaluate('graph-directory-audits', stopLogging)).toEqual([]);
  });

  it('never hides a match behind the eventName index (every CloudTrail fixture, built-in and Sigma rules)', () => {
    const set = loadRuleSet({ builtin: true, sigmaDir: path.join(REPO_ROOT, 'rules', 'sigma', 'aws') });
    const rules = set.forSource('cloudtrail');
    expect(rules.filter((rule) => rule.index).length).toBeGreaterThan(20);
    const fixtures = path.join(REPO_ROOT, 'test', 'fixtures', 'audit');
    const records = [
      ...readdirSync(path.join(fixtures, 'stratus'))
        .filter((file) => file.endsWith('.json'))
        .flatMap(
          (file) => JSON.parse(readFileSync(path.join(fixtures, 'stratus', file), 'utf8')) as unknown[],
        ),
      ...(
        JSON.parse(readFileSync(path.join(fixtures, 'cloudtrail', 'cis-cases.json'), 'utf8')) as {
          Records: unknown[];
        }
      ).Records,
      { eventName: 'stoplogging' },
      { eventName: ['StopLogging'] },
      { eventName: { name: 'StopLogging' } },
      { eventName: null, errorCode: 'AccessDenied' },
    ];
    for (const record of records) {
      expect(set.evaluate('cloudtrail', record)).toEqual(rules.filter((rule) => rule.matches(record)));
    }
  });

  it('indexes the CIS rules whose pattern pins eventName, and only those', () => {
    const indexed = builtinRules()
      .filter((rule) => rule.index)
      .map((rule) => rule.id);
    expect(indexed).not.toContain('cis-aws-4.1');
    expect(indexed).not.toContain('cis-aws-4.3');
    expect(indexed).toContain('cis-aws-4.2');
    expect(builtinRules().find((rule) => rule.id === 'cis-aws-4.7')!.index).toEqual({
      field: 'eventName',
      values: new Set(['disablekey', 'schedulekeydeletion']),
    });
  });

  it('keeps going when a rule from outside throws', () => {
    const throwing: CompiledRule = {
      ...builtinRules()[0]!,
      id: 'sigma-broken',
      matches: () => {
        throw new Error('boom');
      },
    };
    const set = buildRuleSet([throwing, ...builtinRules()]);
    expect(set.evaluate('cloudtrail', stopLogging).map((rule) => rule.id)).toEqual(['cis-aws-4.5']);
  });

  it('adds the Sigma rules of a folder, with their authors kept', () => {
    const set = loadRuleSet({ builtin: true, sigmaDir: path.join(REPO_ROOT, 'rules', 'sigma', 'aws') });
    const sigma = set.forSource('cloudtrail').filter((rule) => rule.origin.kind === 'sigma');
    expect(sigma.length).toBeGreaterThan(10);
    for (const rule of sigma)
      expect(rule.origin).toMatchObject({ kind: 'sigma', author: expect.any(String) });
    expect(set.evaluate('cloudtrail', stopLogging).map((rule) => rule.id)).toContain('cis-aws-4.5');
  });
});

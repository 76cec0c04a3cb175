// The fifteen CIS AWS Foundations 4.x rules over hand-written CloudTrail records
// (test/fixtures/audit/cloudtrail/cis-cases.json): every rule fires on its positive case and on
// nothing it should not, including the cases the published patterns are subtle about.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CIS_AWS_METRIC_FILTERS, cisAwsRules } from '../../src/sources/rules/builtin/cis-aws.js';
import { REPO_ROOT } from '../helpers/bot-process.js';

const CASES = path.join(REPO_ROOT, 'test', 'fixtures', 'audit', 'cloudtrail', 'cis-cases.json');
const records = (JSON.parse(readFileSync(CASES, 'utf8')) as { Records: { eventID: string }[] }).Records;
const rules = cisAwsRules();

/** eventID → the CIS rules that must fire on it (every other CIS rule must not). */
const EXPECTED: Record<string, string[]> = {
  'cis-4.1-pos-client-unauthorized-operation': ['4.1'],
  'cis-4.1-pos-access-denied': ['4.1'],
  'cis-4.1-pos-access-denied-exception': ['4.1'],
  'cis-4.1-neg-other-error': [],
  'cis-4.1-neg-wildcard-not-at-end': [],
  'cis-4.1-neg-case-sensitive': [],
  'cis-4.1-neg-no-error-code': [],
  'cis-4.2-pos-iam-user-without-mfa': ['4.2'],
  'cis-4.2-neg-iam-user-with-mfa': [],
  // No additionalEventData.MFAUsed at all: `!=` on an absent field does not match.
  'cis-4.2-neg-mfaused-absent': [],
  // The published 4.2 pattern requires userIdentity.type = "IAMUser": SSO users sign in as AssumedRole.
  'cis-4.2-neg-assumed-role-sso': [],
  // The root user is not an IAMUser; its console sign-in is root usage (4.3).
  'cis-4.2-neg-root-without-mfa-is-4.3': ['4.3'],
  'cis-4.2-neg-failed-login-is-4.6': ['4.6'],
  'cis-4.3-pos-root-api-call': ['4.3'],
  'cis-4.3-neg-root-invoked-by-service': [],
  'cis-4.3-neg-root-service-event': [],
  // `$.eventType != "AwsServiceEvent"` needs an eventType to compare.
  'cis-4.3-neg-root-event-type-absent': [],
  'cis-4.3-neg-iam-user': [],
  'cis-4.4-pos-put-role-policy': ['4.4'],
  'cis-4.4-neg-get-role-policy': [],
  'cis-4.4-neg-update-assume-role-policy': [],
  'cis-4.5-pos-stop-logging': ['4.5'],
  // Not in the published list, although it can silence a trail.
  'cis-4.5-neg-put-event-selectors': [],
  'cis-4.5-neg-get-trail-status': [],
  'cis-4.6-pos-failed-authentication': ['4.6'],
  'cis-4.6-neg-other-error-message': [],
  'cis-4.7-pos-schedule-key-deletion': ['4.7'],
  'cis-4.7-neg-enable-key': [],
  'cis-4.7-neg-disable-key-other-service': [],
  'cis-4.8-pos-put-bucket-policy': ['4.8'],
  'cis-4.8-neg-get-bucket-policy': [],
  'cis-4.9-pos-stop-configuration-recorder': ['4.9'],
  'cis-4.9-neg-describe-recorders': [],
  'cis-4.10-pos-authorize-ingress': ['4.10'],
  'cis-4.10-neg-describe-security-groups': [],
  'cis-4.11-pos-create-network-acl-entry': ['4.11'],
  'cis-4.11-neg-describe-network-acls': [],
  'cis-4.12-pos-attach-internet-gateway': ['4.12'],
  'cis-4.12-neg-describe-internet-gateways': [],
  'cis-4.13-pos-create-route': ['4.13'],
  'cis-4.13-neg-describe-route-tables': [],
  'cis-4.14-pos-create-vpc-peering': ['4.14'],
  'cis-4.14-neg-describe-vpcs': [],
  'cis-4.15-pos-create-account': ['4.15'],
  'cis-4.15-neg-list-accounts': [],
  'cis-4.15-neg-create-account-other-service': [],
  'strange-error-code-number': [],
  // 4.5 names the event only; a missing principal does not hide a StopLogging.
  'strange-user-identity-null': ['4.5'],
  'strange-event-name-array': [],
  'strange-additional-event-data-string': [],
};

describe('CIS AWS Foundations 4.1–4.15', () => {
  it('has the fifteen rules, each with its benchmark reference and bilingual texts', () => {
    expect(rules.map((rule) => rule.id)).toEqual(Array.from({ length: 15 }, (_, i) => `cis-aws-4.${i + 1}`));
    for (const rule of rules) {
      expect(rule.references[0]!.title).toMatch(
        /^CIS Amazon Web Services Foundations Benchmark v1\.4\.0, 4\.\d+$/,
      );
      expect(rule.title.ja).not.toBe(rule.title.en);
      expect(rule.description.ja.length).toBeGreaterThan(10);
      expect(rule.sources).toEqual(['cloudtrail']);
    }
    expect(CIS_AWS_METRIC_FILTERS.filter((filter) => filter.securityHub).length).toBe(14);
  });

  it('covers every fixture record, and every rule has a positive and a negative case', () => {
    expect(records.map((record) => record.eventID).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (let control = 1; control <= 15; control++) {
      const ids = Object.keys(EXPECTED).filter((id) => id.startsWith(`cis-4.${control}-`));
      expect(ids.some((id) => id.includes('-pos-'))).toBe(true);
      expect(ids.some((id) => id.includes('-neg-'))).toBe(true);
    }
  });

  for (const record of records) {
    const expected = EXPECTED[record.eventID] ?? [];
    it(`${record.eventID} → ${expected.length > 0 ? expected.map((c) => `cis-aws-${c}`).join(', ') : 'no CIS alert'}`, () => {
      const fired = rules.filter((rule) => rule.matches(record)).map((rule) => rule.id);
      expect(fired).toEqual(expected.map((control) => `cis-aws-${control}`));
    });
  }
});

// What a `when` condition may read (FORMAT.md, "Conditions"), with the validator and the engine in
// agreement: inputs, severity, incident fields and `decision.<step>`, the option chosen at a decision
// step; not what people wrote in earlier steps.
import { describe, expect, it } from 'vitest';
import { completeStep, decide, startRun } from '../../src/core/playbooks/engine/engine.js';
import { foldRuns } from '../../src/core/playbooks/engine/run-projection.js';
import { parsePlaybook } from '../../src/core/playbooks/load-playbooks.js';
import type { Playbook } from '../../src/core/playbooks/playbook-types.js';

/** A decision, then a step whose `when` is `condition`, then a wrap-up. */
function playbookText(condition: string): string {
  return `apiVersion: tsunagi/v1
kind: Playbook
metadata:
  id: conditions
  version: 1.0.0
  lifecycle: incident
  title: {ja: 条件, en: Conditions}
  tlp: GREEN
roles:
  commander: {party: customer, label: {ja: 対応責任者, en: Incident commander}, can: [decide]}
inputs:
  principal: {type: string, label: {ja: 対象, en: Principal}}
start: triage
steps:
  - id: triage
    kind: instruction
    title: {ja: 初動, en: Triage}
    assignee: commander
    body: {ja: 確認する, en: Check}
    next: scope
  - id: scope
    kind: decision
    title: {ja: 影響範囲, en: Scope}
    assignee: commander
    question: {ja: 確認されましたか？, en: Confirmed?}
    options:
      - {value: confirmed, label: {ja: はい, en: Yes}, next: contain}
      - {value: not_confirmed, label: {ja: いいえ, en: No}, next: contain}
  - id: contain
    kind: instruction
    title: {ja: 封じ込め, en: Contain}
    assignee: commander
    when: "${condition}"
    body: {ja: 封じ込める, en: Contain it}
    next: wrap_up
  - id: wrap_up
    kind: instruction
    title: {ja: まとめ, en: Wrap up}
    assignee: commander
    body: {ja: まとめる, en: Sum up}
    next: end
`;
}

const messages = (condition: string): string[] =>
  parsePlaybook(playbookText(condition), 'conditions.yaml').problems.map((p) => p.message.en);

describe('conditions may read decisions', () => {
  it('accepts decision.<step> of a decision step, compared with its options', () => {
    expect(messages("decision.scope == 'confirmed' and severity <= 2")).toEqual([]);
    expect(messages("decision.scope in ['confirmed', 'not_confirmed'] or principal == 'root'")).toEqual([]);
  });

  it('refuses a value that is not an option, with the nearest one', () => {
    expect(messages("decision.scope == 'confirmd'")).toEqual([
      'decision.scope is never "confirmd": the options of step "scope" are confirmed, not_confirmed. Did you mean "confirmed"?',
    ]);
    expect(messages("'maybe' != decision.scope")).toHaveLength(1);
  });

  it('refuses a step that is not a decision, and anything a step recorded (there are no readable outputs)', () => {
    expect(messages("decision.triage == 'done'")).toEqual([
      'the condition names "decision.triage", but step "triage" is not a decision step (its kind is instruction); conditions can read the option chosen at decision steps only',
    ]);
    expect(messages("outputs.findings == 'x'")).toEqual([
      expect.stringMatching(/^the condition names "outputs.findings", which is not an input, severity/),
    ]);
    expect(messages("decision.scop == 'confirmed'")).toEqual([
      expect.stringContaining('Did you mean "decision.scope"?'),
    ]);
  });

  it('the engine evaluates a decision condition as the validator accepts it', () => {
    const parsed = parsePlaybook(playbookText("decision.scope == 'confirmed'"), 'conditions.yaml').playbook;
    expect(parsed).toBeDefined();
    const playbook = parsed as Playbook;
    const actor = { person: 'sato', party: 'city' };
    const runTo = (value: string) => {
      const entries = [
        ...startRun({ playbook, runs: { byId: {}, lastNumber: 0 }, now: new Date(0), actor, inputs: {} })
          .entries,
      ];
      const env = () => ({ playbook, run: foldRuns(entries).byId['RUN-1']!, now: new Date(0), actor });
      entries.push(...completeStep(env(), 'triage').entries);
      entries.push(...decide(env(), 'scope', value).entries);
      return env().run;
    };
    // Chosen `confirmed`: the condition holds and contain starts; otherwise contain is skipped.
    expect(runTo('confirmed').active).toEqual(['contain']);
    expect(runTo('not_confirmed').active).toEqual(['wrap_up']);
  });
});

// The playbook engine (src/core/playbooks/engine): every step kind against the all-kinds fixture and
// the shipped compromised-admin-credential playbook, four-eyes checks, quorum, timers, and the
// restart property: a run rebuilt from its entries at any point fires every timer exactly once.
import { createHash } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PermissionError, UserInputError } from '../../src/core/errors.js';
import {
  abort,
  acknowledge,
  addEvidence,
  approve,
  checkItem,
  completeStep,
  decide,
  due,
  reject,
  skip,
  startRun,
  subrunFinished,
  verifyStep,
  type Effect,
  type EngineResult,
  type RoleHolders,
} from '../../src/core/playbooks/engine/engine.js';
import type { RunEntry } from '../../src/core/playbooks/engine/run-events.js';
import {
  applyToRuns,
  foldRuns,
  runProjection,
  type RunState,
  type RunsState,
} from '../../src/core/playbooks/engine/run-projection.js';
import {
  renderBilingual,
  renderTemplate,
  templateScope,
  type IncidentFacts,
} from '../../src/core/playbooks/engine/template.js';
import { loadPlaybooks } from '../../src/core/playbooks/load-playbooks.js';
import type { Playbook } from '../../src/core/playbooks/playbook-types.js';
import { REPO_ROOT } from '../helpers/bot-process.js';

const fixtures = loadPlaybooks([path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'valid')]);
const shipped = loadPlaybooks([path.join(REPO_ROOT, 'playbooks')]);
const byId = (id: string): Playbook => {
  const found = [...fixtures.playbooks, ...shipped.playbooks].find((p) => p.playbook.metadata.id === id);
  if (!found) throw new Error(`no playbook ${id}`);
  return found.playbook;
};
const ALL_KINDS = byId('all-kinds-exercise');
const NOTIFY_LAST = loadPlaybooks([path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'notify-last')])
  .playbooks[0]!.playbook;
const CREDENTIAL = byId('compromised-admin-credential');

const T0 = Date.parse('2025-04-01T00:00:00.000Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

const person = (name: string, party: string) => ({ person: name, party });
const alice = person('alice', 'customer');
const bob = person('bob', 'sier');
const carol = person('carol', 'customer');
const dave = person('dave', 'customer');
const erin = person('erin', 'customer');
const frank = person('frank', 'sier');
const pat = person('pat', 'provider');

const HOLDERS: RoleHolders = {
  commander: ['alice'],
  approver: ['carol', 'dave'],
  sier_ops: ['bob'],
  provider: ['pat'],
  csirt: ['erin'],
  sier_lead: ['frank'],
  communications: ['cathy'],
};

const INCIDENT: IncidentFacts = {
  id: 'INC-7',
  title: 'Leaked key',
  severity: 1,
  status: 'investigating',
  commander: 'alice',
};

/** A run and its ledger: entries are "committed" and folded like the repository does. */
class Harness {
  entries: RunEntry[] = [];
  runs: RunsState = runProjection.initial();
  effects: Effect[] = [];

  constructor(
    readonly playbook: Playbook,
    readonly incident: IncidentFacts = INCIDENT,
  ) {}

  get run(): RunState {
    const run = Object.values(this.runs.byId)[0];
    if (!run) throw new Error('no run');
    return run;
  }

  commit(result: EngineResult, keep = result.entries.length): EngineResult {
    for (const entry of result.entries.slice(0, keep)) {
      this.entries.push(entry);
      applyToRuns(this.runs, entry);
    }
    this.effects.push(...result.effects);
    return result;
  }

  env(minutes: number, actor = alice) {
    return {
      playbook: this.playbook,
      run: this.run,
      now: at(minutes),
      incident: this.incident,
      actor,
      holders: HOLDERS,
    };
  }

  start(inputs: Record<string, string | number | boolean>, minutes = 0): EngineResult {
    return this.commit(
      startRun({
        playbook: this.playbook,
        runs: this.runs,
        now: at(minutes),
        actor: alice,
        inputs,
        incident: this.incident,
      }),
    );
  }

  dueResult(minutes: number): EngineResult {
    if (Object.keys(this.runs.byId).length === 0) return { entries: [], effects: [] };
    return due({ playbook: this.playbook, run: this.run, now: at(minutes), incident: this.incident });
  }

  due(minutes: number): EngineResult {
    return this.commit(this.dueResult(minutes));
  }

  fired(): string[] {
    return this.entries.flatMap((e) => (e.type === 'playbook.timer_fired' ? [e.data.key] : []));
  }
}

const ALL_KINDS_INPUTS = {
  principal: 'admin@example',
  credential_type: 'access_key',
  affected_users: 20,
  mfa_enabled: false,
};

/** Drives the all-kinds run from the start to the approval (scope decided as `confirmed`). */
function toApproval(h: Harness): void {
  h.start(ALL_KINDS_INPUTS);
  toApprovalFromBriefing(h);
}

/** The same, for a run already started. */
function toApprovalFromBriefing(h: Harness): void {
  h.commit(completeStep(h.env(1), 'briefing'));
  h.commit(checkItem(h.env(2), 'triage', 0));
  h.commit(checkItem(h.env(2), 'triage', 1));
  h.commit(completeStep(h.env(2), 'triage'));
  h.commit(verifyStep(h.env(2, bob), 'triage'));
  h.commit(addEvidence(h.env(3, bob), 'evidence', 'audit_log', Buffer.from('log'), 'audit.log'));
  h.commit(completeStep(h.env(3, bob), 'evidence'));
  h.commit(verifyStep(h.env(3, alice), 'evidence'));
  h.commit(decide(h.env(4), 'scope', 'confirmed'));
}

describe('renderTemplate', () => {
  it('replaces known names from own properties only and leaves unknown names visible', () => {
    const scope = { principal: 'root', 'incident.id': 'INC-1', n: 3 };
    expect(renderTemplate('{{principal}} / {{ incident.id }} / {{n}}', scope)).toBe('root / INC-1 / 3');
    expect(renderTemplate('{{missing}} {{constructor}} {{__proto__}} {{toString}}', scope)).toBe(
      '{{missing}} {{constructor}} {{__proto__}} {{toString}}',
    );
    const inherited = Object.create({ secret: 'x' }) as Record<string, string>;
    expect(renderTemplate('{{secret}}', inherited)).toBe('{{secret}}');
  });

  it('renders a bilingual fact in each language of the template', () => {
    const scope = templateScope({}, { commander: { ja: '佐藤 花子', en: 'Hanako Sato' }, id: 'INC-1' });
    expect(
      renderBilingual(
        { ja: '{{incident.commander}}（{{incident.id}}）', en: '{{incident.commander}} ({{incident.id}})' },
        scope,
      ),
    ).toEqual({
      ja: '佐藤 花子（INC-1）',
      en: 'Hanako Sato (INC-1)',
    });
  });
});

describe('all-kinds exercise', () => {
  it('runs the happy path through every step kind to the end', () => {
    const h = new Harness(ALL_KINDS);
    const started = h.start(ALL_KINDS_INPUTS);
    expect(h.run.id).toBe('RUN-1');
    // The inject at PT0M is delivered at once; the briefing waits for the commander.
    expect(started.effects).toContainEqual(
      expect.objectContaining({
        kind: 'inject',
        step: 'kickoff',
        to: { role: 'commander' },
        text: expect.objectContaining({ en: 'Suspicious sign-in by admin@example (exercise)' }) as unknown,
      }),
    );
    expect(h.run.active).toEqual(['briefing']);
    toApprovalFromBriefing(h);
    // notify_all: both audiences (severity 1; no MFA and 20 users), templates rendered.
    const posts = h.effects.filter((e) => e.kind === 'post');
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({
      to: { role: 'approver' },
      text: { en: '[INC-7] Leaked key (SEV1): initial report.' },
      ackKey: 'RUN-1/notify_all#1/notify/0',
    });
    expect(posts[1]).toMatchObject({ to: { party: 'provider' } });
    expect(h.run.active).toEqual(['contain_approval']);
    h.commit(acknowledge(h.env(5, carol), 'notify_all', 0));
    h.commit(acknowledge(h.env(5, pat), 'notify_all', 1));

    h.commit(approve(h.env(6, carol), 'contain_approval'));
    expect(h.run.active.sort()).toEqual(['disable_key', 'provider_case']);
    expect(h.effects).toContainEqual(
      expect.objectContaining({
        kind: 'start-subplaybook',
        playbook: 'all-kinds-exercise-provider',
        inputs: { principal: 'admin@example', urgent: true },
      }),
    );
    h.commit(completeStep(h.env(7, bob), 'disable_key'));
    expect(h.run.active).toEqual(['provider_case']);
    h.commit(subrunFinished(h.env(8), 'provider_case', 'RUN-2', 'finished'));
    expect(h.run.active).toEqual(['cool_down']);
    h.due(68);
    expect(h.run.active).toEqual(['wrap_up']);
    h.commit(completeStep(h.env(69), 'wrap_up'));
    expect(h.run.status).toBe('finished');
    expect(h.effects.at(-1)).toEqual({ kind: 'run-finished', run: 'RUN-1' });
    // Acknowledged in time: no escalation.
    expect(h.effects.filter((e) => e.kind === 'escalate')).toEqual([]);
    // Folding the ledger again gives the same state.
    expect(foldRuns(h.entries)).toEqual(h.runs);
  });

  it('refuses a checklist with unchecked items, and verification by the performer or a non-verifier', () => {
    const h = new Harness(ALL_KINDS);
    h.start(ALL_KINDS_INPUTS);
    h.commit(completeStep(h.env(1), 'briefing'));
    h.commit(checkItem(h.env(2), 'triage', 0));
    expect(() => completeStep(h.env(2), 'triage')).toThrow(UserInputError);
    // Bob shares the commander role here, so he may tick the commander's checklist too.
    const shared = { ...HOLDERS, commander: ['alice', 'bob'] };
    h.commit(checkItem({ ...h.env(2, bob), holders: shared }, 'triage', 1));
    h.commit(completeStep(h.env(2), 'triage'));
    expect(h.run.steps['triage']?.status).toBe('performed');
    // alice finished it; bob ticked an item: both performed it. carol holds no sier_ops role.
    expect(() => verifyStep(h.env(3, alice), 'triage')).toThrow(PermissionError);
    expect(() => verifyStep(h.env(3, bob), 'triage')).toThrow(PermissionError);
    expect(() => verifyStep(h.env(3, carol), 'triage')).toThrow(PermissionError);
    const other = { ...HOLDERS, sier_ops: ['bob', 'sam'] };
    h.commit(verifyStep({ ...h.env(3, person('sam', 'sier')), holders: other }, 'triage'));
    expect(h.run.active).toEqual(['evidence']);
    expect(h.run.steps['triage']?.verifiedBy).toBe('sam');
  });

  it('skips items whose condition is false, and steps whose `when` is false', () => {
    const h = new Harness(ALL_KINDS, { ...INCIDENT, severity: 3, status: 'contained' });
    h.start({ ...ALL_KINDS_INPUTS, credential_type: 'console_password' });
    h.commit(completeStep(h.env(1), 'briefing'));
    expect(() => checkItem(h.env(2), 'triage', 1)).toThrow(UserInputError);
    h.commit(checkItem(h.env(2), 'triage', 0));
    h.commit(completeStep(h.env(2), 'triage'));
    h.commit(verifyStep(h.env(2, bob), 'triage'));
    expect(() => completeStep(h.env(3, bob), 'evidence')).toThrow(UserInputError); // audit_log required
    h.commit(addEvidence(h.env(3, bob), 'evidence', 'audit_log', 'x', 'a.log'));
    h.commit(completeStep(h.env(3, bob), 'evidence'));
    h.commit(verifyStep(h.env(3, alice), 'evidence'));
    h.commit(decide(h.env(4), 'scope', 'confirmed'));
    // severity 3 and contained: notify_all is skipped, the approval comes next.
    expect(h.entries).toContainEqual(
      expect.objectContaining({
        type: 'playbook.step_skipped',
        data: expect.objectContaining({ step: 'notify_all', reason: 'condition' }) as unknown,
      }),
    );
    expect(h.run.active).toEqual(['contain_approval']);
  });

  it('branches on a decision', () => {
    const h = new Harness(ALL_KINDS);
    h.start(ALL_KINDS_INPUTS);
    h.commit(completeStep(h.env(1), 'briefing'));
    h.commit(checkItem(h.env(2), 'triage', 0));
    h.commit(checkItem(h.env(2), 'triage', 1));
    h.commit(completeStep(h.env(2), 'triage'));
    h.commit(verifyStep(h.env(2, bob), 'triage'));
    h.commit(addEvidence(h.env(3, bob), 'evidence', 'audit_log', 'x', 'a.log'));
    h.commit(completeStep(h.env(3, bob), 'evidence'));
    h.commit(verifyStep(h.env(3, alice), 'evidence'));
    expect(() => decide(h.env(4), 'scope', 'maybe')).toThrow(UserInputError);
    h.commit(decide(h.env(4), 'scope', 'not_confirmed'));
    expect(h.run.active).toEqual(['wrap_up']);
    expect(h.run.steps['scope']?.decision).toEqual({ value: 'not_confirmed', by: 'alice' });
  });

  it('needs the quorum of distinct approvers holding the role; one rejection decides', () => {
    const quorum2: Playbook = {
      ...ALL_KINDS,
      steps: ALL_KINDS.steps.map((s) =>
        s.kind === 'approval' ? { ...s, approvers: { role: 'approver', quorum: 2 } } : s,
      ),
    };
    const h = new Harness(quorum2);
    toApproval(h);
    expect(() => approve(h.env(5, bob), 'contain_approval')).toThrow(PermissionError);
    h.commit(approve(h.env(5, carol), 'contain_approval'));
    expect(h.run.active).toEqual(['contain_approval']);
    expect(() => approve(h.env(5, carol), 'contain_approval')).toThrow(UserInputError);
    h.commit(approve(h.env(6, dave), 'contain_approval'));
    expect(h.run.active.sort()).toEqual(['disable_key', 'provider_case']);

    const r = new Harness(quorum2);
    toApproval(r);
    r.commit(reject(r.env(5, dave), 'contain_approval'));
    expect(r.run.active).toEqual(['wrap_up']);
  });

  it('escalates an approval timeout once, only when on_timeout.when holds', () => {
    const h = new Harness(ALL_KINDS);
    toApproval(h);
    h.commit(acknowledge(h.env(5, carol), 'notify_all', 0));
    expect(h.due(33).entries).toEqual([]); // not yet: the timeout is 30 min after 4
    const fired = h.due(34);
    expect(fired.effects).toEqual([
      expect.objectContaining({
        kind: 'escalate',
        reason: 'approval_timeout',
        to: { role: 'commander' },
        note: expect.objectContaining({ en: 'Approval is late' }) as unknown,
      }),
    ]);
    expect(h.due(40).entries).toEqual([]);
    // A restart: the fresh projection knows the timer fired.
    expect(
      due({ playbook: ALL_KINDS, run: foldRuns(h.entries).byId['RUN-1']!, now: at(90) }).entries,
    ).toEqual([]);
    expect(h.run.active).toEqual(['contain_approval']);

    const sev2 = new Harness(ALL_KINDS, { ...INCIDENT, severity: 2 });
    toApproval(sev2);
    sev2.commit(acknowledge(sev2.env(5, carol), 'notify_all', 0));
    const quiet = sev2.due(40);
    expect(quiet.entries.map((e) => e.type)).toEqual(['playbook.timer_fired']);
    expect(quiet.effects).toEqual([]);
  });

  it('escalates an unacknowledged notification once; only its audience may acknowledge', () => {
    const h = new Harness(ALL_KINDS);
    toApproval(h);
    expect(() => acknowledge(h.env(5, bob), 'notify_all', 0)).toThrow(PermissionError);
    expect(() => acknowledge(h.env(5, alice), 'notify_all', 1)).toThrow(PermissionError);
    const result = h.due(35);
    expect(result.effects.filter((e) => e.kind === 'escalate' && e.reason === 'ack_timeout')).toHaveLength(1);
    expect(h.due(36).effects).toEqual([]);
  });

  it("fires a wait's reminders once each, then ends the wait", () => {
    const h = new Harness(ALL_KINDS);
    toApproval(h);
    h.commit(acknowledge(h.env(5, carol), 'notify_all', 0));
    h.commit(approve(h.env(6, carol), 'contain_approval'));
    h.commit(completeStep(h.env(7, bob), 'disable_key'));
    h.commit(subrunFinished(h.env(10), 'provider_case', 'RUN-2', 'finished'));
    expect(Object.values(h.run.timers).map((t) => [t.purpose, t.due])).toEqual([
      ['remind', at(25).toISOString()],
      ['remind', at(40).toISOString()],
      ['remind', at(55).toISOString()],
      ['wait_end', at(70).toISOString()],
    ]);
    const reminders = (r: EngineResult) => r.effects.filter((e) => e.kind === 'remind').map((e) => e.n);
    expect(reminders(h.due(25))).toEqual([1]);
    expect(reminders(h.due(26))).toEqual([]);
    expect(reminders(h.due(60))).toEqual([2, 3]);
    expect(h.run.active).toEqual(['cool_down']);
    h.due(70);
    expect(h.run.active).toEqual(['wrap_up']);
    expect(h.fired().filter((k) => k.includes('cool_down'))).toEqual([
      'RUN-1/cool_down#1/remind/1',
      'RUN-1/cool_down#1/remind/2',
      'RUN-1/cool_down#1/remind/3',
      'RUN-1/cool_down#1/wait_end/0',
    ]);
  });

  it('records the SHA-256 of each piece of evidence', () => {
    const h = new Harness(ALL_KINDS);
    h.start(ALL_KINDS_INPUTS);
    h.commit(completeStep(h.env(1), 'briefing'));
    h.commit(checkItem(h.env(2), 'triage', 0));
    h.commit(checkItem(h.env(2), 'triage', 1));
    h.commit(completeStep(h.env(2), 'triage'));
    h.commit(verifyStep(h.env(2, bob), 'triage'));
    const file = Buffer.from([0, 1, 2, 255, 254]);
    const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
    const added = [
      h.commit(addEvidence(h.env(3, bob), 'evidence', 'audit_log', file, 'audit.log')),
      h.commit(addEvidence(h.env(3, bob), 'evidence', 'ticket', 'https://tickets.example/1', 'link')),
      h.commit(addEvidence(h.env(3, bob), 'evidence', 'summary', '要約です', 'text')),
    ].map((r) => r.entries[0]!.data);
    expect(added).toEqual([
      expect.objectContaining({ field: 'audit_log', kind: 'file', sha256: sha(file), size: 5 }),
      expect.objectContaining({ kind: 'link', sha256: sha('https://tickets.example/1') }),
      expect.objectContaining({ kind: 'text', sha256: sha(Buffer.from('要約です', 'utf8')), size: 12 }),
    ]);
    expect(() => addEvidence(h.env(3, bob), 'evidence', 'nope', 'x', 'text')).toThrow(UserInputError);
    expect(h.run.steps['evidence']?.evidence['audit_log']?.[0]?.sha256).toBe(sha(file));
  });

  it('skips a step with a reason, and aborts a run', () => {
    const h = new Harness(ALL_KINDS);
    h.start(ALL_KINDS_INPUTS);
    h.commit(skip(h.env(1), 'briefing', 'already briefed'));
    expect(h.run.active).toEqual(['triage']);
    expect(h.run.steps['briefing']).toMatchObject({ status: 'skipped', skipReason: 'already briefed' });
    h.commit(abort(h.env(2), 'drill cancelled'));
    expect(h.run).toMatchObject({ status: 'aborted', active: [], timers: {} });
    expect(() => completeStep(h.env(3), 'triage')).toThrow(UserInputError);
  });

  it('ignores entries that are not run entries', () => {
    const state = runProjection.initial();
    const entry = {
      seq: 1,
      ts: '',
      prev: '',
      hash: '',
      type: 'incident.declared',
      subject: 'INC-1',
      data: {},
    };
    runProjection.apply(state, entry);
    expect(state).toEqual({ byId: {}, lastNumber: 0 });
  });
});

describe('compromised-admin-credential', () => {
  const CRED_INCIDENT: IncidentFacts = { ...INCIDENT, severity: 2 };

  it('loops through watch and runs to the end', () => {
    const h = new Harness(CREDENTIAL, CRED_INCIDENT);
    h.start({ principal: 'arn:aws:iam::1:user/admin', credential_type: 'console_password' });
    // Item 6 (public repository) applies to access keys only.
    for (const i of [0, 1, 2, 3, 4]) h.commit(checkItem(h.env(1, erin), 'triage', i));
    expect(() => checkItem(h.env(1, erin), 'triage', 5)).toThrow(UserInputError);
    h.commit(completeStep(h.env(1, erin), 'triage')); // no verify: moves on
    const posts = h.effects.filter((e) => e.kind === 'post');
    expect(posts.map((p) => p.to)).toEqual([
      { role: 'approver' },
      { party: 'sier' },
      { role: 'communications' },
      { party: 'provider' },
    ]);
    expect(posts[3]).toMatchObject({
      text: { en: expect.stringContaining('(console_password)') as unknown },
    });
    h.commit(acknowledge(h.env(2, carol), 'first_report', 0));
    h.commit(acknowledge(h.env(2, bob), 'first_report', 1));
    h.commit(acknowledge(h.env(2, pat), 'first_report', 3));
    for (const f of ['audit_log', 'credential_report', 'hashes']) {
      h.commit(addEvidence(h.env(3, bob), 'preserve', f, `${f} content`, f));
    }
    h.commit(completeStep(h.env(3, bob), 'preserve'));
    expect(() => verifyStep(h.env(4, bob), 'preserve')).toThrow(PermissionError);
    expect(() => verifyStep(h.env(4, frank), 'preserve')).toThrow(PermissionError); // sier_lead: not csirt
    h.commit(verifyStep(h.env(4, erin), 'preserve'));
    // SEV2: the approval timeout fires but does not escalate (on_timeout.when is severity <= 1).
    h.due(40);
    expect(h.effects.filter((e) => e.kind === 'escalate')).toEqual([]);
    h.commit(approve(h.env(41, carol), 'approve_disable'));
    h.commit(checkItem(h.env(42, bob), 'disable', 1));
    h.commit(checkItem(h.env(42, bob), 'disable', 4));
    h.commit(checkItem(h.env(42, bob), 'disable', 5));
    h.commit(completeStep(h.env(42, bob), 'disable'));
    h.commit(verifyStep(h.env(43, frank), 'disable')); // sier_lead may verify this one
    expect(h.run.active).toEqual(['watch']);
    h.due(73);
    h.commit(decide(h.env(74), 'still_active', 'continuing'));
    for (const i of [0, 1, 2]) h.commit(checkItem(h.env(75, bob), 'hunt', i));
    h.commit(completeStep(h.env(75, bob), 'hunt'));
    h.commit(verifyStep(h.env(76, erin), 'hunt'));
    expect(h.run.steps['watch']?.attempt).toBe(2);
    h.due(106);
    expect(h.fired().filter((k) => k.includes('/watch#'))).toEqual([
      'RUN-1/watch#1/remind/1',
      'RUN-1/watch#1/remind/2',
      'RUN-1/watch#1/wait_end/0',
      'RUN-1/watch#2/remind/1',
      'RUN-1/watch#2/remind/2',
      'RUN-1/watch#2/wait_end/0',
    ]);
    h.commit(decide(h.env(107), 'still_active', 'stopped'));
    for (const step of ['eradicate', 'recover']) {
      const items = CREDENTIAL.steps.find((s) => s.id === step);
      const count = items?.kind === 'checklist' ? items.items.length : 0;
      for (let i = 0; i < count; i++) h.commit(checkItem(h.env(108, bob), step, i));
      h.commit(completeStep(h.env(108, bob), step));
      h.commit(verifyStep(h.env(109, erin), step));
    }
    expect(h.run.active).toEqual(['review']);
    expect(h.effects.at(-1)).toMatchObject({ kind: 'start-subplaybook', playbook: 'post-incident-review' });
    h.commit(subrunFinished(h.env(200), 'review', 'RUN-2', 'finished'));
    expect(h.run.status).toBe('finished');
    expect(foldRuns(h.entries)).toEqual(h.runs);
  });
});

describe('restart', () => {
  type Action = { minutes: number; act: (h: Harness, now: number) => EngineResult };
  const env = (h: Harness, now: number, actor = alice) => h.env(now, actor);
  const tick = (minutes: number): Action => ({ minutes, act: (h, now) => h.dueResult(now) });
  // Every person's action comes after a `due` at the same time, as the bot's scheduler does.
  const script: Action[] = [
    {
      minutes: 0,
      act: (h, now) =>
        startRun({
          playbook: h.playbook,
          runs: h.runs,
          now: at(now),
          actor: alice,
          inputs: ALL_KINDS_INPUTS,
          incident: h.incident,
        }),
    },
    tick(1),
    { minutes: 1, act: (h, now) => completeStep(env(h, now), 'briefing') },
    { minutes: 2, act: (h, now) => checkItem(env(h, now), 'triage', 0) },
    { minutes: 2, act: (h, now) => checkItem(env(h, now), 'triage', 1) },
    { minutes: 2, act: (h, now) => completeStep(env(h, now), 'triage') },
    { minutes: 2, act: (h, now) => verifyStep(env(h, now, bob), 'triage') },
    { minutes: 3, act: (h, now) => addEvidence(env(h, now, bob), 'evidence', 'audit_log', 'log', 'a.log') },
    { minutes: 3, act: (h, now) => completeStep(env(h, now, bob), 'evidence') },
    { minutes: 3, act: (h, now) => verifyStep(env(h, now), 'evidence') },
    { minutes: 4, act: (h, now) => decide(env(h, now), 'scope', 'confirmed') },
    tick(20),
    tick(40),
    { minutes: 40, act: (h, now) => approve(env(h, now, carol), 'contain_approval') },
    tick(41),
    { minutes: 41, act: (h, now) => completeStep(env(h, now, bob), 'disable_key') },
    { minutes: 41, act: (h, now) => subrunFinished(env(h, now), 'provider_case', 'RUN-2', 'finished') },
    tick(60),
    tick(90),
    tick(120),
    { minutes: 121, act: (h, now) => completeStep(env(h, now), 'wrap_up') },
  ];

  const uninterrupted = (() => {
    const h = new Harness(ALL_KINDS);
    for (const { minutes, act } of script) h.commit(act(h, minutes));
    return h;
  })();

  it('an uninterrupted run fires each timer once and finishes', () => {
    expect(uninterrupted.run.status).toBe('finished');
    const fired = uninterrupted.fired();
    expect(new Set(fired).size).toBe(fired.length);
    expect(fired.sort()).toEqual([
      'RUN-1/contain_approval#1/approval_timeout/0',
      'RUN-1/cool_down#1/remind/1',
      'RUN-1/cool_down#1/remind/2',
      'RUN-1/cool_down#1/remind/3',
      'RUN-1/cool_down#1/wait_end/0',
      'RUN-1/notify_all#1/ack/0',
    ]);
    expect(uninterrupted.effects.filter((e) => e.kind === 'escalate')).toHaveLength(2);
  });

  it('a crash at any entry, then a restart from the ledger, fires the same timers exactly once', () => {
    fc.assert(
      fc.property(fc.nat(script.length - 1), fc.nat(), (crashAt, cut) => {
        const before = new Harness(ALL_KINDS);
        script.slice(0, crashAt).forEach(({ minutes, act }) => before.commit(act(before, minutes)));
        const { minutes, act } = script[crashAt]!;
        const interrupted = act(before, minutes);
        const kept = cut % (interrupted.entries.length + 1);
        before.commit(interrupted, kept);

        // Restart: a fresh projection folded from the ledger, then the scheduler's `due`.
        const after = new Harness(ALL_KINDS);
        for (const entry of before.entries) after.commit({ entries: [entry], effects: [] });
        after.commit(after.dueResult(minutes));
        // An action whose first entry was never written did not happen: the person does it again.
        if (kept === 0) after.commit(act(after, minutes));
        script.slice(crashAt + 1).forEach((a) => after.commit(a.act(after, a.minutes)));

        const fired = after.fired();
        expect(new Set(fired).size).toBe(fired.length);
        expect([...fired].sort()).toEqual([...uninterrupted.fired()].sort());
        const sent = (h: Harness) =>
          h.entries.flatMap((e) => (e.type === 'playbook.notification_sent' ? [e.data.key] : []));
        expect(sent(after)).toEqual(sent(uninterrupted));
        expect(after.run.status).toBe('finished');
        const starts = (h: Harness) =>
          h.entries.flatMap((e) =>
            e.type === 'playbook.step_started' ? [`${e.data.step}@${e.data.at}`] : [],
          );
        expect(starts(after).sort()).toEqual(starts(uninterrupted).sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe('acknowledgements after the run has ended', () => {
  it('records an acknowledgement of a notification sent as the last step', () => {
    const h = new Harness(NOTIFY_LAST);
    h.commit(
      startRun({
        playbook: NOTIFY_LAST,
        runs: h.runs,
        now: at(0),
        actor: alice,
        inputs: {},
        incident: INCIDENT,
      }),
    );
    expect(h.run.status).toBe('finished');
    h.commit(acknowledge(h.env(5, bob), 'share', 0));
    expect(h.entries.filter((e) => e.type === 'playbook.acknowledged')).toHaveLength(1);
    expect(Object.values(h.run.notifications)[0]?.ackedBy).toBe('bob');
    // Once is enough: acknowledging again records nothing.
    expect(acknowledge(h.env(6, bob), 'share', 0).entries).toEqual([]);
  });
});

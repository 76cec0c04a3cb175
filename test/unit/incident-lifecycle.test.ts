// The incident lifecycle in the core: declaration, validated status changes with timestamps,
// roles, stakeholder updates and who may see and do what.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, PermissionError, UserInputError } from '../../src/core/errors.js';
import { responseTimes } from '../../src/core/incidents/response-times.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { openCore, type CoreFixture } from '../helpers/core-fixture.js';

let temp: ReturnType<typeof makeTempDir>;
let f: CoreFixture;
const MIN = 60_000;

beforeEach(async () => {
  temp = makeTempDir();
  f = await openCore(temp.path);
});
afterEach(async () => {
  await f.close();
  temp.cleanup();
});

const declarePortal = (by = 'sato') =>
  f.core.incidents.declare(f.person(by), { title: 'Portal exposed', severity: 2, services: ['portal'] });

describe('declaring', () => {
  it('numbers incidents INC-1, INC-2 … and starts them investigating with the reporter taking part', async () => {
    const first = await declarePortal();
    const second = await f.core.incidents.declare(f.person('suzuki'), {
      title: 'Mail delay',
      severity: 3,
      services: ['mail'],
    });
    expect(first.incident).toMatchObject({
      id: 'INC-1',
      status: 'investigating',
      severity: 2,
      services: ['portal'],
      reporter: 'sato',
    });
    expect(second.incident).toMatchObject({ id: 'INC-2', reporter: 'suzuki', participants: ['suzuki'] });
    expect(f.published.map((e) => (e.type === 'incident.changed' ? e.entry.type : e.type))).toEqual([
      'incident.declared',
      'incident.declared',
    ]);
  });

  it('gives concurrent declarations distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        f.core.incidents.declare(f.person('sato'), { title: `n${i}`, severity: 4, services: [] }),
      ),
    );
    expect(new Set(results.map((r) => r.incident.id)).size).toBe(10);
  });

  it('does not let a provider declare incidents', async () => {
    await expect(declarePortal('clark')).rejects.toBeInstanceOf(PermissionError);
  });

  it('masks secrets pasted into the title or summary before they reach the ledger', async () => {
    const result = await f.core.incidents.declare(f.person('sato'), {
      title: 'Leaked xoxb-1234567890-abcdefghij token',
      summary: 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY was in the repo',
      severity: 1,
      services: [],
    });
    expect(result.masked).toBe(2);
    const entries = await f.repository.entriesFor('INC-1');
    expect(JSON.stringify(entries)).not.toContain('xoxb-1234567890');
    expect(JSON.stringify(entries)).not.toContain('wJalrXUtnFEMI');
  });
});

describe('status changes', () => {
  it('allows investigating → contained → resolved → closed, and reopening, each timestamped', async () => {
    await declarePortal();
    const sato = f.person('sato');
    f.advance(5 * MIN);
    await f.core.incidents.assignRole(sato, 'INC-1', 'commander', sato);
    f.advance(10 * MIN);
    await f.core.incidents.transition(sato, 'INC-1', 'contained');
    f.advance(30 * MIN);
    await f.core.incidents.transition(sato, 'INC-1', 'resolved');
    let incident = f.core.incidents.get(sato, 'INC-1');
    expect(responseTimes(incident, f.core.now())).toEqual({
      toAcknowledgeMs: 5 * MIN,
      toContainMs: 15 * MIN,
      toResolveMs: 45 * MIN,
      openForMs: 45 * MIN,
    });
    await f.core.incidents.transition(sato, 'INC-1', 'closed');
    f.advance(60 * MIN);
    await f.core.incidents.transition(sato, 'INC-1', 'investigating', 'Defacement is back');
    incident = f.core.incidents.get(sato, 'INC-1');
    expect(incident.statusHistory.map((s) => s.status)).toEqual([
      'investigating',
      'contained',
      'resolved',
      'closed',
      'investigating',
    ]);
    expect(incident.statusHistory.at(-1)?.reason).toBe('Defacement is back');
    expect(incident.resolvedAt).toBeUndefined();
    expect(incident.containedAt).toBeDefined(); // the first containment still counts
  });

  it.each([
    ['closed', 'Resolve it before closing'],
    ['investigating', 'already investigating'],
  ] as const)('refuses investigating → %s and says what to do', async (to, advice) => {
    await declarePortal();
    const error = await f.core.incidents.transition(f.person('sato'), 'INC-1', to).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).userMessage.en).toContain(advice);
  });

  it('refuses to contain a resolved incident and points at reopen', async () => {
    await declarePortal();
    await f.core.incidents.transition(f.person('sato'), 'INC-1', 'resolved');
    await expect(f.core.incidents.transition(f.person('sato'), 'INC-1', 'contained')).rejects.toThrow(
      /Reopen it first/,
    );
  });

  it('accepts no changes on a closed incident except reopening', async () => {
    await declarePortal();
    await f.core.incidents.transition(f.person('sato'), 'INC-1', 'resolved');
    await f.core.incidents.transition(f.person('sato'), 'INC-1', 'closed');
    await expect(f.core.incidents.addNote(f.person('sato'), 'INC-1', 'late note', false)).rejects.toThrow(
      /is closed/,
    );
  });

  it("lets only the commander or the customer's accountable people close", async () => {
    await declarePortal();
    const [sato, takahashi, suzuki] = [f.person('sato'), f.person('takahashi'), f.person('suzuki')];
    await f.core.incidents.assignRole(sato, 'INC-1', 'liaison', suzuki);
    await f.core.incidents.transition(sato, 'INC-1', 'resolved');
    await expect(f.core.incidents.transition(suzuki, 'INC-1', 'closed')).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(f.core.incidents.transition(takahashi, 'INC-1', 'closed')).rejects.toThrow(
      /Ask one of: sato/,
    );
    await f.core.incidents.assignRole(sato, 'INC-1', 'commander', takahashi);
    const closed = await f.core.incidents.transition(takahashi, 'INC-1', 'closed');
    expect(closed.incident.status).toBe('closed');
  });

  it('lets the owner of an affected service close even without the accountable flag', async () => {
    await f.core.incidents.declare(f.person('sato'), {
      title: 'Mail delay',
      severity: 3,
      services: ['mail'],
    });
    await f.core.incidents.transition(f.person('sato'), 'INC-1', 'resolved');
    const closed = await f.core.incidents.transition(f.person('yamamoto'), 'INC-1', 'closed');
    expect(closed.incident.closedAt).toBeDefined();
  });
});

describe('parties see and act only within their share', () => {
  it('an SIer cannot see an incident until added, and never sees internal notes', async () => {
    await declarePortal();
    const [sato, suzuki] = [f.person('sato'), f.person('suzuki')];
    expect(f.core.incidents.list(suzuki)).toEqual([]);
    expect(() => f.core.incidents.get(suzuki, 'INC-1')).toThrow(PermissionError);
    await f.core.incidents.addNote(sato, 'INC-1', 'Council briefing at 9', true);
    await f.core.incidents.addNote(sato, 'INC-1', 'WAF rule added', false);
    await f.core.incidents.invite(sato, 'INC-1', suzuki);
    expect(f.core.incidents.list(suzuki).map((i) => i.id)).toEqual(['INC-1']);
    const seen = await f.core.incidents.timeline(suzuki, 'INC-1');
    expect(seen.map((e) => (e.data as { text?: string }).text).filter(Boolean)).toEqual(['WAF rule added']);
    const all = await f.core.incidents.timeline(sato, 'INC-1');
    expect(all.some((e) => e.visibility === 'internal')).toBe(true);
  });

  it('an SIer cannot write internal notes or add people of another party, but can add colleagues', async () => {
    await declarePortal();
    const [sato, suzuki] = [f.person('sato'), f.person('suzuki')];
    await f.core.incidents.invite(sato, 'INC-1', suzuki);
    await expect(f.core.incidents.addNote(suzuki, 'INC-1', 'x', true)).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(f.core.incidents.invite(suzuki, 'INC-1', f.person('clark'))).rejects.toBeInstanceOf(
      PermissionError,
    );
    await f.core.incidents.invite(suzuki, 'INC-1', f.person('tanaka'));
    expect(f.core.incidents.get(sato, 'INC-1').participants).toContain('tanaka');
  });

  it('anyone taking part may take a vacant role, but only the customer or the commander assigns others', async () => {
    await declarePortal();
    const [sato, suzuki, tanaka] = [f.person('sato'), f.person('suzuki'), f.person('tanaka')];
    await f.core.incidents.invite(sato, 'INC-1', suzuki);
    await expect(f.core.incidents.assignRole(suzuki, 'INC-1', 'scribe', tanaka)).rejects.toBeInstanceOf(
      PermissionError,
    );
    await f.core.incidents.assignRole(suzuki, 'INC-1', 'scribe', suzuki);
    await f.core.incidents.assignRole(suzuki, 'INC-1', 'liaison', suzuki);
    const incident = f.core.incidents.get(sato, 'INC-1');
    expect(incident.roles).toMatchObject({ scribe: 'suzuki', liaisons: { hikari: 'suzuki' } });
    await f.core.incidents.unassignRole(suzuki, 'INC-1', 'scribe', suzuki);
    expect(f.core.incidents.get(sato, 'INC-1').roles.scribe).toBeUndefined();
  });

  it('says clearly when an incident does not exist', () => {
    expect(() => f.core.incidents.get(f.person('sato'), 'INC-42')).toThrow(NotFoundError);
  });
});

describe('stakeholder updates', () => {
  it('numbers updates and schedules the next one by severity unless told otherwise', async () => {
    await declarePortal();
    const sato = f.person('sato');
    const first = await f.core.incidents.postUpdate(sato, 'INC-1', 'Investigating');
    expect(first.entry.data).toMatchObject({ number: 1, status: 'investigating', severity: 2 });
    expect(first.incident.nextUpdateDue).toBe(new Date(f.core.now().getTime() + 60 * MIN).toISOString());
    const second = await f.core.incidents.postUpdate(sato, 'INC-1', 'Contained soon', 15 * MIN);
    expect(second.incident.updateCount).toBe(2);
    expect(second.incident.nextUpdateDue).toBe(new Date(f.core.now().getTime() + 15 * MIN).toISOString());
    await f.core.incidents.transition(sato, 'INC-1', 'resolved');
    const last = await f.core.incidents.postUpdate(sato, 'INC-1', 'Resolved');
    expect(last.incident.nextUpdateDue).toBeUndefined();
  });
});

describe('persistence', () => {
  it('has every incident, role and timeline entry after the store is reopened', async () => {
    await declarePortal();
    const sato = f.person('sato');
    await f.core.incidents.assignRole(sato, 'INC-1', 'commander', sato);
    await f.core.incidents.linkChannel(sato, 'INC-1', 'console', '#inc-1');
    await f.close();
    f = await openCore(temp.path);
    const incident = f.core.incidents.get(sato, 'INC-1');
    expect(incident.roles.commander).toBe('sato');
    expect(f.core.incidents.incidentForChannel('console', '#inc-1')).toBe('INC-1');
    expect((await f.core.incidents.timeline(sato, 'INC-1')).length).toBe(3);
    expect((await declarePortal()).incident.id).toBe('INC-2');
  });
});

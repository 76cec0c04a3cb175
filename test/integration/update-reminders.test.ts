// Overdue stakeholder updates: the commander and the communications lead are reminded when the
// update falls due and then every cadence of the severity, until an update is posted or the
// incident is resolved; each reminder is recorded in the ledger once, so a restart never repeats one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../src/core/domain-events.js';
import { IncidentRooms } from '../../src/core/rooms/incident-rooms.js';
import { UpdateReminders } from '../../src/jobs/update-reminders.js';
import { openCore, type CoreFixture } from '../helpers/core-fixture.js';
import { RecordingSpace } from '../helpers/recording-space.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MIN = 60_000;
const START = new Date('2026-11-22T13:00:00Z');

let temp: ReturnType<typeof makeTempDir>;
let f: CoreFixture;
beforeEach(async () => {
  temp = makeTempDir();
  f = await openCore(temp.path, START);
});
afterEach(async () => {
  await f.close();
  temp.cleanup();
});

const at = (minutes: number): string => new Date(START.getTime() + minutes * MIN).toISOString();

function reminders(): { due: string; n: number }[] {
  return f.published
    .filter(
      (e): e is Extract<DomainEvent, { type: 'incident.update_due' }> => e.type === 'incident.update_due',
    )
    .map(({ due, n }) => ({ due, n }));
}

/** The bot starting: the job's catch-up tick, then it stops again. */
async function startAndStop(): Promise<void> {
  const job = new UpdateReminders(f.core.incidents, f.core.events, silentLogger, () => f.core.now());
  await job.start();
  await job.stop();
}

async function declareSev(severity: 1 | 2 | 3 | 4): Promise<string> {
  const sato = f.person('sato');
  const { incident } = await f.core.incidents.declare(sato, {
    title: 'Portal down',
    severity,
    services: ['portal'],
    commander: sato,
  });
  return incident.id;
}

describe('update reminders', () => {
  it('declaring sets the first update due by the severity (SEV1: 30 minutes)', async () => {
    const id = await declareSev(1);
    expect(f.core.incidents.lookup(id)!.nextUpdateDue).toBe(at(30));
  });

  it('reminds when the update falls due, then a cadence after the last reminder, each once', async () => {
    const id = await declareSev(1);
    f.advance(29 * MIN);
    await startAndStop();
    expect(reminders()).toEqual([]);

    f.advance(2 * MIN);
    await startAndStop();
    expect(reminders()).toEqual([{ due: at(30), n: 1 }]);
    // A restart right after: reminder 1 is recorded, nothing is repeated.
    await startAndStop();
    expect(reminders()).toHaveLength(1);

    f.advance(30 * MIN);
    await startAndStop();
    expect(reminders()).toEqual([
      { due: at(30), n: 1 },
      { due: at(30), n: 2 },
    ]);
    const entries = await f.repository.entriesFor(id);
    expect(entries.filter((e) => e.type === 'incident.update_reminded').map((e) => e.data)).toEqual([
      { due: at(30), n: 1 },
      { due: at(30), n: 2 },
    ]);
    // Reminders are not activity on the incident.
    expect(f.core.incidents.lookup(id)!.lastActivityAt).toBe(START.toISOString());
  });

  it('sends one reminder after a long downtime, not one for every interval missed', async () => {
    await declareSev(1);
    f.advance(5 * 60 * MIN);
    await startAndStop();
    await startAndStop();
    expect(reminders()).toEqual([{ due: at(30), n: 1 }]);
  });

  it('stops when an update is posted, and starts again for the new due time', async () => {
    const id = await declareSev(1);
    f.advance(31 * MIN);
    await startAndStop();
    await f.core.incidents.postUpdate(f.person('sato'), id, 'WAF rule applied', 10 * MIN);
    await startAndStop();
    expect(reminders()).toHaveLength(1);
    f.advance(11 * MIN);
    await startAndStop();
    expect(reminders()).toEqual([
      { due: at(30), n: 1 },
      { due: at(41), n: 1 },
    ]);
  });

  it('brings the update forward when the severity is raised to a faster cadence, never back', async () => {
    const id = await declareSev(3);
    expect(f.core.incidents.lookup(id)!.nextUpdateDue).toBe(at(240));
    f.advance(10 * MIN);
    await f.core.incidents.setSeverity(f.person('sato'), id, 1);
    expect(f.core.incidents.lookup(id)!.nextUpdateDue).toBe(at(40));
    await f.core.incidents.setSeverity(f.person('sato'), id, 4);
    expect(f.core.incidents.lookup(id)!.nextUpdateDue).toBe(at(40));
  });

  it('does not remind about a resolved incident; a reopened one is due again', async () => {
    const id = await declareSev(2);
    await f.core.incidents.transition(f.person('sato'), id, 'resolved');
    f.advance(2 * 60 * MIN);
    await startAndStop();
    expect(reminders()).toEqual([]);
    await f.core.incidents.transition(f.person('sato'), id, 'investigating', 'it came back');
    expect(f.core.incidents.lookup(id)!.nextUpdateDue).toBe(at(180));
  });

  it('re-arms when an incident changes, and fires by itself once the update is overdue', async () => {
    const id = await declareSev(1);
    const job = new UpdateReminders(f.core.incidents, f.core.events, silentLogger, () => f.core.now());
    await job.start();
    try {
      f.advance(31 * MIN);
      // Any change re-arms the job against the (moved) clock.
      await f.core.incidents.addNote(f.person('sato'), id, 'still looking', false);
      await vi.waitFor(() => expect(reminders()).toEqual([{ due: at(30), n: 1 }]));
    } finally {
      await job.stop();
    }
  });

  it("posts the reminder in the incident's room, naming the commander and the communications lead", async () => {
    const slack = new RecordingSpace('slack');
    const rooms = new IncidentRooms(f.core, [slack], silentLogger);
    await rooms.start();
    try {
      const id = await declareSev(1);
      await f.core.incidents.assignRole(f.person('sato'), id, 'communications', f.person('ito'));
      await vi.waitFor(() => expect(f.core.incidents.lookup(id)!.channels).toHaveLength(1));
      f.advance(45 * MIN);
      await startAndStop();
      await vi.waitFor(() =>
        expect(slack.messages.filter((p) => p.reply.summary.includes('⏰'))).toHaveLength(1),
      );
      const text = JSON.stringify(slack.messages.find((p) => p.reply.summary.includes('⏰'))!.reply);
      expect(text).toContain('15分 遅れています');
      expect(text).toContain('@佐藤 花子（つばき市）');
      expect(text).toContain('@伊藤 美咲（つばき市）');
      expect(text).toContain(`/incident update ${id}`);
    } finally {
      rooms.stop();
    }
  });
});

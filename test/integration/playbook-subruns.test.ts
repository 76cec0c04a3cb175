// Sub-playbooks end to end through the run service and a real ledger on disk: a subplaybook step
// starts its child run (same incident, rendered inputs); the child's end moves the parent on, or,
// when aborted, leaves the step to a person; and a crash between the two sides is repaired by the
// next tick after a restart, once.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as engine from '../../src/core/playbooks/engine/engine.js';
import type { RunEntry } from '../../src/core/playbooks/engine/run-events.js';
import { runProjection } from '../../src/core/playbooks/engine/run-projection.js';
import type { PlaybookRunService } from '../../src/core/playbooks/playbook-run-service.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { openPlaybookWorld, type PlaybookWorld } from '../helpers/playbook-world.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'subruns');
const clock = (): Date => new Date('2026-11-22T13:00:00Z');

let temp: ReturnType<typeof makeTempDir>;
let world: PlaybookWorld | undefined;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  await world?.close();
  world = undefined;
  temp.cleanup();
});

async function open(): Promise<PlaybookWorld> {
  await world?.close();
  world = await openPlaybookWorld(temp.path, [FIXTURES], clock);
  return world;
}

/** INC-1 with Sato as commander and Takahashi taking part (both hold `responder`). */
async function declare(w: PlaybookWorld): Promise<void> {
  const sato = w.person('sato');
  await w.incidents.declare(sato, { title: 'Key leak', severity: 2, services: ['portal'], commander: sato });
  await w.incidents.invite(sato, 'INC-1', w.person('takahashi'));
}

/** Starts RUN-1 of the parent and finishes its first step, which reaches the subplaybook step. */
async function toSubplaybook(w: PlaybookWorld) {
  await declare(w);
  await w.runs.start(w.person('sato'), 'subrun-parent', { incident: 'INC-1', inputs: ['principal=admin'] });
  return w.runs.complete(w.person('takahashi'), 'RUN-1', 'prepare');
}

/** Commits engine entries straight to the ledger, as the service does, without anything after them. */
async function commitOnly(w: PlaybookWorld, entries: readonly RunEntry[]): Promise<void> {
  for (const entry of entries) {
    await w.repository.commit({
      type: entry.type,
      subject: entry.subject,
      ...(entry.actor ? { actor: entry.actor } : {}),
      data: entry.data,
    });
  }
}

const childrenOf = async (w: PlaybookWorld, step: string) =>
  (await w.entries()).filter(
    (e) => e.type === 'playbook.run_started' && (e.data['parent'] as { step?: string })?.step === step,
  );

const subrunFinished = async (w: PlaybookWorld) =>
  (await w.entries()).filter((e) => e.type === 'playbook.subrun_finished');

const activeOf = (runs: PlaybookRunService, id: string) => runs.lookup(id)?.active;

describe('sub-playbooks', () => {
  it('a subplaybook step starts its child run with the incident and the rendered inputs', async () => {
    const w = await open();
    const result = await toSubplaybook(w);
    const child = w.run('RUN-2');
    expect(child).toMatchObject({
      playbook: 'subrun-child',
      incident: 'INC-1',
      inputs: { principal: 'admin', urgent: true, note: 'for INC-1' },
      parent: { run: 'RUN-1', step: 'call_child', attempt: 1 },
      status: 'running',
      active: ['open_case'],
    });
    // Started by the system on behalf of whoever moved the parent there.
    const [started] = await childrenOf(w, 'call_child');
    expect(started?.actor).toMatchObject({ person: 'takahashi' });
    // The reply names the child run, and shows the child's first step too.
    expect(result.effects).toContainEqual(
      expect.objectContaining({ kind: 'start-subplaybook', step: 'call_child', subrun: 'RUN-2' }),
    );
    expect(result.followUps?.map((r) => r.run.id)).toEqual(['RUN-2']);
    expect(result.followUps?.[0]?.effects).toContainEqual(
      expect.objectContaining({ kind: 'prompt', run: 'RUN-2', step: 'open_case' }),
    );
    // Each run's effects are announced for its incident rooms.
    const announced = w.published.flatMap((e) => (e.type === 'playbook.effects' ? [e.runId] : []));
    expect(announced).toContain('RUN-2');
  });

  it("the child's finish moves the parent on", async () => {
    const w = await open();
    await toSubplaybook(w);
    const result = await w.runs.complete(w.person('sato'), 'RUN-2', 'open_case');
    expect(w.run('RUN-2').status).toBe('finished');
    expect(activeOf(w.runs, 'RUN-1')).toEqual(['after']);
    expect(await subrunFinished(w)).toEqual([
      expect.objectContaining({
        subject: 'RUN-1',
        data: expect.objectContaining({
          step: 'call_child',
          subrun: 'RUN-2',
          outcome: 'finished',
        }) as unknown,
      }),
    ]);
    // The person who finished the child sees the parent's next step in the same reply.
    expect(result.followUps?.[0]?.effects).toContainEqual(
      expect.objectContaining({ kind: 'prompt', run: 'RUN-1', step: 'after' }),
    );
    await w.runs.complete(w.person('sato'), 'RUN-1', 'after');
    expect(w.run('RUN-1').status).toBe('finished');
  });

  it("an aborted child leaves the parent's step to a person", async () => {
    const w = await open();
    await toSubplaybook(w);
    const result = await w.runs.abort(w.person('sato'), 'RUN-2', 'wrong provider');
    expect(w.run('RUN-2').status).toBe('aborted');
    expect(activeOf(w.runs, 'RUN-1')).toEqual(['call_child']);
    expect(w.run('RUN-1').steps['call_child']).toMatchObject({
      status: 'active',
      subrun: { run: 'RUN-2', outcome: 'aborted' },
    });
    expect(result.followUps?.[0]?.effects).toEqual([{ kind: 'prompt', run: 'RUN-1', step: 'call_child' }]);
    // Recorded once: the timer's tick neither repeats it nor starts another child.
    await w.runs.tick();
    expect(await subrunFinished(w)).toHaveLength(1);
    expect(await childrenOf(w, 'call_child')).toHaveLength(1);
    // A person skips the step, and the parent goes on.
    await w.runs.skip(w.person('sato'), 'RUN-1', 'call_child', 'contacted the provider by phone');
    expect(activeOf(w.runs, 'RUN-1')).toEqual(['after']);
  });

  it('a child that cannot start leaves the step waiting, and says why', async () => {
    const w = await open();
    await declare(w);
    const result = await w.runs.start(w.person('sato'), 'subrun-bad-inputs', { incident: 'INC-1' });
    expect(result.effects).toContainEqual(
      expect.objectContaining({
        kind: 'start-subplaybook',
        problem: expect.objectContaining({ en: expect.stringContaining('principal') as unknown }) as unknown,
      }),
    );
    expect(w.runs.lookup('RUN-2')).toBeUndefined();
    expect(activeOf(w.runs, 'RUN-1')).toEqual(['call_child']);
  });

  it("a crash between the parent's step and the child's start: the next tick starts the child, once", async () => {
    let w = await open();
    await declare(w);
    const parent = w.catalog.require('subrun-parent');
    const started = engine.startRun({
      playbook: parent,
      runs: w.repository.state(runProjection),
      now: clock(),
      actor: { person: 'sato', party: 'city' },
      inputs: { principal: 'admin' },
      incident: { id: 'INC-1' },
    });
    await commitOnly(w, started.entries);
    const done = engine.completeStep(
      { playbook: parent, run: w.run('RUN-1'), now: clock(), actor: { person: 'sato', party: 'city' } },
      'prepare',
    );
    // The parent's entries are on disk (call_child started); the bot stops before the child starts.
    await commitOnly(w, done.entries);
    expect(activeOf(w.runs, 'RUN-1')).toEqual(['call_child']);
    expect(w.runs.lookup('RUN-2')).toBeUndefined();

    w = await open(); // restart
    await w.runs.tick();
    expect(w.run('RUN-2')).toMatchObject({
      parent: { run: 'RUN-1', step: 'call_child', attempt: 1 },
      inputs: { principal: 'admin', urgent: true, note: 'for INC-1' },
      incident: 'INC-1',
    });
    // Started by the system: the timer has no person.
    const [child] = await childrenOf(w, 'call_child');
    expect(child?.actor).toBeUndefined();
    await w.runs.tick();
    w = await open(); // and once more after another restart
    await w.runs.tick();
    expect(await childrenOf(w, 'call_child')).toHaveLength(1);
  });

  it("a crash between the child's end and the parent's record: the next tick moves the parent on, once", async () => {
    let w = await open();
    await toSubplaybook(w);
    const child = w.catalog.require('subrun-child');
    const finished = engine.completeStep(
      { playbook: child, run: w.run('RUN-2'), now: clock(), actor: { person: 'sato', party: 'city' } },
      'open_case',
    );
    // The child's end is on disk; the bot stops before the parent hears of it.
    await commitOnly(w, finished.entries);
    expect(w.run('RUN-2').status).toBe('finished');
    expect(activeOf(w.runs, 'RUN-1')).toEqual(['call_child']);

    w = await open(); // restart
    await w.runs.tick();
    expect(activeOf(w.runs, 'RUN-1')).toEqual(['after']);
    await w.runs.tick();
    w = await open();
    await w.runs.tick();
    expect(await subrunFinished(w)).toHaveLength(1);
    expect(await childrenOf(w, 'call_child')).toHaveLength(1);
  });

  it('concurrent actions and ticks never start two children for one step', async () => {
    const w = await open();
    await declare(w);
    await w.runs.start(w.person('sato'), 'subrun-parent', { incident: 'INC-1', inputs: ['principal=admin'] });
    await Promise.all([
      w.runs.complete(w.person('takahashi'), 'RUN-1', 'prepare'),
      w.runs.tick(),
      w.runs.tick(),
    ]);
    await w.runs.tick();
    expect(await childrenOf(w, 'call_child')).toHaveLength(1);
    // Run numbers stay unique when a person starts another run meanwhile.
    await Promise.all([
      w.runs.start(w.person('sato'), 'subrun-child', { incident: 'INC-1', inputs: ['principal=x'] }),
      w.runs.start(w.person('sato'), 'subrun-child', { incident: 'INC-1', inputs: ['principal=y'] }),
    ]);
    const numbers = (await w.entries())
      .filter((e) => e.type === 'playbook.run_started')
      .map((e) => e.subject);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toHaveLength(4);
  });
});

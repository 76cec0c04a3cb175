// Assignees are enforced for the work of a step (tick, finish, decide, add evidence), through the run
// service with the example organisation: only the people holding the step's role may act, the
// incident commander may act on their behalf (recorded as such), and a role nobody holds leaves the
// step to anyone taking part, which the step card says.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermissionError } from '../../src/core/errors.js';
import { ViewContext } from '../../src/core/views/view-context.js';
import { runCard } from '../../src/core/views/playbook-run-views.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { exampleDirectory } from '../helpers/core-fixture.js';
import { openPlaybookWorld, type PlaybookWorld } from '../helpers/playbook-world.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'assignees');
const clock = (): Date => new Date('2026-11-22T13:00:00Z');

let temp: ReturnType<typeof makeTempDir>;
let world: PlaybookWorld;
beforeEach(async () => {
  temp = makeTempDir();
  world = await openPlaybookWorld(temp.path, [FIXTURES], clock);
  // INC-1 on the portal (its SIer is Hikari): Sato commands; Takahashi (city) and Suzuki (Hikari) take part.
  const sato = world.person('sato');
  await world.incidents.declare(sato, {
    title: 'Key leak',
    severity: 2,
    services: ['portal'],
    commander: sato,
  });
  await world.incidents.invite(sato, 'INC-1', world.person('takahashi'));
  await world.incidents.invite(sato, 'INC-1', world.person('suzuki'));
  await world.runs.start(sato, 'assigned-steps', { incident: 'INC-1' });
});
afterEach(async () => {
  await world.close();
  temp.cleanup();
});

const as = (id: string) => world.person(id);

async function refusal(action: Promise<unknown>): Promise<PermissionError> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PermissionError);
  return error as PermissionError;
}

async function entry(type: string, step: string) {
  return (await world.entries()).find((e) => e.type === type && e.data['step'] === step);
}

describe('assignees', () => {
  it('someone not holding the role is refused, with who may do it and how to go on', async () => {
    // triage is for csirt, a customer role: the SIer's operator does not hold it.
    const error = await refusal(world.runs.checkItem(as('suzuki'), 'RUN-1', 'triage', 1));
    expect(error.userMessage.en).toContain('step "triage" is assigned to CSIRT (Hanako Sato, Ken Takahashi)');
    expect(error.userMessage.en).toContain('ask them to do it');
    expect(error.userMessage.ja).toContain('手順「triage」の担当は CSIRT（佐藤 花子、高橋 健）です');
    expect(world.run('RUN-1').steps['triage']?.checked).toEqual([]);

    await world.runs.checkItem(as('takahashi'), 'RUN-1', 'triage', 1);
    await world.runs.complete(as('takahashi'), 'RUN-1', 'triage');
    // preserve is for the SIer's operators: a customer who is not the commander may not add evidence.
    const evidence = await refusal(
      world.runs.addEvidence(as('takahashi'), 'RUN-1', 'preserve', 'findings', 'x'),
    );
    expect(evidence.userMessage.en).toContain('assigned to SIer operator (Ichiro Suzuki)');
    // Sato commands the incident and does not hold sier_ops, so she is the way round.
    expect(evidence.userMessage.en).toContain(
      'The incident commander (Hanako Sato) can also do it on their behalf',
    );
    expect(evidence.userMessage.ja).toContain(
      'インシデントの対応責任者（佐藤 花子）も担当に代わって実施できます',
    );
  });

  it('a holder of the role does the work, recorded without on_behalf', async () => {
    await world.runs.checkItem(as('takahashi'), 'RUN-1', 'triage', 1);
    await world.runs.complete(as('takahashi'), 'RUN-1', 'triage');
    await world.runs.addEvidence(as('suzuki'), 'RUN-1', 'preserve', 'findings', 'Key used from 203.0.113.5');
    expect((await entry('playbook.item_checked', 'triage'))?.data).toEqual({
      step: 'triage',
      item: 0,
      by: 'takahashi',
    });
    expect((await entry('playbook.evidence_added', 'preserve'))?.data['on_behalf']).toBeUndefined();
    expect(world.run('RUN-1').active).toEqual(['preserve']);
  });

  it('the incident commander may act on any step, recorded as on behalf of its assignee', async () => {
    await world.runs.checkItem(as('takahashi'), 'RUN-1', 'triage', 1);
    await world.runs.complete(as('takahashi'), 'RUN-1', 'triage');
    await world.runs.addEvidence(as('suzuki'), 'RUN-1', 'preserve', 'findings', 'Key used from 203.0.113.5');
    // Sato holds no sier_ops role, but commands the incident.
    await world.runs.complete(as('sato'), 'RUN-1', 'preserve');
    await world.runs.decide(as('sato'), 'RUN-1', 'scope', 'stopped');
    expect((await entry('playbook.step_done', 'preserve'))?.data).toMatchObject({
      by: 'sato',
      on_behalf: true,
    });
    expect((await entry('playbook.decision_made', 'scope'))?.data).toMatchObject({
      by: 'sato',
      value: 'stopped',
      on_behalf: true,
    });
    expect(world.run('RUN-1').active).toEqual(['notes']);
  });

  it('a role nobody holds leaves the step to anyone taking part, and the step card says it is unassigned', async () => {
    await world.runs.checkItem(as('takahashi'), 'RUN-1', 'triage', 1);
    await world.runs.complete(as('takahashi'), 'RUN-1', 'triage');
    await world.runs.addEvidence(as('suzuki'), 'RUN-1', 'preserve', 'findings', 'Key used from 203.0.113.5');
    await world.runs.complete(as('suzuki'), 'RUN-1', 'preserve');
    await world.runs.decide(as('suzuki'), 'RUN-1', 'scope', 'continuing');
    // notes is for the scribe, an incident role nobody holds in INC-1.
    const run = world.run('RUN-1');
    const card = runCard(
      new ViewContext('en', exampleDirectory(), 'Asia/Tokyo', clock()),
      run,
      world.runs.playbookOf(run),
      world.runs.holdersOf(run),
    );
    expect(JSON.stringify(card.blocks)).toContain('Scribe: unassigned (anyone taking part may do it)');
    await world.runs.complete(as('suzuki'), 'RUN-1', 'notes');
    expect((await entry('playbook.step_done', 'notes'))?.data).toEqual({
      step: 'notes',
      by: 'suzuki',
      next: [{ step: 'end' }],
    });
    expect(world.run('RUN-1').status).toBe('finished');
  });
});

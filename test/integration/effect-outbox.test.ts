// Playbook effects survive a crash: they are committed with the run's entries (the outbox in the
// ledger), delivered at the next start when nothing delivered them, and recorded as delivered so no
// later start posts them again. Real files in a temp dir; the chat platforms are in-memory ports.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/core/core.js';
import { DomainEvents } from '../../src/core/domain-events.js';
import { incidentProjection } from '../../src/core/incidents/incident-projection.js';
import { IncidentService } from '../../src/core/incidents/incident-service.js';
import type { RunEventData } from '../../src/core/playbooks/engine/run-events.js';
import { runProjection } from '../../src/core/playbooks/engine/run-projection.js';
import { loadPlaybookCatalog } from '../../src/core/playbooks/load-playbooks.js';
import { PlaybookRunService } from '../../src/core/playbooks/playbook-run-service.js';
import type { ChatSpace } from '../../src/core/rooms/chat-space.js';
import { EffectOutbox } from '../../src/core/rooms/effect-outbox.js';
import { IncidentRooms } from '../../src/core/rooms/incident-rooms.js';
import { FileRepository } from '../../src/store/file-repository.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { exampleDirectory } from '../helpers/core-fixture.js';
import { RecordingSpace } from '../helpers/recording-space.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const PLAYBOOKS = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'delivery');
const START = Date.parse('2026-11-22T13:00:00Z');
const HOUR = 60 * 60 * 1000;

interface Bot {
  readonly core: Core;
  readonly outbox: EffectOutbox;
  readonly rooms?: IncidentRooms;
  close(): Promise<void>;
}

let temp: ReturnType<typeof makeTempDir>;
let clock: number;
beforeEach(() => {
  temp = makeTempDir();
  clock = START;
});
afterEach(() => temp.cleanup());

/** The bot's storage and core over the temp dir; with spaces, the incident rooms started on them. */
async function startBot(spaces: readonly ChatSpace[] = []): Promise<Bot> {
  const now = (): Date => new Date(clock);
  const directory = exampleDirectory();
  const repository = await FileRepository.open({
    dataDir: temp.path,
    projections: [incidentProjection, runProjection],
    logger: silentLogger,
    now,
  });
  const events = new DomainEvents((error) => {
    throw error;
  });
  const incidents = new IncidentService(repository, directory, events, now);
  const playbooks = loadPlaybookCatalog([PLAYBOOKS]);
  const playbookRuns = new PlaybookRunService(repository, directory, playbooks, incidents, events, now);
  const core: Core = {
    directory,
    incidents,
    events,
    playbooks,
    playbookRuns,
    defaultLocale: 'en',
    timeZone: 'Asia/Tokyo',
    now,
  };
  const outbox = new EffectOutbox(repository);
  const rooms = spaces.length > 0 ? new IncidentRooms(core, spaces, silentLogger, outbox) : undefined;
  await rooms?.start();
  return {
    core,
    outbox,
    ...(rooms ? { rooms } : {}),
    close: async () => {
      rooms?.stop();
      await repository.close();
    },
  };
}

/** An incident with its Slack room (and a Teams one), and a run of the playbook, as if before a crash. */
async function runWithoutDelivery(options: { teams?: boolean } = {}): Promise<void> {
  const bot = await startBot();
  const sato = bot.core.directory.person('sato')!;
  const { incident } = await bot.core.incidents.declare(sato, {
    title: 'Portal defaced',
    severity: 2,
    services: ['portal'],
  });
  await bot.core.incidents.linkChannel(sato, incident.id, 'slack', 'C-ROOM');
  if (options.teams) await bot.core.incidents.linkChannel(sato, incident.id, 'teams', '19:room@thread.tacv2');
  await bot.core.playbookRuns!.start(sato, 'notify-provider', { incident: incident.id });
  expect(bot.outbox.pending()).toHaveLength(1);
  await bot.close();
}

async function deliveries(bot: Bot): Promise<RunEventData['playbook.effects_delivered'][]> {
  const entries = await (
    bot.core.playbookRuns as unknown as { repository: FileRepository }
  ).repository.entriesFor('RUN-1');
  return entries
    .filter((e) => e.type === 'playbook.effects_delivered')
    .map((e) => e.data as RunEventData['playbook.effects_delivered']);
}

const summaries = (posts: readonly { reply: { summary: string } }[]): string[] =>
  posts.map((p) => p.reply.summary);

describe('the playbook effects outbox', () => {
  it('delivers effects a crash left undelivered once at the next start, and never again', async () => {
    await runWithoutDelivery();

    const slack = new RecordingSpace('slack');
    const second = await startBot([slack]);
    // The provider's notice went to the provider's person directly, and into the room, which only
    // the customer reads; the step card into the room.
    expect(slack.directs.map((d) => d.person)).toEqual(['clark']);
    expect(slack.directs[0]!.reply.blocks).toContainEqual(
      expect.objectContaining({ text: expect.stringContaining('[Notice] INC-1') }),
    );
    expect(slack.messages.map((p) => p.channel)).toEqual(['C-ROOM', 'C-ROOM', 'C-ROOM']);
    expect(summaries(slack.messages).join('\n')).toContain('next step brief');
    expect(summaries(slack.messages).join('\n')).toContain('the provider');
    // Nobody holds the SIer role yet: its notice fell back to the room, which only the customer reads.
    expect(summaries(slack.messages).join('\n')).toContain('SIer operator');
    expect(second.outbox.pending()).toEqual([]);
    const recorded = await deliveries(second);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.routes).toEqual(
      expect.arrayContaining([
        { platform: 'slack', person: 'clark', effects: [0] },
        { platform: 'slack', channel: 'C-ROOM', effects: [0, 1, 2] },
      ]),
    );
    await second.close();

    const again = new RecordingSpace('slack');
    const third = await startBot([again]);
    expect(again.messages).toEqual([]);
    expect(again.directs).toEqual([]);
    expect(await deliveries(third)).toHaveLength(1);
    await third.close();
  });

  it('records what it delivers as it happens, so a restart posts nothing', async () => {
    const slack = new RecordingSpace('slack');
    const first = await startBot([slack]);
    const sato = first.core.directory.person('sato')!;
    const { incident } = await first.core.incidents.declare(sato, {
      title: 'Portal defaced',
      severity: 2,
      services: ['portal'],
    });
    await vi.waitFor(() => expect(first.core.incidents.lookup(incident.id)!.channels).toHaveLength(1));
    await first.core.playbookRuns!.start(sato, 'notify-provider', { incident: incident.id });
    await vi.waitFor(() => expect(first.outbox.pending()).toEqual([]));
    expect(slack.directs.map((d) => d.person)).toEqual(['clark']);
    expect(summaries(slack.messages).join('\n')).toContain('next step brief');
    await first.close();

    const again = new RecordingSpace('slack');
    const second = await startBot([again]);
    expect(again.messages).toEqual([]);
    expect(again.directs).toEqual([]);
    await second.close();
  });

  it('sends what is addressed to the customer by direct message when the room is shared', async () => {
    const bot = await startBot();
    const sato = bot.core.directory.person('sato')!;
    const { incident } = await bot.core.incidents.declare(sato, {
      title: 'Portal defaced',
      severity: 2,
      services: ['portal'],
      commander: sato,
    });
    await bot.core.incidents.linkChannel(sato, incident.id, 'slack', 'C-CONNECT');
    await bot.core.playbookRuns!.start(sato, 'notify-provider', { incident: incident.id });
    await bot.close();

    const slack = new RecordingSpace('slack');
    slack.sharedChannels.add('C-CONNECT');
    const second = await startBot([slack]);
    // The commander's step card to the commander, the provider's notice to the provider; nothing
    // in the shared room (the SIer's notice, with nobody to send it to, is not posted there either).
    expect(slack.directs.map((d) => d.person).sort()).toEqual(['clark', 'sato']);
    expect(slack.messages).toEqual([]);
    expect(second.outbox.pending()).toEqual([]);
    await second.close();
  });

  it('records effects older than a day as stale instead of posting them', async () => {
    await runWithoutDelivery();
    clock += 25 * HOUR;
    const slack = new RecordingSpace('slack');
    const bot = await startBot([slack]);
    expect(slack.messages).toEqual([]);
    expect(slack.directs).toEqual([]);
    expect(await deliveries(bot)).toEqual([expect.objectContaining({ routes: [], stale: true })]);
    expect(bot.outbox.pending()).toEqual([]);
    await bot.close();
  });

  it('tries a platform that failed again at the next start, and only that one', async () => {
    await runWithoutDelivery({ teams: true });

    const slack = new RecordingSpace('slack');
    const teams = new RecordingSpace('teams');
    teams.down = true;
    const second = await startBot([slack, teams]);
    expect(summaries(slack.messages).join('\n')).toContain('next step brief');
    expect(second.outbox.pending()).toEqual([expect.objectContaining({ platforms: ['teams'] })]);
    await second.close();

    const slackAgain = new RecordingSpace('slack');
    const teamsBack = new RecordingSpace('teams');
    const third = await startBot([slackAgain, teamsBack]);
    expect(slackAgain.messages).toEqual([]);
    expect(slackAgain.directs).toEqual([]);
    expect(teamsBack.messages.map((p) => p.channel)).toContain('19:room@thread.tacv2');
    expect(summaries(teamsBack.messages).join('\n')).toContain('next step brief');
    expect(third.outbox.pending()).toEqual([]);
    await third.close();
  });

  it('keeps the effects when every platform is down, and delivers them once one is back', async () => {
    await runWithoutDelivery();
    const down = new RecordingSpace('slack');
    down.down = true;
    const second = await startBot([down]);
    expect(second.outbox.pending()).toHaveLength(1);
    await second.close();

    const slack = new RecordingSpace('slack');
    const third = await startBot([slack]);
    expect(slack.directs.map((d) => d.person)).toEqual(['clark']);
    expect(third.outbox.pending()).toEqual([]);
    await third.close();
  });
});

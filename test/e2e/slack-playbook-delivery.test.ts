// Playbook effects and update reminders in Slack, end to end: the real bot against the Slack
// emulator. A run's step card goes into the incident channel; what is addressed to the provider
// reaches the provider's person by direct message and never the channel; an overdue update is
// reminded once in the channel, and a restart neither repeats it nor posts any effect again.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator, RecordedCall } from '../emulators/slack/slack-emulator.js';
import { postToSlackEndpoint, slashCommandPayload } from '../emulators/slack/slack-requests.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  GENERAL,
  SIGNING_SECRET,
  USERS,
  startEmulator,
  startSlackWorld,
  type SlackWorld,
} from '../helpers/slack-world.js';

const PLAYBOOKS = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'delivery');
const ENV = { TSUNAGI_PLAYBOOKS_DIR: PLAYBOOKS, TSUNAGI_LOCALE: 'en' };

let temp: ReturnType<typeof makeTempDir>;
let emulator: SlackEmulator;
let world: SlackWorld | undefined;
let roomId: string;

beforeAll(async () => {
  temp = makeTempDir();
  emulator = await startEmulator();
  world = await startSlackWorld(temp.path, { emulator, env: ENV });
});
afterAll(async () => {
  await world?.stop();
  await emulator?.close();
  temp?.cleanup();
});

async function slash(command: string, text: string): Promise<void> {
  const response = await postToSlackEndpoint(
    world!.eventsUrl,
    SIGNING_SECRET,
    'command',
    slashCommandPayload({
      command,
      text,
      userId: USERS.sato,
      channelId: GENERAL,
      responseUrl: emulator.responseUrl(),
    }),
  );
  expect(response.status).toBe(200);
}

const textOf = (call: RecordedCall): string => JSON.stringify(call.args);
const postsTo = (channel: string, containing: string): RecordedCall[] =>
  emulator
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === channel && textOf(c).includes(containing));
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('playbook effects and update reminders in Slack', () => {
  it("posts the run's step card in the incident channel and the provider's notice to the provider directly", async () => {
    await slash('/incident', 'declare "Portal defaced" --sev 1 --service portal');
    roomId = (await emulator.waitForCall('conversations.setTopic')).args.channel as string;
    await slash('/incident', 'invite INC-1 suzuki');
    await slash('/playbook', 'run notify-provider --incident INC-1');

    // The provider's person, by direct message (chat.postMessage to their user id), in English.
    const toClark = await emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === USERS.clark && textOf(c).includes('[Notice] INC-1'),
    );
    expect(textOf(toClark)).toContain('Please check for impact on your side');
    // The SIer's operator gets the SIer's notice, and not the provider's.
    await emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === USERS.suzuki && textOf(c).includes('[For the SIer] Please work on INC-1'),
    );
    expect(postsTo(USERS.suzuki, '[Notice]')).toEqual([]);
    // The step card, in the incident channel.
    await emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === roomId && textOf(c).includes('next step brief'),
    );
    // The room is not shared: only the city reads it, and the customer may read everything, so the
    // notices addressed to the provider and the SIer are posted there too, once each.
    await emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === roomId && textOf(c).includes('[Notice]'),
    );
    expect(postsTo(roomId, '[Notice]')).toHaveLength(1);
    expect(postsTo(roomId, '[For the SIer]')).toHaveLength(1);
  });

  it('keeps what is addressed to the provider out of a room shared through Slack Connect', async () => {
    await slash('/incident', 'declare "Shared room" --sev 2 --service portal');
    const shared = (
      await emulator.waitForCall(
        'conversations.setTopic',
        (c) => c.args.channel !== roomId && String(c.args.topic).includes('Shared room'),
      )
    ).args.channel as string;
    emulator.shareChannel(shared);
    await slash('/incident', 'invite INC-2 suzuki');
    await slash('/playbook', 'run notify-provider --incident INC-2');
    await emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === USERS.clark && textOf(c).includes('[Notice] INC-2'),
    );
    await emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === USERS.suzuki && textOf(c).includes('[For the SIer] Please work on INC-2'),
    );
    // The room did hear of the run (its live card), but none of what was addressed to someone.
    await settle(500);
    expect(postsTo(shared, '[Notice]')).toEqual([]);
    expect(postsTo(shared, '[For the SIer]')).toEqual([]);
  });

  it('reminds the channel of an overdue SEV1 update once', async () => {
    await slash('/incident', 'update INC-1 "WAF rule applied; investigating" --next 1s');
    const reminder = await emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === roomId && textOf(c).includes('stakeholder update is'),
      10_000,
    );
    expect(textOf(reminder)).toContain('/incident update INC-1');
    // SEV1 reminds again only after its 30-minute cadence: one post for this reminder.
    await settle(1500);
    expect(postsTo(roomId, 'stakeholder update is')).toHaveLength(1);
    expect(world!.bot.errors()).toEqual([]);
  });

  it('posts neither the reminder nor any playbook effect again after a restart', async () => {
    await world!.stop();
    world = undefined;
    emulator.reset();
    world = await startSlackWorld(temp.path, { emulator, env: ENV });
    // On start the bot brings the incident card up to date; wait for that, then for anything else.
    await emulator.waitForCall('chat.update', (c) => c.args.channel === roomId);
    await settle(1500);
    expect(postsTo(roomId, 'stakeholder update is')).toEqual([]);
    expect(postsTo(roomId, 'next step brief')).toEqual([]);
    expect(emulator.callsTo('chat.postMessage').filter((c) => c.args.channel === USERS.clark)).toEqual([]);
    expect(world.bot.errors()).toEqual([]);
  });
});

// Across a restart nothing is posted twice: the live card is updated in place (not re-posted),
// and an event Slack redelivers after the restart has no second effect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../emulators/slack/slack-emulator.js';
import {
  eventCallback,
  postToSlackEndpoint,
  slashCommandPayload,
} from '../emulators/slack/slack-requests.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { GENERAL, SIGNING_SECRET, USERS, startEmulator, startSlackWorld } from '../helpers/slack-world.js';

let temp: ReturnType<typeof makeTempDir>;
let emulator: SlackEmulator;

beforeAll(async () => {
  temp = makeTempDir();
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
  temp?.cleanup();
});

describe('Slack across a restart', () => {
  it('updates the card in place and ignores a redelivered event', async () => {
    const first = await startSlackWorld(temp.path, { emulator });
    await postToSlackEndpoint(
      first.eventsUrl,
      SIGNING_SECRET,
      'command',
      slashCommandPayload({
        command: '/incident',
        text: 'declare "ポータル改ざんの疑い" --sev 1 --service portal',
        userId: USERS.sato,
        channelId: GENERAL,
        responseUrl: emulator.responseUrl(),
      }),
    );
    const roomId = (await emulator.waitForCall('conversations.setTopic')).args.channel as string;
    await emulator.waitForCall('chat.postMessage', (c) => c.args.channel === roomId);
    const ts = emulator.addMessage(roomId, { user: USERS.suzuki, text: '改ざんされたページを差し替え' });
    const event = eventCallback(
      {
        type: 'reaction_added',
        user: USERS.sato,
        reaction: 'pushpin',
        item: { type: 'message', channel: roomId, ts },
      },
      { eventId: 'Ev0RESTART1' },
    );
    await postToSlackEndpoint(first.eventsUrl, SIGNING_SECRET, 'event', event);
    await emulator.waitForCall('chat.postEphemeral', (c) => c.args.channel === roomId);
    await first.stop();

    emulator.reset();
    const second = await startSlackWorld(temp.path, { emulator });
    try {
      // On start the bot brings the card up to date: an update of the message it posted before.
      const updated = await emulator.waitForCall('chat.update', (c) => c.args.channel === roomId);
      expect(JSON.stringify(updated.args)).toContain('INC-1');
      await postToSlackEndpoint(second.eventsUrl, SIGNING_SECRET, 'event', event, { retryNum: 2 });
      await new Promise((r) => setTimeout(r, 800));
      expect(emulator.callsTo('conversations.create')).toEqual([]);
      expect(emulator.callsTo('chat.postMessage').filter((c) => c.args.channel === roomId)).toEqual([]);
      expect(emulator.callsTo('reactions.get')).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

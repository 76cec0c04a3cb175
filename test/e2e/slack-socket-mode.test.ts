// Slack over Socket Mode, end to end: the real bot opens a WebSocket to the emulator (through
// apps.connections.open with the app token) and receives commands and events as envelopes, which
// it must acknowledge before doing the work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCallback, slashCommandPayload } from '../emulators/slack/slack-requests.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { ANNOUNCEMENTS, GENERAL, USERS, startSlackWorld, type SlackWorld } from '../helpers/slack-world.js';

let temp: ReturnType<typeof makeTempDir>;
let world: SlackWorld;

beforeAll(async () => {
  temp = makeTempDir();
  world = await startSlackWorld(temp.path, { socketMode: true });
  await world.emulator.socketMode.waitForConnection(10_000);
});
afterAll(async () => {
  await world?.stop();
  temp?.cleanup();
});

describe('Slack over Socket Mode', () => {
  it('connects with the app token, and /incident declare opens the channel and posts the card', async () => {
    const connect = world.emulator.callsTo('apps.connections.open');
    expect(connect.at(-1)?.token).toBe(world.emulator.appToken);

    const started = Date.now();
    const ack = await world.emulator.socketMode.send(
      'slash_commands',
      slashCommandPayload({
        command: '/incident',
        text: 'declare "庁内メールの不審なログイン" --sev 2 --service mail --commander me',
        userId: USERS.sato,
        channelId: GENERAL,
        responseUrl: world.emulator.responseUrl(),
      }),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ack.envelope_id).toBeTruthy();

    const created = await world.emulator.waitForCall('conversations.create');
    expect(created.args.name).toBe('inc-1-庁内メールの不審なログイン');
    const roomId = (await world.emulator.waitForCall('conversations.setTopic')).args.channel as string;
    const card = await world.emulator.waitForCall('chat.postMessage', (c) => c.args.channel === roomId);
    expect(JSON.stringify(card.args)).toContain('INC-1');
    await world.emulator.waitForCall('chat.postMessage', (c) => c.args.channel === ANNOUNCEMENTS);
  });

  it('has one effect for an event Slack redelivers', async () => {
    const roomId = (await world.emulator.waitForCall('conversations.setTopic')).args.channel as string;
    const ts = world.emulator.addMessage(roomId, {
      user: USERS.sato,
      text: '全職員のパスワードリセットを開始',
    });
    const event = eventCallback(
      {
        type: 'reaction_added',
        user: USERS.sato,
        reaction: 'pushpin',
        item: { type: 'message', channel: roomId, ts },
        item_user: USERS.sato,
        event_ts: ts,
      },
      { eventId: 'Ev0SOCKPIN1' },
    );
    await world.emulator.socketMode.send('events_api', event);
    await world.emulator.socketMode.send('events_api', event, { retryAttempt: 1, retryReason: 'timeout' });
    await world.emulator.waitForCall('chat.postEphemeral', (c) => c.args.channel === roomId);
    await new Promise((r) => setTimeout(r, 800));
    expect(world.emulator.callsTo('reactions.get')).toHaveLength(1);
    expect(
      world.emulator.callsTo('chat.postEphemeral').filter((c) => c.args.channel === roomId),
    ).toHaveLength(1);
  });
});

// Slack over HTTP, end to end: the real bot process serves POST /slack/events, and a local Slack
// emulator records every Web API call. Requests are signed the way Slack signs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockActionPayload,
  eventCallback,
  messageShortcutPayload,
  postToSlackEndpoint,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../emulators/slack/slack-requests.js';
import type { RecordedCall } from '../emulators/slack/slack-emulator.js';
import {
  checkMessageLimits,
  checkViewLimits,
  type SlackMessage,
  type SlackView,
} from '../../src/render/blockkit-limits.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  ANNOUNCEMENTS,
  GENERAL,
  SIGNING_SECRET,
  USERS,
  startSlackWorld,
  type SlackWorld,
} from '../helpers/slack-world.js';

let temp: ReturnType<typeof makeTempDir>;
let world: SlackWorld;

beforeAll(async () => {
  temp = makeTempDir();
  world = await startSlackWorld(temp.path);
});
afterAll(async () => {
  await world?.stop();
  temp?.cleanup();
});

function command(text: string, options: { user?: string; channel?: string; command?: string } = {}) {
  return slashCommandPayload({
    command: options.command ?? '/incident',
    text,
    userId: options.user ?? USERS.sato,
    channelId: options.channel ?? GENERAL,
    responseUrl: world.emulator.responseUrl(),
  });
}

/** All text in a recorded message call (fallback text and every block), for assertions. */
function textOf(call: RecordedCall): string {
  return JSON.stringify(call.args);
}

async function settle(ms = 400): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

describe('Slack over HTTP', () => {
  it('refuses unsigned, wrongly signed and stale requests with 401 and no effect', async () => {
    const before = world.emulator.calls.length;
    const unsigned = await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'command',
      command('declare "x"'),
      {
        signature: null,
      },
    );
    const wrong = await postToSlackEndpoint(
      world.eventsUrl,
      'not-the-secret',
      'command',
      command('declare "x"'),
    );
    const stale = await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'command',
      command('declare "x"'),
      {
        timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60,
      },
    );
    expect([unsigned.status, wrong.status, stale.status]).toEqual([401, 401, 401]);
    await settle();
    expect(world.emulator.calls.slice(before)).toEqual([]);
  });

  it('acknowledges a signed /incident declare at once, then opens the incident channel, posts the card and announces it', async () => {
    const response = await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'command',
      command('declare "ポータルが応答しない" --sev 2 --service portal --commander me'),
    );
    expect(response.status).toBe(200);
    expect(response.ms).toBeLessThan(3000);

    const created = await world.emulator.waitForCall('conversations.create');
    // The first incident: the rejected requests above had no effect.
    expect(created.args.name).toBe('inc-1-ポータルが応答しない');
    expect(created.args.is_private).toBe(true);
    const channel = world.emulator.calls.find((c) => c.method === 'conversations.create' && !c.failed);
    expect(channel).toBeDefined();
    const roomId = (await world.emulator.waitForCall('conversations.setTopic')).args.channel as string;
    const card = await world.emulator.waitForCall('chat.postMessage', (c) => c.args.channel === roomId);
    expect(textOf(card)).toContain('INC-1');
    const invite = await world.emulator.waitForCall('conversations.invite', (c) => c.args.channel === roomId);
    expect(invite.args.users).toBe(USERS.sato);
    const announced = await world.emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === ANNOUNCEMENTS,
    );
    expect(textOf(announced)).toContain('INC-1');
    // The declaring person sees the result where they typed it.
    const reply = await world.emulator.waitForCall('chat.postMessage', (c) => c.args.channel === GENERAL);
    expect(textOf(reply)).toContain('INC-1');
    // The AWS support portal is one click away in the incident channel.
    const bookmark = await world.emulator.waitForCall('bookmarks.add');
    expect(bookmark.args.channel_id).toBe(roomId);
  });

  it('updates the live card in place when a button is pressed', async () => {
    const roomId = (await world.emulator.waitForCall('conversations.setTopic')).args.channel as string;
    const response = await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'interaction',
      blockActionPayload({
        userId: USERS.sato,
        channelId: roomId,
        actionId: 'tsunagi.command.0',
        value: '/incident contain INC-1',
        responseUrl: world.emulator.responseUrl(),
      }),
    );
    expect(response.status).toBe(200);
    const updated = await world.emulator.waitForCall('chat.update', (c) => c.args.channel === roomId);
    expect(textOf(updated)).toMatch(/封じ込め済み|Contained/u);
  });

  it('puts a 📌 message on the timeline once, even when Slack retries the event', async () => {
    const roomId = (await world.emulator.waitForCall('conversations.setTopic')).args.channel as string;
    const ts = world.emulator.addMessage(roomId, {
      user: USERS.suzuki,
      text: 'WAF で 203.0.113.7 を遮断しました',
    });
    const event = eventCallback(
      {
        type: 'reaction_added',
        user: USERS.sato,
        reaction: 'pushpin',
        item: { type: 'message', channel: roomId, ts },
        item_user: USERS.suzuki,
        event_ts: ts,
      },
      { eventId: 'Ev0PIN00001' },
    );
    const first = await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'event', event);
    const retry = await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'event', event, {
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await world.emulator.waitForCall('chat.postEphemeral', (c) => textOf(c).includes('INC-1'));
    await settle(800);
    expect(world.emulator.callsTo('reactions.get')).toHaveLength(1);
    const confirmations = world.emulator
      .callsTo('chat.postEphemeral')
      .filter((c) => c.args.channel === roomId);
    expect(confirmations).toHaveLength(1);

    // The note is on the timeline exactly once.
    const url = world.emulator.responseUrl();
    await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'command', {
      ...command('timeline INC-1', { channel: roomId }),
      response_url: url,
    });
    const timeline = await world.emulator.waitForCall('response_url', (c) => c.responseUrl === url);
    expect(textOf(timeline).split('203.0.113.7').length - 1).toBe(1);
  });

  it('adds a message to the timeline from the message shortcut', async () => {
    const roomId = (await world.emulator.waitForCall('conversations.setTopic')).args.channel as string;
    const url = world.emulator.responseUrl();
    const response = await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'interaction',
      messageShortcutPayload({
        userId: USERS.sato,
        channelId: roomId,
        callbackId: 'tsunagi.add_to_timeline',
        message: { ts: '1700000000.000200', text: 'AWS サポートにケース 12345 を起票', user: USERS.sato },
        responseUrl: url,
      }),
    );
    expect(response.status).toBe(200);
    const confirmation = await world.emulator.waitForCall('response_url', (c) => c.responseUrl === url);
    expect(textOf(confirmation)).toContain('INC-1');
    expect(confirmation.args.response_type).toBe('ephemeral');
  });

  it('opens a modal for /incident declare without arguments and declares from its submission', async () => {
    const payload = command('declare');
    const response = await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'command', payload);
    expect(response.status).toBe(200);
    const opened = await world.emulator.waitForCall('views.open');
    expect(opened.args.trigger_id).toBe(payload.trigger_id);
    const view = opened.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string }[];
    };
    expect(view.blocks.map((b) => b.block_id)).toEqual(['title', 'sev', 'service', 'commander', 'summary']);

    const submitted = await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'interaction',
      viewSubmissionPayload({
        userId: USERS.sato,
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: {
          title: { value: { type: 'plain_text_input', value: 'メール誤送信 "至急"' } },
          sev: { value: { type: 'static_select', selected_option: { value: '2' } } },
          service: { value: { type: 'multi_static_select', selected_options: [{ value: 'mail' }] } },
          commander: { value: { type: 'static_select', selected_option: null } },
          summary: { value: { type: 'plain_text_input', value: null } },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    const created = await world.emulator.waitForCall('conversations.create', (c) =>
      String(c.args.name).startsWith('inc-2-'),
    );
    expect(created.args.name).toBe('inc-2-メール誤送信-至急');
  });

  it('answers a person who is not in tsunagi.yaml in the language Slack has for them', async () => {
    const url = world.emulator.responseUrl();
    await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'command', {
      ...command('declare "x"', { user: USERS.stranger }),
      response_url: url,
    });
    const answer = await world.emulator.waitForCall('response_url', (c) => c.responseUrl === url);
    expect(answer.args.response_type).toBe('ephemeral');
    expect(textOf(answer)).toContain('not listed in tsunagi.yaml');
    expect(world.emulator.callsTo('users.info').some((c) => c.args.user === USERS.stranger)).toBe(true);
  });

  it('answers the commands that are not available yet instead of failing', async () => {
    const url = world.emulator.responseUrl();
    await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'command', {
      ...command('list', { command: '/change' }),
      response_url: url,
    });
    const answer = await world.emulator.waitForCall('response_url', (c) => c.responseUrl === url);
    expect(textOf(answer)).toContain('/change');
    expect(textOf(answer)).toContain('まだ使えません');
  });

  it('keeps personal phone numbers out of a channel shared with another organisation', async () => {
    world.emulator.addChannel({ id: 'C0SHARED01', name: 'tsubaki-aws', isExtShared: true });
    await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'command',
      command('declare "共有チャンネルでの宣言" --service portal', { channel: 'C0SHARED01' }),
    );
    const posted = await world.emulator.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'C0SHARED01',
    );
    // Suzuki's (the SIer's) mobile number is a personal route: not for the provider in the channel.
    expect(textOf(posted)).not.toContain('+81-90-5555');
    expect(textOf(posted)).toContain('INC-3');
  });

  it('waits out a 429 and delivers the message once', async () => {
    world.emulator.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'command',
      command('sev INC-1 1 --reason "漏えいの疑い"'),
    );
    // Whichever message met the rate limit (the reply or the announcement) arrives once, later.
    const limited = await world.emulator.waitForCall('chat.postMessage', (c) => c.failed === true);
    const sameMessage = (c: RecordedCall): boolean =>
      !c.failed &&
      c.at >= limited.at &&
      c.args.channel === limited.args.channel &&
      c.args.text === limited.args.text;
    const delivered = await world.emulator.waitForCall('chat.postMessage', sameMessage, 10_000);
    expect(delivered.at - limited.at).toBeGreaterThanOrEqual(900);
    await settle(500);
    expect(world.emulator.callsTo('chat.postMessage').filter(sameMessage)).toHaveLength(1);
  });

  it('publishes the Home tab with the open incidents', async () => {
    await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'event',
      eventCallback(
        { type: 'app_home_opened', user: USERS.sato, channel: 'D0SATO0001', tab: 'home' },
        { eventId: 'Ev0HOME0001' },
      ),
    );
    const published = await world.emulator.waitForCall('views.publish');
    expect(published.args.user_id).toBe(USERS.sato);
    expect(textOf(published)).toContain('INC-1');
    expect(textOf(published)).toContain('INC-2');
  });

  it('answers in a private channel it is not in through response_url, and a form result by direct message', async () => {
    world.emulator.addChannel({ id: 'G0PRIVATE1', name: 'kikaku', isPrivate: true, botIsMember: false });
    const url = world.emulator.responseUrl();
    await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'command', {
      ...command('invite INC-1 suzuki', { channel: 'G0PRIVATE1' }),
      response_url: url,
    });
    const inChannel = await world.emulator.waitForCall('response_url', (c) => c.responseUrl === url);
    expect(inChannel.args.response_type).toBe('in_channel');

    // A note form submitted from that channel: no response_url comes with a modal submission.
    await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'interaction',
      viewSubmissionPayload({
        userId: USERS.sato,
        callbackId: 'tsunagi.form',
        privateMetadata: JSON.stringify({
          c: '/incident note INC-1',
          ch: 'G0PRIVATE1',
          f: [['text', 'textarea', 1]],
        }),
        values: { text: { value: { type: 'plain_text_input', value: '議会への説明資料を準備中' } } },
      }),
    );
    const dm = await world.emulator.waitForCall(
      'chat.postMessage',
      (c) => !c.failed && c.args.channel === USERS.sato && JSON.stringify(c.args).includes('INC-1'),
    );
    expect(dm.args.channel).toBe(USERS.sato);
  });

  it("shows a provider's person only what their party may see", async () => {
    await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'command',
      command('note INC-1 "議会対応は課長判断" --internal'),
    );
    await world.emulator.waitForCall('response_url', (c) => JSON.stringify(c.args).includes('🔒'));
    await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'command', command('invite INC-1 clark'));
    await world.emulator.waitForCall('conversations.invite', (c) => c.args.users === USERS.clark);
    const url = world.emulator.responseUrl();
    await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'command', {
      ...command('timeline INC-1', { user: USERS.clark, channel: 'C0SHARED01' }),
      response_url: url,
    });
    const timeline = await world.emulator.waitForCall('response_url', (c) => c.responseUrl === url);
    expect(textOf(timeline)).toContain('INC-1');
    expect(textOf(timeline)).not.toContain('議会対応は課長判断');
    // Clark reads English (tsunagi.yaml sets it).
    expect(textOf(timeline)).toMatch(/Timeline|timeline/u);
  });

  it("kept every message and view it sent within Slack's Block Kit limits", () => {
    const sent = world.emulator.calls.filter((c) =>
      ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(c.method),
    );
    expect(sent.length).toBeGreaterThan(10);
    for (const call of sent) {
      const message = { text: call.args.text, blocks: call.args.blocks ?? [] } as SlackMessage;
      expect(checkMessageLimits(message), `${call.method}: ${String(call.args.text)}`).toEqual([]);
    }
    const views = world.emulator.calls.filter(
      (c) => c.method === 'views.open' || c.method === 'views.publish',
    );
    expect(views.length).toBeGreaterThanOrEqual(2);
    for (const call of views) expect(checkViewLimits(call.args.view as SlackView), call.method).toEqual([]);
  });
  it('logged no errors while doing all this', () => {
    expect(world.bot.errors()).toEqual([]);
  });
});

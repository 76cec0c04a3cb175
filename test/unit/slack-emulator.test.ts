// The Slack emulator must be faithful enough that the real SDKs work against it unchanged; these
// tests drive it with the real @slack/web-api WebClient and @slack/socket-mode client.
import { createHmac } from 'node:crypto';
import { LogLevel, WebClient, retryPolicies } from '@slack/web-api';
import { SocketModeClient } from '@slack/socket-mode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack-emulator.js';
import { signSlackRequest, slashCommandPayload } from '../emulators/slack/slack-requests.js';

let slack: SlackEmulator;
let client: WebClient;

beforeEach(async () => {
  slack = await startSlackEmulator({ users: [{ id: 'U0ALICE', name: 'alice', locale: 'ja-JP' }] });
  client = new WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: retryPolicies.rapidRetryPolicy,
    logLevel: LogLevel.ERROR,
  });
});
afterEach(async () => {
  await slack.close();
});

describe('Slack emulator Web API', () => {
  it('round-trips chat.postMessage and chat.update, recording parsed arguments', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Incident* opened' } }];
    const posted = await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'Incident opened', blocks });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message).toMatchObject({
      text: 'Incident opened',
      user: 'U0TSUNAGI0',
      bot_id: 'B0TSUNAGI0',
    });

    const call = await slack.waitForCall('chat.postMessage');
    expect(call.args.blocks).toEqual(blocks);
    expect(call.token).toBe('xoxb-test-token');

    await client.chat.update({ channel: 'C0INCIDENT', ts: posted.ts!, text: 'Incident resolved' });
    expect(slack.messages('C0INCIDENT')).toMatchObject([{ ts: posted.ts, text: 'Incident resolved' }]);

    await expect(
      client.chat.update({ channel: 'C0INCIDENT', ts: '1.000000', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'not-a-channel', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('answers 429 with Retry-After, which WebClient honours before retrying once', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    await client.chat.postMessage({ channel: 'C0INCIDENT', text: 'after the rate limit' });

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(slack.callsTo('chat.postMessage').map((call) => call.failed ?? false)).toEqual([true, false]);
    expect(slack.messages('C0INCIDENT')).toHaveLength(1);
  });

  it("validates conversations.create names with Slack's rules and error codes", async () => {
    const created = await client.conversations.create({ name: 'inc-2024_01' });
    expect(created.channel).toMatchObject({ name: 'inc-2024_01', is_private: false, is_ext_shared: false });
    expect(created.channel?.id).toMatch(/^C/);

    // Letters without case, such as Japanese, count as lowercase.
    await expect(client.conversations.create({ name: '障害-対応' })).resolves.toMatchObject({ ok: true });
    for (const [name, error] of [
      ['Incident', 'invalid_name_specials'],
      ['has space', 'invalid_name_specials'],
      ['v1.2', 'invalid_name_specials'],
      ['a'.repeat(81), 'invalid_name_maxlength'],
      ['inc-2024_01', 'name_taken'],
    ] as const) {
      await expect(client.conversations.create({ name }), name).rejects.toMatchObject({ data: { error } });
    }
    await expect(client.conversations.create({ name: 'a'.repeat(80) })).resolves.toMatchObject({ ok: true });
  });
});

describe('Slack emulator files', () => {
  it('puts seeded files on the message, describes them in files.info, and hands the bytes only to the bot token', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const ts = slack.addMessage('C0INCIDENT', {
      user: 'U0ALICE',
      text: 'screenshot',
      files: [{ name: 'waf block.png', bytes, mimetype: 'image/png' }],
    });
    const message = slack.messages('C0INCIDENT').find((m) => m.ts === ts)!;
    const id = message.files![0]!.id as string;
    expect(id).toMatch(/^F0EMU\d{5}$/u);

    const info = await client.files.info({ file: id });
    expect(info.file).toMatchObject({
      id,
      name: 'waf block.png',
      size: bytes.length,
      mimetype: 'image/png',
      user: 'U0ALICE',
    });
    const url = info.file!.url_private_download!;
    expect(url.startsWith(`${slack.baseUrl}/files-pri/`)).toBe(true);

    const withToken = await fetch(url, { headers: { Authorization: `Bearer ${slack.botToken}` } });
    expect(withToken.status).toBe(200);
    expect(Buffer.from(await withToken.arrayBuffer())).toEqual(bytes);
    // Without the token Slack answers with its sign-in page rather than an error status.
    const without = await fetch(url);
    expect(without.status).toBe(200);
    expect(without.headers.get('content-type')).toContain('text/html');
    expect(slack.callsTo('file_download').map((c) => c.token)).toEqual([slack.botToken, undefined]);

    await expect(client.files.info({ file: 'F0NOSUCH' })).rejects.toMatchObject({
      data: { error: 'file_not_found' },
    });
  });
});

describe('Slack emulator Socket Mode', () => {
  it('connects @slack/socket-mode through apps.connections.open and relays acks', async () => {
    const socketClient = new SocketModeClient({
      appToken: slack.appToken,
      clientOptions: { slackApiUrl: slack.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    socketClient.on('slash_commands', ({ ack }: { ack: (response?: object) => Promise<void> }) => {
      void ack({ text: 'pong' });
    });
    await socketClient.start();
    try {
      await slack.socketMode.waitForConnection();
      const payload = slashCommandPayload({
        command: '/tsunagi',
        text: 'ping',
        userId: 'U0ALICE',
        channelId: 'C0INCIDENT',
        responseUrl: slack.responseUrl(),
      });
      await expect(slack.socketMode.send('slash_commands', payload)).resolves.toMatchObject({
        payload: { text: 'pong' },
      });
      expect(slack.socketMode.protocolErrors).toEqual([]);
    } finally {
      await socketClient.disconnect();
    }
  });
});

describe('signSlackRequest', () => {
  it("reproduces the worked example in Slack's 'Verifying requests from Slack' guide", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });

  it('signs with the current time by default', () => {
    const headers = signSlackRequest('secret', 'body');
    const ts = headers['x-slack-request-timestamp'];
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    const expected = createHmac('sha256', 'secret').update(`v0:${ts}:body`).digest('hex');
    expect(headers['x-slack-signature']).toBe(`v0=${expected}`);
  });
});

// Files shared in a Slack incident channel become evidence: a 📌 on the message (or the "Add to
// incident timeline" shortcut) puts the message on the timeline and each of its files in the
// evidence store, downloaded with the bot token from Slack's own file URL. The items keep the file's
// exact SHA-256, say who shared it where, and export into a folder `tsunagi evidence verify` accepts.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../emulators/slack/slack-emulator.js';
import {
  eventCallback,
  messageShortcutPayload,
  postToSlackEndpoint,
  slashCommandPayload,
} from '../emulators/slack/slack-requests.js';
import { runCli, testEnv } from '../helpers/bot-process.js';
import { GENERAL, SIGNING_SECRET, USERS, startSlackWorld, type SlackWorld } from '../helpers/slack-world.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const SCREENSHOT = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x42, 0x00,
]);
const ACCESS_LOG = Buffer.from('2025-01-06T02:14:09Z GET /admin 203.0.113.7 200\n', 'utf8');
const TRAIL = Buffer.from('{"eventName":"ConsoleLogin","sourceIPAddress":"203.0.113.7"}\n', 'utf8');

let temp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let world: SlackWorld;
let roomId: string;

const textOf = (call: RecordedCall): string => JSON.stringify(call.args);

beforeAll(async () => {
  temp = makeTempDir();
  dataDir = path.join(temp.path, 'data');
  mkdirSync(dataDir);
  world = await startSlackWorld(dataDir);
  await postToSlackEndpoint(
    world.eventsUrl,
    SIGNING_SECRET,
    'command',
    slashCommandPayload({
      command: '/incident',
      text: 'declare "管理画面への不正アクセス" --sev 1 --service portal --commander me',
      userId: USERS.sato,
      channelId: GENERAL,
      responseUrl: world.emulator.responseUrl(),
    }),
  );
  roomId = (await world.emulator.waitForCall('conversations.setTopic')).args.channel as string;
  // The incident card is posted once the channel is linked to the incident.
  await world.emulator.waitForCall('chat.postMessage', (c) => c.args.channel === roomId);
});

afterAll(async () => {
  await world?.stop();
  temp?.cleanup();
});

describe('Slack files as evidence', () => {
  it('records each file of a 📌 message as evidence, downloaded with the bot token, and says what was kept', async () => {
    const ts = world.emulator.addMessage(roomId, {
      user: USERS.suzuki,
      text: 'WAF のスクリーンショットとアクセスログです',
      files: [
        { name: 'waf-block.png', bytes: SCREENSHOT, mimetype: 'image/png' },
        { name: 'access.log', bytes: ACCESS_LOG, mimetype: 'text/plain' },
      ],
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
      { eventId: 'Ev0PINFILES1' },
    );
    expect((await postToSlackEndpoint(world.eventsUrl, SIGNING_SECRET, 'event', event)).status).toBe(200);

    const confirmation = await world.emulator.waitForCall(
      'chat.postEphemeral',
      (c) => c.args.channel === roomId && textOf(c).includes('E-2'),
      15_000,
    );
    const text = textOf(confirmation);
    expect(confirmation.args.user).toBe(USERS.sato);
    expect(text).toContain(
      `E-1 waf-block.png、${SCREENSHOT.length} バイト — sha256 ${sha(SCREENSHOT).slice(0, 12)}`,
    );
    expect(text).toContain(
      `E-2 access.log、${ACCESS_LOG.length} バイト — sha256 ${sha(ACCESS_LOG).slice(0, 12)}`,
    );
    // The message itself went on the timeline too.
    await world.emulator.waitForCall(
      'chat.postEphemeral',
      (c) => c.args.channel === roomId && textOf(c).includes('メモを記録'),
    );

    // Looked up with files.info, then fetched from url_private_download with the bot token only.
    expect(world.emulator.callsTo('files.info')).toHaveLength(2);
    const downloads = world.emulator.callsTo('file_download');
    expect(downloads).toHaveLength(2);
    for (const download of downloads) {
      expect(download.token).toBe(world.emulator.botToken);
      expect(download.error).toBeUndefined();
    }
  });

  it('records the files of a message put on the timeline with the shortcut, confirming with the item numbers', async () => {
    const ts = world.emulator.addMessage(roomId, {
      user: USERS.clark,
      text: 'CloudTrail excerpt for the console login',
      files: [{ name: 'cloudtrail-excerpt.json', bytes: TRAIL, mimetype: 'application/json' }],
    });
    const stored = world.emulator.messages(roomId).find((m) => m.ts === ts)!;
    const url = world.emulator.responseUrl();
    const response = await postToSlackEndpoint(
      world.eventsUrl,
      SIGNING_SECRET,
      'interaction',
      messageShortcutPayload({
        userId: USERS.sato,
        channelId: roomId,
        callbackId: 'tsunagi.add_to_timeline',
        message: { ts, text: stored.text, user: stored.user, files: stored.files },
        responseUrl: url,
      }),
    );
    expect(response.status).toBe(200);
    const confirmation = await world.emulator.waitForCall(
      'response_url',
      (c) => c.responseUrl === url && textOf(c).includes('E-3'),
      15_000,
    );
    expect(textOf(confirmation)).toContain(`E-3 cloudtrail-excerpt.json`);
    expect(textOf(confirmation)).toContain(`sha256 ${sha(TRAIL).slice(0, 12)}`);
    expect(confirmation.args.response_type).toBe('ephemeral');
  });

  it('exports the files with their exact hashes, who shared them and where, and the export verifies', async () => {
    await world.stop();
    const env = testEnv(dataDir);
    const out = path.join(temp.path, 'export');
    const exported = await runCli(['evidence', 'export', 'INC-1', '--out', out, '--as', 'sato'], { env });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);

    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      items: {
        id: string;
        file: string;
        kind: string;
        sha256: string;
        source: string;
        added_by: { person: string };
        origin?: { platform: string; message: string; shared_by?: string };
      }[];
    };
    const byId = Object.fromEntries(manifest.items.map((item) => [item.id, item]));
    const expected = [
      ['E-1', 'waf-block.png', SCREENSHOT, 'suzuki'],
      ['E-2', 'access.log', ACCESS_LOG, 'suzuki'],
      ['E-3', 'cloudtrail-excerpt.json', TRAIL, 'clark'],
    ] as const;
    for (const [id, name, bytes, sharedBy] of expected) {
      const item = byId[id]!;
      expect(item).toMatchObject({
        kind: 'file',
        source: name,
        sha256: sha(bytes),
        added_by: { person: 'sato' },
      });
      expect(item.origin).toMatchObject({ platform: 'slack', shared_by: sharedBy });
      expect(item.origin!.message).toMatch(
        new RegExp(`^https://tsubaki\\.slack\\.com/archives/${roomId}/p\\d+$`, 'u'),
      );
      expect(sha(readFileSync(path.join(out, item.file)))).toBe(sha(bytes));
    }

    const verified = await runCli(['evidence', 'verify', out], { env });
    expect(verified.stdout).toContain('OK E-1');
    expect(verified.stdout).toContain('OK E-3');
    expect(verified.code).toBe(0);
  });
});

// Files sent to the bot in Teams become evidence: `incident evidence INC-n` with files attached in
// the personal chat (or `evidence` in the incident's own thread) downloads each from the
// pre-authenticated downloadUrl Teams gives — with no credential of ours, and only from where Teams
// may serve files — and records it with its exact SHA-256. The export of those items verifies.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBotConnectorEmulator,
  type BotConnectorEmulator,
  type RecordedConnectorCall,
} from '../emulators/bot-connector/bot-connector-emulator.js';
import {
  channelThreadId,
  fileDownloadAttachment,
  installationUpdateActivity,
  messageActivity,
  postActivity,
  type ActivityContext,
} from '../emulators/bot-connector/teams-activities.js';
import { runCli, testEnv } from '../helpers/bot-process.js';
import { AAD, INCIDENTS_CHANNEL, startTeamsWorld, type TeamsWorld } from '../helpers/teams-world.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const MAIL_HEADERS = Buffer.from(
  'Received: from mx.example.net (203.0.113.9)\nSubject: 至急 請求書\n',
  'utf8',
);
const SCREENSHOT = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x01, 0xfe]);
const SIGNIN_LOG = Buffer.from('2025-01-06T02:14:09Z signin sato@tsubaki.example.jp 203.0.113.9 failure\n');

let temp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let world: TeamsWorld;
let elsewhere: BotConnectorEmulator;
let threadId: string;

const sato = { id: '29:sato', name: '佐藤 花子', aadObjectId: AAD.sato };

function personal(): ActivityContext {
  return {
    serviceUrl: world.emulator.serviceUrl,
    from: sato,
    conversation: { id: 'a:personal-sato', conversationType: 'personal' },
  };
}

function inChannel(conversation: string): ActivityContext {
  return {
    serviceUrl: world.emulator.serviceUrl,
    from: sato,
    conversation: { id: conversation, conversationType: 'channel' },
    teamId: INCIDENTS_CHANNEL,
    channelId: INCIDENTS_CHANNEL,
  };
}

const textOf = (call: RecordedConnectorCall): string => JSON.stringify(call.body);

beforeAll(async () => {
  temp = makeTempDir();
  dataDir = path.join(temp.path, 'data');
  mkdirSync(dataDir);
  world = await startTeamsWorld(dataDir);
  // Another host on this machine, standing in for a server that is not Teams' file storage.
  elsewhere = await startBotConnectorEmulator();
  await postActivity(
    world.messagesUrl,
    installationUpdateActivity(inChannel(channelThreadId(INCIDENTS_CHANNEL, '1'))),
  );
  await postActivity(
    world.messagesUrl,
    messageActivity({
      ...inChannel(channelThreadId(INCIDENTS_CHANNEL, '1700000000001')),
      text: 'incident declare "なりすましメールによるマルウェア感染" --sev 2 --service mail',
      mentionBot: true,
    }),
  );
  threadId = (await world.emulator.waitForCall('createConversation')).conversationId!;
  // The incident's card in its thread: the thread is linked to the incident by then.
  await world.emulator.waitForCall(
    'replyToActivity',
    (c) => c.conversationId === threadId && textOf(c).includes('INC-1'),
    15_000,
  );
});

afterAll(async () => {
  await world?.stop();
  await elsewhere?.close();
  temp?.cleanup();
});

describe('Teams files as evidence', () => {
  it('records the files sent with `incident evidence INC-1` in the chat with the bot, fetched without credentials', async () => {
    const headers = world.emulator.hostFile({
      name: 'mail-headers.txt',
      bytes: MAIL_HEADERS,
      mimetype: 'text/plain',
    });
    const screenshot = world.emulator.hostFile({
      name: 'attachment.png',
      bytes: SCREENSHOT,
      mimetype: 'image/png',
    });
    const foreign = elsewhere.hostFile({ name: 'not-from-teams.bin', bytes: Buffer.from('x') });
    await postActivity(
      world.messagesUrl,
      messageActivity({
        ...personal(),
        text: 'incident evidence INC-1',
        attachments: [
          fileDownloadAttachment(headers),
          fileDownloadAttachment(screenshot),
          fileDownloadAttachment({ ...foreign, name: 'not-from-teams.bin' }),
        ],
      }),
    );
    const reply = await world.emulator.waitForCall(
      'replyToActivity',
      (c) => c.conversationId === 'a:personal-sato' && textOf(c).includes('E-2'),
      15_000,
    );
    const text = textOf(reply);
    expect(text).toContain(
      `E-1 mail-headers.txt、${MAIL_HEADERS.length} バイト — sha256 ${sha(MAIL_HEADERS).slice(0, 12)}`,
    );
    expect(text).toContain(
      `E-2 attachment.png、${SCREENSHOT.length} バイト — sha256 ${sha(SCREENSHOT).slice(0, 12)}`,
    );
    // The file served from anywhere else is named, not fetched.
    expect(text).toContain('✗ not-from-teams.bin');
    expect(elsewhere.callsTo('fileDownload')).toEqual([]);

    const downloads = world.emulator.callsTo('fileDownload');
    expect(downloads.map((d) => d.status)).toEqual([200, 200]);
    // The downloadUrl is the credential: nothing else goes with it.
    for (const download of downloads) expect(download.authorization).toBeUndefined();
  });

  it("records a file sent with just `evidence` in the incident's own thread, confirming to the sender privately", async () => {
    const log = world.emulator.hostFile({ name: 'signin.log', bytes: SIGNIN_LOG, mimetype: 'text/plain' });
    await postActivity(
      world.messagesUrl,
      messageActivity({
        ...inChannel(threadId),
        text: 'evidence',
        mentionBot: true,
        attachments: [fileDownloadAttachment(log)],
      }),
    );
    const reply = await world.emulator.waitForCall(
      'replyToActivity',
      (c) => textOf(c).includes('E-3'),
      15_000,
    );
    // Evidence of one party is not shown to the others in the thread: the confirmation is private.
    expect(reply.conversationId).not.toContain(INCIDENTS_CHANNEL);
    expect(textOf(reply)).toContain(`E-3 signin.log`);
    expect(textOf(reply)).toContain(`sha256 ${sha(SIGNIN_LOG).slice(0, 12)}`);
  });

  it('logged no errors, and the export of the files verifies with their exact hashes', async () => {
    expect(world.bot.errors()).toEqual([]);
    await world.stop();
    const env = testEnv(dataDir);
    const out = path.join(temp.path, 'export');
    const exported = await runCli(['evidence', 'export', 'INC-1', '--out', out, '--as', 'sato'], { env });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      items: { id: string; file: string; source: string; sha256: string; origin?: Record<string, string> }[];
    };
    expect(manifest.items.map((i) => [i.id, i.source, i.sha256])).toEqual([
      ['E-1', 'mail-headers.txt', sha(MAIL_HEADERS)],
      ['E-2', 'attachment.png', sha(SCREENSHOT)],
      ['E-3', 'signin.log', sha(SIGNIN_LOG)],
    ]);
    expect(manifest.items[0]!.origin).toMatchObject({ platform: 'teams', shared_by: 'sato' });
    expect(manifest.items[2]!.origin!.message).toContain(threadId);
    for (const item of manifest.items) expect(sha(readFileSync(path.join(out, item.file)))).toBe(item.sha256);
    const verified = await runCli(['evidence', 'verify', out], { env });
    expect(verified.code).toBe(0);
  });
});

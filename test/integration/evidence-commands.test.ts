// /incident evidence and /playbook evidence through the router, as platforms deliver them: a chat
// user on Slack cannot make the bot read a file on its server (the console operator can), each
// party sees only its own evidence, and the timeline shows evidence with its hash.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Core } from '../../src/core/core.js';
import { UpstreamError } from '../../src/core/errors.js';
import type { ChatFile } from '../../src/core/evidence/chat-file.js';
import { EvidenceService } from '../../src/core/evidence/evidence-service.js';
import { EvidenceStore } from '../../src/core/evidence/evidence-store.js';
import type { Platform } from '../../src/core/parties/model.js';
import type { Reply } from '../../src/core/reply.js';
import { renderText } from '../../src/render/text.js';
import { Router } from '../../src/router/router.js';
import { openCore, type CoreFixture } from '../helpers/core-fixture.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let f: CoreFixture;
let router: Router;
let serverFile: string;

const dataDir = (): string => path.join(temp.path, 'data');
const blobDir = (): string => path.join(dataDir(), 'evidence', 'sha256');

beforeEach(async () => {
  temp = makeTempDir();
  f = await openCore(dataDir());
  const core: Core = {
    ...f.core,
    evidence: new EvidenceService(
      f.repository,
      f.core.directory,
      f.core.incidents,
      new EvidenceStore(dataDir()),
    ),
  };
  router = new Router({ commands, core, logger: silentLogger });
  // Stands for any file on the bot's server that a chat user must not be able to read.
  serverFile = path.join(temp.path, 'server-secrets.txt');
  await writeFile(serverFile, 'password=hunter2hunter2\n');
});
afterEach(async () => {
  await f.close();
  temp.cleanup();
});

const SLACK_IDS: Record<string, string> = { sato: 'U0TSBSATO1', suzuki: 'U0HKRSUZU1', clark: 'U0AWSCLRK1' };

let delivery = 0;
async function say(text: string, options: { user?: string; platform?: Platform } = {}): Promise<string> {
  const user = options.user ?? 'sato';
  const platform = options.platform ?? 'console';
  delivery += 1;
  const replies: Reply[] = await router.handle({
    platform,
    deliveryId: `ev-${delivery}`,
    user: { id: platform === 'slack' ? SLACK_IDS[user]! : user },
    channel: { platform, id: platform === 'slack' ? 'C0GENERAL' : '#general' },
    text,
  });
  return replies.map((r) => renderText(r, { color: false })).join('\n');
}

/** A command typed in Slack with files attached; each file counts how often it was fetched. */
async function sayWithFiles(text: string, user: string, files: ChatFile[]): Promise<string> {
  delivery += 1;
  const replies = await router.handle({
    platform: 'slack',
    deliveryId: `ev-${delivery}`,
    user: { id: SLACK_IDS[user]! },
    channel: { platform: 'slack', id: 'C0GENERAL' },
    text,
    files,
  });
  return replies.map((r) => renderText(r, { color: false })).join('\n');
}

function chatFile(name: string, load: () => Promise<Buffer>, size?: number): ChatFile & { fetched: number } {
  const file = {
    name,
    ...(size === undefined ? {} : { size }),
    origin: {
      platform: 'slack',
      message: 'https://tsubaki.slack.com/archives/C0ROOM/p1',
      shared_by: 'suzuki',
    },
    fetched: 0,
    load: () => {
      file.fetched += 1;
      return load();
    },
  };
  return file;
}

async function ledgerTypes(): Promise<string[]> {
  const text = await readFile(path.join(dataDir(), 'ledger', 'ledger.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { type: string }).type);
}

async function blobs(): Promise<string[]> {
  return readdir(blobDir()).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

describe('evidence files from chat platforms', () => {
  it('refuses --file from Slack, reading nothing and recording nothing, and tells the user to attach it instead', async () => {
    await say('/incident declare "Key leak" --sev 2 --service portal', { platform: 'slack' });
    const before = await ledgerTypes();

    const refused = await say(`/incident evidence INC-1 --file ${serverFile}`, { platform: 'slack' });
    expect(refused).toContain('--file はコンソールでのみ使えます');
    expect(refused).toContain('チャンネルに添付');
    expect(refused).not.toContain('hunter2');
    const playbook = await say(`/playbook evidence RUN-1 preserve findings --file ${serverFile}`, {
      platform: 'slack',
    });
    expect(playbook).toContain('--file はコンソールでのみ使えます');
    expect(await ledgerTypes()).toEqual(before);
    expect(await blobs()).toEqual([]);

    // The same command typed by the operator at the console keeps the file (its secret masked).
    const kept = await say(`/incident evidence INC-1 --file ${serverFile}`);
    expect(kept).toContain('E-1 を INC-1 に記録しました');
    expect(kept).toContain('server-secrets.txt');
    expect(kept).not.toContain(temp.path);
    expect(await blobs()).toHaveLength(1);
    const stored = await readFile(path.join(blobDir(), (await blobs())[0]!), 'utf8');
    expect(stored).toBe('password=[REDACTED]\n');
  });
});

describe('files attached in chat', () => {
  it('fetches nothing for someone who may not add evidence', async () => {
    await say('/incident declare "Key leak" --sev 2 --service portal');
    const file = chatFile('waf.log', () => Promise.resolve(Buffer.from('blocked\n')));
    expect(await sayWithFiles('/incident evidence INC-1', 'clark', [file])).toContain('has not been shared');
    expect(file.fetched).toBe(0);
    expect(await blobs()).toEqual([]);
  });

  it('records each file it can fetch, with where it was shared, and says why the others were not', async () => {
    await say('/incident declare "Key leak" --sev 2 --service portal');
    const log = Buffer.from('2025-01-06 GET /admin 203.0.113.7\n');
    const good = chatFile('access.log', () => Promise.resolve(log));
    const huge = chatFile('screen-recording.mov', () => Promise.resolve(Buffer.alloc(1)), 30 * 1024 * 1024);
    const gone = chatFile('deleted.txt', () =>
      Promise.reject(
        new UpstreamError({ ja: 'ファイルは削除されています', en: 'The file was deleted' }, 'slack', false),
      ),
    );
    const reply = await sayWithFiles('/incident evidence INC-1', 'sato', [huge, good, gone]);
    const sha = createHash('sha256').update(log).digest('hex');
    expect(reply).toContain(`E-1 access.log、${log.length} バイト — sha256 ${sha.slice(0, 12)}`);
    expect(reply).toContain('✗ screen-recording.mov: ファイル screen-recording.mov は 30.0 MB あり');
    expect(reply).toContain('✗ deleted.txt: ファイルは削除されています');
    // The announced size is enough to refuse: nothing is downloaded for it.
    expect(huge.fetched).toBe(0);
    expect(await blobs()).toEqual([sha]);

    const entries = (await readFile(path.join(dataDir(), 'ledger', 'ledger.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
    const added = entries.filter((e) => e.type === 'incident.evidence_added');
    expect(added).toHaveLength(1);
    expect(added[0]!.data).toMatchObject({
      kind: 'file',
      source: 'access.log',
      sha256: sha,
      by: 'sato',
      origin: {
        platform: 'slack',
        message: 'https://tsubaki.slack.com/archives/C0ROOM/p1',
        shared_by: 'suzuki',
      },
    });
  });
});

describe('/incident evidence', () => {
  it("adds text and links, shows them on the timeline with their hash, and lists only each party's own items", async () => {
    await say('/incident declare "Key leak" --sev 2 --service portal');
    await say('/incident invite INC-1 suzuki');
    const text = 'Access key used from 203.0.113.5';
    expect(await say(`/incident evidence INC-1 ${text}`)).toContain('E-1 を INC-1 に記録しました');
    expect(
      await say('/incident evidence INC-1 https://tickets.example.jp/SEC-1042', { user: 'suzuki' }),
    ).toContain('E-2');
    const sha = createHash('sha256').update(text).digest('hex');
    const timeline = await say('/incident timeline INC-1');
    expect(timeline).toContain(`sha256 ${sha}`);
    expect(timeline).toContain('https://tickets.example.jp/SEC-1042');

    const customer = await say('/incident evidence INC-1');
    expect(customer).toContain('E-1');
    expect(customer).toContain('E-2');
    expect(customer).toContain(sha.slice(0, 12));
    expect(customer).toContain('閲覧として台帳に記録されました');

    // The SIer sees its own item only, in the list and on the timeline.
    const sier = await say('/incident evidence INC-1', { user: 'suzuki' });
    expect(sier).toContain('E-2');
    expect(sier).not.toContain(sha.slice(0, 12));
    expect(await say('/incident timeline INC-1', { user: 'suzuki' })).not.toContain(sha);

    const types = await ledgerTypes();
    expect(types.filter((t) => t === 'incident.evidence_added')).toHaveLength(2);
    expect(types.filter((t) => t === 'evidence.accessed')).toHaveLength(2);
  });

  it('refuses evidence from someone who may not change the incident, before storing anything', async () => {
    await say('/incident declare "Key leak" --sev 2 --service portal');
    // Clark (the provider's TAM) reads English.
    expect(await say('/incident evidence INC-1 some text', { user: 'clark' })).toContain(
      'has not been shared',
    );
    await say('/incident resolve INC-1');
    await say('/incident close INC-1');
    expect(await say('/incident evidence INC-1 late text')).toContain('クローズ済み');
    expect(await blobs()).toEqual([]);
    expect(await say('/incident evidence INC-1 text --file x.txt')).toContain('どちらか一方');
  });
});

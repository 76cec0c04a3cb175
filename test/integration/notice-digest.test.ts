// The daily notice digest over real files: sent at its time to the digest channels, recorded in the
// ledger so a restart never sends it twice, sent once later the same day when the bot was down at
// digest time, and never lost: the next digest covers everything since the last one sent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainEvents, type DomainEvent } from '../../src/core/domain-events.js';
import { changeProjection } from '../../src/core/notices/change-projection.js';
import { noticeProjection } from '../../src/core/notices/notice-projection.js';
import { NoticeService } from '../../src/core/notices/notice-service.js';
import { noticeDigest } from '../../src/core/views/notice-digest.js';
import { ViewContext } from '../../src/core/views/view-context.js';
import { DIGEST_SUBJECT, NoticeDigestJob, type DigestSentData } from '../../src/jobs/notice-digest.js';
import { FileRepository } from '../../src/store/file-repository.js';
import { exampleDirectory } from '../helpers/core-fixture.js';
import { aNotice } from '../helpers/notice-factory.js';
import { RecordingSpace } from '../helpers/recording-space.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** 09:00 in Tokyo is midnight UTC. */
const day = (n: number, jst: string): number =>
  Date.parse(`2026-11-${String(n).padStart(2, '0')}T${jst}:00+09:00`);

let temp: ReturnType<typeof makeTempDir>;
let clock: number;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

/** The bot as far as the digest goes: storage, notices, a Slack workspace and the console's events. */
async function startBot(at: number) {
  clock = at;
  const now = (): Date => new Date(clock);
  const directory = exampleDirectory();
  const repository = await FileRepository.open({
    dataDir: temp.path,
    projections: [noticeProjection, changeProjection],
    logger: silentLogger,
    now,
  });
  const events = new DomainEvents((error) => {
    throw error;
  });
  const published: DomainEvent[] = [];
  events.subscribe((event) => {
    published.push(event);
  });
  const notices = new NoticeService(repository, directory, events, now, 'Asia/Tokyo');
  const slack = new RecordingSpace('slack');
  slack.channels.set('#cloud-notices', 'C-cloud-notices');
  const job = new NoticeDigestJob({
    repository,
    digest: (since, until) => notices.digest(since, until),
    render: (digest, locale) => noticeDigest(new ViewContext(locale, directory, 'Asia/Tokyo', now()), digest),
    at: '09:00',
    timeZone: 'Asia/Tokyo',
    channels: { slack: '#cloud-notices', console: '#notices' },
    spaces: [slack],
    events,
    locale: 'en',
    logger: silentLogger,
    now,
  });
  await job.start();
  return {
    job,
    notices,
    slack,
    digests: () => published.flatMap((e) => (e.type === 'notice.digest' ? [e] : [])),
    sent: async () => (await repository.entriesFor(DIGEST_SUBJECT)).map((e) => e.data as DigestSentData),
    close: async () => {
      await job.stop();
      await repository.close();
    },
  };
}

const header = (space: RecordingSpace, i: number): string =>
  space.posts[i]!.reply.blocks.find((b) => b.type === 'header')?.text ?? '';

describe('the daily notice digest', () => {
  it('posts at digest time to Slack and the console, once, and records it', async () => {
    const bot = await startBot(day(22, '08:00'));
    await bot.notices.ingest('m365-messages', [aNotice()]);
    expect(bot.slack.posts).toHaveLength(0);

    clock = day(22, '09:00');
    await bot.job.runDue();
    // A second tick at the same slot (a timer firing twice) sends nothing more.
    await bot.job.runDue();
    expect(bot.slack.posts.map((p) => p.channel)).toEqual(['C-cloud-notices']);
    expect(header(bot.slack, 0)).toContain('Provider notices digest');
    expect(JSON.stringify(bot.slack.posts[0]!.reply)).toContain('legacy authentication');
    expect(bot.digests().map((d) => [d.channel, d.digest.arrived.length])).toEqual([['#notices', 1]]);
    expect(await bot.sent()).toEqual([
      {
        at: new Date(day(22, '09:00')).toISOString(),
        since: new Date(day(21, '09:00')).toISOString(),
        until: new Date(day(22, '09:00')).toISOString(),
      },
    ]);
    await bot.close();
  });

  it('sends a digest missed while the bot was down once, later that day, and not again after a restart', async () => {
    const first = await startBot(day(22, '09:00'));
    await first.job.runDue();
    clock = day(22, '15:00');
    await first.notices.ingest('m365-messages', [aNotice()]);
    await first.close();

    // Down from before 09:00 on the 23rd until 10:30.
    const second = await startBot(day(23, '10:30'));
    expect(second.slack.posts).toHaveLength(1);
    expect(second.digests()[0]!.digest).toMatchObject({
      since: new Date(day(22, '09:00')).toISOString(),
      until: new Date(day(23, '10:30')).toISOString(),
      newCount: 1,
    });
    await second.close();

    const third = await startBot(day(23, '11:00'));
    expect(third.slack.posts).toHaveLength(0);
    expect((await third.sent()).map((d) => d.at)).toEqual([
      new Date(day(22, '09:00')).toISOString(),
      new Date(day(23, '09:00')).toISOString(),
    ]);
    await third.close();
  });

  it('skips a day missed past midnight, and covers it in the next digest', async () => {
    const first = await startBot(day(22, '09:00'));
    await first.job.runDue();
    clock = day(23, '20:00');
    await first.notices.ingest('m365-messages', [aNotice()]);
    await first.close();

    // Down over the 24th's digest until 08:00 on the 25th: nothing is sent at start...
    const second = await startBot(day(25, '08:00'));
    expect(second.slack.posts).toHaveLength(0);
    // ...and the 25th's digest covers everything since the 22nd's.
    clock = day(25, '09:00');
    await second.job.runDue();
    expect(second.digests().map((d) => [d.digest.since, d.digest.arrived.length])).toEqual([
      [new Date(day(22, '09:00')).toISOString(), 1],
    ]);
    await second.close();
  });

  it('says nothing at the first start ever unless there is something to say', async () => {
    const quiet = await startBot(day(22, '10:00'));
    expect(quiet.slack.posts).toHaveLength(0);
    expect(await quiet.sent()).toEqual([]);
    clock = day(22, '10:10');
    await quiet.notices.ingest('m365-messages', [aNotice()]);
    await quiet.close();

    const busy = await startBot(day(22, '10:20'));
    expect(busy.slack.posts).toHaveLength(1);
    await busy.close();
  });
});

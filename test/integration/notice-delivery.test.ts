// Provider notices through the real core over real files: each notice is posted once to the
// channels that want it, an edited one once more as an update, nothing is repeated across a
// restart and nothing is lost when the bot stops between recording a notice and posting it.
import { describe, expect, it } from 'vitest';
import type { NoticeEventData } from '../../src/core/notices/notice-events.js';
import type { Reply } from '../../src/core/reply.js';
import { aNotice } from '../helpers/notice-factory.js';
import { noticeWorldPerTest, subscribeOps } from '../helpers/notice-bot.js';
import { RecordingSpace } from '../helpers/recording-space.js';

const world = noticeWorldPerTest();
const headers = (replies: readonly { reply: Reply }[]): string[] =>
  replies.map(({ reply }) => reply.blocks.find((b) => b.type === 'header')?.text ?? reply.summary);
const textOf = (reply: Reply): string => JSON.stringify(reply.blocks);

describe('notices posted once', () => {
  it('posts a notice once however often it is fetched, and an edit once more as an update', async () => {
    const slack = new RecordingSpace('slack');
    const bot = await world.start({ spaces: [slack] });
    await subscribeOps(bot);

    expect(await bot.notices.ingest('m365-messages', [aNotice()])).toEqual({
      new: 1,
      updated: 0,
      unchanged: 0,
    });
    // The feed bumps its timestamp without changing a word: nothing to tell anyone.
    expect(await bot.notices.ingest('m365-messages', [aNotice({ updated: '2026-11-21T00:00:00Z' })])).toEqual(
      {
        new: 0,
        updated: 0,
        unchanged: 1,
      },
    );
    await bot.settle();
    expect(slack.posts.map((p) => p.channel)).toEqual(['C-OPS']);
    const card = slack.posts[0]!.reply;
    expect(headers(slack.posts)).toEqual([
      '📢 Microsoft 365 — Exchange Online: legacy authentication will be turned off by default',
    ]);
    expect(textOf(card)).toContain('2026-12-15 (in 14 days)');
    expect(textOf(card)).toContain('Staff mail (Microsoft 365) (mail)');
    expect(textOf(card)).toContain('⚙ Default setting change');
    expect(textOf(card)).toContain('https://admin.microsoft.com/');
    const buttons = card.blocks.find((b) => b.type === 'actions');
    expect(buttons).toEqual({
      type: 'actions',
      actions: [
        expect.objectContaining({ command: '/notices triage m365:MC900001 review-settings' }),
        expect.objectContaining({ command: '/notices triage m365:MC900001 open-change' }),
        expect.objectContaining({ command: '/notices triage m365:MC900001 not-relevant', needsInput: true }),
      ],
    });

    const edited = aNotice({
      actionRequiredBy: '2027-01-31',
      body: `${aNotice().body} We have moved the date.`,
    });
    expect(await bot.notices.ingest('m365-messages', [edited])).toEqual({ new: 0, updated: 1, unchanged: 0 });
    await bot.settle();
    expect(slack.posts).toHaveLength(2);
    const update = slack.posts[1]!.reply;
    expect(headers([slack.posts[1]!])[0]).toMatch(/^🔄 Updated: Microsoft 365 — /u);
    expect(textOf(update)).toContain('What changed: text, action date');
    expect(bot.outbox.pending()).toEqual([]);
    await bot.close();
  });

  it('repeats nothing after a restart, and posts an edit made while the bot was down once', async () => {
    const slack = new RecordingSpace('slack');
    const first = await world.start({ spaces: [slack] });
    await subscribeOps(first);
    await first.notices.ingest('m365-messages', [
      aNotice(),
      aNotice({ id: 'm365:MC900002', title: 'Teams meeting recap', products: ['Microsoft Teams'] }),
    ]);
    await first.settle();
    expect(slack.posts).toHaveLength(2);
    await first.close();

    const again = new RecordingSpace('slack');
    const second = await world.start({ spaces: [again] });
    expect(again.posts).toEqual([]);
    const counts = await second.notices.ingest('m365-messages', [
      aNotice(),
      aNotice({ id: 'm365:MC900002', title: 'Teams meeting recap (updated)', products: ['Microsoft Teams'] }),
    ]);
    expect(counts).toEqual({ new: 0, updated: 1, unchanged: 1 });
    await second.settle();
    expect(headers(again.posts)).toEqual(['🔄 Updated: Microsoft 365 — Teams meeting recap (updated)']);
    await second.close();
  });

  it('posts what a crash left unposted once at the next start, and never again', async () => {
    // Recorded, then the bot stopped before anything was posted.
    const crashed = await world.start();
    await subscribeOps(crashed);
    await crashed.notices.ingest('m365-messages', [aNotice()]);
    expect(crashed.outbox.pending()).toHaveLength(1);
    await crashed.close();

    const slack = new RecordingSpace('slack');
    const second = await world.start({ spaces: [slack] });
    expect(slack.posts.map((p) => p.channel)).toEqual(['C-OPS']);
    expect(second.outbox.pending()).toEqual([]);
    const delivered = (await second.repository.entriesFor('m365:MC900001')).filter(
      (e) => e.type === 'notice.delivered',
    );
    expect(delivered.map((e) => (e.data as NoticeEventData['notice.delivered']).targets)).toEqual([
      [{ subscription: 'SUB-1', platform: 'slack', channel: 'C-OPS' }],
    ]);
    await second.close();

    const third = new RecordingSpace('slack');
    const bot = await world.start({ spaces: [third] });
    expect(third.posts).toEqual([]);
    await bot.close();
  });

  it('keeps a post for a platform that is down and makes it at the next start', async () => {
    const slack = new RecordingSpace('slack');
    slack.down = true;
    const first = await world.start({ spaces: [slack] });
    await subscribeOps(first);
    await first.notices.ingest('m365-messages', [aNotice()]);
    await first.settle();
    expect(slack.posts).toEqual([]);
    expect(first.outbox.pending()).toHaveLength(1);
    await first.close();

    const back = new RecordingSpace('slack');
    const second = await world.start({ spaces: [back] });
    expect(back.posts).toHaveLength(1);
    expect(second.outbox.pending()).toEqual([]);
    await second.close();
  });

  it('does not post for a subscription removed before the post was made', async () => {
    const first = await world.start();
    const subscription = await subscribeOps(first);
    await first.notices.ingest('m365-messages', [aNotice()]);
    await first.notices.unsubscribe(first.person('takahashi'), subscription.id);
    await first.close();

    const slack = new RecordingSpace('slack');
    const second = await world.start({ spaces: [slack] });
    expect(slack.posts).toEqual([]);
    expect(second.outbox.pending()).toEqual([]);
    await second.close();
  });

  it('posts a notice about a product nobody uses only where all notices are asked for', async () => {
    const slack = new RecordingSpace('slack');
    const bot = await world.start({ spaces: [slack] });
    await bot.notices.subscribe(
      bot.person('suzuki'),
      { platform: 'slack', channel: 'C-EVERYTHING' },
      { source: 'all', services: [], products: [], categories: [], keywords: [], tags: [], all: true },
    );
    await subscribeOps(bot);
    const unused = aNotice({
      id: 'm365:MC900003',
      products: ['Microsoft Bookings'],
      title: 'Bookings changes',
    });
    await bot.notices.ingest('m365-messages', [unused]);
    await bot.settle();
    expect(slack.posts.map((p) => p.channel)).toEqual(['C-EVERYTHING']);
    expect(textOf(slack.posts[0]!.reply)).toContain('none (a product not in use)');
    await bot.close();
  });

  it("hands a console channel's posts to the console's notifier", async () => {
    const bot = await world.start({ console: true });
    await subscribeOps(bot, { platform: 'console' });
    await bot.notices.ingest('m365-messages', [aNotice()]);
    await bot.settle();
    const posted = bot.published.filter((e) => e.type === 'notice.posted');
    expect(posted).toEqual([
      expect.objectContaining({
        channel: '#general',
        post: expect.objectContaining({ kind: 'new', services: ['mail'] }),
      }),
    ]);
    expect(bot.outbox.pending()).toEqual([]);
    await bot.close();
  });

  it('refuses a second subscription with the same filters in one channel, and providers subscribing', async () => {
    const bot = await world.start();
    await subscribeOps(bot);
    await expect(subscribeOps(bot)).rejects.toThrow(/already subscribes with the same filters \(SUB-1\)/u);
    await expect(
      bot.notices.subscribe(
        bot.person('clark'),
        { platform: 'slack', channel: 'C-AWS' },
        {
          source: 'all',
          services: [],
          products: [],
          categories: [],
          keywords: [],
          tags: [],
          all: true,
        },
      ),
    ).rejects.toThrow(/provider's people cannot subscribe/u);
    await bot.close();
  });
});

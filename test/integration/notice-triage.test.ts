// Triage of provider notices through the real core over real files: each decision is recorded
// with who and when, taken once, only by the customer and the SIer of the services concerned; the
// card's buttons through the command router; and the digest of what arrived and what waits.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { Router } from '../../src/router/router.js';
import { aNotice } from '../helpers/notice-factory.js';
import { HOUR, START, noticeWorldPerTest, subscribeOps, type NoticeBot } from '../helpers/notice-bot.js';
import { silentLogger } from '../helpers/silent-logger.js';

const world = noticeWorldPerTest();

describe('triage', () => {
  async function withNotice(): Promise<NoticeBot> {
    const bot = await world.start();
    await subscribeOps(bot);
    await bot.notices.ingest('m365-messages', [aNotice()]);
    return bot;
  }

  it('records "not relevant" with who, when and why, once', async () => {
    const bot = await withNotice();
    world.advance(HOUR);
    const first = await bot.notices.notRelevant(
      bot.person('yamamoto'),
      'MC900001',
      'We already turned SMTP AUTH off',
    );
    expect(first).toMatchObject({
      already: false,
      triage: {
        action: 'not_relevant',
        by: 'yamamoto',
        at: new Date(START + HOUR).toISOString(),
        reason: 'We already turned SMTP AUTH off',
      },
    });
    const entries = await bot.repository.entriesFor('m365:MC900001');
    expect(entries.at(-1)).toMatchObject({
      type: 'notice.triaged',
      actor: { person: 'yamamoto', party: 'city' },
      data: { notice: 'm365:MC900001', action: 'not_relevant', by: 'yamamoto' },
    });

    world.advance(HOUR);
    const second = await bot.notices.notRelevant(bot.person('sato'), 'm365:MC900001', 'duplicate click');
    expect(second).toMatchObject({
      already: true,
      triage: { by: 'yamamoto', at: new Date(START + HOUR).toISOString() },
    });
    expect(await bot.repository.entriesFor('m365:MC900001')).toHaveLength(entries.length);
    await expect(bot.notices.openChange(bot.person('sato'), 'm365:MC900001')).rejects.toThrow(
      /was marked not relevant by Makoto Yamamoto .* \(reason: We already turned SMTP AUTH off\)/u,
    );
    await bot.close();
  });

  it('asks the party responsible for the service settings to review them', async () => {
    const bot = await withNotice();
    const outcome = await bot.notices.reviewSettings(bot.person('suzuki'), 'm365:MC900001');
    // mail: the accounts layer is the SIer's (hikari); Suzuki looks after mail there.
    expect(outcome.triage.task).toEqual({ asks: [{ service: 'mail', party: 'hikari', people: ['suzuki'] }] });
    expect(outcome.triage.by).toBe('suzuki');
    await expect(bot.notices.notRelevant(bot.person('sato'), 'm365:MC900001', 'no')).rejects.toThrow(
      /already being acted on \(settings review requested by Ichiro Suzuki/u,
    );
    await bot.close();
  });

  it('opens CHG-n with the notice attached, once', async () => {
    const bot = await withNotice();
    const opened = await bot.notices.openChange(bot.person('yamamoto'), 'm365:MC900001');
    expect(opened.change).toMatchObject({
      id: 'CHG-1',
      notice: 'm365:MC900001',
      openedBy: 'yamamoto',
      status: 'open',
      title: aNotice().title,
    });
    const again = await bot.notices.openChange(bot.person('sato'), 'm365:MC900001');
    expect(again).toMatchObject({ already: true, change: { id: 'CHG-1' } });
    expect(await bot.repository.entriesFor('CHG-2')).toEqual([]);
    await bot.close();

    // The decision survives a restart.
    const restarted = await world.start();
    expect(restarted.notices.lookup('m365:MC900001')!.triage).toEqual([
      expect.objectContaining({ action: 'change_opened', change: 'CHG-1', by: 'yamamoto' }),
    ]);
    expect(restarted.notices.change('chg-1')).toMatchObject({ notice: 'm365:MC900001' });
    await restarted.close();
  });

  it('lets the customer and the SIer of the services decide, not the provider', async () => {
    const bot = await withNotice();
    await expect(bot.notices.reviewSettings(bot.person('nakamura'), 'm365:MC900001')).rejects.toThrow(
      /provider's people cannot triage notices/u,
    );
    // An AWS notice about the portal: Hikari operates it, so its people may decide too.
    await bot.notices.ingest('aws-health', [
      aNotice({
        id: 'aws-health:ec2-retire',
        provider: 'aws',
        products: ['Amazon EC2'],
        title: 'EC2 instance retirement',
        tags: ['retirement'],
      }),
    ]);
    expect((await bot.notices.openChange(bot.person('tanaka'), 'aws-health:ec2-retire')).change?.id).toBe(
      'CHG-1',
    );
    await bot.close();
  });
});

describe('the digest', () => {
  it('counts what arrived and lists what is still untriaged, oldest first', async () => {
    const bot = await world.start();
    await subscribeOps(bot);
    await bot.notices.ingest('m365-messages', [aNotice()]);
    world.advance(2 * HOUR);
    await bot.notices.ingest('m365-messages', [
      aNotice({ id: 'm365:MC900002', title: 'Retiring a mailbox feature', tags: ['retirement'] }),
      aNotice({ id: 'm365:MC900003', products: ['Microsoft Bookings'], title: 'Bookings', tags: [] }),
    ]);
    world.advance(HOUR);
    await bot.notices.openChange(bot.person('sato'), 'm365:MC900002');

    const digest = bot.notices.digest(new Date(START + HOUR), new Date(world.now()));
    expect(digest.arrived.map((n) => n.id).sort()).toEqual(['m365:MC900002', 'm365:MC900003']);
    expect(digest.newCount).toBe(2);
    expect(digest.byProvider).toEqual({ 'microsoft-365': 2 });
    expect(digest.byTag).toEqual({ retirement: 1 });
    expect(digest.relevant.map((n) => n.id)).toEqual(['m365:MC900002']);
    // Posted and never triaged, whenever it arrived.
    expect(digest.untriaged.map((n) => n.id)).toEqual(['m365:MC900001']);
    await bot.close();
  });
});

describe('the card buttons, through the command router', () => {
  it('asks for the reason of "not relevant" in a form where the platform has forms, then records it', async () => {
    const bot = await world.start();
    await subscribeOps(bot);
    await bot.notices.ingest('m365-messages', [aNotice()]);
    const router = new Router({ commands, core: bot.core, logger: silentLogger });
    const press = (text: string, forms: boolean) =>
      router.handle({
        platform: 'slack',
        deliveryId: `d-${text.length}-${String(forms)}`,
        user: { id: 'U0TSBYAMA4' },
        channel: { platform: 'slack', id: 'C-OPS' },
        text,
        capabilities: { forms },
      });

    const [asked] = await press('/notices triage m365:MC900001 not-relevant', true);
    expect(asked!.form).toMatchObject({
      command: '/notices triage m365:MC900001 not-relevant',
      fields: [expect.objectContaining({ name: 'reason', required: true })],
    });
    const [typed] = await press('/notices triage m365:MC900001 not-relevant', false);
    expect(typed!.summary).toContain('--reason');

    const [done] = await press(
      '/notices triage m365:MC900001 not-relevant --reason "We do not use SMTP AUTH"',
      true,
    );
    expect(done!.visibility).toBe('channel');
    expect(done!.summary).toBe(
      '🗂 Makoto Yamamoto (Tsubaki City) marked m365:MC900001 not relevant. Reason: We do not use SMTP AUTH',
    );
    const [again] = await press('/notices triage MC900001 not-relevant --reason twice', true);
    expect(again!.summary).toMatch(
      /^ℹ m365:MC900001 was already triaged: not relevant: We do not use SMTP AUTH \(Makoto Yamamoto/u,
    );
    await bot.close();
  });
});

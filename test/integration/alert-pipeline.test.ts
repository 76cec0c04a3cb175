// Audit-log alerts through the real core over real files: records from the fixtures raise each
// alert once (also when evaluated again or after a restart), a burst of the same rule and principal
// is one alert whose card is updated in place, a mute holds until it expires, and opening an
// incident puts the alert on its timeline with the raw event as evidence whose hash matches.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { PermissionError, UserInputError } from '../../src/core/errors.js';
import { Router } from '../../src/router/router.js';
import { silentLogger } from '../helpers/silent-logger.js';
import type { Reply } from '../../src/core/reply.js';
import { sha256Hex } from '../../src/core/evidence/evidence-store.js';
import { alertWorldPerTest } from '../helpers/alert-bot.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { RecordingSpace } from '../helpers/recording-space.js';

const world = alertWorldPerTest();
const FIXTURE = path.join(
  REPO_ROOT,
  'test/fixtures/audit/stratus/aws.defense-evasion.cloudtrail-delete.json',
);
type Record = { [key: string]: unknown };
const deleteTrail = (): Record => (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record[])[0]!;
const textOf = (reply: Reply): string => JSON.stringify(reply.blocks);

/** The same DeleteTrail by the same principal, `n` times, ten seconds apart, each with its own id. */
function burst(n: number, startIso = '2024-07-31T12:50:00Z', principalArn?: string): Record[] {
  const base = deleteTrail();
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    eventID: `burst-${startIso}-${i}`,
    eventTime: new Date(Date.parse(startIso) + i * 10_000).toISOString().replace('.000', ''),
    ...(principalArn
      ? { userIdentity: { type: 'AssumedRole', arn: principalArn, accountId: '847129010505' } }
      : {}),
  }));
}

describe('alerts raised once', () => {
  it('posts an alert once, and nothing when the same records are evaluated again', async () => {
    const slack = new RecordingSpace('slack');
    const bot = await world.start({ spaces: [slack] });
    await bot.alerts.accept('cloudtrail', [deleteTrail()]);
    await bot.alerts.accept('cloudtrail', [deleteTrail()]);
    await bot.settle();

    const recent = bot.alerts.recent(10);
    expect(recent.map((a) => [a.id, a.rule, a.principal, a.count])).toEqual([
      ['ALT-1', 'cis-aws-4.5', 'arn:aws:iam::847129010505:user/christophe', 1],
    ]);
    expect(slack.posts.map((p) => [p.channel, p.reply.subject])).toEqual([['C-SEC', 'alert:ALT-1']]);
    const card = textOf(slack.posts[0]!.reply);
    for (const part of [
      'cloudtrail:DeleteTrail',
      'stratus-red-team-cloudtraild-trail-kvrwohmiai',
      '847129010505',
    ]) {
      expect(card).toContain(part);
    }
    expect(card).toContain(recent[0]!.raw_sha256.slice(0, 12));
    await bot.close();
  });

  it('repeats nothing across a restart', async () => {
    const first = await world.start({ spaces: [new RecordingSpace('slack')] });
    await first.alerts.accept('cloudtrail', [deleteTrail(), ...burst(3)]);
    await first.settle();
    await first.close();

    const slack = new RecordingSpace('slack');
    const second = await world.start({ spaces: [slack] });
    await second.alerts.accept('cloudtrail', [deleteTrail(), ...burst(3)]);
    await second.settle();
    expect(second.alerts.recent(10).map((a) => [a.id, a.count])).toEqual([['ALT-1', 4]]);
    // Delivered before the restart, and nothing new since.
    expect(slack.posts).toEqual([]);
    await second.close();
  });

  it('skips a strange record and still evaluates the others', async () => {
    const bot = await world.start();
    await bot.alerts.accept('cloudtrail', [null, 'text', 42, { eventName: { nested: true } }, deleteTrail()]);
    expect(bot.alerts.recent(10)).toHaveLength(1);
    await bot.close();
  });
});

describe('bursts', () => {
  it('turns fifty events of one rule and principal into one alert whose card is updated in place', async () => {
    const slack = new RecordingSpace('slack');
    const bot = await world.start({ spaces: [slack] });
    await bot.alerts.accept('cloudtrail', burst(50));
    await bot.settle();

    expect(bot.alerts.recent(10).map((a) => [a.id, a.count])).toEqual([['ALT-1', 50]]);
    expect(slack.messages).toEqual([]);
    expect(new Set(slack.posts.map((p) => p.reply.subject))).toEqual(new Set(['alert:ALT-1']));
    expect(textOf(slack.posts.at(-1)!.reply)).toContain('×50 since');
    await bot.close();
  });

  it('starts a new alert once the window has passed', async () => {
    const bot = await world.start();
    await bot.alerts.accept('cloudtrail', [
      ...burst(2, '2024-07-31T12:00:00Z'),
      ...burst(2, '2024-07-31T12:30:00Z'),
    ]);
    expect(bot.alerts.recent(10).map((a) => [a.id, a.count])).toEqual([
      ['ALT-2', 2],
      ['ALT-1', 2],
    ]);
    await bot.close();
  });
});

describe('decisions', () => {
  const takahashiArn = 'arn:aws:sts::847129010505:assumed-role/Admin/k-takahashi@city.tsubaki.example.lg.jp';

  it('matches the principal to a person by email and mutes the rule for them until it expires', async () => {
    const bot = await world.start();
    await bot.alerts.accept('cloudtrail', burst(1, '2024-07-31T12:00:00Z', takahashiArn));
    const [alert] = bot.alerts.recent(1);
    expect([alert!.person, alert!.party]).toEqual(['takahashi', 'city']);

    const muted = await bot.actions.mute(bot.person('sato'), 'ALT-1', '2h');
    expect(muted.decision).toMatchObject({ kind: 'muted', by: 'sato', until: '2026-12-01T02:00:00.000Z' });
    expect(bot.alerts.mutes().map((m) => [m.rule, m.principal])).toEqual([['cis-aws-4.5', takahashiArn]]);

    // Hours later by the event's clock (so not grouped), but while the mute holds: nothing.
    await bot.alerts.accept('cloudtrail', burst(1, '2024-07-31T15:00:00Z', takahashiArn));
    // Someone else is not muted.
    await bot.alerts.accept('cloudtrail', burst(1, '2024-07-31T15:00:00Z'));
    expect(bot.alerts.recent(10).map((a) => a.principal)).toEqual([
      'arn:aws:iam::847129010505:user/christophe',
      takahashiArn,
    ]);

    world.advance(2 * 3_600_000 + 1);
    expect(bot.alerts.mutes()).toEqual([]);
    await bot.alerts.accept('cloudtrail', burst(1, '2024-07-31T18:00:00Z', takahashiArn));
    expect(bot.alerts.recent(1)[0]).toMatchObject({ id: 'ALT-3', principal: takahashiArn });
    await bot.close();
  });

  it('opens an incident with the alert on its timeline and the raw event as evidence', async () => {
    const slack = new RecordingSpace('slack');
    const bot = await world.start({ spaces: [slack] });
    await bot.alerts.accept('cloudtrail', [deleteTrail()]);
    const sato = bot.person('sato');
    const outcome = await bot.actions.openIncident(sato, 'alt-1');
    expect(outcome.decision).toMatchObject({ kind: 'incident_opened', incident: 'INC-1', by: 'sato' });
    const again = await bot.actions.openIncident(sato, 'ALT-1');
    expect(again.already).toBe(true);

    const incident = bot.core.incidents.get(sato, 'INC-1');
    expect(incident.severity).toBe(2);
    expect(incident.title).toContain('ALT-1');
    const timeline = await bot.core.incidents.timeline(sato, 'INC-1');
    const note = timeline.find((e) => e.type === 'incident.note_added');
    expect(JSON.stringify(note?.data)).toContain('ALT-1');

    const alert = bot.alerts.get('ALT-1');
    const listing = await bot.evidence.list(sato, 'INC-1');
    expect(listing.items.map((i) => i.record.sha256)).toEqual([alert.raw_sha256]);
    const stored = await bot.store.read(alert.raw_sha256);
    expect(sha256Hex(stored)).toBe(alert.raw_sha256);
    expect(JSON.parse(stored.toString('utf8'))).toMatchObject({
      eventID: 'ee73c230-44bc-4492-8542-cfb189eae287',
    });
    // What an evidence export (the bot's, as `tsunagi evidence export`) carries: the raw event, byte for byte.
    const exported = await bot.evidence.export(sato, 'INC-1', bot.core.now());
    const hashes = await Promise.all(exported.files.map(async (f) => sha256Hex(await f.read())));
    expect(hashes).toContain(alert.raw_sha256);

    await bot.settle();
    const last = slack.posts.at(-1)!.reply;
    expect(last.subject).toBe('alert:ALT-1');
    expect(textOf(last)).toContain('Incident INC-1 opened by');
    await bot.close();
  });

  it('requires a reason for a false positive, and lets only the customer and operating SIers decide', async () => {
    const bot = await world.start();
    await bot.alerts.accept('cloudtrail', [deleteTrail()]);
    await expect(bot.actions.falsePositive(bot.person('sato'), 'ALT-1', '  ')).rejects.toBeInstanceOf(
      UserInputError,
    );
    await expect(bot.actions.acknowledge(bot.person('clark'), 'ALT-1')).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(bot.actions.mute(bot.person('nakamura'), 'ALT-1')).rejects.toBeInstanceOf(PermissionError);

    const ack = await bot.actions.acknowledge(bot.person('suzuki'), 'ALT-1');
    expect(ack.decision).toMatchObject({ kind: 'acknowledged', by: 'suzuki' });
    const fp = await bot.actions.falsePositive(bot.person('sato'), 'ALT-1', 'Stratus red team exercise');
    expect(fp.decision).toMatchObject({ kind: 'false_positive', reason: 'Stratus red team exercise' });
    expect(bot.alerts.get('ALT-1').decisions.map((d) => d.kind)).toEqual(['acknowledged', 'false_positive']);
    await bot.close();
  });
});

describe('console channels', () => {
  it('hands an alert card for a console channel to the notifier once, not once per grouped event', async () => {
    const bot = await world.start({ console: true });
    await bot.alerts.accept('cloudtrail', [deleteTrail(), ...burst(20)]);
    await bot.settle();
    const posted = bot.published.filter((e) => e.type === 'alert.posted');
    expect(posted.map((e) => (e.type === 'alert.posted' ? [e.channel, e.alert.id] : []))).toEqual([
      ['#security', 'ALT-1'],
    ]);
    await bot.close();
  });
});

describe('the card buttons, through the command router', () => {
  it('asks for the false-positive reason in a form, suggests the playbook, and refuses a provider', async () => {
    const bot = await world.start();
    await bot.alerts.accept('cloudtrail', [deleteTrail(), ...burst(1, '2024-08-01T00:00:00Z')]);
    const router = new Router({ commands, core: bot.core, logger: silentLogger });
    let n = 0;
    const press = (text: string, forms: boolean, user = 'U0TSBYAMA4') =>
      router.handle({
        platform: 'slack',
        deliveryId: `d-${(n += 1)}`,
        user: { id: user },
        channel: { platform: 'slack', id: 'C-SEC' },
        text,
        capabilities: { forms },
      });

    const [asked] = await press('/alerts false-positive ALT-1', true);
    expect(asked!.form).toMatchObject({
      command: '/alerts false-positive ALT-1',
      fields: [expect.objectContaining({ name: 'reason', required: true })],
    });
    const [typed] = await press('/alerts false-positive ALT-1', false);
    expect(typed!.summary).toContain('--reason');
    const [done] = await press('/alerts false-positive ALT-1 --reason "red team exercise"', true);
    expect(done!.summary).toContain('ALT-1: False positive, by Makoto Yamamoto');

    const [opened] = await press('/alerts incident ALT-2', true);
    expect(opened!.summary).toContain('ALT-2: Incident INC-1 opened by Makoto Yamamoto');
    expect(textOf(opened!)).toContain('Suggested playbook: /playbook run collect-evidence --incident INC-1');
    const [muted] = await press('/alerts mute ALT-2 --for 30m', true);
    expect(muted!.summary).toContain('Muted until');
    const [recent] = await press('/alerts recent', true);
    expect(textOf(recent!)).toContain('ALT-2');
    await bot.close();
  });
});

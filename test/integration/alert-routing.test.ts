// Alert routing by responsibility: an alert whose account is listed in a service's audit_accounts
// names that service and the party responsible for its accounts layer, and a route for that party
// takes it before the routes by rule; an alert about no service falls through to them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrganisationConfig } from '../../src/core/parties/model.js';
import { ALERT_SETTINGS, alertWorldPerTest } from '../helpers/alert-bot.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { RecordingSpace } from '../helpers/recording-space.js';

const world = alertWorldPerTest((config): OrganisationConfig => ({
  ...config,
  services: config.services.map((s) => (s.id === 'portal' ? { ...s, auditAccounts: ['847129010505'] } : s)),
  alerts: {
    ...ALERT_SETTINGS,
    routes: [{ responsible: ['hikari'], channels: { slack: 'C-HIKARI-SOC' } }, ...ALERT_SETTINGS.routes],
  },
}));
const FIXTURE = path.join(
  REPO_ROOT,
  'test/fixtures/audit/stratus/aws.defense-evasion.cloudtrail-delete.json',
);
/** The fixture's DeleteTrail in another account, a day later (so not grouped with the first). */
const record = (account: string, day: number): unknown => ({
  ...(JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>[])[0],
  eventID: `event-${account}`,
  eventTime: `2024-08-0${day}T12:00:00Z`,
  recipientAccountId: account,
});

describe('routing by the responsible party', () => {
  it("posts an alert about a service's account to its responsible party's route", async () => {
    const slack = new RecordingSpace('slack');
    const bot = await world.start({ spaces: [slack] });
    await bot.alerts.accept('cloudtrail', [record('847129010505', 1), record('111122223333', 2)]);
    await bot.settle();

    expect(bot.alerts.recent(10).map((a) => [a.id, a.account, a.service, a.responsible])).toEqual([
      ['ALT-2', '111122223333', undefined, undefined],
      ['ALT-1', '847129010505', 'portal', 'hikari'],
    ]);
    expect(slack.posts.map((p) => [p.reply.subject, p.channel])).toEqual([
      ['alert:ALT-1', 'C-HIKARI-SOC'],
      ['alert:ALT-2', 'C-SEC'],
    ]);
    expect(JSON.stringify(slack.posts[0]!.reply.blocks)).toContain('"label":"Service"');
    // The SIer operating the service decides about it.
    const ack = await bot.actions.acknowledge(bot.person('suzuki'), 'ALT-1');
    expect(ack.decision).toMatchObject({ kind: 'acknowledged', by: 'suzuki' });
    await bot.close();
  });
});

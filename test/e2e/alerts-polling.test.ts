// The audit poller in the real bot process against the CloudTrail emulator (the SDK pointed at it by
// AWS_ENDPOINT_URL_CLOUDTRAIL): two pages of LookupEvents, a ThrottlingException, and a restart with
// new events (one in the very second the cursor stopped at) — each alert card is posted exactly once,
// and /alerts sources shows the source's health.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { EXAMPLE_CONFIG, testEnv } from '../helpers/bot-process.js';
import { botNotices, repliesByCommand } from '../helpers/console-output.js';
import { consoleSessionsPerTest } from '../helpers/console-session.js';
import { CloudTrailEmulator } from '../emulators/cloudtrail/cloudtrail-emulator.js';

const sessions = consoleSessionsPerTest();
const emulators: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.stop();
});

type CloudTrailRecord = Record<string, unknown> & { eventID: string; eventTime: string };

const CASES = (
  JSON.parse(
    readFileSync(new URL('../fixtures/audit/cloudtrail/cis-cases.json', import.meta.url), 'utf8'),
  ) as { Records: CloudTrailRecord[] }
).Records;

function caseRecord(id: string, at: number): CloudTrailRecord {
  const found = CASES.find((r) => r.eventID === id);
  if (!found) throw new Error(`no case ${id}`);
  return { ...found, eventTime: new Date(at).toISOString().replace('.000Z', 'Z') };
}

/** Read-only calls no rule cares about, to fill LookupEvents pages. */
function filler(n: number, at: number): CloudTrailRecord {
  return { ...caseRecord('cis-4.14-neg-describe-vpcs', at), eventID: `filler-${String(n).padStart(3, '0')}` };
}

function configWith(dataDir: string): string {
  const config = parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;
  config.alerts = {
    ...(config.alerts as Record<string, unknown> | undefined),
    channel: { console: '#security' },
    routes: [],
    sources: [
      {
        id: 'aws-prod',
        kind: 'cloudtrail',
        every: 'PT1H',
        accounts: [{ account: '111122223333', region: 'ap-northeast-1' }],
      },
    ],
  };
  const file = path.join(dataDir, 'tsunagi.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/** data/audit-state.json as the bot last wrote it. */
function auditState(): string {
  const file = path.join(sessions.dataDir(), 'audit-state.json');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(100);
}

/** The alert cards printed, by the rule and the raw event each names. */
function alertCards(stdout: string): { rule: string; event: string }[] {
  return botNotices(stdout)
    .map((card) => ({
      rule: /^\s+Rule\s+(\S+)/mu.exec(card)?.[1] ?? '',
      event: /^Raw event (\S+) /mu.exec(card)?.[1] ?? '',
    }))
    .filter((card) => card.event !== '');
}

describe('polling CloudTrail in the bot', () => {
  it('posts each alert once through two pages, a throttled call and a restart', async () => {
    const trail = await CloudTrailEmulator.start();
    emulators.push(trail);
    // A second boundary every time: CloudTrail times have whole seconds.
    const base = Math.floor(Date.now() / 1000) * 1000 - 20 * 60_000;
    const firstAlerts = [
      'cis-4.4-pos-put-role-policy',
      'cis-4.5-pos-stop-logging',
      'cis-4.7-pos-schedule-key-deletion',
      'cis-4.9-pos-stop-configuration-recorder',
    ];
    const cursorSecond = base + 120_000;
    trail.putRecords([
      ...Array.from({ length: 56 }, (_, n) => filler(n, base + n * 1000)),
      ...firstAlerts.map((id) => caseRecord(id, cursorSecond)),
    ]);
    trail.failNext({ type: 'ThrottlingException' });
    const dataDir = sessions.dataDir();
    const env = testEnv(dataDir, {
      TSUNAGI_CONFIG: configWith(dataDir),
      TSUNAGI_LOCALE: 'en',
      AWS_ENDPOINT_URL_CLOUDTRAIL: trail.url,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATOR0000TEST',
      AWS_SECRET_ACCESS_KEY: 'emulator-secret-access-key',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });

    const first = sessions.start(['start'], env);
    for (const id of firstAlerts) await first.waitFor(new RegExp(`Raw event ${id} `, 'u'));
    // The cursor is stored just after the alerts are recorded.
    await until(() => auditState().includes('lastSuccess'));
    first.send('/alerts sources');
    await first.waitFor(/› \/alerts sources\n[\s\S]*aws-prod/u);
    const firstRun = await first.end();
    expect(firstRun.code, firstRun.stderr).toBe(0);
    const calls = trail.callsTo('LookupEvents');
    expect(calls[0]!.error).toBe('ThrottlingException');
    expect(calls.filter((c) => c.status === 200).map((c) => c.events)).toEqual([50, 10]);
    expect(repliesByCommand(firstRun.stdout).get('/alerts sources')).toMatch(/aws-prod[\s\S]*ok/u);

    // While the bot is down: an event in the second the cursor stopped at, and a newer one.
    const secondAlerts = ['cis-4.10-pos-authorize-ingress', 'cis-4.11-pos-create-network-acl-entry'];
    trail.putRecords([
      caseRecord(secondAlerts[0]!, cursorSecond),
      caseRecord(secondAlerts[1]!, cursorSecond + 5000),
    ]);
    const second = sessions.start(['start'], env);
    for (const id of secondAlerts) await second.waitFor(new RegExp(`Raw event ${id} `, 'u'));
    const secondRun = await second.end();
    expect(secondRun.code, secondRun.stderr).toBe(0);

    // Sigma rules may alert on the same events too; what matters is one card per rule and event.
    const all = firstRun.stdout + secondRun.stdout;
    const pairs = alertCards(all).map((card) => `${card.rule} ${card.event}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const cis = alertCards(all).filter((card) => card.rule.startsWith('cis-aws-'));
    expect(cis.map((card) => card.event).sort()).toEqual([...firstAlerts, ...secondAlerts].sort());
    expect(pairs.filter((pair) => pair.includes('filler-'))).toEqual([]);
  });
});

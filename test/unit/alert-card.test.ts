// The alert card: every field the guidance asks to see at alert time, the count of a burst, the
// credit a Sigma rule's licence (Detection Rule License 1.1) asks for, decisions, and buttons that
// disappear once they no longer apply. In both languages.
import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../src/core/alerts/alert-projection.js';
import { alertCard } from '../../src/core/views/alert-card.js';
import { ViewContext } from '../../src/core/views/view-context.js';
import type { CompiledRule } from '../../src/sources/rules/rule.js';
import { exampleDirectory } from '../helpers/core-fixture.js';

const directory = exampleDirectory();
const view = (locale: 'ja' | 'en') =>
  new ViewContext(locale, directory, 'Asia/Tokyo', new Date('2026-12-01T00:00:00Z'));

const alert = (over: Partial<AlertRecord> = {}): AlertRecord => ({
  id: 'ALT-7',
  number: 7,
  rule: 'sigma-4db60cc0-36fb-42b7-9b58-a5b53019fb74',
  rule_title: 'AWS CloudTrail Important Change',
  severity: 'medium',
  source: 'cloudtrail',
  event_id: 'ee73c230',
  event_time: '2026-11-30T01:02:00Z',
  principal: 'arn:aws:sts::847129010505:assumed-role/Admin/k-takahashi@city.tsubaki.example.lg.jp',
  person: 'takahashi',
  party: 'city',
  source_ip: '203.0.113.7',
  user_agent: 'aws-cli/2.15',
  action: 'cloudtrail:StopLogging',
  resource: 'main-trail',
  result: 'success',
  account: '847129010505',
  region: 'ap-northeast-1',
  count: 12,
  first_at: '2026-11-30T01:02:00Z',
  last_at: '2026-11-30T01:09:00Z',
  raw_sha256: 'a'.repeat(64),
  raw_size: 100,
  targets: [],
  grouped: [],
  decisions: [],
  recorded_at: '2026-11-30T01:02:05Z',
  ...over,
});

const sigmaRule = {
  id: 'sigma-4db60cc0-36fb-42b7-9b58-a5b53019fb74',
  title: { ja: 'AWS CloudTrail Important Change', en: 'AWS CloudTrail Important Change' },
  description: { ja: '', en: '' },
  severity: 'medium',
  sources: ['cloudtrail'],
  references: [
    {
      title: 'ref',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html',
    },
  ],
  origin: { kind: 'sigma', file: 'aws_cloudtrail_disable_logging.yml', author: 'vitaliy0x1' },
  matches: () => true,
} satisfies CompiledRule;

const text = (reply: { blocks: readonly unknown[] }): string => JSON.stringify(reply.blocks);

describe('alert card', () => {
  it('shows who, what, where from, when, result, account, the count and the Sigma credit', () => {
    const card = alertCard(view('en'), alert(), sigmaRule);
    expect(card.subject).toBe('alert:ALT-7');
    const shown = text(card);
    for (const part of [
      'ALT-7 🟡 Medium AWS CloudTrail Important Change',
      'k-takahashi@city.tsubaki.example.lg.jp — Ken Takahashi (Tsubaki City)',
      'cloudtrail:StopLogging',
      'main-trail',
      '203.0.113.7 · aws-cli/2.15',
      '847129010505 ap-northeast-1',
      '×12 since 10:02 JST',
      'Sigma rule by vitaliy0x1 (Detection Rule License 1.1)',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html',
      'sha256 aaaaaaaaaaaa',
    ]) {
      expect(shown).toContain(part);
    }
    const actions = card.blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({
      actions: [
        { command: '/alerts ack ALT-7' },
        { command: '/alerts incident ALT-7' },
        { command: '/alerts false-positive ALT-7', needsInput: true },
        { command: '/alerts mute ALT-7 --for 1h' },
      ],
    });
  });

  it('speaks Japanese, and shows no buttons after a false positive', () => {
    const card = alertCard(
      view('ja'),
      alert({
        decisions: [{ kind: 'false_positive', by: 'sato', at: '2026-11-30T02:00:00Z', reason: '訓練' }],
      }),
      sigmaRule,
    );
    const shown = text(card);
    expect(shown).toContain('Sigma ルール 作者: vitaliy0x1');
    expect(shown).toContain('×12（10:02 JST から）');
    expect(shown).toContain('誤検知: ');
    expect(card.blocks.find((b) => b.type === 'actions')).toBeUndefined();
  });
});

// The notice card and the digest as people read them, in both languages, in the terminal, and
// within what Slack and Teams accept.
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/core/notices/notice-digest.js';
import { noticeProjection } from '../../src/core/notices/notice-projection.js';
import type { NoticePost } from '../../src/core/notices/notice-post.js';
import { noticeCard } from '../../src/core/views/notice-card.js';
import { noticeDigest } from '../../src/core/views/notice-digest.js';
import { ViewContext } from '../../src/core/views/view-context.js';
import type { Locale } from '../../src/core/i18n/locale.js';
import { renderCard } from '../../src/render/adaptive.js';
import { checkMessageLimits } from '../../src/render/blockkit-limits.js';
import { renderMessages } from '../../src/render/blockkit.js';
import { renderText } from '../../src/render/text.js';
import { cardProblems } from '../helpers/adaptive-card-check.js';
import { exampleDirectory } from '../helpers/core-fixture.js';
import { aNotice } from '../helpers/notice-factory.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const directory = exampleDirectory();
const view = (locale: Locale): ViewContext => new ViewContext(locale, directory, 'Asia/Tokyo', NOW);
const text = (locale: Locale, post: NoticePost): string =>
  renderText(noticeCard(view(locale), post), { color: false, width: 120 });

const post = (overrides: Partial<NoticePost> = {}): NoticePost => ({
  notice: aNotice({ tags: ['default-change', 'security'] }),
  kind: 'new',
  changed: [],
  services: ['mail'],
  triage: [],
  ...overrides,
});

describe('the notice card', () => {
  it('shows provider, products, dates with the days left, services, badges, summary and link', () => {
    const en = text('en', post());
    expect(en).toContain(
      '📢 Microsoft 365 — Exchange Online: legacy authentication will be turned off by default',
    );
    expect(en).toContain('⚙ Default setting change  🔒 Security bulletin');
    expect(en).toMatch(/Products +Exchange Online/u);
    expect(en).toMatch(/Published +2026-11-20 10:00 JST/u);
    expect(en).toMatch(/Action required by +2026-12-15 \(in 14 days\)/u);
    expect(en).toMatch(/Our services +Staff mail \(Microsoft 365\) \(mail\)/u);
    expect(en).toContain('basic authentication for SMTP AUTH turned off by default');
    expect(en).toContain('🔗 https://admin.microsoft.com/');
    expect(en).toContain('▸ Not relevant: /notices triage m365:MC900001 not-relevant …');

    const ja = text('ja', post());
    expect(ja).toContain('⚙ 既定の設定の変更  🔒 セキュリティ情報');
    expect(ja).toMatch(/対応期限 +2026-12-15（あと 14 日）/u);
    expect(ja).toMatch(/該当サービス +職員メール（Microsoft 365）（mail）/u);
    expect(ja).toContain('▸ 関係なし: /notices triage m365:MC900001 not-relevant …');
  });

  it('marks an update and says what changed', () => {
    const updated = post({ kind: 'updated', changed: ['title', 'body', 'actionRequiredBy'] });
    expect(text('en', updated)).toContain('🔄 Updated: Microsoft 365 —');
    expect(text('en', updated)).toContain('What changed: title, text, action date');
    expect(text('ja', updated)).toContain('変更点: タイトル、本文、対応期限');
  });

  it('counts down to the action date, and says when it has passed', () => {
    const due = (actionRequiredBy: string): string =>
      text('en', post({ notice: aNotice({ actionRequiredBy }) })).match(/Action required by +(.*)/u)![1]!;
    expect(due('2026-12-02')).toBe('2026-12-02 (tomorrow)');
    expect(due('2026-12-01')).toBe('2026-12-01 (today)');
    expect(due('2026-11-28')).toBe('2026-11-28 (3 days ago)');
    // A time is read in the organisation's zone: 2026-12-10T20:00Z is the 11th in Tokyo.
    expect(due('2026-12-10T20:00:00Z')).toBe('2026-12-11 05:00 JST (in 10 days)');
  });

  it('cuts a long text and keeps a notice id with spaces one argument in its buttons', () => {
    const long = post({ notice: aNotice({ id: 'rss:urn:sier notice 7', body: 'あ'.repeat(5000) }) });
    const card = noticeCard(view('ja'), long);
    const body = card.blocks.find((b) => b.type === 'text');
    expect(body).toEqual({ type: 'text', text: `${'あ'.repeat(599)}…` });
    expect(JSON.stringify(card.blocks)).toContain(
      '/notices triage \\"rss:urn:sier notice 7\\" review-settings',
    );
  });

  it('shows who triaged it and offers only the actions still open', () => {
    const triaged = post({
      triage: [{ action: 'review_settings', by: 'suzuki', at: '2026-12-01T01:00:00Z', task: { asks: [] } }],
    });
    const en = text('en', triaged);
    expect(en).toContain('✔ settings review requested (Ichiro Suzuki (Hikari IS), 2026-12-01 10:00 JST)');
    expect(en).toContain('/notices triage m365:MC900001 open-change');
    expect(en).not.toContain('review-settings');
    expect(en).not.toContain('not-relevant');
    const dismissed = post({
      triage: [{ action: 'not_relevant', by: 'sato', at: '2026-12-01T01:00:00Z', reason: 'unused' }],
    });
    expect(text('en', dismissed)).not.toContain('/notices triage');
  });

  it('renders within the limits of Slack and Teams', () => {
    for (const locale of ['ja', 'en'] as const) {
      const card = noticeCard(
        view(locale),
        post({ notice: aNotice({ body: 'x'.repeat(5000), title: 'T'.repeat(400) }) }),
      );
      for (const message of renderMessages(card)) expect(checkMessageLimits(message)).toEqual([]);
      expect(cardProblems(renderCard(card))).toEqual([]);
    }
  });
});

describe('the digest', () => {
  function state() {
    const s = noticeProjection.initial();
    let seq = 0;
    const ingest = (notice: ReturnType<typeof aNotice>, ts: string, posted: boolean, services: string[]) => {
      seq += 1;
      noticeProjection.apply(s, {
        seq,
        ts,
        prev: '',
        hash: '',
        type: 'notice.received',
        subject: notice.id,
        data: {
          source: 'm365-messages',
          notice,
          hash: `h${seq}`,
          fields: {},
          services,
          posts: posted ? [{ subscription: 'SUB-1', platform: 'slack', channel: 'C' }] : [],
        },
      });
    };
    ingest(aNotice({ id: 'm365:MC1', title: 'Older, untriaged' }), '2026-11-28T00:00:00Z', true, ['mail']);
    ingest(
      aNotice({ id: 'm365:MC2', title: 'Retirement', tags: ['retirement'] }),
      '2026-11-30T03:00:00Z',
      true,
      ['mail'],
    );
    ingest(
      aNotice({ id: 'aws:x', provider: 'aws', title: 'Braket news', tags: [] }),
      '2026-11-30T04:00:00Z',
      false,
      [],
    );
    return s;
  }

  it('summarises what arrived and what waits for a decision, in both languages', () => {
    const digest = buildDigest(state(), new Date('2026-11-30T00:00:00Z'), NOW);
    const en = renderText(noticeDigest(view('en'), digest), { color: false, width: 120 });
    expect(en).toMatch(/Arrived +2 \(2 new, 0 updated\)/u);
    expect(en).toMatch(/By provider +AWS 1, Microsoft 365 1/u);
    expect(en).toMatch(/By kind +⏳ Retirement 1/u);
    expect(en).toContain('Notices that concern us');
    expect(en).toContain(
      '⏳ Retirement  m365:MC2 Microsoft 365: Retirement (act by 2026-12-15 (in 14 days))',
    );
    expect(en).not.toMatch(/•.*Braket/u);
    const waiting = en.slice(en.indexOf('Waiting for a decision'));
    expect(waiting.indexOf('m365:MC1')).toBeLessThan(waiting.indexOf('m365:MC2'));
    expect(waiting).toContain('arrived 3 d ago');

    const ja = renderText(noticeDigest(view('ja'), digest), { color: false, width: 120 });
    expect(ja).toMatch(/届いた通知 +2 件（新規 2、更新 0）/u);
    expect(ja).toContain('未対応の通知（古い順）');
  });

  it('says so when nothing arrived and nothing waits', () => {
    const digest = buildDigest(noticeProjection.initial(), new Date('2026-11-30T00:00:00Z'), NOW);
    expect(noticeDigest(view('en'), digest).summary).toContain('No notices arrived in this period');
  });
});

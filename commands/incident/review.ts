// /incident review: the post-incident review at a glance; the full Markdown with `tsunagi review export`.
import { incidentReviewMarkdown, reviewFigures } from '../../src/core/views/incident-review.js';
import type { IncidentEventData } from '../../src/core/incidents/ledger-events.js';
import { reply } from '../../src/core/reply.js';
import { defineSubcommand } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';

export const review = defineSubcommand({
  name: 'review',
  aliases: ['振り返り'],
  summary: { ja: '事後レビューを表示する', en: 'Show the post-incident review' },
  description: {
    ja: '検知・着手・封じ込め・解決までの時間、良かった点と課題、再発防止策をまとめます。SIer やクラウド事業者と共有する Markdown は `tsunagi review export INC-n --party <組織>` で出力します（その組織向けに内部メモを除きます）。',
    en: 'Times to detect, acknowledge, contain and resolve, what went well and badly, and the action items. The Markdown to share with the SIer or a provider comes from `tsunagi review export INC-n --party <party>` (internal notes left out for them).',
  },
  permission: 'participant',
  positionals: { incident: incidentArg },
  options: {},
  examples: ['/incident review INC-1'],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const incident = ctx.core.incidents.get(actor, args.incident);
    const entries = await ctx.core.incidents.timeline(actor, incident.id);
    const v = ctx.view;
    const figures = reviewFigures(incident, v.now);
    const show = (ms: number | undefined): string => (ms === undefined ? '—' : v.duration(ms));
    const of = <K extends 'incident.lesson_added' | 'incident.action_added'>(type: K) =>
      entries.filter((e) => e.type === type).map((e) => e.data as IncidentEventData[K]);
    const lessons = of('incident.lesson_added');
    const actions = of('incident.action_added');
    const title = ctx.t({
      ja: `事後レビュー: ${incident.id} ${incident.title}`,
      en: `Post-incident review: ${incident.id} ${incident.title}`,
    });
    const markdown = incidentReviewMarkdown(v, incident, entries);
    return reply(
      title,
      [
        { type: 'header', text: title },
        {
          type: 'fields',
          fields: [
            { label: ctx.t({ ja: '検知まで', en: 'To detect' }), value: show(figures.toDetectMs) },
            { label: ctx.t({ ja: '着手まで', en: 'To acknowledge' }), value: show(figures.toAcknowledgeMs) },
            { label: ctx.t({ ja: '封じ込めまで', en: 'To contain' }), value: show(figures.toContainMs) },
            { label: ctx.t({ ja: '解決まで', en: 'To resolve' }), value: show(figures.toResolveMs) },
          ],
        },
        {
          type: 'list',
          title: ctx.t({ ja: '良かった点・課題', en: 'What went well and badly' }),
          items: lessons.length
            ? lessons.map((l) => `${l.kind === 'went_well' ? '👍' : '⚠'} ${l.text}`)
            : [ctx.t({ ja: '未記録: /incident lesson で追加', en: 'None yet: add with /incident lesson' })],
        },
        {
          type: 'list',
          title: ctx.t({ ja: '再発防止策', en: 'Action items' }),
          items: actions.length
            ? actions.map((a) => `${a.text} — ${v.person(a.owner)}, ${v.dateTime(a.due)}`)
            : [ctx.t({ ja: '未記録: /incident action で追加', en: 'None yet: add with /incident action' })],
        },
        {
          type: 'context',
          text: ctx.t({
            ja: `全文（Markdown、${markdown.split('\n').length}行）: tsunagi review export ${incident.id}`,
            en: `Full review (Markdown, ${markdown.split('\n').length} lines): tsunagi review export ${incident.id}`,
          }),
        },
      ],
      { visibility: 'ephemeral' },
    );
  },
});

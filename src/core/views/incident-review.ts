// The post-incident review as Markdown, ready to share with the SIer and the provider: summary,
// impact, the four response times, the timeline, what went well and badly, and action items with
// owner and due date. Built from the entries the reader may see, so a party-scoped review for an
// external party leaves out internal-only entries.
import type { LedgerEntry } from '../../store/repository.js';
import type { IncidentEventData } from '../incidents/ledger-events.js';
import type { Incident } from '../incidents/model.js';
import { responseTimes } from '../incidents/response-times.js';
import { ROLE_LABELS } from '../incidents/roles.js';
import { SEVERITY_DEFINITIONS } from '../incidents/severity.js';
import { STATUS_LABELS } from '../incidents/status-transitions.js';
import type { Party } from '../parties/model.js';
import { timelineActor, timelineText } from './timeline-item.js';
import type { ViewContext } from './view-context.js';

export interface ReviewFigures {
  /** From when the problem began to the declaration. */
  readonly toDetectMs?: number;
  readonly toAcknowledgeMs?: number;
  readonly toContainMs?: number;
  readonly toResolveMs?: number;
}

export function reviewFigures(incident: Incident, now: Date): ReviewFigures {
  const times = responseTimes(incident, now);
  return {
    ...(incident.startedAt
      ? { toDetectMs: Date.parse(incident.declaredAt) - Date.parse(incident.startedAt) }
      : {}),
    ...(times.toAcknowledgeMs !== undefined ? { toAcknowledgeMs: times.toAcknowledgeMs } : {}),
    ...(times.toContainMs !== undefined ? { toContainMs: times.toContainMs } : {}),
    ...(times.toResolveMs !== undefined ? { toResolveMs: times.toResolveMs } : {}),
  };
}

/** Markdown text: table cells and list items must not break the structure. */
function cell(text: string): string {
  return text.replace(/\|/gu, '\\|').replace(/\r?\n/gu, ' ');
}

export function incidentReviewMarkdown(
  v: ViewContext,
  incident: Incident,
  entries: readonly LedgerEntry[],
  scope?: Party,
): string {
  const t = v.t.bind(v);
  const figures = reviewFigures(incident, v.now);
  const none = t({ ja: '—（記録なし）', en: '— (not recorded)' });
  const show = (ms: number | undefined): string => (ms === undefined ? none : v.duration(ms));
  const lines: string[] = [];
  lines.push(
    `# ${t({ ja: '事後レビュー', en: 'Post-incident review' })}: ${incident.id} ${incident.title}`,
    '',
    `- ${t({ ja: '作成', en: 'Prepared' })}: ${v.dateTime(v.now)}`,
    `- ${t({ ja: '状態', en: 'Status' })}: ${t(STATUS_LABELS[incident.status])}`,
    `- ${t({ ja: '重大度', en: 'Severity' })}: ${t(SEVERITY_DEFINITIONS[incident.severity].label)}`,
    `- ${t(ROLE_LABELS.commander)}: ${v.person(incident.roles.commander)}`,
  );
  if (scope) {
    lines.push(
      `- ${t({ ja: '共有範囲', en: 'Shared with' })}: ${v.party(scope.id)}${
        scope.role === 'customer'
          ? ''
          : t({ ja: '（内部メモは含みません）', en: ' (internal notes left out)' })
      }`,
    );
  }
  const updates = entries.filter((e) => e.type === 'incident.update_posted');
  const latest = updates.at(-1)?.data as IncidentEventData['incident.update_posted'] | undefined;
  lines.push('', `## ${t({ ja: '概要', en: 'Summary' })}`, '');
  lines.push(
    incident.summary ?? latest?.text ?? t({ ja: '（概要の記録なし）', en: '(no summary recorded)' }),
  );
  if (latest && incident.summary) {
    lines.push('', `${t({ ja: '最終報告', en: 'Latest update' })}（#${latest.number}）: ${latest.text}`);
  }

  lines.push('', `## ${t({ ja: '影響', en: 'Impact' })}`, '');
  lines.push(`- ${t(SEVERITY_DEFINITIONS[incident.severity].definition)}`);
  for (const id of incident.services) {
    const service = v.directory.service(id);
    lines.push(
      service
        ? `- ${t(service.name)} (${id}, ${service.model}, ${v.party(service.providerId)}${service.sierId ? ` / ${v.party(service.sierId)}` : ''})`
        : `- ${id}`,
    );
  }
  if (incident.services.length === 0)
    lines.push(`- ${t({ ja: '対象サービスの記録なし', en: 'No services recorded' })}`);

  lines.push('', `## ${t({ ja: '対応時間', en: 'Response times' })}`, '');
  lines.push(`| ${t({ ja: '指標', en: 'Measure' })} | ${t({ ja: '時間', en: 'Time' })} |`, '| --- | --- |');
  lines.push(
    `| ${t({ ja: '検知まで（発生→宣言）', en: 'Time to detect (began → declared)' })} | ${show(figures.toDetectMs)} |`,
  );
  lines.push(
    `| ${t({ ja: '着手まで（宣言→対応責任者）', en: 'Time to acknowledge (declared → commander)' })} | ${show(figures.toAcknowledgeMs)} |`,
  );
  lines.push(
    `| ${t({ ja: '封じ込めまで（宣言→封じ込め）', en: 'Time to contain (declared → contained)' })} | ${show(figures.toContainMs)} |`,
  );
  lines.push(
    `| ${t({ ja: '解決まで（宣言→解決）', en: 'Time to resolve (declared → resolved)' })} | ${show(figures.toResolveMs)} |`,
  );

  lines.push('', `## ${t({ ja: 'タイムライン', en: 'Timeline' })}`, '');
  lines.push(
    `| ${t({ ja: '日時', en: 'When' })} | ${t({ ja: '誰が', en: 'Who' })} | ${t({ ja: '内容', en: 'What' })} |`,
  );
  lines.push('| --- | --- | --- |');
  for (const entry of entries) {
    if (entry.type === 'incident.channel_linked') continue;
    lines.push(
      `| ${v.dateTime(entry.ts)} | ${cell(timelineActor(v, entry))} | ${cell(timelineText(v, entry))} |`,
    );
  }

  const lessons = (kind: 'went_well' | 'went_badly'): string[] =>
    entries
      .filter((e) => e.type === 'incident.lesson_added')
      .map((e) => e.data as IncidentEventData['incident.lesson_added'])
      .filter((d) => d.kind === kind)
      .map((d) => `- ${d.text}`);
  const empty = `- ${t({ ja: '（まだ記録がありません: /incident lesson で追加）', en: '(none recorded yet: add with /incident lesson)' })}`;
  const well = lessons('went_well');
  const badly = lessons('went_badly');
  lines.push(
    '',
    `## ${t({ ja: '良かった点', en: 'What went well' })}`,
    '',
    ...(well.length ? well : [empty]),
  );
  lines.push('', `## ${t({ ja: '課題', en: 'What went badly' })}`, '', ...(badly.length ? badly : [empty]));

  lines.push('', `## ${t({ ja: '再発防止策', en: 'Action items' })}`, '');
  const actions = entries
    .filter((e) => e.type === 'incident.action_added')
    .map((e) => e.data as IncidentEventData['incident.action_added']);
  if (actions.length === 0) {
    lines.push(
      t({
        ja: '（まだ記録がありません: /incident action で追加）',
        en: '(none recorded yet: add with /incident action)',
      }),
    );
  } else {
    lines.push(
      `| ${t({ ja: '内容', en: 'Action' })} | ${t({ ja: '担当', en: 'Owner' })} | ${t({ ja: '期限', en: 'Due' })} |`,
      '| --- | --- | --- |',
    );
    for (const a of actions)
      lines.push(`| ${cell(a.text)} | ${cell(v.person(a.owner))} | ${v.dateTime(a.due)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

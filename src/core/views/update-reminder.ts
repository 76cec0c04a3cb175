// The incident room's reminder that the stakeholder update is overdue: how late it is, who owes it
// (the commander and the communications lead, named so they are called on), and the command that
// posts it.
import type { Incident } from '../incidents/model.js';
import { ROLE_LABELS } from '../incidents/roles.js';
import { reply, type Reply } from '../reply.js';
import type { ViewContext } from './view-context.js';

export function updateReminder(v: ViewContext, incident: Incident, due: string, n: number): Reply {
  const late = v.duration(Math.max(0, v.now.getTime() - Date.parse(due)));
  const { commander, communications } = incident.roles;
  const owed = [commander, communications].filter((p): p is string => p !== undefined);
  const who = owed.length
    ? v.list([...new Set(owed)].map((id) => `@${v.person(id)}`))
    : v.t({ ja: '対応責任者（未割当）', en: 'the incident commander (unassigned)' });
  const text = v.t({
    ja: `⏰ ${incident.id} 関係者への報告が ${late} 遅れています。${who} さん、状況を報告してください。`,
    en: `⏰ ${incident.id} the stakeholder update is ${late} overdue. ${who}, please post an update.`,
  });
  const command = `/incident update ${incident.id} "…"`;
  return reply(
    text,
    [
      { type: 'text', text },
      {
        type: 'fields',
        fields: [
          { label: v.t(ROLE_LABELS.commander), value: v.person(commander) },
          { label: v.t(ROLE_LABELS.communications), value: v.person(communications) },
          {
            label: v.t({ ja: '報告の予定', en: 'Update due' }),
            value: v.t({
              ja: `${v.dateTime(due)}（督促 ${n} 回目）`,
              en: `${v.dateTime(due)} (reminder ${n})`,
            }),
          },
        ],
      },
      {
        type: 'context',
        text: v.t({
          ja: `報告するには: ${command}（次回までの時間は --next 30m のように指定できます）`,
          en: `To post it: ${command} (set the time to the next one with --next, e.g. --next 30m)`,
        }),
      },
      {
        type: 'actions',
        actions: [
          {
            label: v.t({ ja: '報告する', en: 'Post an update' }),
            command: `/incident update ${incident.id}`,
            style: 'primary',
            needsInput: true,
          },
        ],
      },
    ],
    { tone: 'warning' },
  );
}

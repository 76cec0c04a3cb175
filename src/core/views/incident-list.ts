// The list of incidents a person may see.
import type { Incident } from '../incidents/model.js';
import { SEVERITY_DEFINITIONS } from '../incidents/severity.js';
import { STATUS_LABELS } from '../incidents/status-transitions.js';
import { reply, type Reply } from '../reply.js';
import { SEVERITY_ICONS } from './incident-card.js';
import type { ViewContext } from './view-context.js';

export function incidentList(v: ViewContext, incidents: readonly Incident[], includeClosed: boolean): Reply {
  if (incidents.length === 0) {
    const text = includeClosed
      ? v.t({ ja: '表示できるインシデントはありません。', en: 'There are no incidents you can see.' })
      : v.t({
          ja: '対応中のインシデントはありません。クローズ済みも含めるには /incident list --all',
          en: 'No open incidents. Include closed ones: /incident list --all',
        });
    return reply(text, [{ type: 'text', text }], { visibility: 'ephemeral' });
  }
  const title = includeClosed
    ? v.t({ ja: `インシデント一覧（${incidents.length}件）`, en: `Incidents (${incidents.length})` })
    : v.t({
        ja: `対応中のインシデント（${incidents.length}件）`,
        en: `Open incidents (${incidents.length})`,
      });
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        type: 'table',
        columns: [
          'ID',
          v.t({ ja: '重大度', en: 'Severity' }),
          v.t({ ja: '状態', en: 'Status' }),
          v.t({ ja: 'タイトル', en: 'Title' }),
          v.t({ ja: '対応責任者', en: 'Commander' }),
          v.t({ ja: '経過', en: 'Age' }),
        ],
        rows: incidents.map((i) => [
          i.id,
          `${SEVERITY_ICONS[i.severity]} ${v.t(SEVERITY_DEFINITIONS[i.severity].label)}`,
          v.t(STATUS_LABELS[i.status]),
          i.title,
          i.roles.commander
            ? v.t(
                v.directory.person(i.roles.commander)?.name ?? {
                  ja: i.roles.commander,
                  en: i.roles.commander,
                },
              )
            : '—',
          v.duration(v.now.getTime() - Date.parse(i.declaredAt)),
        ]),
      },
      {
        type: 'context',
        text: v.t({ ja: '詳細: /incident status <INC-n>', en: 'Details: /incident status <INC-n>' }),
      },
    ],
    { visibility: 'ephemeral' },
  );
}

// The timeline of an incident: what happened, who did it, from which party and when. Internal
// entries appear only for the customer's people and are marked 🔒.
import type { LedgerEntry } from '../../store/repository.js';
import type { Incident } from '../incidents/model.js';
import { reply, type Block, type Reply } from '../reply.js';
import { incidentHeadline } from './incident-card.js';
import { timelineLine } from './timeline-item.js';
import type { ViewContext } from './view-context.js';

export function incidentTimeline(
  v: ViewContext,
  incident: Incident,
  entries: readonly LedgerEntry[],
  limit: number,
): Reply {
  const shown = entries.slice(-limit);
  const items: string[] = [];
  let day = '';
  for (const entry of shown) {
    const date = v.dateTime(entry.ts).slice(0, 10);
    if (date !== day) {
      items.push(`── ${date} ──`);
      day = date;
    }
    items.push(timelineLine(v, entry));
  }
  const blocks: Block[] = [
    {
      type: 'header',
      text: `${incidentHeadline(incident)} — ${v.t({ ja: 'タイムライン', en: 'Timeline' })}`,
    },
    { type: 'list', items },
  ];
  if (shown.length < entries.length) {
    blocks.push({
      type: 'context',
      text: v.t({
        ja: `全 ${entries.length} 件のうち最新 ${shown.length} 件を表示しています。すべて表示: /incident timeline ${incident.id} --limit ${entries.length}`,
        en: `Showing the latest ${shown.length} of ${entries.length}. All: /incident timeline ${incident.id} --limit ${entries.length}`,
      }),
    });
  }
  return reply(`${incident.id} ${v.t({ ja: 'タイムライン', en: 'timeline' })}`, blocks, {
    visibility: 'ephemeral',
  });
}

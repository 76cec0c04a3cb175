// "Who do we call?": the parties an incident on these services involves, why (the layers they
// are responsible or accountable for) and how to reach them, including routes that work when
// chat is down.
import type { Block } from '../reply.js';
import { LAYER_LABELS, type Layer } from '../parties/layers.js';
import type { Service } from '../parties/model.js';
import { partiesToInvolve } from '../parties/responsibility.js';
import { partyContactLines } from './party-contacts.js';
import type { ViewContext } from './view-context.js';

function layersByService(v: ViewContext, items: readonly { service: Service; layer: Layer }[]): string {
  const grouped = new Map<string, string[]>();
  for (const { service, layer } of items) {
    const list = grouped.get(service.id) ?? [];
    list.push(v.t(LAYER_LABELS[layer]));
    grouped.set(service.id, list);
  }
  return [...grouped.entries()]
    .map(([service, layers]) => `${service}: ${v.list(layers)}`)
    .join(v.ja ? '／' : '; ');
}

export function partiesToInvolveBlocks(v: ViewContext, services: readonly Service[]): Block[] {
  const involvement = partiesToInvolve(v.directory, services);
  const items = involvement.map((entry) => {
    const details: string[] = [];
    if (entry.responsibleFor.length) {
      details.push(
        `${v.t({ ja: '実施責任', en: 'Responsible' })}: ${layersByService(v, entry.responsibleFor)}`,
      );
    }
    if (entry.accountableFor.length) {
      details.push(
        `${v.t({ ja: '最終責任', en: 'Accountable' })}: ${layersByService(v, entry.accountableFor)}`,
      );
    }
    return partyContactLines(v, entry.party, entry.people, details);
  });
  return [
    {
      type: 'list',
      title: v.t({ ja: '関与すべき組織と連絡先', en: 'Parties to involve and how to reach them' }),
      items,
    },
  ];
}

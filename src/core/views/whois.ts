// "/tsunagi whois": who is responsible and who is accountable for a service, layer by layer, and
// how to reach them.
import { LAYER_LABELS, type Layer } from '../parties/layers.js';
import type { Service } from '../parties/model.js';
import { layerResponsibility, responsibilityMatrix } from '../parties/responsibility.js';
import { reply, type Block, type Reply } from '../reply.js';
import { partyContactLines } from './party-contacts.js';
import type { ViewContext } from './view-context.js';

function contactsFor(v: ViewContext, service: Service, partyIds: readonly string[]): Block {
  const items = [...new Set(partyIds)].map((partyId) =>
    partyContactLines(v, v.directory.party(partyId)!, v.directory.contactsFor(partyId, service.id)),
  );
  return { type: 'list', title: v.t({ ja: '連絡先', en: 'How to reach them' }), items };
}

function serviceLine(v: ViewContext, service: Service): string {
  const owner = service.ownerId ? v.person(service.ownerId) : '—';
  const sier = service.sierId ? v.party(service.sierId) : '—';
  return v.t({
    ja: `${service.model}／事業者: ${v.party(service.providerId)}／SIer: ${sier}／システム所管: ${owner}`,
    en: `${service.model} / provider: ${v.party(service.providerId)} / SIer: ${sier} / owner: ${owner}`,
  });
}

export function whois(v: ViewContext, service: Service, layer?: Layer): Reply {
  const title = `${v.t(service.name)} (${service.id})`;
  if (layer) {
    const r = layerResponsibility(v.directory, service, layer);
    const text = v.t({
      ja: `${v.t(LAYER_LABELS[layer])}の実施責任は ${v.partyWithRole(r.responsible)}、最終責任は ${v.partyWithRole(r.accountable)}にあります。`,
      en: `${v.t(LAYER_LABELS[layer])}: ${v.partyWithRole(r.responsible)} is responsible; ${v.partyWithRole(r.accountable)} is accountable.`,
    });
    const basis = r.configured
      ? v.t({ ja: '根拠: tsunagi.yaml の責任分担表', en: 'Basis: the responsibility matrix in tsunagi.yaml' })
      : v.t({
          ja: `根拠: ${service.model} の標準的な責任共有モデル（tsunagi.yaml で上書き可能）`,
          en: `Basis: the standard ${service.model} shared-responsibility model (override it in tsunagi.yaml)`,
        });
    return reply(text, [
      { type: 'header', text: `${title} — ${v.t(LAYER_LABELS[layer])}` },
      { type: 'text', text },
      { type: 'context', text: basis },
      contactsFor(v, service, [r.responsible.id, r.accountable.id]),
    ]);
  }
  const matrix = responsibilityMatrix(v.directory, service);
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'context', text: serviceLine(v, service) },
  ];
  if (service.description) blocks.push({ type: 'text', text: v.t(service.description) });
  blocks.push(
    {
      type: 'table',
      columns: [
        v.t({ ja: 'レイヤ', en: 'Layer' }),
        v.t({ ja: '実施責任', en: 'Responsible' }),
        v.t({ ja: '最終責任', en: 'Accountable' }),
      ],
      rows: matrix.map((r) => [
        `${v.t(LAYER_LABELS[r.layer])}${r.configured ? '' : ' *'}`,
        v.t(r.responsible.shortName),
        v.t(r.accountable.shortName),
      ]),
    },
    {
      type: 'context',
      text: v.t({
        ja: `* は ${service.model} の標準モデルによる割当（tsunagi.yaml で上書き可能）。レイヤを絞る: /tsunagi whois ${service.id} <layer>`,
        en: `* assigned by the standard ${service.model} model (override in tsunagi.yaml). One layer: /tsunagi whois ${service.id} <layer>`,
      }),
    },
    contactsFor(
      v,
      service,
      matrix.flatMap((r) => [r.responsible.id, r.accountable.id]),
    ),
  );
  return reply(title, blocks);
}

// How to reach a party, as lines for a list item: the party, up to three of its people for the
// service (with the personal routes the viewer may see), then the party's own routes.
import type { Party, Person } from '../parties/model.js';
import type { ViewContext } from './view-context.js';

export function partyContactLines(
  v: ViewContext,
  party: Party,
  people: readonly Person[],
  details: readonly string[] = [],
): string {
  const lines = [v.partyWithRole(party), ...details.map((d) => `  ${d}`)];
  for (const person of people.slice(0, 3)) {
    const title = person.title ? ` ${v.t(person.title)}` : '';
    const routes = v.personalContacts(person);
    lines.push(`  👤 ${v.t(person.name)}${title}${routes ? `  ${routes}` : ''}`);
  }
  for (const contact of party.contacts) lines.push(`  ${v.contact(contact)}`);
  return lines.join('\n');
}

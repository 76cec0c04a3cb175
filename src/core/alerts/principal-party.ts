// Who an audit principal is in tsunagi.yaml: a person whose email contact is the principal itself
// (a Google or Entra user, an IAM Identity Center user) or its last path segment (an assumed-role
// session named after the person's email). Anything else is unknown: no guessing by names.
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';

export function personForPrincipal(directory: Directory, principal: string): Person | undefined {
  const wanted = new Set([principal.toLowerCase()]);
  const last = principal.split('/').at(-1);
  if (last && last.includes('@')) wanted.add(last.toLowerCase());
  return directory.people.find((person) =>
    person.contacts.some((c) => c.kind === 'email' && wanted.has(c.value.trim().toLowerCase())),
  );
}

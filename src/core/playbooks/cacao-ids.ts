// Deterministic CACAO identifiers (`<type>--<uuid>`). Exporting the same playbook twice must give
// the same JSON, so every UUID is derived from names rather than drawn at random.
import { createHash } from 'node:crypto';

/** Tsunagi's own UUID namespace (not the CACAO one, whose naming rules we do not follow). */
export const TSUNAGI_CACAO_NAMESPACE = '840fe365-111f-4a16-8693-ea93d576b29e';

/** The registered id of our extension; `extension_definitions` and every `*_extensions` use it. */
export const TSUNAGI_EXTENSION_ID = 'extension-definition--ffc1bc7c-59c2-4024-aa71-7d26eb04d6c0';

/** The STIX identity named as `created_by` of exported playbooks and of the extension. */
export const TSUNAGI_IDENTITY_ID = 'identity--ca8cbc21-8dfc-40be-a701-a3679f651a8d';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True for `<type>--<RFC 4122 uuid>` as the CACAO identifier data type requires. */
export function isCacaoIdentifier(value: unknown, type?: string): value is string {
  if (typeof value !== 'string') return false;
  const at = value.indexOf('--');
  if (at <= 0) return false;
  if (type !== undefined && value.slice(0, at) !== type) return false;
  return UUID_RE.test(value.slice(at + 2));
}

/**
 * A name-based UUID: SHA-1 over namespace and name as in RFC 4122 §4.3. Version 5 is the real
 * name-based UUID (allowed for playbook ids); version 4 gives the same kind of hash in the v4
 * layout, because CACAO requires step ids to be v4-shaped while ours must stay reproducible.
 */
export function nameUuid(name: string, version: 4 | 5 = 5, namespace = TSUNAGI_CACAO_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | (version << 4);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `playbook--<uuid v5>` for one of our playbook ids. */
export function derivedPlaybookId(playbookId: string): string {
  return `playbook--${nameUuid(`tsunagi-playbook:${playbookId}`, 5)}`;
}

/** `<type>--<uuid>` for an object inside a playbook, derived from the playbook's CACAO id. */
export function derivedObjectId(type: string, cacaoPlaybookId: string, name: string): string {
  return `${type}--${nameUuid(`${cacaoPlaybookId}/${type}/${name}`, 4)}`;
}

// What a form carries back with its answers (a Slack modal's private_metadata, a Teams card's
// submit data): enough of the form to read the answers, and the channel to answer in. The platform
// returns it untouched, so no server-side session is needed.
import type { Form, FormField } from '../core/reply.js';

interface Packed {
  readonly c: string;
  readonly ch: string;
  readonly f: readonly [name: string, kind: FormField['kind'], positional: 0 | 1][];
}

export function packFormMetadata(form: Form, channelId: string): string {
  const packed: Packed = {
    c: form.command,
    ch: channelId,
    f: form.fields.map((f) => [f.name, f.kind, f.positional ? 1 : 0]),
  };
  return JSON.stringify(packed);
}

/** The form (questions without labels) and the channel, or undefined for metadata we did not write. */
export function unpackFormMetadata(text: string): { form: Form; channelId: string } | undefined {
  let packed: Packed;
  try {
    packed = JSON.parse(text) as Packed;
  } catch {
    return undefined;
  }
  if (typeof packed.c !== 'string' || typeof packed.ch !== 'string' || !Array.isArray(packed.f)) {
    return undefined;
  }
  const fields: FormField[] = (packed.f as Packed['f']).map(([name, kind, positional]) => ({
    name,
    kind,
    label: name,
    required: false,
    ...(positional ? { positional: true } : {}),
  }));
  return { form: { title: '', submitLabel: '', command: packed.c, fields }, channelId: packed.ch };
}

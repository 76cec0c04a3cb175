// Safe readers over the raw SaaS audit records the built-in rules look at: Google Reports activities
// (`{id:{applicationName,…}, actor, ipAddress, events:[{name, parameters:[{name, value|boolValue|
// multiValue…}]}]}`) and Microsoft Graph directoryAudit / signIn / alert records. Every reader returns
// undefined (never throws) when the record is not of the expected shape.

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `record.a.b.c`, or undefined as soon as a step is missing or not an object. */
export function pick(record: unknown, ...path: string[]): unknown {
  let current: unknown = record;
  for (const step of path) {
    const object = asObject(current);
    if (!object) return undefined;
    current = object[step];
  }
  return current;
}

export interface ReportsEvent {
  readonly type?: string;
  readonly name: string;
  /** Parameter name → its value: string, boolean, number, or a list for multiValue parameters. */
  readonly parameters: ReadonlyMap<string, string | boolean | number | readonly string[]>;
}

/** The Reports application (`admin`, `login`, `token`, …) an activity came from. */
export function reportsApplication(record: unknown): string | undefined {
  return asString(pick(record, 'id', 'applicationName'));
}

export function reportsEvents(record: unknown): ReportsEvent[] {
  const events: ReportsEvent[] = [];
  for (const raw of asArray(pick(record, 'events'))) {
    const name = asString(pick(raw, 'name'));
    if (name === undefined) continue;
    const parameters = new Map<string, string | boolean | number | readonly string[]>();
    for (const parameter of asArray(pick(raw, 'parameters'))) {
      const key = asString(pick(parameter, 'name'));
      const object = asObject(parameter);
      if (key === undefined || object === undefined) continue;
      const value = object.value ?? object.boolValue ?? object.intValue ?? object.multiValue;
      if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
        parameters.set(key, value);
      } else if (Array.isArray(value)) {
        parameters.set(
          key,
          value.filter((item): item is string => typeof item === 'string'),
        );
      }
    }
    const type = asString(pick(raw, 'type'));
    events.push({ ...(type ? { type } : {}), name, parameters });
  }
  return events;
}

/** A Reports parameter as text (lists joined with ", "), for display and case-insensitive tests. */
export function parameterText(event: ReportsEvent, name: string): string | undefined {
  const value = event.parameters.get(name);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export interface ModifiedProperty {
  readonly displayName: string;
  readonly oldValue: string;
  readonly newValue: string;
}

/** Every `targetResources[].modifiedProperties[]` of a Graph directoryAudit record. */
export function modifiedProperties(record: unknown): ModifiedProperty[] {
  const properties: ModifiedProperty[] = [];
  for (const target of asArray(pick(record, 'targetResources'))) {
    for (const property of asArray(pick(target, 'modifiedProperties'))) {
      const displayName = asString(pick(property, 'displayName'));
      if (displayName === undefined) continue;
      properties.push({
        displayName,
        oldValue: asString(pick(property, 'oldValue')) ?? '',
        newValue: asString(pick(property, 'newValue')) ?? '',
      });
    }
  }
  return properties;
}

/** Display names of a directoryAudit's target resources. */
export function targetNames(record: unknown): string[] {
  return asArray(pick(record, 'targetResources'))
    .map((target) => asString(pick(target, 'displayName')))
    .filter((name): name is string => name !== undefined);
}

/** Wraps a predicate so that a record of an unexpected shape simply does not match. */
export function neverThrows(test: (record: unknown) => boolean): (record: unknown) => boolean {
  return (record) => {
    try {
      return test(record);
    } catch {
      // A record shaped unlike anything the rule expects is not a match; rules never throw.
      return false;
    }
  };
}

// Incident identifiers: INC-<n>. People type them in any case and width ("inc-3", "ＩＮＣ－３").

const PATTERN = /^INC-?(\d{1,9})$/i;

export function incidentIdFor(number: number): string {
  return `INC-${number}`;
}

/** The canonical id, or undefined when the text is not an incident id. */
export function parseIncidentId(text: string): string | undefined {
  const match = PATTERN.exec(text.normalize('NFKC').trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  return number > 0 ? incidentIdFor(number) : undefined;
}

export function looksLikeIncidentId(text: string): boolean {
  return parseIncidentId(text) !== undefined;
}

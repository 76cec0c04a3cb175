// Dates from every source to ISO 8601 (UTC): RFC 822 in RSS (`Wed, 14 May 2025 18:00:00 +0900`,
// also with `Z` or `JST`), RFC 3339 in Atom and Graph, epoch seconds from the AWS Health API.
// Anything unreadable is undefined, never "Invalid Date".

// Zone abbreviations V8 does not know but Japanese feeds use.
const NAMED_ZONES: Readonly<Record<string, string>> = { JST: '+0900', KST: '+0900' };

// A date-time without any zone is read as UTC, so the result never depends on the machine's zone.
const ZONELESS = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/;

// Before the web and centuries ahead are both typing mistakes, not notice dates.
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

function fromMs(ms: number): string | undefined {
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? new Date(ms).toISOString() : undefined;
}

export function toIsoDate(value: unknown): string | undefined {
  if (typeof value === 'number') return fromMs(value < 1e11 ? value * 1000 : value);
  if (value instanceof Date) return fromMs(value.getTime());
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return toIsoDate(Number(trimmed));
  const zoneless = ZONELESS.exec(trimmed);
  if (zoneless) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = zoneless;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return fromMs(ms + Math.round(Number(frac || '0') * 1000));
  }
  const named = trimmed.replace(/\s([A-Z]{3})$/, (whole, zone: string) =>
    NAMED_ZONES[zone] ? ` ${NAMED_ZONES[zone]}` : whole,
  );
  return fromMs(Date.parse(named));
}

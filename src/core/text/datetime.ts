// Timestamps shown in the organisation's time zone (default Asia/Tokyo), the way operators write
// them in incident reports: "2026-11-22 22:35 JST".
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('ja-JP', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws RangeError for an unknown zone, which the configuration loader turns into a ConfigError. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

export function formatDateTime(at: string | Date, timeZone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** Time of day only, for timelines that already show the date. */
export function formatTime(at: string | Date, timeZone: string): string {
  return formatDateTime(at, timeZone).slice(11);
}

// A daily time of day in a time zone, as instants: the latest slot at or before a moment ("today at
// 09:00 Asia/Tokyo", or yesterday's when it is not 09:00 yet) and whether two instants fall on the
// same local day. The digest job uses them to catch up once after downtime.

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    dayFormatter(timeZone)
      .formatToParts(at)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  const p = localParts(new Date(at), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant of a local date and time in the zone (the later reading when a DST change repeats it). */
function zoned(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let at = guess - offsetAt(guess, timeZone);
  // Once more, in case the offset at the result differs from the guess's (a DST change between).
  at = guess - offsetAt(at, timeZone);
  return new Date(at);
}

/** The latest daily slot `hour:minute` in the zone at or before `now`. */
export function latestSlot(now: Date, time: { hour: number; minute: number }, timeZone: string): Date {
  const today = localParts(now, timeZone);
  const slot = zoned(today.year, today.month, today.day, time.hour, time.minute, timeZone);
  if (slot.getTime() <= now.getTime()) return slot;
  const yesterday = new Date(Date.UTC(today.year, today.month - 1, today.day - 1));
  return zoned(
    yesterday.getUTCFullYear(),
    yesterday.getUTCMonth() + 1,
    yesterday.getUTCDate(),
    time.hour,
    time.minute,
    timeZone,
  );
}

/** Whether two instants fall on the same calendar day in the zone. */
export function sameLocalDay(a: Date, b: Date, timeZone: string): boolean {
  const x = localParts(a, timeZone);
  const y = localParts(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

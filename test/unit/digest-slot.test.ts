// The digest's daily slot in the configured time zone: "today at 09:00 in Tokyo" as an instant,
// yesterday's before that time, and the local day that decides whether a missed digest is sent.
import { describe, expect, it } from 'vitest';
import { latestSlot, sameLocalDay } from '../../src/jobs/digest-slot.js';

const nine = { hour: 9, minute: 0 };

describe('digest slots', () => {
  it('is today at the time in the zone once that time has passed, yesterday before', () => {
    // 10:30 JST on 23 November = 01:30 UTC.
    expect(latestSlot(new Date('2026-11-23T01:30:00Z'), nine, 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-23T00:00:00.000Z',
    );
    // 08:59 JST: the latest slot is yesterday's.
    expect(latestSlot(new Date('2026-11-22T23:59:00Z'), nine, 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-22T00:00:00.000Z',
    );
    // Exactly at the time: that slot.
    expect(latestSlot(new Date('2026-11-23T00:00:00Z'), nine, 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-23T00:00:00.000Z',
    );
  });

  it('follows daylight saving time where the zone has it', () => {
    // 09:00 in New York is 13:00 UTC in summer (EDT) and 14:00 UTC in winter (EST).
    expect(latestSlot(new Date('2026-07-01T15:00:00Z'), nine, 'America/New_York').toISOString()).toBe(
      '2026-07-01T13:00:00.000Z',
    );
    expect(latestSlot(new Date('2026-12-01T15:00:00Z'), nine, 'America/New_York').toISOString()).toBe(
      '2026-12-01T14:00:00.000Z',
    );
    // Across a month boundary, at 00:30 local: the slot is the last day of the previous month.
    expect(
      latestSlot(
        new Date('2026-03-01T05:30:00Z'),
        { hour: 23, minute: 45 },
        'America/New_York',
      ).toISOString(),
    ).toBe('2026-03-01T04:45:00.000Z');
  });

  it('compares local days, not UTC days', () => {
    // 23:30 UTC on the 22nd is 08:30 on the 23rd in Tokyo.
    expect(
      sameLocalDay(new Date('2026-11-22T23:30:00Z'), new Date('2026-11-23T14:00:00Z'), 'Asia/Tokyo'),
    ).toBe(true);
    expect(
      sameLocalDay(new Date('2026-11-22T23:30:00Z'), new Date('2026-11-23T15:00:00Z'), 'Asia/Tokyo'),
    ).toBe(false);
  });
});

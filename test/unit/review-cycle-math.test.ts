import { describe, expect, it } from 'vitest';
import {
  cycleBounds,
  deadlineFor,
  hasBegun,
  isoSeconds,
  localDate,
  monthJustEnded,
  reminderAt,
  secondsUntil,
} from '../../shared/domain/cycle.ts';

const at = (iso: string) => new Date(iso);

describe('the month just ended', () => {
  it('is the previous month in UTC, across the year boundary', () => {
    expect(monthJustEnded(at('2026-12-01T06:00:00Z'), 'UTC')).toBe('2026-11');
    expect(monthJustEnded(at('2027-01-01T06:00:00Z'), 'UTC')).toBe('2026-12');
  });

  it('reads the date in the review time zone, not in UTC', () => {
    // 06:00 on 1 January in Auckland is still 31 December in UTC.
    expect(monthJustEnded(at('2026-12-31T17:00:00Z'), 'Pacific/Auckland')).toBe('2026-12');
    expect(monthJustEnded(at('2026-12-31T17:00:00Z'), 'UTC')).toBe('2026-11');
    // 23:00 on 30 November in Los Angeles is already 1 December in UTC.
    expect(monthJustEnded(at('2026-12-01T07:00:00Z'), 'America/Los_Angeles')).toBe('2026-10');
  });
});

describe('cycle bounds', () => {
  it('span the calendar month in UTC, with an exclusive end', () => {
    const { start, end } = cycleBounds('2026-12', 'UTC');
    expect(start.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('follow the zone, daylight saving included', () => {
    // Paris: UTC+1 in winter, UTC+2 from the last Sunday of March.
    expect(cycleBounds('2026-03', 'Europe/Paris').start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(cycleBounds('2026-03', 'Europe/Paris').end.toISOString()).toBe('2026-03-31T22:00:00.000Z');
    // New York in November: the month starts in daylight time and ends in standard time.
    const november = cycleBounds('2026-11', 'America/New_York');
    expect(november.start.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(november.end.toISOString()).toBe('2026-12-01T05:00:00.000Z');
    // Kathmandu's offset is not a whole hour.
    expect(cycleBounds('2027-01', 'Asia/Kathmandu').start.toISOString()).toBe('2026-12-31T18:15:00.000Z');
  });

  it('tell whether a month has begun', () => {
    expect(hasBegun('2026-12', at('2026-11-30T23:30:00Z'), 'UTC')).toBe(false);
    expect(hasBegun('2026-12', at('2026-11-30T23:30:00Z'), 'Europe/Paris')).toBe(true);
  });

  it('give the local calendar date used to judge "future" milestones', () => {
    expect(localDate(at('2026-12-31T23:30:00Z'), 'UTC')).toBe('2026-12-31');
    expect(localDate(at('2026-12-31T23:30:00Z'), 'Asia/Tokyo')).toBe('2027-01-01');
  });
});

describe('deadline, reminder and timeouts', () => {
  const timing = { deadlineDays: 21, reminderLeadSeconds: 3 * 24 * 3600 };
  const opened = at('2026-12-01T06:00:00.750Z');

  it('counts the deadline in days from the opening, in whole seconds', () => {
    expect(isoSeconds(deadlineFor(opened, timing))).toBe('2026-12-22T06:00:00Z');
  });

  it('lets tests shorten the deadline to seconds', () => {
    expect(isoSeconds(deadlineFor(opened, { ...timing, deadlineSeconds: 5 }))).toBe('2026-12-01T06:00:05Z');
  });

  it('reminds a lead time before the deadline, never in the past', () => {
    const deadline = deadlineFor(opened, timing);
    expect(isoSeconds(reminderAt(deadline, opened, timing))).toBe('2026-12-19T06:00:00Z');
    const late = at('2026-12-21T00:00:00Z');
    expect(reminderAt(deadline, late, timing).toISOString()).toBe(late.toISOString());
  });

  it('never gives a task a timeout below one second', () => {
    expect(secondsUntil(at('2026-12-22T06:00:00Z'), at('2026-12-22T05:59:58.500Z'))).toBe(2);
    expect(secondsUntil(at('2026-12-22T06:00:00Z'), at('2026-12-23T00:00:00Z'))).toBe(1);
  });
});

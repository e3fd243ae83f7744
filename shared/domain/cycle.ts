/**
 * Cycle math. A review cycle is a calendar month (`YYYY-MM`) in the review time zone: it holds what
 * arrived before the month ended there, and its reviewers get a fixed time from the moment it opens.
 * Instants are computed with Intl only, so any IANA zone works, daylight saving included.
 */

/** Zones already found valid: building a formatter to check one costs far more than the lookup. */
const knownTimeZones = new Set<string>();

export function isTimeZone(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    return false;
  }
  knownTimeZones.add(value);
  return true;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of an instant in a time zone. */
function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const local = localTime(new Date(instant), timeZone);
  const wallClockAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return wallClockAsUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant at which a day begins in a zone. The offset is taken twice because the first guess
 * may sit on the other side of a daylight-saving change; where midnight does not exist (zones that
 * switch at midnight) this gives the first instant of the day.
 */
function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const wallClock = Date.UTC(year, month - 1, day);
  const firstGuess = wallClock - offsetAt(wallClock, timeZone);
  return new Date(wallClock - offsetAt(firstGuess, timeZone));
}

const formatCycle = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

function parseCycle(cycle: string): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(cycle);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) throw new Error(`Not a cycle: ${cycle}`);
  return { year, month };
}

function shiftMonth(cycle: string, months: number): string {
  const { year, month } = parseCycle(cycle);
  const index = year * 12 + (month - 1) + months;
  return formatCycle(Math.floor(index / 12), (index % 12) + 1);
}

/** The month an instant falls in, in a zone. */
export function cycleContaining(instant: Date, timeZone: string): string {
  const local = localTime(instant, timeZone);
  return formatCycle(local.year, local.month);
}

/** The month just ended at an instant, in a zone: what the run on the 1st reviews. */
export function monthJustEnded(instant: Date, timeZone: string): string {
  return shiftMonth(cycleContaining(instant, timeZone), -1);
}

/** First instant of the month and first instant of the next one (exclusive end). */
export function cycleBounds(cycle: string, timeZone: string): { start: Date; end: Date } {
  const { year, month } = parseCycle(cycle);
  const next = parseCycle(shiftMonth(cycle, 1));
  return { start: startOfLocalDay(year, month, 1, timeZone), end: startOfLocalDay(next.year, next.month, 1, timeZone) };
}

export interface ReviewTiming {
  deadlineDays: number;
  /** When set, replaces `deadlineDays` (tests watch carry-over happen in seconds). */
  deadlineSeconds?: number;
  reminderLeadSeconds: number;
}

/**
 * Step Functions reads these instants (a Wait's timestamp) and people read them in emails: whole
 * seconds, no fraction.
 */
const wholeSeconds = (instant: Date) => new Date(Math.floor(instant.getTime() / 1000) * 1000);
export const isoSeconds = (instant: Date) => wholeSeconds(instant).toISOString().replace('.000Z', 'Z');

export function deadlineFor(openedAt: Date, timing: ReviewTiming): Date {
  const seconds = timing.deadlineSeconds ?? timing.deadlineDays * 24 * 3600;
  return wholeSeconds(new Date(openedAt.getTime() + seconds * 1000));
}

/** When reviewers are reminded: a lead time before the deadline, but never in the past. */
export function reminderAt(deadline: Date, now: Date, timing: ReviewTiming): Date {
  return wholeSeconds(new Date(Math.max(deadline.getTime() - timing.reminderLeadSeconds * 1000, now.getTime())));
}

/**
 * Seconds until an instant, at least 1: a task timeout of 0 is invalid, and a deadline already
 * passed (a cycle resumed late) should time out at once rather than fail the task.
 */
export function secondsUntil(instant: Date, now: Date): number {
  return Math.max(1, Math.ceil((instant.getTime() - now.getTime()) / 1000));
}

/**
 * How long the sign-off may wait after the deadline before the run gives up and alerts: a month
 * covers a late sign-off without leaving a forgotten cycle waiting forever.
 */
export const RELEASE_GRACE_SECONDS = 30 * 24 * 3600;

/** A month can be reviewed once it has begun (reviewing a future month would collect nothing real). */
export function hasBegun(cycle: string, now: Date, timeZone: string): boolean {
  return cycleBounds(cycle, timeZone).start.getTime() <= now.getTime();
}

/** The calendar date of an instant in a zone (`YYYY-MM-DD`), for comparing with milestone dates. */
export function localDate(instant: Date, timeZone: string): string {
  const local = localTime(instant, timeZone);
  return `${formatCycle(local.year, local.month)}-${String(local.day).padStart(2, '0')}`;
}

/**
 * The local stand-in for the monthly EventBridge schedule: while the platform runs through 06:00
 * on the 1st in the review time zone, it starts the review of the month just ended. There is no
 * catch-up for months the platform was not running; an admin starts those by hand.
 */

export const DEFAULT_TIME_ZONE = 'UTC';
const CHECK_EVERY_MS = 30_000;

/** The cycle (`YYYY-MM`) due at `now`, or undefined when it is not 06:xx on the 1st in `timeZone`. */
export function cycleDueAt(now: Date, timeZone: string): string | undefined {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', hourCycle: 'h23' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  if (Number(parts.day) !== 1 || Number(parts.hour) !== 6) return undefined;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const [cycleYear, cycleMonth] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return `${cycleYear}-${String(cycleMonth).padStart(2, '0')}`;
}

export interface MonthlyTimer {
  stop(): void;
}

export function startMonthlyTimer(options: {
  timeZone: string;
  startCycle: (cycle: string) => Promise<void> | void;
  log?: (message: string) => void;
  now?: () => Date;
}): MonthlyTimer {
  // Fail at start, not on the 1st, when the zone is misspelt.
  new Intl.DateTimeFormat('en-US', { timeZone: options.timeZone });
  const now = options.now ?? (() => new Date());
  let lastStarted: string | undefined;
  const check = () => {
    const cycle = cycleDueAt(now(), options.timeZone);
    if (!cycle || cycle === lastStarted) return;
    lastStarted = cycle;
    options.log?.(`starting the monthly review of ${cycle}`);
    Promise.resolve(options.startCycle(cycle)).catch((error: unknown) => options.log?.(`could not start the review of ${cycle}: ${String(error)}`));
  };
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  check();
  return { stop: () => clearInterval(timer) };
}

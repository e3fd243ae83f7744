/**
 * The time of the local Step Functions: the machine's clock plus an offset that tests move
 * forward (`advance`), so a wait of a cycle's deadline or a reminder fires at once instead of in
 * real seconds. Timers are armed at an instant of this clock and fire when it is reached, whether
 * real time gets there or an advance does. Node cannot arm a timer beyond 2^31-1 ms (~24.8 days);
 * longer ones are re-armed in steps.
 */

const LONGEST_TIMER_MS = 2 ** 31 - 1;

interface Sleeper {
  at: number;
  wake: () => void;
  timer?: NodeJS.Timeout;
}

export class EngineClock {
  private offsetMs = 0;
  private readonly sleepers = new Set<Sleeper>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves this clock forward; every timer now due fires. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('The clock only moves forward');
    this.offsetMs += ms;
    for (const sleeper of this.sleepers) this.arm(sleeper);
  }

  /** Resolves at the instant `at` of this clock; rejects with the signal's reason if it aborts first. */
  sleepUntil(at: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at,
        wake: () => {
          done();
          resolve();
        },
      };
      const onAbort = () => {
        done();
        reject(signal.reason);
      };
      const done = () => {
        clearTimeout(sleeper.timer);
        this.sleepers.delete(sleeper);
        signal.removeEventListener('abort', onAbort);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.sleepers.add(sleeper);
      this.arm(sleeper);
    });
  }

  private arm(sleeper: Sleeper): void {
    clearTimeout(sleeper.timer);
    const remaining = sleeper.at - this.now();
    if (remaining <= 0) {
      sleeper.wake();
      return;
    }
    sleeper.timer = setTimeout(() => this.arm(sleeper), Math.min(remaining, LONGEST_TIMER_MS));
  }
}

/** `items` in consecutive groups of at most `size`, in order. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Runs `work` over items with at most `limit` at once, keeping the results in input order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const RACE_ATTEMPTS = 4;

/**
 * Runs a read-then-conditional-write step until it settles. `attempt` answers `undefined` when its
 * write lost a race (the item changed between the read and the write); it then reads again and
 * decides afresh. An item that keeps changing is a fault worth surfacing, not retrying forever.
 */
export async function untilSettled<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  for (let round = 0; round < RACE_ATTEMPTS; round++) {
    const result = await attempt();
    if (result !== undefined) return result;
  }
  throw new Error(`${what} kept changing under concurrent writes; giving up after ${RACE_ATTEMPTS} attempts`);
}

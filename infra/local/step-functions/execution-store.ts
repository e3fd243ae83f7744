import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import type { Json } from './asl.ts';

/**
 * Where the local Step Functions keeps its executions, so that a restarted platform finds every
 * run where it was: one JSON file per execution (its input, status and where it stands: the state
 * of each thread, the task token it waits on, the instant its timer fires) rewritten atomically,
 * and one append-only JSON-lines file of its history. Without a directory (tests' in-memory
 * platforms) nothing is written and a restart starts empty.
 *
 * Writes are gathered and made once per turn of the event loop: an execution that changes several
 * times in one turn (a decision execution is started, mints its token and arms its timeout in the
 * same turn) is written once, with all its new history lines in one append. Thousands of executions
 * starting together thus cost a file write each instead of several, and no write ever waits on
 * another. What a crash can lose is that last turn, which the engine tolerates: a task whose
 * progress was not written is called again (at least once, as AWS does).
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Where one thread of an execution stands (the execution itself, or one branch of a Parallel). */
export interface Frame {
  state: string;
  /** The state's input. */
  input: Json;
  /** Retry attempts already made, by index of the state's retriers. */
  attempts: number[];
  /** A callback task's token for this attempt (minted before its function is called). */
  token?: string;
  /** The callback task's function has returned: on resume, only the token is waited for. */
  invoked?: boolean;
  /** The clock instant at which the running task times out. */
  timeoutAt?: number;
  /** The clock instant at which a Wait state ends. */
  waitUntil?: number;
  /** A running Parallel's branches. */
  branches?: Frame[];
  /** A finished branch's output. */
  output?: Json;
  finished?: boolean;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  /** Epoch ms. */
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** While RUNNING: where it stands. */
  frame?: Frame;
}

export interface HistoryEvent {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

const frameSchema: z.ZodType<Frame> = z.lazy(() =>
  z.object({
    state: z.string(),
    input: z.json(),
    attempts: z.array(z.number()),
    token: z.string().optional(),
    invoked: z.boolean().optional(),
    timeoutAt: z.number().optional(),
    waitUntil: z.number().optional(),
    branches: z.array(frameSchema).optional(),
    output: z.json().optional(),
    finished: z.boolean().optional(),
  }),
);

const recordSchema = z.object({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  name: z.string(),
  input: z.string(),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']),
  startDate: z.number(),
  stopDate: z.number().optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
  frame: frameSchema.optional(),
});

const historyEventSchema = z.looseObject({ timestamp: z.number(), type: z.string(), id: z.number(), previousEventId: z.number() });

const machineNameOf = (stateMachineArn: string) => stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1);

export class ExecutionStore {
  /** Records to write at the end of this turn, by file: only the latest state of each is written. */
  private readonly dirtyRecords = new Map<string, ExecutionRecord>();
  /** History lines to append at the end of this turn, by file. */
  private readonly pendingHistory = new Map<string, string[]>();
  private readonly folders = new Set<string>();
  private flushScheduled = false;

  constructor(private readonly directory: string | null) {}

  get persistent(): boolean {
    return this.directory !== null;
  }

  /** Every stored execution of the given machines, with its history; unreadable files are reported and skipped. */
  load(stateMachineArns: string[], warn: (message: string) => void): { record: ExecutionRecord; history: HistoryEvent[] }[] {
    if (!this.directory) return [];
    const loaded: { record: ExecutionRecord; history: HistoryEvent[] }[] = [];
    for (const arn of stateMachineArns) {
      const folder = path.join(this.directory, machineNameOf(arn));
      if (!existsSync(folder)) continue;
      for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
        const parsed = recordSchema.safeParse(readJson(path.join(folder, file)));
        if (!parsed.success || parsed.data.stateMachineArn !== arn) {
          warn(`skipping ${file}: not an execution of ${machineNameOf(arn)}`);
          continue;
        }
        loaded.push({ record: parsed.data, history: this.readHistory(parsed.data) });
      }
    }
    return loaded;
  }

  /** Writes the record as it stands at the end of this turn. */
  save(record: ExecutionRecord): void {
    if (!this.directory) return;
    this.dirtyRecords.set(this.fileOf(record, '.json'), record);
    this.scheduleFlush();
  }

  appendHistory(record: ExecutionRecord, event: HistoryEvent): void {
    if (!this.directory) return;
    const file = this.fileOf(record, '.history.jsonl');
    const lines = this.pendingHistory.get(file);
    if (lines) lines.push(JSON.stringify(event));
    else this.pendingHistory.set(file, [JSON.stringify(event)]);
    this.scheduleFlush();
  }

  /** Writes everything gathered so far, now (the engine calls it when it stops). */
  flush(): void {
    // History first: a record that says a step happened never goes without its events.
    for (const [file, lines] of this.pendingHistory) {
      this.ensureFolder(file);
      appendFileSync(file, `${lines.join('\n')}\n`);
    }
    this.pendingHistory.clear();
    for (const [file, record] of this.dirtyRecords) {
      this.ensureFolder(file);
      // Write then rename: a crash mid-write leaves the previous version, never half a file.
      writeFileSync(`${file}.tmp`, JSON.stringify(record));
      renameSync(`${file}.tmp`, file);
    }
    this.dirtyRecords.clear();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private ensureFolder(file: string): void {
    const folder = path.dirname(file);
    if (this.folders.has(folder)) return;
    mkdirSync(folder, { recursive: true });
    this.folders.add(folder);
  }

  private readHistory(record: ExecutionRecord): HistoryEvent[] {
    const file = this.fileOf(record, '.history.jsonl');
    if (!existsSync(file)) return [];
    const events: HistoryEvent[] = [];
    // The last line may be cut short by a crash; every whole line before it counts.
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const parsed = line ? historyEventSchema.safeParse(safeJson(line)) : undefined;
      if (parsed?.success) events.push(parsed.data as HistoryEvent);
    }
    return events;
  }

  /** Execution names exclude `/` and control characters, so a name is a safe file name. */
  private fileOf(record: ExecutionRecord, suffix: string): string {
    return path.join(this.directory!, machineNameOf(record.stateMachineArn), `${record.name}${suffix}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readJson(file: string): unknown {
  return safeJson(readFileSync(file, 'utf8'));
}

import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { LocalStateMachineSpec } from './cloud-template.ts';
import { listen } from './processes.ts';
import type { EngineClock } from './step-functions/clock.ts';
import { SfnError, StepFunctionsEngine, type TaskFunctionInvoker } from './step-functions/engine.ts';

/**
 * The Step Functions stand-in's endpoint: the AWS JSON 1.0 protocol in front of the engine
 * (step-functions/engine.ts), so unchanged handlers (an SFNClient with an endpoint override) and
 * the AWS CLI drive it. The engine runs the definitions (step-functions/asl.ts) and keeps its
 * executions in `stateDir` across restarts.
 */

export { SfnError, StepFunctionsEngine, type TaskFunctionInvoker } from './step-functions/engine.ts';
export { EngineClock } from './step-functions/clock.ts';

export interface StepFunctionsOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  machines: LocalStateMachineSpec[];
  /** Runs `functions/<name>/handler.ts` by default; tests pass their own functions. */
  invokeFunction?: TaskFunctionInvoker;
  /** Where executions are kept across restarts; null (default) keeps them in memory. */
  stateDir?: string | null;
  clock?: EngineClock;
  log?: (message: string) => void;
}

export interface LocalStepFunctions {
  url: string;
  port: number;
  engine: StepFunctionsEngine;
  stop(): Promise<void>;
}

const OPERATIONS: Record<string, (engine: StepFunctionsEngine, body: Record<string, unknown>) => unknown> = {
  StartExecution: (engine, body) => engine.startExecution(body),
  DescribeExecution: (engine, body) => engine.describeExecution(body),
  ListExecutions: (engine, body) => engine.listExecutions(body),
  GetExecutionHistory: (engine, body) => engine.getExecutionHistory(body),
  StopExecution: (engine, body) => engine.stopExecution(body),
  SendTaskSuccess: (engine, body) => engine.sendTaskSuccess(body),
  SendTaskFailure: (engine, body) => engine.sendTaskFailure(body),
  SendTaskHeartbeat: (engine, body) => engine.sendTaskHeartbeat(body),
  ListStateMachines: (engine) => engine.listStateMachines(),
  DescribeStateMachine: (engine, body) => engine.describeStateMachine(body),
};

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Starts the engine, resumes the executions kept in `stateDir`, then serves the API. */
export async function startStepFunctions(options: StepFunctionsOptions): Promise<LocalStepFunctions> {
  const engine = new StepFunctionsEngine(options);
  // Before the endpoint listens: a resumed callback task's token is waiting again before anyone can answer it.
  engine.resumeStored();

  const server = http.createServer((req, res) => {
    void (async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSStepFunctions.') ? OPERATIONS[target.slice('AWSStepFunctions.'.length)] : undefined;
      if (req.method !== 'POST' || !operation) {
        req.resume();
        reply(res, 400, { __type: 'UnknownOperationException', message: `Unsupported operation ${target || req.method}` }, 'UnknownOperationException');
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = await readJson(req);
      } catch {
        reply(res, 400, { __type: 'SerializationException', message: 'The request body is not JSON' }, 'SerializationException');
        return;
      }
      try {
        reply(res, 200, operation(engine, body));
      } catch (error) {
        if (error instanceof SfnError) reply(res, error.status, { __type: error.type, message: error.message }, error.type);
        else {
          console.error('[step-functions] request failed:', error);
          reply(res, 500, { __type: 'InternalServerError', message: String(error) }, 'InternalServerError');
        }
      }
    })();
  });
  const port = await listen(server, options.port, options.host ?? '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    engine,
    async stop() {
      engine.stopAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

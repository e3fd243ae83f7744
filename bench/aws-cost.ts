import { FUNCTION_DEFAULTS, LARGE_MEMORY_FUNCTIONS, LARGE_MEMORY_SIZE } from '../infra/settings.ts';
import type { PhaseUsage } from './cycle-scale.ts';

/**
 * What a submission costs on AWS at list prices, from the counts the benchmark measured. Prices:
 * us-east-1, on-demand, as published for 2026 (no free tier). Each line is count × price, so a
 * change of price is a change here only.
 */
export const AWS_PRICES = {
  region: 'us-east-1',
  /** Lambda, Arm: per request and per GB-second. */
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000133334,
  /** DynamoDB on-demand: per million write and read request units. */
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  /** Step Functions Standard: per 1,000 state transitions. */
  stepFunctionsPerThousandTransitions: 0.025,
  /** API Gateway REST API: per million requests (first 333 million a month). */
  apiGatewayPerMillionRequests: 3.5,
  /** SES outbound: per 1,000 emails. */
  sesPerThousandEmails: 0.1,
} as const;

export interface CostLine {
  what: string;
  /** Units per submission. */
  perSubmission: number;
  unit: string;
  /** US dollars per submission. */
  dollars: number;
}

const memoryGb = (functionName: string) => (LARGE_MEMORY_FUNCTIONS.has(functionName) ? LARGE_MEMORY_SIZE : FUNCTION_DEFAULTS.memorySize) / 1024;

/**
 * Cost per submission of the given phases (each measured over `submissions`), plus the state
 * transitions of the review's executions. Lambda time is the handlers' time on this machine, which
 * waits on DynamoDB Local: an upper bound of what they would take on AWS.
 */
export function costPerSubmission(phases: { usage: PhaseUsage; submissions: number }[], stateTransitionsPerSubmission: number): CostLine[] {
  let requests = 0;
  let gbSeconds = 0;
  let writeUnits = 0;
  let readUnits = 0;
  let apiRequests = 0;
  let emails = 0;
  for (const { usage, submissions } of phases) {
    for (const [functionName, entry] of Object.entries(usage.invocations)) {
      requests += entry.count / submissions;
      gbSeconds += (entry.milliseconds / 1000) * memoryGb(functionName) / submissions;
    }
    writeUnits += usage.dynamo.writeUnits / submissions;
    readUnits += usage.dynamo.readUnits / submissions;
    apiRequests += usage.apiRequests / submissions;
    emails += usage.emails / submissions;
  }
  const p = AWS_PRICES;
  return [
    { what: 'Lambda requests', perSubmission: requests, unit: 'requests', dollars: (requests * p.lambdaPerMillionRequests) / 1e6 },
    { what: 'Lambda compute', perSubmission: gbSeconds, unit: 'GB-s', dollars: gbSeconds * p.lambdaPerGbSecond },
    { what: 'DynamoDB writes', perSubmission: writeUnits, unit: 'WRU', dollars: (writeUnits * p.dynamoPerMillionWriteUnits) / 1e6 },
    { what: 'DynamoDB reads', perSubmission: readUnits, unit: 'RRU', dollars: (readUnits * p.dynamoPerMillionReadUnits) / 1e6 },
    { what: 'Step Functions', perSubmission: stateTransitionsPerSubmission, unit: 'state transitions', dollars: (stateTransitionsPerSubmission * p.stepFunctionsPerThousandTransitions) / 1000 },
    { what: 'API Gateway', perSubmission: apiRequests, unit: 'requests', dollars: (apiRequests * p.apiGatewayPerMillionRequests) / 1e6 },
    { what: 'SES', perSubmission: emails, unit: 'emails', dollars: (emails * p.sesPerThousandEmails) / 1000 },
  ];
}

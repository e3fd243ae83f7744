import * as z from 'zod';
import { isTimeZone } from '../domain/cycle.ts';
import { ENV } from './constants.ts';

/**
 * Runtime configuration, parsed once from the environment with zod so a missing or malformed
 * variable fails loudly at the first use, naming the variable.
 */
const envSchema = z.object({
  [ENV.sesConfigurationSet]: z.string().optional(),
  [ENV.decisionStateMachineArn]: z.string().optional(),
  [ENV.reviewStateMachineArn]: z.string().optional(),
  [ENV.reviewTimeZone]: z
    .string()
    .default('UTC')
    .refine(isTimeZone, { message: 'Not an IANA time zone' }),
  [ENV.reviewDeadlineDays]: z.coerce.number().int().min(1).max(90).default(21),
  /** Overrides the deadline in seconds (tests use a few seconds to watch carry-over happen). */
  [ENV.reviewDeadlineSeconds]: z.coerce.number().int().min(1).optional(),
  [ENV.reminderLeadSeconds]: z.coerce.number().int().min(0).default(3 * 24 * 3600),
  [ENV.challengeStartYear]: z.coerce.number().int().default(2023),
  [ENV.challengeEndYear]: z.coerce.number().int().default(2028),
  [ENV.jwtIssuer]: z.string().optional(),
  [ENV.jwtJwksUrl]: z.url().optional(),
  [ENV.jwtAudience]: z.string().optional(),
  [ENV.designationSigningKey]: z.string().min(32).optional(),
  [ENV.corsAllowOrigins]: z
    .string()
    .default('*')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean)),
  [ENV.publicDataBucket]: z.string().min(3).optional(),
  [ENV.cdnDistributionId]: z.string().min(1).optional(),
  [ENV.publicDataDir]: z.string().min(1).optional(),
  [ENV.dynamodbEndpoint]: z.url().optional(),
  [ENV.sesEndpoint]: z.url().optional(),
  [ENV.stepFunctionsEndpoint]: z.url().optional(),
});
export type Config = z.infer<typeof envSchema>;

let cached: Config | undefined;

function parseEnvironment<Schema extends z.ZodType>(schema: Schema): z.infer<Schema> {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export function config(): Config {
  if (!cached) cached = parseEnvironment(envSchema);
  return cached;
}

/** For tests and the local platform, which set the environment after modules load. */
export function resetConfig(): void {
  cached = undefined;
  cachedAddresses = undefined;
}

/**
 * The addresses mail is sent from and to, and the site's address that every link starts with.
 * No defaults: a deployment names its own, so one that forgot a value fails at its first use,
 * naming it, instead of writing from or to example.org (the local platform's values are in
 * infra/local/local-environment.ts). Apart from `config()` because only the functions that write
 * mail or links need them.
 */
const addressesSchema = z.object({
  [ENV.mailFrom]: z.string().min(3),
  [ENV.supportUnitEmail]: z.email(),
  [ENV.reviewersEmail]: z.email(),
  [ENV.publicBaseUrl]: z.url(),
});
export type Addresses = z.infer<typeof addressesSchema>;

let cachedAddresses: Addresses | undefined;

export function addresses(): Addresses {
  if (!cachedAddresses) cachedAddresses = parseEnvironment(addressesSchema);
  return cachedAddresses;
}

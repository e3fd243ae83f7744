import * as z from 'zod';
import { isTimeZone } from '../domain/cycle.ts';
import { ENV } from './constants.ts';

/**
 * Runtime configuration, parsed once from the environment with zod so a missing or malformed
 * variable fails loudly at the first use, naming the variable.
 */
const envSchema = z.object({
  [ENV.mailFrom]: z.string().default('Open Gov Challenge <challenge@example.org>'),
  [ENV.supportUnitEmail]: z.email().default('support-unit@example.org'),
  [ENV.reviewersEmail]: z.email().default('reviewers@example.org'),
  [ENV.sesConfigurationSet]: z.string().optional(),
  [ENV.publicBaseUrl]: z.url().default('http://localhost:3000'),
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
  [ENV.dynamodbEndpoint]: z.url().optional(),
  [ENV.sesEndpoint]: z.url().optional(),
  [ENV.stepFunctionsEndpoint]: z.url().optional(),
});
export type Config = z.infer<typeof envSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new Error(`Invalid environment: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For tests and the local platform, which set the environment after modules load. */
export function resetConfig(): void {
  cached = undefined;
}

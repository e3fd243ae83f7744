import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT, STACK_IDS } from './settings.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface OpenGovChallengeApp {
  app: App;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

export interface BuildAppOptions extends AppProps {
  /** Run the cdk-nag AwsSolutions pack at synthesis (default true); synthesis fails on any finding. */
  nag?: boolean;
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

/**
 * The whole deployment: a stateful stack (tables, retained) and a stateless one that references it.
 * Deployment-specific choices come from context (`cdk.json` or `-c key=value`), see `CONTEXT`.
 */
export function buildApp(options: BuildAppOptions = {}): OpenGovChallengeApp {
  const { nag = true, ...appProps } = options;
  const app = new App(appProps);

  // No `env`: the stacks stay environment-agnostic, so the same templates deploy to whichever
  // account and region the CLI targets, and synthesis never needs credentials.
  const stateful = new StatefulStack(app, STACK_IDS.stateful, {
    description: 'Open Gov Challenge: data (DynamoDB tables, retained)',
    terminationProtection: true,
  });

  const deadlineDays = Number(contextString(app, CONTEXT.reviewDeadlineDays) ?? 21);
  if (!Number.isInteger(deadlineDays) || deadlineDays < 1 || deadlineDays > 90) {
    throw new Error(`Context ${CONTEXT.reviewDeadlineDays} must be a whole number of days from 1 to 90`);
  }
  const publicBaseUrl = contextString(app, CONTEXT.publicBaseUrl);
  const alarmEmail = contextString(app, CONTEXT.alarmEmail);

  const reviewTimeZone = contextString(app, CONTEXT.reviewTimeZone) ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: reviewTimeZone });
  } catch {
    throw new Error(`Context ${CONTEXT.reviewTimeZone} must be an IANA time zone such as Europe/Paris, not "${reviewTimeZone}"`);
  }

  const stateless = new StatelessStack(app, STACK_IDS.stateless, {
    description: 'Open Gov Challenge: API, functions, staff sign-in, mail, review workflow',
    tables: stateful.tables,
    reviewTimeZone,
    reviewDeadlineDays: deadlineDays,
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    corsAllowOrigins: (contextString(app, CONTEXT.corsAllowOrigins) ?? '*')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    mailDefaults: {
      mailFrom: contextString(app, CONTEXT.mailFrom),
      sesIdentity: contextString(app, CONTEXT.sesIdentity),
      supportUnitEmail: contextString(app, CONTEXT.supportUnitEmail),
      reviewersEmail: contextString(app, CONTEXT.reviewersEmail),
    },
    ...(alarmEmail ? { alarmEmail } : {}),
  });

  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// `cdk synth` runs this file (cdk.json: `node --import tsx infra/app.ts`); tests and the local
// platform import `buildApp` / `synthesizeTemplates` instead.
if (isEntryPoint()) {
  buildApp().app.synth();
}

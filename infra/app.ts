import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { SignInDomain } from './constructs/staff-auth.ts';
import { CONTEXT, STACK_IDS } from './settings.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';
import { isEntryPoint } from './entry-point.ts';

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
 * A value a deployment must name itself: there is no sensible default for production, and a
 * placeholder would deploy silently (mail to example.org, a sign-in domain nobody chose).
 */
function requiredContext(app: App, key: string, what: string): string {
  const value = contextString(app, key);
  if (!value) throw new Error(`Context ${key} is required: ${what} (cdk deploy -c ${key}=…, see the README's deployment section)`);
  return value;
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** WAF IP sets take IPv4 CIDRs (`203.0.113.10/32`); a typo would otherwise fail only at deploy. */
function relayAddresses(app: App): string[] {
  const addresses = list(contextString(app, CONTEXT.trustedRelayAddresses) ?? '');
  const invalid = addresses.filter((address) => !/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(address));
  if (invalid.length > 0) throw new Error(`Context ${CONTEXT.trustedRelayAddresses} takes IPv4 CIDRs such as 203.0.113.10/32, not ${invalid.join(', ')}`);
  return addresses;
}

/** Both halves of a custom domain, or neither. */
function customDomain(app: App, nameKey: string, certificateKey: string): { domainName: string; certificateArn: string } | undefined {
  const domainName = contextString(app, nameKey);
  const certificateArn = contextString(app, certificateKey);
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) throw new Error(`Context ${nameKey} and ${certificateKey} go together: give both or neither`);
  if (!/^arn:aws[\w-]*:acm:us-east-1:/.test(certificateArn)) throw new Error(`Context ${certificateKey} must be an ACM certificate in us-east-1 (CloudFront's region)`);
  return { domainName, certificateArn };
}

function signInDomain(app: App): SignInDomain {
  return (
    customDomain(app, CONTEXT.signInDomainName, CONTEXT.signInCertificateArn) ?? {
      prefix: requiredContext(app, CONTEXT.signInDomainPrefix, 'the staff sign-in domain prefix (or signInDomainName with signInCertificateArn)'),
    }
  );
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
    description: 'Open Gov Challenge: data (DynamoDB tables and staff accounts, retained)',
    terminationProtection: true,
    signInDomain: signInDomain(app),
  });

  const deadlineDays = Number(contextString(app, CONTEXT.reviewDeadlineDays) ?? 21);
  if (!Number.isInteger(deadlineDays) || deadlineDays < 1 || deadlineDays > 90) {
    throw new Error(`Context ${CONTEXT.reviewDeadlineDays} must be a whole number of days from 1 to 90`);
  }
  const publicBaseUrl = contextString(app, CONTEXT.publicBaseUrl);
  const alarmEmail = requiredContext(app, CONTEXT.alarmEmail, 'the address that receives operations alarms');
  const siteDomain = customDomain(app, CONTEXT.siteDomainName, CONTEXT.siteCertificateArn);

  const reviewTimeZone = contextString(app, CONTEXT.reviewTimeZone) ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: reviewTimeZone });
  } catch {
    throw new Error(`Context ${CONTEXT.reviewTimeZone} must be an IANA time zone such as Europe/Paris, not "${reviewTimeZone}"`);
  }

  const stateless = new StatelessStack(app, STACK_IDS.stateless, {
    description: 'Open Gov Challenge: site and console hosting, API, functions, mail, review workflow',
    tables: stateful.tables,
    staff: stateful.staff,
    ...(siteDomain ? { siteDomain } : {}),
    reviewTimeZone,
    reviewDeadlineDays: deadlineDays,
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    corsAllowOrigins: list(contextString(app, CONTEXT.corsAllowOrigins) ?? '*'),
    trustedRelayAddresses: relayAddresses(app),
    mailDefaults: {
      mailFrom: contextString(app, CONTEXT.mailFrom),
      sesIdentity: contextString(app, CONTEXT.sesIdentity),
      supportUnitEmail: contextString(app, CONTEXT.supportUnitEmail),
      reviewersEmail: contextString(app, CONTEXT.reviewersEmail),
    },
    alarmEmail,
  });

  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}

// `cdk synth` runs this file (cdk.json: `node --import tsx infra/app.ts`); tests and the local
// platform import `buildApp` / `synthesizeTemplates` instead.
if (isEntryPoint(import.meta.url)) {
  buildApp().app.synth();
}

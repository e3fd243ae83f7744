import { CfnOutput, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { InvocationType, Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/constants.ts';
import { HTTP_FUNCTIONS, ROUTES } from '../../shared/http/routes.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';
import { REVIEW_TABLE, SUBMISSIONS_TABLE, TABLES } from '../../shared/store/tables.ts';
import { Api } from '../constructs/api.ts';
import { Designation } from '../constructs/designation.ts';
import { bindTable, createServiceFunction, type TableAccess, type TableBinding } from '../constructs/lambda-function.ts';
import { Notifications } from '../constructs/notifications.ts';
import { Observability } from '../constructs/observability.ts';
import { ReviewWorkflow } from '../constructs/review-workflow.ts';
import { StaffConsoleClient, type StaffUserPool } from '../constructs/staff-auth.ts';
import { WebHosting } from '../constructs/web-hosting.ts';
import { FUNCTION_DEFAULTS } from '../settings.ts';

interface Access {
  submissions: TableAccess;
  review: TableAccess;
}

/**
 * What each HTTP function may do to each table. Intake is public and anonymous, so it only ever
 * writes the submissions table; audit-writing and review routes get the review table too.
 * A function missing here (a route added later) gets read or read-write on both tables from its
 * methods, so adding a route stays one line in the route table; narrow it here afterwards.
 */
const HTTP_TABLE_ACCESS: Readonly<Record<string, Access>> = {
  health: { submissions: 'read', review: 'name-only' },
  openapi: { submissions: 'name-only', review: 'name-only' },
  'list-areas': { submissions: 'read', review: 'name-only' },
  'list-members': { submissions: 'read', review: 'name-only' },
  'create-submission': { submissions: 'readwrite', review: 'name-only' },
  'get-submission-status': { submissions: 'read', review: 'read' },
  'correct-submission': { submissions: 'readwrite', review: 'readwrite' },
  'get-reform': { submissions: 'read', review: 'name-only' },
  'answer-submission': { submissions: 'readwrite', review: 'readwrite' },
  'withdraw-submission': { submissions: 'readwrite', review: 'readwrite' },
  'create-story': { submissions: 'readwrite', review: 'name-only' },
  'list-stories': { submissions: 'read', review: 'name-only' },
  'list-reforms': { submissions: 'read', review: 'name-only' },
  'export-reforms': { submissions: 'name-only', review: 'name-only' },
  'get-stats': { submissions: 'read', review: 'name-only' },
  'admin-publish-public-data': { submissions: 'readwrite', review: 'name-only' },
  'list-cycles': { submissions: 'read', review: 'read' },
  'start-cycle': { submissions: 'read', review: 'readwrite' },
  'get-cycle': { submissions: 'read', review: 'read' },
  'list-cycle-submissions': { submissions: 'read', review: 'read' },
  'release-cycle': { submissions: 'readwrite', review: 'readwrite' },
  'record-decision': { submissions: 'readwrite', review: 'readwrite' },
  'get-audit': { submissions: 'read', review: 'read' },
};

/** HTTP functions that sign or check the POCs' designation links. */
const DESIGNATION_LINK_FUNCTIONS = ['create-submission', 'get-designation', 'confirm-designation'];

/** HTTP functions that resume callback tasks: decisions (ReviewDecision) and the admin's sign-off (ReviewCycle). */
const TASK_CALLBACK_FUNCTIONS = ['record-decision', 'release-cycle'];
const START_CYCLE_FUNCTIONS = ['start-cycle', 'resume-cycle'];
const DESCRIBE_RUN_FUNCTIONS = ['get-cycle'];
/** The HTTP function that publishes the counters and exports again (`POST /v1/admin/public-data`). */
const PUBLICATION_FUNCTION = 'admin-publish-public-data';

function accessFor(functionName: string): Access {
  const explicit = HTTP_TABLE_ACCESS[functionName];
  if (explicit) return explicit;
  const writes = ROUTES.some((route) => route.functionName === functionName && route.method !== 'GET');
  const access: TableAccess = writes ? 'readwrite' : 'read';
  return { submissions: access, review: access };
}

export interface StatelessStackProps extends StackProps {
  tables: ReadonlyMap<string, TableV2>;
  /** The staff user pool and its managed login, from the stateful stack. */
  staff: StaffUserPool;
  /** The site's own domain (site, console and API behind one distribution), with its us-east-1 certificate. */
  siteDomain?: { domainName: string; certificateArn: string };
  reviewTimeZone: string;
  reviewDeadlineDays: number;
  /** Base of the links in emails (status page, console); the site's own URL when absent. */
  publicBaseUrl?: string;
  corsAllowOrigins: string[];
  /** CIDRs of form relays exempt from WAF's per-address rate limit. */
  trustedRelayAddresses: string[];
  /** Defaults for the mail parameters (from context); without them the parameters must be given at deploy. */
  mailDefaults: { mailFrom?: string; sesIdentity?: string; supportUnitEmail?: string; reviewersEmail?: string };
  alarmEmail: string;
}

/**
 * Everything that can be replaced without losing data: functions, API, staff sign-in, mail, the
 * review workflow and its schedule. Tables come in from the stateful stack.
 */
export class StatelessStack extends Stack {
  readonly api: Api;
  readonly httpFunctions = new Map<string, LambdaFunction>();
  readonly workflow: ReviewWorkflow;
  readonly notifications: Notifications;
  readonly designation: Designation;
  readonly consoleClient: StaffConsoleClient;
  readonly web: WebHosting;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);

    const tableBinding = (declarationId: string): TableBinding => {
      const declaration = TABLES.find((d) => d.id === declarationId);
      const table = props.tables.get(declarationId);
      if (!declaration || !table) throw new Error(`No table for declaration ${declarationId}`);
      return { declaration, table };
    };
    const submissions = tableBinding(SUBMISSIONS_TABLE.id);
    const review = tableBinding(REVIEW_TABLE.id);
    const allTables = TABLES.map((declaration) => tableBinding(declaration.id));

    const mail = this.mailParameters(props.mailDefaults);

    const alarmTopic = new Topic(this, 'OperationsAlarms', { displayName: 'Open Gov Challenge operations', enforceSSL: true });
    alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    // What every function may need to compose mail or apply the review rules. env.ts defaults the
    // addresses to example.org, so leaving one out would silently mail the wrong place.
    const environment: Record<string, string> = {
      [ENV.mailFrom]: mail.mailFrom,
      [ENV.supportUnitEmail]: mail.supportUnitEmail,
      [ENV.reviewersEmail]: mail.reviewersEmail,
      [ENV.reviewDeadlineDays]: String(props.reviewDeadlineDays),
      [ENV.reviewTimeZone]: props.reviewTimeZone,
      [ENV.corsAllowOrigins]: props.corsAllowOrigins.join(','),
    };

    for (const name of HTTP_FUNCTIONS) {
      const fn = createServiceFunction(this, {
        name,
        timeout: FUNCTION_DEFAULTS.httpTimeout,
        environment,
      });
      const access = accessFor(name);
      bindTable(fn, submissions, access.submissions);
      bindTable(fn, review, access.review);
      this.httpFunctions.set(name, fn);
    }

    this.designation = new Designation(this, 'Designation', { submissions, review, environment });
    for (const name of DESIGNATION_LINK_FUNCTIONS) {
      const fn = this.httpFunctions.get(name);
      if (fn) this.designation.grantSigningKey(fn);
    }

    this.notifications = new Notifications(this, 'Notifications', {
      tables: allTables,
      environment,
      sesIdentity: mail.sesIdentity,
      alarmTopic,
    });
    const liftSuppression = this.httpFunctions.get('admin-lift-suppression');
    if (liftSuppression) this.notifications.grantLiftSuppression(liftSuppression);

    this.workflow = new ReviewWorkflow(this, 'ReviewWorkflow', {
      tables: allTables,
      environment,
      reviewTimeZone: props.reviewTimeZone,
      alarmTopic,
    });
    for (const name of START_CYCLE_FUNCTIONS) {
      const fn = this.httpFunctions.get(name);
      if (fn) this.workflow.grantStartCycle(fn);
    }
    for (const name of DESCRIBE_RUN_FUNCTIONS) {
      const fn = this.httpFunctions.get(name);
      if (fn) this.workflow.grantDescribeRuns(fn);
    }
    for (const name of TASK_CALLBACK_FUNCTIONS) {
      const fn = this.httpFunctions.get(name);
      if (fn) this.workflow.grantTaskCallbacks(fn);
    }

    this.api = new Api(this, 'Api', {
      functions: this.httpFunctions,
      userPool: props.staff.userPool,
      corsAllowOrigins: props.corsAllowOrigins,
      trustedRelayAddresses: props.trustedRelayAddresses,
    });

    // The site, the console and the API behind one distribution; the console signs in with its own
    // app client, whose callback URLs are the console's addresses on that distribution.
    this.web = new WebHosting(this, 'Web', {
      restApiId: this.api.restApi.restApiId,
      signInOrigin: props.staff.signInUrl,
      ...(props.siteDomain ? { customDomain: props.siteDomain } : {}),
    });
    this.consoleClient = new StaffConsoleClient(this, 'ConsoleSignIn', { staff: props.staff, consoleUrls: this.web.consoleUrls });
    this.web.publish(this.consoleClient.consoleConfig(this.web.origin, this.web.consoleUrl));
    // The end of a release, and an admin's republication, write the open-data exports and invalidate the cache.
    for (const fn of [this.workflow.functions.get(REVIEW_FUNCTIONS.sendSummary), this.httpFunctions.get(PUBLICATION_FUNCTION)]) {
      if (fn) this.web.grantPublication(fn);
    }
    // Set after the fact: the client needs the distribution, which needs the API, which needs the functions.
    for (const fn of this.httpFunctions.values()) {
      for (const [name, value] of Object.entries(this.consoleClient.environment)) fn.addEnvironment(name, value);
    }

    const publicBaseUrl = props.publicBaseUrl ?? this.web.origin;
    for (const fn of this.allFunctions()) fn.addEnvironment(ENV.publicBaseUrl, publicBaseUrl);

    this.seedReferenceData(submissions, review, { ...environment, [ENV.publicBaseUrl]: publicBaseUrl });

    // Last: it watches every function, failure queue and alarm defined above.
    this.observability = new Observability(this, 'Observability', {
      alarmTopic,
      restApi: this.api.restApi,
      mailer: this.notifications.mailer,
      stateMachines: [this.workflow.reviewCycle, this.workflow.reviewDecision],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'SiteUrl', { value: `${this.web.origin}/`, description: 'The public site (tracker, forms, status pages)' });
    new CfnOutput(this, 'ConsoleUrl', { value: this.web.consoleUrl, description: 'The review console (staff sign-in through managed login)' });
    new CfnOutput(this, 'ConsoleClientId', { value: this.consoleClient.client.userPoolClientId });
    new CfnOutput(this, 'ReviewCycleStateMachineArn', { value: this.workflow.reviewCycle.stateMachineArn });
  }

  private allFunctions(): LambdaFunction[] {
    return [...this.httpFunctions.values(), ...this.workflow.functions.values(), this.notifications.mailer, this.notifications.sesEvents, this.designation.reminders];
  }

  /**
   * Reference data (areas, criteria, members) is loaded by `functions/seed-registry` after the tables
   * exist. The trigger runs when the function changes, i.e. whenever the bundled reference data
   * changes; the handler writes only what is missing, so a re-run never overwrites an admin's edit.
   */
  private seedReferenceData(submissions: TableBinding, review: TableBinding, environment: Record<string, string>): void {
    const seed = createServiceFunction(this, {
      name: 'seed-registry',
      description: 'Loads areas, criteria and members without overwriting edits (run by a deploy trigger)',
      timeout: FUNCTION_DEFAULTS.seedTimeout,
      environment,
    });
    bindTable(seed, submissions, 'readwrite');
    bindTable(seed, review, 'name-only');
    new Trigger(this, 'SeedRegistryTrigger', {
      handler: seed,
      executeAfter: [seed],
      executeOnHandlerChange: true,
      invocationType: InvocationType.REQUEST_RESPONSE,
      timeout: FUNCTION_DEFAULTS.seedTimeout,
    });
  }

  /**
   * Mail settings are CloudFormation parameters so one synthesized template deploys to any account;
   * context values (`-c sesIdentity=example.org`) become their defaults.
   */
  private mailParameters(defaults: StatelessStackProps['mailDefaults']) {
    const email = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';
    const parameter = (id: string, description: string, defaultValue: string | undefined, allowedPattern?: string) =>
      new CfnParameter(this, id, {
        type: 'String',
        description,
        ...(defaultValue ? { default: defaultValue } : {}),
        ...(allowedPattern ? { allowedPattern, constraintDescription: 'must be an email address' } : {}),
      }).valueAsString;
    return {
      mailFrom: parameter('MailFrom', 'From header of every email, e.g. "Open Gov Challenge <challenge@example.org>"', defaults.mailFrom),
      sesIdentity: parameter(
        'SesIdentity',
        'The verified SES identity mail is sent from: the From address\'s domain (example.org) or the address itself',
        defaults.sesIdentity,
      ),
      supportUnitEmail: parameter('SupportUnitEmail', 'Support Unit address (cycle summaries, alerts)', defaults.supportUnitEmail, email),
      reviewersEmail: parameter('ReviewersEmail', 'Reviewers\' list address (digests, reminders)', defaults.reviewersEmail, email),
    };
  }
}

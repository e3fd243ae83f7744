import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/constants.ts';
import { FUNCTION_DEFAULTS } from '../settings.ts';
import { bindTable, createServiceFunction, type TableBinding } from './lambda-function.ts';

export interface DesignationProps {
  submissions: TableBinding;
  review: TableBinding;
  environment: Record<string, string>;
}

/**
 * The POCs' confirmation of action-plan designations: the key that signs their links, and the daily
 * run that asks POCs who have just been given a contact and reminds those who have not answered.
 */
export class Designation extends Construct {
  readonly signingKey: Secret;
  readonly reminders: LambdaFunction;

  constructor(scope: Construct, id: string, props: DesignationProps) {
    super(scope, id);
    this.signingKey = new Secret(this, 'SigningKey', {
      description: "Signs the points of contact's designation links (HMAC)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the key would invalidate every designation link already emailed (valid 30 days); it is rotated by hand, ' +
        'with the reminders re-sending fresh links.',
    });

    this.reminders = createServiceFunction(this, {
      name: 'designation-reminders',
      description: 'Asks and reminds points of contact to confirm action-plan designations (daily)',
      timeout: FUNCTION_DEFAULTS.httpTimeout,
      environment: props.environment,
    });
    bindTable(this.reminders, props.submissions, 'readwrite');
    bindTable(this.reminders, props.review, 'readwrite');
    this.grantSigningKey(this.reminders);

    new Rule(this, 'Daily', {
      description: 'Designation requests and reminders, once a day',
      schedule: Schedule.rate(Duration.days(1)),
      targets: [new LambdaTarget(this.reminders, { retryAttempts: 2 })],
    });
  }

  /**
   * Hands the key to a function as a deploy-time dynamic reference: the template holds only the
   * reference, and the function reads the value from its environment without a Secrets Manager call
   * on every cold start.
   */
  grantSigningKey(fn: LambdaFunction): void {
    fn.addEnvironment(ENV.designationSigningKey, this.signingKey.secretValue.unsafeUnwrap());
  }
}

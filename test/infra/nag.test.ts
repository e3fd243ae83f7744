import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeApp, SYNTH_TIMEOUT_MS, type Synthesized } from './synthesized.ts';

interface Finding {
  ruleName: string;
  severity: string;
  paths: string[];
}

interface Acknowledgement {
  id: string;
  reason: string;
  path: string;
}

let synthesized: Synthesized;

function findings(pack: AwsSolutionsChecks): Finding[] {
  return pack.validateScope(synthesized.app).violations.map((violation) => ({
    ruleName: violation.ruleName,
    severity: violation.severity ?? 'error',
    paths: violation.violatingResources.map((resource) => resource.constructPath ?? ''),
  }));
}

function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
            id: id.replace(/^annotation::/i, ''),
            reason,
            path: construct.node.path,
          })),
        ),
    );
}

beforeAll(() => {
  // The app as `cdk synth` builds it, with the AwsSolutions pack registered: synthesis itself fails
  // on any unacknowledged finding, which is what this file checks first.
  synthesized = synthesizeApp({ nag: true });
}, SYNTH_TIMEOUT_MS);

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing that is not acknowledged (synthesis with the pack registered succeeded)', () => {
    const unacknowledged = findings(new AwsSolutionsChecks());
    expect(unacknowledged.map((f) => `${f.severity} ${f.ruleName} at ${f.paths.join(', ')}`)).toEqual([]);
  });

  it('acknowledges only findings that actually occur, each with a real reason', () => {
    // The same pack with acknowledgements ignored: every finding the app would have.
    const raw = new AwsSolutionsChecks();
    (raw as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
    const all = findings(raw);

    const acks = acknowledgements(synthesized.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      const suppresses = all.some(
        (finding) => finding.ruleName === ack.id && finding.paths.some((path) => path === ack.path || path.startsWith(`${ack.path}/`)),
      );
      expect(suppresses, `${ack.id} acknowledged at ${ack.path} suppresses nothing`).toBe(true);
      expect(ack.reason.length, `${ack.id} at ${ack.path} needs a reason`).toBeGreaterThan(60);
    }

    // Keep the list of acknowledged rules visible in review: a new kind needs a deliberate update here.
    const kinds = [
      ...new Set(
        acks.map((ack) =>
          ack.id
            .replace(/\[Resource::<\w+\.Arn>:\*\]$/, '[Resource::<function>.Arn:*]')
            .replace(/\[Resource::<\w+\.Arn>\/\*\]$/, '[Resource::<bucket>.Arn/*]')
            .replace(/:execution:.*:\*\]$/, ':execution:<stateMachine>:*]'),
        ),
      ),
    ].sort();
    expect(kinds).toEqual([
      'AwsSolutions-APIG2',
      'AwsSolutions-APIG4',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
      'AwsSolutions-COG4',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::<bucket>.Arn/*]',
      'AwsSolutions-IAM5[Resource::<function>.Arn:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<stateMachine>:*]',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
  });

  it('acknowledges anonymous access only on public routes', () => {
    const publicAcks = acknowledgements(synthesized.app).filter((ack) => ack.id === 'AwsSolutions-APIG4');
    for (const ack of publicAcks) expect(ack.path).not.toMatch(/\/v1\/review\//);
  });
});

describe('defaults', () => {
  it('schedules the review in UTC unless told otherwise', () => {
    synthesized.statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpressionTimezone: 'UTC' });
  });
});

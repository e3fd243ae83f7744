import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { projectionOf, TABLES, type IndexProjection, type KeyAttribute, type TableDeclaration } from '../../shared/store/tables.ts';
import { StaffUserPool, type SignInDomain } from '../constructs/staff-auth.ts';

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: key.type === 'N' ? AttributeType.NUMBER : AttributeType.STRING };
}

export interface StatefulStackProps extends StackProps {
  /** Where the staff sign in (managed login). */
  signInDomain: SignInDomain;
}

/**
 * Everything that holds data, and nothing else, so the stateless stack can be replaced, renamed or
 * destroyed without touching a submission or a staff account. Tables come from the one declaration
 * the local platform also uses (`shared/store/tables.ts`).
 */
export class StatefulStack extends Stack {
  /** By declaration id (`Submissions`, `Review`). */
  readonly tables = new Map<string, TableV2>();
  /** Staff accounts, their roles and TOTP enrolments, and the managed login domain. */
  readonly staff: StaffUserPool;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.staff = new StaffUserPool(this, 'StaffAuth', { signInDomain: props.signInDomain });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staff.userPool.userPoolId, description: 'npm run staff -- add <email> --role reviewer|admin --user-pool-id <this>' });
    new CfnOutput(this, 'StaffSignInUrl', { value: this.staff.signInUrl, description: 'Managed login (Cognito) for the review console' });

    for (const declaration of TABLES) {
      const table = this.table(declaration);
      this.tables.set(declaration.id, table);
      new CfnOutput(this, `${declaration.id}TableName`, { value: table.tableName, description: `Set as ${declaration.envVar}` });
    }
  }

  private table(declaration: TableDeclaration): TableV2 {
    return new TableV2(this, declaration.id, {
      partitionKey: attribute(declaration.partitionKey),
      sortKey: attribute(declaration.sortKey),
      // Traffic is bursty (a form campaign, the monthly run) and small in between: on-demand.
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // New and old images: a superset of what the mailer reads, so a handler that reads either
      // behaves the same here and against the local platform's stream reader.
      ...(declaration.streamsOutbox ? { dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES } : {}),
      ...(declaration.timeToLiveAttribute ? { timeToLiveAttribute: declaration.timeToLiveAttribute } : {}),
      globalSecondaryIndexes: declaration.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        ...projectionProps(projectionOf(index)),
      })),
    });
  }
}

function projectionProps(projection: IndexProjection): { projectionType: ProjectionType; nonKeyAttributes?: string[] } {
  switch (projection.type) {
    case 'ALL':
      return { projectionType: ProjectionType.ALL };
    case 'KEYS_ONLY':
      return { projectionType: ProjectionType.KEYS_ONLY };
    case 'INCLUDE':
      return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...projection.attributes] };
  }
}

import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { StatefulStack } from '../../infra/stacks/stateful-stack.ts';
import { projectionOf, TABLES } from '../../shared/store/tables.ts';
import { resourcesOfType, SYNTH_TIMEOUT_MS, type Resources } from './synthesized.ts';

let template: Template;
let tables: Resources;

beforeAll(() => {
  // The stateful stack has no dependency on the stateless one, so it is synthesized on its own.
  template = Template.fromStack(new StatefulStack(new App(), 'Stateful', { signInDomain: { prefix: 'ogc-test' } }));
  tables = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable');
}, SYNTH_TIMEOUT_MS);

/** The synthesized table for a declaration, found by its construct id (the logical id's prefix). */
function tableFor(id: string) {
  const matches = Object.entries(tables).filter(([logicalId]) => logicalId.replace(/[0-9A-F]{8}$/, '') === id);
  expect(matches, `exactly one table for declaration ${id}`).toHaveLength(1);
  return matches[0]![1];
}

describe('stateful stack', () => {
  it('has exactly the declared tables and the staff accounts, nothing else', () => {
    expect(Object.keys(tables)).toHaveLength(TABLES.length);
    const types = new Set(Object.values(template.toJSON().Resources as Resources).map((r) => r.Type));
    expect([...types].sort()).toEqual(['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolDomain', 'AWS::Cognito::UserPoolGroup', 'AWS::DynamoDB::GlobalTable']);
  });

  describe.each(TABLES.map((declaration) => [declaration.id, declaration] as const))('table %s', (_id, declaration) => {
    it('is on-demand and retained, with deletion protection and point-in-time recovery', () => {
      const table = tableFor(declaration.id);
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties.Replicas).toHaveLength(1);
      const replica = table.Properties.Replicas[0];
      expect(replica.DeletionProtectionEnabled).toBe(true);
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    });

    it('has the declared key schema', () => {
      const table = tableFor(declaration.id);
      expect(table.Properties.KeySchema).toEqual([
        { AttributeName: declaration.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: declaration.sortKey.name, KeyType: 'RANGE' },
      ]);
      const attributeTypes = Object.fromEntries(
        table.Properties.AttributeDefinitions.map((a: { AttributeName: string; AttributeType: string }) => [a.AttributeName, a.AttributeType]),
      );
      for (const key of [declaration.partitionKey, declaration.sortKey, ...declaration.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]) {
        expect(attributeTypes[key.name]).toBe(key.type);
      }
    });

    it('has exactly the declared global secondary indexes, each projecting what it declares', () => {
      const table = tableFor(declaration.id);
      const indexes = (table.Properties.GlobalSecondaryIndexes ?? []).map((index: any) => ({
        name: index.IndexName,
        keys: index.KeySchema,
        projection: index.Projection.ProjectionType,
        ...(index.Projection.NonKeyAttributes ? { attributes: [...index.Projection.NonKeyAttributes].sort() } : {}),
      }));
      expect(indexes).toEqual(
        declaration.indexes.map((index) => ({
          name: index.indexName,
          keys: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          projection: projectionOf(index).type,
          ...(index.projection?.type === 'INCLUDE' ? { attributes: [...index.projection.attributes].sort() } : {}),
        })),
      );
    });

    it('streams new and old images when it feeds the mailer, and expires items when declared', () => {
      const table = tableFor(declaration.id);
      if (declaration.streamsOutbox) {
        expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
      } else {
        expect(table.Properties.StreamSpecification).toBeUndefined();
      }
      if (declaration.timeToLiveAttribute) {
        expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: declaration.timeToLiveAttribute, Enabled: true });
      } else {
        expect(table.Properties.TimeToLiveSpecification).toBeUndefined();
      }
    });
  });
});

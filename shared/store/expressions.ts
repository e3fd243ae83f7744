/**
 * Builders for conditional writes, as TransactWriteItems entries (a single write spreads the inner
 * object into its command). Every attribute goes through a `#name` placeholder, so reserved words
 * (`status`, `cycle`, `state`...) never break an expression, and conditions are data rather than strings.
 */
type Key = Record<string, string>;
type Scalar = string | number | boolean;

/**
 * What an item must look like for a write to proceed: each attribute equal to a value, or to one of
 * several (an array), or — for `null` — absent.
 */
export type Expect = Record<string, Scalar | readonly Scalar[] | null>;

class Placeholders {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};

  name(attribute: string): string {
    const placeholder = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${Object.keys(this.values).length}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  condition(expect: Expect): string | undefined {
    const clauses = Object.entries(expect).map(([attribute, expected]) => {
      const name = this.name(attribute);
      if (expected === null) return `attribute_not_exists(${name})`;
      if (Array.isArray(expected)) return `${name} IN (${expected.map((option) => this.value(option)).join(', ')})`;
      return `${name} = ${this.value(expected)}`;
    });
    return clauses.length > 0 ? clauses.join(' AND ') : undefined;
  }

  attributes() {
    // DynamoDB rejects empty maps here, so each is left out when unused.
    return {
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

export interface UpdateSpec {
  set?: Record<string, unknown>;
  remove?: readonly string[];
  /** Numbers to add to (`version: 1` bumps the version), or strings to add to a string set. */
  add?: Record<string, number | ReadonlySet<string>>;
  expect?: Expect;
}

export function update(table: string, key: Key, spec: UpdateSpec) {
  const placeholders = new Placeholders();
  const set = Object.entries(spec.set ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([attribute, value]) => `${placeholders.name(attribute)} = ${placeholders.value(value)}`);
  const add = Object.entries(spec.add ?? {}).map(([attribute, amount]) => `${placeholders.name(attribute)} ${placeholders.value(amount)}`);
  const remove = (spec.remove ?? []).map((attribute) => placeholders.name(attribute));
  const clauses = [
    set.length > 0 ? `SET ${set.join(', ')}` : '',
    add.length > 0 ? `ADD ${add.join(', ')}` : '',
    remove.length > 0 ? `REMOVE ${remove.join(', ')}` : '',
  ].filter(Boolean);
  const condition = spec.expect ? placeholders.condition(spec.expect) : undefined;
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: clauses.join(' '),
      ...(condition ? { ConditionExpression: condition } : {}),
      ...placeholders.attributes(),
    },
  };
}

/** A create: fails if an item with the same key exists, so a replayed write never overwrites. */
export function create(table: string, item: Record<string, unknown>) {
  return { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** A replace that proceeds only if the current item matches `expect` (`{ pk: null }`: only if absent). */
export function replace(table: string, item: Record<string, unknown>, expect: Expect) {
  const placeholders = new Placeholders();
  const condition = placeholders.condition(expect);
  return { Put: { TableName: table, Item: item, ...(condition ? { ConditionExpression: condition } : {}), ...placeholders.attributes() } };
}

/** A transaction member that writes nothing but must hold for the others to happen. */
export function check(table: string, key: Key, expect: Expect) {
  const placeholders = new Placeholders();
  return { ConditionCheck: { TableName: table, Key: key, ConditionExpression: placeholders.condition(expect) ?? 'attribute_exists(pk)', ...placeholders.attributes() } };
}

export function isConditionFailure(error: unknown): boolean {
  return (error as Error).name === 'ConditionalCheckFailedException';
}

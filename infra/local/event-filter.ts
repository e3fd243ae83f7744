/**
 * Lambda event-source filtering (the EventBridge pattern syntax of `FilterCriteria`), so the local
 * stream reader delivers exactly the records the deployed event source mapping would.
 * Covers what stream filters use: exact values, prefix, suffix, anything-but, exists, numeric,
 * equals-ignore-case, and `$or`.
 */

type Pattern = Record<string, unknown>;

function matchesRule(rule: unknown, value: unknown, present: boolean): boolean {
  if (rule === null || typeof rule !== 'object') return present && value === rule;
  const operator = rule as Record<string, unknown>;
  if ('exists' in operator) return operator.exists === present;
  if (!present) return false;
  if ('prefix' in operator) {
    const prefix = operator.prefix;
    if (typeof prefix === 'object' && prefix !== null && 'equals-ignore-case' in prefix) {
      return typeof value === 'string' && value.toLowerCase().startsWith(String((prefix as Record<string, unknown>)['equals-ignore-case']).toLowerCase());
    }
    return typeof value === 'string' && value.startsWith(String(prefix));
  }
  if ('suffix' in operator) return typeof value === 'string' && value.endsWith(String(operator.suffix));
  if ('equals-ignore-case' in operator) return typeof value === 'string' && value.toLowerCase() === String(operator['equals-ignore-case']).toLowerCase();
  if ('anything-but' in operator) {
    const excluded = operator['anything-but'];
    if (Array.isArray(excluded)) return !excluded.includes(value);
    if (typeof excluded === 'object' && excluded !== null) return !matchesRule(excluded, value, true);
    return value !== excluded;
  }
  if ('numeric' in operator && Array.isArray(operator.numeric)) {
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (Number.isNaN(number)) return false;
    const terms = operator.numeric as unknown[];
    for (let i = 0; i + 1 < terms.length; i += 2) {
      const bound = Number(terms[i + 1]);
      const ok =
        terms[i] === '=' ? number === bound : terms[i] === '<' ? number < bound : terms[i] === '<=' ? number <= bound : terms[i] === '>' ? number > bound : terms[i] === '>=' ? number >= bound : false;
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

function matchesField(rules: unknown, value: unknown, present: boolean): boolean {
  if (Array.isArray(rules)) {
    // An array in the event matches when any of its elements does.
    const values = Array.isArray(value) ? value : [value];
    return rules.some((rule) => (Array.isArray(value) && present ? values.some((item) => matchesRule(rule, item, true)) : matchesRule(rule, value, present)));
  }
  if (rules !== null && typeof rules === 'object') {
    return matchesPattern(rules as Pattern, present && typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
  }
  return false;
}

export function matchesPattern(pattern: Pattern, event: Record<string, unknown>): boolean {
  for (const [key, rules] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(rules)) {
      if (!rules.some((alternative) => matchesPattern(alternative as Pattern, event))) return false;
      continue;
    }
    if (!matchesField(rules, event[key], Object.hasOwn(event, key))) return false;
  }
  return true;
}

/** With no filters every record passes; otherwise a record passes when any filter matches. */
export function passesFilters(filters: readonly Pattern[] | undefined, event: object): boolean {
  if (!filters || filters.length === 0) return true;
  return filters.some((pattern) => matchesPattern(pattern, event as Record<string, unknown>));
}

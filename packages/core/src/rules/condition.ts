import type { TopLevelCondition } from 'json-rules-engine';
import type { Issue } from '../errors';

/** Facts a visit-rule condition may read. */
export const CONDITION_FACTS = ['event', 'customer', 'vehicle', 'visit', 'dealer'] as const;

/** json-rules-engine's built-in operators, the only ones a pack may use. */
export const CONDITION_OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const;

const MAX_DEPTH = 16;

/**
 * Checks a condition tree and reports every problem with its path: unknown facts, unknown
 * operators, malformed nodes, too deep nesting. Returns the tree typed for json-rules-engine.
 */
export function checkCondition(
  node: unknown,
  path: (string | number)[],
  issues: Issue[],
  depth = 0,
): TopLevelCondition | undefined {
  const before = issues.length;
  walk(node, path, issues, depth);
  return issues.length === before ? (node as TopLevelCondition) : undefined;
}

function walk(node: unknown, path: (string | number)[], issues: Issue[], depth: number): void {
  const add = (p: (string | number)[], message: string): void => {
    issues.push({ path: p, message, code: 'invalid_condition' });
  };
  if (depth > MAX_DEPTH) {
    add(path, `conditions nest deeper than ${MAX_DEPTH}`);
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    add(path, 'must be a condition object');
    return;
  }
  const n = node as Record<string, unknown>;
  const groups = (['all', 'any'] as const).filter((k) => k in n);
  if (groups.length > 0 || 'not' in n) {
    if (groups.length + ('not' in n ? 1 : 0) !== 1) {
      add(path, 'use exactly one of all, any, not');
      return;
    }
    if ('not' in n) {
      walk(n.not, [...path, 'not'], issues, depth + 1);
      return;
    }
    const key = groups[0]!;
    const list = n[key];
    if (!Array.isArray(list)) {
      add([...path, key], 'must be an array of conditions');
      return;
    }
    for (const [i, c] of list.entries()) walk(c, [...path, key, i], issues, depth + 1);
    return;
  }
  if ('condition' in n) {
    add(path, 'shared conditions are not supported in packs');
    return;
  }
  if (typeof n.fact !== 'string' || !(CONDITION_FACTS as readonly string[]).includes(n.fact)) {
    add(
      [...path, 'fact'],
      `unknown fact "${String(n.fact)}" (known: ${CONDITION_FACTS.join(', ')})`,
    );
  }
  if (
    typeof n.operator !== 'string' ||
    !(CONDITION_OPERATORS as readonly string[]).includes(n.operator)
  ) {
    add(
      [...path, 'operator'],
      `unknown operator "${String(n.operator)}" (known: ${CONDITION_OPERATORS.join(', ')})`,
    );
  }
  if (!('value' in n)) add([...path, 'value'], 'missing value');
  if (
    'path' in n &&
    (typeof n.path !== 'string' || !/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(n.path))
  ) {
    add([...path, 'path'], 'must be a dot path such as "repairKind" or "preferences.noPhoneCalls"');
  }
}

/** Dot-path resolution (`a.b.c`) for json-rules-engine: far faster than its JSONPath default. */
export function dotPathResolver(value: object, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

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

/** Operators whose right-hand side must be a list written in the pack. */
const LIST_OPERATORS: readonly string[] = ['in', 'notIn'];

const DOT_PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;
const DOT_PATH_HINT = 'must be a dot path such as "repairKind" or "preferences.noPhoneCalls"';

/** Keys json-rules-engine knows but packs may not use, and why. */
const UNSUPPORTED_KEYS: Readonly<Record<string, string>> = {
  params: 'fact params are not supported: pack facts are plain data and ignore them',
  priority: 'priority is not supported: it changes only the order conditions run in',
  name: 'name is not supported in packs',
  condition: 'shared conditions are not supported in packs',
};

/**
 * Checks a condition tree and reports every problem with its path: unknown facts, unknown
 * operators, unknown keys, malformed nodes, too deep nesting, and fact references on the value
 * side (`"value": { "fact": "vehicle", "path": "serviceInterval" }`), which are checked like the
 * left side. Returns the tree typed for json-rules-engine.
 *
 * A node is either a group — exactly one of `all`, `any` (lists of conditions) or `not` (one
 * condition), nothing else — or a comparison with `fact`, `operator`, `value` and an optional
 * `path`, nothing else.
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

type Add = (p: (string | number)[], message: string, code?: string) => void;

function walk(node: unknown, path: (string | number)[], issues: Issue[], depth: number): void {
  const add: Add = (p, message, code = 'invalid_condition') => {
    issues.push({ path: p, message, code });
  };
  if (depth > MAX_DEPTH) {
    add(path, `conditions nest deeper than ${MAX_DEPTH}`);
    return;
  }
  if (!isObject(node)) {
    add(path, 'must be a condition object');
    return;
  }
  const groups = (['all', 'any', 'not'] as const).filter((k) => Object.hasOwn(node, k));
  if (groups.length > 1) {
    add(path, 'use exactly one of all, any, not');
    return;
  }
  const group = groups[0];
  if (group !== undefined) {
    unknownKeys(node, [group], path, add, 'a group holds exactly one of all, any, not');
    if (group === 'not') {
      walk(node.not, [...path, 'not'], issues, depth + 1);
      return;
    }
    const list = node[group];
    if (!Array.isArray(list)) {
      add([...path, group], 'must be an array of conditions');
      return;
    }
    for (const [i, c] of list.entries()) walk(c, [...path, group, i], issues, depth + 1);
    return;
  }
  unknownKeys(
    node,
    ['fact', 'operator', 'value', 'path'],
    path,
    add,
    'a comparison holds fact, operator, value and path',
  );
  checkFact(node, path, add);
  const operator = node.operator;
  if (
    typeof operator !== 'string' ||
    !(CONDITION_OPERATORS as readonly string[]).includes(operator)
  ) {
    add(
      [...path, 'operator'],
      `unknown operator "${String(operator)}" (known: ${CONDITION_OPERATORS.join(', ')})`,
    );
  }
  if (!Object.hasOwn(node, 'value')) {
    add([...path, 'value'], 'missing value');
    return;
  }
  const value = node.value;
  const at = [...path, 'value'];
  if (typeof operator === 'string' && LIST_OPERATORS.includes(operator)) {
    // json-rules-engine runs `value.indexOf(fact)`: a string would match substrings, anything
    // else throws while an event is ingested.
    if (!Array.isArray(value)) add(at, `"${operator}" needs a list of values written in the pack`);
    return;
  }
  if (isObject(value)) {
    if (!Object.hasOwn(value, 'fact')) {
      add(
        at,
        'an object value must be a fact reference { "fact": …, "path": … } (objects are never equal to anything)',
      );
      return;
    }
    unknownKeys(value, ['fact', 'path'], at, add, 'a fact reference holds fact and path');
    checkFact(value, at, add);
  }
}

/** The `fact` and optional `path` of a comparison or a value-side fact reference. */
function checkFact(node: Record<string, unknown>, path: (string | number)[], add: Add): void {
  if (
    typeof node.fact !== 'string' ||
    !(CONDITION_FACTS as readonly string[]).includes(node.fact)
  ) {
    add(
      [...path, 'fact'],
      `unknown fact "${String(node.fact)}" (known: ${CONDITION_FACTS.join(', ')})`,
    );
  }
  if (Object.hasOwn(node, 'path') && (typeof node.path !== 'string' || !DOT_PATH.test(node.path))) {
    add([...path, 'path'], DOT_PATH_HINT);
  }
}

function unknownKeys(
  node: Record<string, unknown>,
  allowed: readonly string[],
  path: (string | number)[],
  add: Add,
  holds: string,
): void {
  for (const key of Object.keys(node)) {
    if (allowed.includes(key)) continue;
    const why = Object.hasOwn(UNSUPPORTED_KEYS, key) ? UNSUPPORTED_KEYS[key] : undefined;
    add([...path, key], why ?? `unknown key "${key}" (${holds})`, 'unrecognized_keys');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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

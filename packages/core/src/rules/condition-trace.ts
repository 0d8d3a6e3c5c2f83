import type { RuleFacts } from './compile-rule-pack';
import { dotPathResolver } from './condition';
import type { FactReference } from './decision-cache';

/** Where a traced condition is written in its rule, as a JSON path (`['when', 'all', 0]`). */
export type ConditionPath = readonly (string | number)[];

/** A comparison (`fact`, `path`, `operator`, `value`) as it was evaluated. */
export interface ComparisonTrace {
  readonly kind: 'comparison';
  readonly at: ConditionPath;
  readonly fact: string;
  readonly path?: string;
  readonly operator: string;
  /** The fact value the condition saw (`undefined`: the fact or path is missing). */
  readonly seen: unknown;
  /** The value the rule compares with: written in the pack, or read from {@link ComparisonTrace.wantsFact}. */
  readonly wants: unknown;
  /** The fact the value side reads, when the pack wrote `"value": { "fact": …, "path": … }`. */
  readonly wantsFact?: FactReference;
  readonly held: boolean;
}

/** A group (`all`, `any`, `not`) with the trace of each of its conditions, in pack order. */
export interface GroupTrace {
  readonly kind: 'all' | 'any' | 'not';
  readonly at: ConditionPath;
  readonly held: boolean;
  readonly conditions: readonly ConditionTrace[];
}

/** A condition tree as evaluated against facts: every node with whether it held. */
export type ConditionTrace = ComparisonTrace | GroupTrace;

type Node = Readonly<Record<string, unknown>>;

/**
 * A fact as json-rules-engine reads it: the fact, then the dot path into it when the path is a
 * non-empty string and the fact an object (a path into a non-object gives the fact itself).
 */
export function readFact(facts: RuleFacts, fact: string, path: string | undefined): unknown {
  const value = (facts as unknown as Readonly<Record<string, unknown>>)[fact];
  if (path === undefined || path === '' || value === null || typeof value !== 'object') {
    return value;
  }
  return dotPathResolver(value, path);
}

function isNumberLike(v: unknown): boolean {
  return Number.parseFloat(v as string).toString() !== 'NaN';
}

/**
 * json-rules-engine's built-in operators, with their fact-value checks (a number for the
 * comparisons, a list for `contains`): a fact value that fails the check makes the comparison
 * false.
 */
export function applyOperator(operator: string, a: unknown, b: unknown): boolean {
  switch (operator) {
    case 'equal':
      return a === b;
    case 'notEqual':
      return a !== b;
    case 'in':
      return Array.isArray(b) && b.indexOf(a) > -1;
    case 'notIn':
      return Array.isArray(b) && b.indexOf(a) === -1;
    case 'contains':
      return Array.isArray(a) && a.indexOf(b) > -1;
    case 'doesNotContain':
      return Array.isArray(a) && a.indexOf(b) === -1;
    case 'lessThan':
      return isNumberLike(a) && (a as number) < (b as number);
    case 'lessThanInclusive':
      return isNumberLike(a) && (a as number) <= (b as number);
    case 'greaterThan':
      return isNumberLike(a) && (a as number) > (b as number);
    case 'greaterThanInclusive':
      return isNumberLike(a) && (a as number) >= (b as number);
    default:
      return false;
  }
}

function reference(v: unknown): FactReference | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.hasOwn(v, 'fact')) {
    return undefined;
  }
  const r = v as Node;
  const path = typeof r.path === 'string' && r.path !== '' ? r.path : undefined;
  return path === undefined ? { fact: String(r.fact) } : { fact: String(r.fact), path };
}

/**
 * Evaluates a condition tree of a compiled pack against facts, keeping every node's result and
 * the values it saw. It gives the same answer as the pack's json-rules-engine evaluation (a test
 * checks it on random facts), including its quirks: an empty `all` or `any` holds.
 * It is a separate evaluator, used only to explain: matching events never pays for a trace.
 */
export function traceCondition(
  node: unknown,
  facts: RuleFacts,
  at: ConditionPath = [],
): ConditionTrace {
  const n = node as Node;
  for (const kind of ['all', 'any'] as const) {
    if (Array.isArray(n[kind])) {
      const conditions = (n[kind] as unknown[]).map((c, i) =>
        traceCondition(c, facts, [...at, kind, i]),
      );
      const held =
        conditions.length === 0 ||
        (kind === 'all' ? conditions.every((c) => c.held) : conditions.some((c) => c.held));
      return { kind, at, held, conditions };
    }
  }
  if (n.not !== undefined) {
    const inner = traceCondition(n.not, facts, [...at, 'not']);
    return { kind: 'not', at, held: !inner.held, conditions: [inner] };
  }
  const fact = String(n.fact);
  const path = typeof n.path === 'string' && n.path !== '' ? n.path : undefined;
  const operator = String(n.operator);
  const seen = readFact(facts, fact, path);
  const wantsFact = reference(n.value);
  const wants = wantsFact === undefined ? n.value : readFact(facts, wantsFact.fact, wantsFact.path);
  return {
    kind: 'comparison',
    at,
    fact,
    ...(path !== undefined ? { path } : {}),
    operator,
    seen,
    wants,
    ...(wantsFact !== undefined ? { wantsFact } : {}),
    held: applyOperator(operator, seen, wants),
  };
}

/**
 * The condition to blame when a tree did not hold: inside an `all`, the first condition (in pack
 * order) that failed, looked into; an `any` none of whose conditions held, or a `not` whose
 * condition held, is itself the failure. `undefined` when the tree held.
 */
export function firstFailure(trace: ConditionTrace): ConditionTrace | undefined {
  if (trace.held) return undefined;
  if (trace.kind === 'all') {
    const failed = trace.conditions.find((c) => !c.held);
    return failed === undefined ? trace : firstFailure(failed);
  }
  return trace;
}

/** `vehicle.usage`, or `event` for a whole fact. */
export function factName(r: FactReference): string {
  return r.path === undefined ? r.fact : `${r.fact}.${r.path}`;
}

/** A value as a person reads it in a sentence: JSON, `missing` for undefined. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'missing';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function showList(v: unknown): string {
  return Array.isArray(v) ? v.map(showValue).join(', ') : showValue(v);
}

/** What the rule wants of the fact, in words: `"private"`, `one of "a", "b"`, `at least 3`. */
export function wantsInWords(t: ComparisonTrace): string {
  const w =
    t.wantsFact === undefined
      ? showValue(t.wants)
      : `${factName(t.wantsFact)} (${showValue(t.wants)})`;
  switch (t.operator) {
    case 'equal':
      return w;
    case 'notEqual':
      return `anything but ${w}`;
    case 'in':
      return t.wantsFact === undefined ? `one of ${showList(t.wants)}` : `one of ${w}`;
    case 'notIn':
      return t.wantsFact === undefined ? `none of ${showList(t.wants)}` : `none of ${w}`;
    case 'contains':
      return `a list containing ${w}`;
    case 'doesNotContain':
      return `a list without ${w}`;
    case 'lessThan':
      return `a number less than ${w}`;
    case 'lessThanInclusive':
      return `a number at most ${w}`;
    case 'greaterThan':
      return `a number greater than ${w}`;
    case 'greaterThanInclusive':
      return `a number at least ${w}`;
    default:
      return `${t.operator} ${w}`;
  }
}

/** `vehicle.usage is "taxi"`. */
function seenInWords(t: ComparisonTrace): string {
  return `${factName(t)} is ${showValue(t.seen)}`;
}

/**
 * Why a condition that did not hold failed, in words. A comparison reads
 * `vehicle.usage is "taxi", rule wants "private"`; an `all` is explained by its first failed
 * condition; an `any` lists why each of its conditions failed (`none held: …; or …`); a `not`
 * names what held (`vehicle.usage is "taxi", rule wants it not to be "taxi"`).
 */
export function failureInWords(t: ConditionTrace): string {
  switch (t.kind) {
    case 'comparison':
      return `${seenInWords(t)}, rule wants ${wantsInWords(t)}`;
    case 'all': {
      const failed = t.conditions.find((c) => !c.held);
      return failed === undefined ? 'held' : failureInWords(failed);
    }
    case 'any':
      return t.conditions.length === 1
        ? failureInWords(t.conditions[0]!)
        : `none held: ${t.conditions.map(failureInWords).join('; or ')}`;
    case 'not': {
      const inner = t.conditions[0]!;
      if (inner.kind === 'comparison') {
        return `${seenInWords(inner)}, rule wants it not to be ${wantsInWords(inner)}`;
      }
      const held = heldComparisons(inner).map((c) => `${seenInWords(c)} (${wantsInWords(c)})`);
      return `rule wants this not to hold, but it does: ${held.join(', ')}`;
    }
  }
}

/**
 * Why a tree did not hold, in words: its {@link firstFailure} described by
 * {@link failureInWords}. `undefined` when it held.
 */
export function whyNotInWords(trace: ConditionTrace): string | undefined {
  const failed = firstFailure(trace);
  return failed === undefined ? undefined : failureInWords(failed);
}

/**
 * Why a tree held, in words: the comparisons that held (`event.repairKind is "special" (rule
 * wants "special")`) and, for a `not` that held, why its condition failed (`not: …`).
 */
export function whyInWords(trace: ConditionTrace): string {
  const parts = heldReasons(trace);
  return parts.length === 0 ? 'no condition' : parts.join(', ');
}

function heldReasons(t: ConditionTrace): string[] {
  if (!t.held) return [];
  switch (t.kind) {
    case 'comparison':
      return [`${seenInWords(t)} (rule wants ${wantsInWords(t)})`];
    case 'not':
      return [`not: ${failureInWords(t.conditions[0]!)}`];
    default:
      return t.conditions.flatMap(heldReasons);
  }
}

/** The comparisons of a trace that held, in pack order (what made a rule match). */
export function heldComparisons(trace: ConditionTrace): ComparisonTrace[] {
  if (trace.kind === 'comparison') return trace.held ? [trace] : [];
  if (trace.kind === 'not') return [];
  return trace.conditions.flatMap(heldComparisons);
}

import type { CompiledRulePack, RuleFacts } from './compile-rule-pack';
import {
  type ConditionTrace,
  factName,
  firstFailure,
  readFact,
  traceCondition,
  whyInWords,
  whyNotInWords,
} from './condition-trace';
import { type FactReference, factReferences } from './decision-cache';
import type { VisitRule } from './rule-pack-schema';

/**
 * What a visit rule did with an event: `visit` (a visit is scheduled), `doNotVisit` (scheduled
 * as "do not visit": `doNotVisitWhen` held), `noMatch` (its `when` failed), `doNotContact` (the
 * customer is marked do-not-contact and the rule does not opt in), `otherTrigger` (it listens
 * to another event).
 */
export type VisitRuleOutcome = 'visit' | 'doNotVisit' | 'noMatch' | 'doNotContact' | 'otherTrigger';

/** One visit rule of a pack traced against an event's facts. */
export interface VisitRuleTrace {
  readonly ruleId: string;
  /** The trigger the rule listens to. */
  readonly on: string;
  readonly outcome: VisitRuleOutcome;
  /** The rule's `when`, evaluated (absent when the rule has none or listens to another event). */
  readonly when?: ConditionTrace;
  /** The visit's `doNotVisitWhen`, evaluated when the rule matched. */
  readonly doNotVisitWhen?: ConditionTrace;
  /** For `noMatch`: the first condition that failed. */
  readonly failed?: ConditionTrace;
  /** The outcome in words: what held, or the first condition that failed. */
  readonly because: string;
  /** The facts the rule's conditions read and the values seen (see {@link decidingFacts}). */
  readonly facts: DecidingFacts;
}

/**
 * Fact values that decided a rule, by name (`event.repairKind`, `customer.doNotContact`): JSON
 * primitives as seen; `null` for a missing or null value; anything else (a list, an object) as
 * its JSON text, cut at 200 characters.
 */
export type DecidingFacts = Readonly<Record<string, string | number | boolean | null>>;

const REFS = new WeakMap<VisitRule, readonly FactReference[]>();

/** The facts a rule's `when` and `doNotVisitWhen` read, computed once per rule. */
function ruleReferences(rule: VisitRule): readonly FactReference[] {
  let refs = REFS.get(rule);
  if (refs === undefined) {
    refs = factReferences({
      all: [rule.when ?? { all: [] }, rule.visit.doNotVisitWhen ?? { all: [] }],
    });
    REFS.set(rule, refs);
  }
  return refs;
}

function storable(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.length > 200 ? v.slice(0, 200) : v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  return text.length > 200 ? text.slice(0, 200) : text;
}

/**
 * The facts that decided a visit rule: every fact (and path) its `when` and `doNotVisitWhen`
 * read, with the value seen, plus `customer.doNotContact` when it is set. The engine stores
 * them on the history entry of a visit it schedules, so "why was this customer called?" can be
 * answered later.
 */
export function decidingFacts(rule: VisitRule, facts: RuleFacts): DecidingFacts {
  const out: Record<string, string | number | boolean | null> = {};
  for (const r of ruleReferences(rule))
    out[factName(r)] = storable(readFact(facts, r.fact, r.path));
  const dnc = readFact(facts, 'customer', 'doNotContact');
  if (dnc !== undefined) out['customer.doNotContact'] = storable(dnc);
  return out;
}

/**
 * Every visit rule of a pack, in pack order, with what it does for an event of type `trigger`
 * seen with `facts` (the facts the engine gives rules: `event`, `customer`, `vehicle`, and
 * `visit` for `visit.completed`), every condition with the value seen and whether it held, and
 * for a rule that did not fire the first failed condition in words. Gives the same matches as
 * {@link CompiledRulePack.matchVisitRules}, which stays trace-free.
 */
export function explainVisitRules(
  pack: CompiledRulePack,
  trigger: string,
  facts: RuleFacts,
): VisitRuleTrace[] {
  const customer = facts.customer as { readonly doNotContact?: unknown } | undefined;
  return pack.pack.visits.map((rule): VisitRuleTrace => {
    const base = { ruleId: rule.id, on: rule.on, facts: decidingFacts(rule, facts) };
    if (rule.on !== trigger) {
      return {
        ...base,
        outcome: 'otherTrigger',
        because: `listens to ${rule.on}, the event is ${trigger}`,
      };
    }
    const when = rule.when === undefined ? undefined : traceCondition(rule.when, facts, ['when']);
    if (when !== undefined && !when.held) {
      return {
        ...base,
        outcome: 'noMatch',
        when,
        failed: firstFailure(when)!,
        because: whyNotInWords(when)!,
      };
    }
    const withWhen = when === undefined ? base : { ...base, when };
    if (customer?.doNotContact === true && rule.allowDoNotContact !== true) {
      return {
        ...withWhen,
        outcome: 'doNotContact',
        because: 'customer.doNotContact is true, rule does not set allowDoNotContact',
      };
    }
    const matchedBy = when === undefined ? 'no condition (always)' : whyInWords(when);
    const dnvWhen = rule.visit.doNotVisitWhen;
    const dnv =
      dnvWhen === undefined
        ? undefined
        : traceCondition(dnvWhen, facts, ['visit', 'doNotVisitWhen']);
    if (dnv?.held === true) {
      return {
        ...withWhen,
        outcome: 'doNotVisit',
        doNotVisitWhen: dnv,
        because: `matched on ${matchedBy}; doNotVisitWhen held: ${whyInWords(dnv)}`,
      };
    }
    return {
      ...withWhen,
      ...(dnv !== undefined ? { doNotVisitWhen: dnv } : {}),
      outcome: 'visit',
      because: `matched on ${matchedBy}`,
    };
  });
}

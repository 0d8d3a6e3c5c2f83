import { createHash } from 'node:crypto';
import { Engine } from 'json-rules-engine';
import { stringify } from 'safe-stable-stringify';
import { type Issue, RulePackError } from '../errors';
import type { SurveyDefinition } from '../scoring/survey-definition';
import { checkCondition, dotPathResolver } from './condition';
import {
  cachedDecision,
  decisionCache,
  type FactReference,
  factReferences,
} from './decision-cache';
import { checkRoles } from './role-references';
import { type RulePack, rulePackSchema, type VisitRule } from './rule-pack-schema';

/** A visit rule that matched an event. */
export interface MatchedVisitRule {
  readonly rule: VisitRule;
  /** The rule's `doNotVisitWhen` held: create the visit as "do not visit". */
  readonly doNotVisit: boolean;
}

/** Facts a condition may read. */
export interface RuleFacts {
  readonly event: object;
  readonly customer?: object;
  readonly vehicle?: object;
  readonly visit?: object;
  readonly dealer?: object;
}

/** A validated pack with its conditions compiled once (json-rules-engine engines per trigger). */
export interface CompiledRulePack {
  readonly pack: RulePack;
  /**
   * A fingerprint of the validated pack (its content, whatever the key order): the pack version
   * items record (`rulesVersion`) and reports group by.
   */
  readonly hash: string;
  survey(id: string): SurveyDefinition | undefined;
  visitRule(id: string): VisitRule | undefined;
  /**
   * Visit rules whose `on` is `trigger` and whose condition holds for `facts`, in pack order.
   * For a customer marked do-not-contact (`facts.customer.doNotContact === true`) only rules
   * with `allowDoNotContact` match, whatever their conditions say.
   */
  matchVisitRules(trigger: string, facts: RuleFacts): Promise<MatchedVisitRule[]>;
  /**
   * Rules with a duty one of whose `unless` entries is `trigger` with its condition holding for
   * `facts`, in pack order: their pending duty for the event's customer or vehicle is cancelled.
   */
  matchDutyCancels(trigger: string, facts: RuleFacts): Promise<VisitRule[]>;
}

/** The key of a rule's duty: `duty.key`, else the rule id (`undefined` for a rule without duty). */
export function dutyKey(rule: VisitRule): string | undefined {
  return rule.duty === undefined ? undefined : (rule.duty.key ?? rule.id);
}

/**
 * zod's issues as ours. An unknown key becomes one issue per key with the key in its path
 * (zod reports them together at the object), so each points at the exact spot in the file.
 */
function zodIssues(error: {
  issues: readonly { path: PropertyKey[]; message: string; code: string; keys?: string[] }[];
}): Issue[] {
  return error.issues.flatMap((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (i.code === 'unrecognized_keys' && i.keys !== undefined) {
      return i.keys.map((k) => ({
        path: [...path, k],
        message: `unknown key "${k}"`,
        code: i.code,
      }));
    }
    return [{ path, message: i.message, code: i.code }];
  });
}

/** The fingerprint of a validated pack: equal content, equal hash. */
export function packHash(pack: RulePack): string {
  return createHash('sha256')
    .update(stringify(pack) ?? '')
    .digest('base64url')
    .slice(0, 16);
}

/** Options of {@link compileRulePack}. */
export interface CompileRulePackOptions {
  /**
   * Decisions kept per pack (default 10,000; 0 turns the cache off). A decision — which rules
   * match and which say "do not visit" — depends only on the fact values the trigger's
   * conditions read (built-in operators over plain facts), so events that agree on those values
   * (same repair kind, same usage, …) reuse it instead of running json-rules-engine again. Least
   * recently used decisions are dropped first. Which duties a trigger ends (`duty.unless`) is
   * kept the same way, in a cache of the same size.
   */
  readonly decisionCacheSize?: number;
}

/**
 * Validates a rule pack and compiles its conditions once. Throws `RulePackError`
 * (`RULE_PACK_INVALID`) listing every problem with its JSON path; nothing is half-applied.
 */
export function compileRulePack(
  input: unknown,
  options: CompileRulePackOptions = {},
): CompiledRulePack {
  const parsed = rulePackSchema.safeParse(input);
  if (!parsed.success) throw new RulePackError(zodIssues(parsed.error));
  const pack = parsed.data;
  const issues: Issue[] = [];

  const surveys = new Map<string, SurveyDefinition>();
  pack.surveys.forEach((s, i) => {
    if (surveys.has(s.id))
      issues.push({
        path: ['surveys', i, 'id'],
        message: `duplicate survey id "${s.id}"`,
        code: 'duplicate',
      });
    surveys.set(s.id, s);
  });
  const cadenceIds = new Set<string>();
  pack.cadence.forEach((entry, i) => {
    if (cadenceIds.has(entry.id))
      issues.push({
        path: ['cadence', i, 'id'],
        message: `duplicate cadence id "${entry.id}"`,
        code: 'duplicate',
      });
    cadenceIds.add(entry.id);
  });
  const rules = new Map<string, VisitRule>();
  const byTrigger = new Map<string, Engine>();
  /** Facts (and paths) the conditions of each trigger's rules read. */
  const refsByTrigger = new Map<string, FactReference[]>();
  const unlessByTrigger = new Map<string, Engine>();
  /** Facts (and paths) the `unless` conditions of each trigger read. */
  const unlessRefsByTrigger = new Map<string, FactReference[]>();
  const dutyPer = new Map<string, { per: string; at: (string | number)[] }>();
  pack.visits.forEach((rule, i) => {
    const at = ['visits', i];
    if (rule.visit.anchor === 'event.appointmentAt' && rule.on !== 'appointment.booked') {
      issues.push({
        path: [...at, 'visit', 'anchor'],
        message: `"event.appointmentAt" is a field of appointment.booked, not of ${rule.on}`,
        code: 'unknown_anchor',
      });
    }
    if (rule.duty !== undefined) {
      const key = dutyKey(rule)!;
      const first = dutyPer.get(key);
      if (first === undefined) dutyPer.set(key, { per: rule.duty.per, at });
      else if (first.per !== rule.duty.per) {
        issues.push({
          path: [...at, 'duty', 'per'],
          message: `duty "${key}" is kept per ${first.per} at ${first.at.join('.')}; rules sharing a key must agree`,
          code: 'duty_mismatch',
        });
      }
      rule.duty.unless.forEach((u, j) => {
        const cond =
          u.when === undefined
            ? { all: [] }
            : checkCondition(u.when, [...at, 'duty', 'unless', j, 'when'], issues);
        if (cond === undefined) return;
        unlessRefsByTrigger.set(u.on, factReferences(cond, unlessRefsByTrigger.get(u.on) ?? []));
        let engine = unlessByTrigger.get(u.on);
        if (engine === undefined) {
          engine = new Engine([], { allowUndefinedFacts: true, pathResolver: dotPathResolver });
          unlessByTrigger.set(u.on, engine);
        }
        engine.addRule({
          name: `unless:${rule.id}:${j}`,
          conditions: cond,
          event: { type: 'unless', params: { ruleId: rule.id } },
          priority: 1,
        });
      });
    }
    if (rules.has(rule.id))
      issues.push({
        path: [...at, 'id'],
        message: `duplicate rule id "${rule.id}"`,
        code: 'duplicate',
      });
    rules.set(rule.id, rule);
    if (rule.visit.survey !== undefined && !surveys.has(rule.visit.survey)) {
      issues.push({
        path: [...at, 'visit', 'survey'],
        message: `unknown survey "${rule.visit.survey}"`,
        code: 'unknown_survey',
      });
    }
    if (rule.visit.sample !== undefined && pack.sampling[rule.visit.sample] === undefined) {
      issues.push({
        path: [...at, 'visit', 'sample'],
        message: `unknown sampling quota "${rule.visit.sample}" (declare it in "sampling")`,
        code: 'unknown_sample',
      });
    }
    const when =
      rule.when === undefined ? { all: [] } : checkCondition(rule.when, [...at, 'when'], issues);
    const dnv =
      rule.visit.doNotVisitWhen === undefined
        ? undefined
        : checkCondition(rule.visit.doNotVisitWhen, [...at, 'visit', 'doNotVisitWhen'], issues);
    if (when === undefined) return;
    const refs = refsByTrigger.get(rule.on) ?? [];
    refsByTrigger.set(
      rule.on,
      factReferences(dnv === undefined ? when : { all: [when, dnv] }, refs),
    );
    let engine = byTrigger.get(rule.on);
    if (engine === undefined) {
      engine = new Engine([], { allowUndefinedFacts: true, pathResolver: dotPathResolver });
      byTrigger.set(rule.on, engine);
    }
    engine.addRule({
      name: `match:${rule.id}`,
      conditions: when,
      event: { type: 'match', params: { ruleId: rule.id } },
      priority: 1,
    });
    if (dnv !== undefined) {
      engine.addRule({
        name: `dnv:${rule.id}`,
        conditions: dnv,
        event: { type: 'doNotVisit', params: { ruleId: rule.id } },
        priority: 1,
      });
    }
  });
  pack.targets.forEach((t, i) => {
    if (t.survey !== undefined && !surveys.has(t.survey)) {
      issues.push({
        path: ['targets', i, 'survey'],
        message: `unknown survey "${t.survey}"`,
        code: 'unknown_survey',
      });
    }
  });
  checkRoles(pack, issues);
  if (issues.length > 0) throw new RulePackError(issues);

  const order = new Map(pack.visits.map((r, i) => [r.id, i]));
  const decisions = decisionCache<readonly MatchedVisitRule[]>(options.decisionCacheSize ?? 10_000);
  const cancels = decisionCache<readonly VisitRule[]>(options.decisionCacheSize ?? 10_000);
  return {
    pack,
    hash: packHash(pack),
    survey: (id) => surveys.get(id),
    visitRule: (id) => rules.get(id),
    async matchVisitRules(trigger, facts) {
      const engine = byTrigger.get(trigger);
      if (engine === undefined) return [];
      const decision = await cachedDecision(
        decisions,
        refsByTrigger.get(trigger)!,
        trigger,
        (facts ?? {}) as unknown as Readonly<Record<string, unknown>>,
        async () => {
          const { events } = await engine.run({ ...facts });
          const matched = new Set<string>();
          const dnv = new Set<string>();
          for (const e of events) {
            const id = String(e.params?.ruleId);
            (e.type === 'match' ? matched : dnv).add(id);
          }
          return [...matched]
            .sort((a, b) => order.get(a)! - order.get(b)!)
            .map((id) => Object.freeze({ rule: rules.get(id)!, doNotVisit: dnv.has(id) }));
        },
      );
      return contactable(decision, facts);
    },
    async matchDutyCancels(trigger, facts) {
      const engine = unlessByTrigger.get(trigger);
      if (engine === undefined) return [];
      // Like visit rules: the answer depends only on the fact values the conditions read.
      const decision = await cachedDecision(
        cancels,
        unlessRefsByTrigger.get(trigger)!,
        trigger,
        (facts ?? {}) as unknown as Readonly<Record<string, unknown>>,
        async () => {
          const { events } = await engine.run({ ...facts });
          const ids = new Set(events.map((e) => String(e.params?.ruleId)));
          return Object.freeze(
            [...ids].sort((a, b) => order.get(a)! - order.get(b)!).map((id) => rules.get(id)!),
          );
        },
      );
      return [...decision];
    },
  };
}

/**
 * The matches a customer may get: none but the rules that opt in (`allowDoNotContact`) for a
 * customer marked do-not-contact. Applied after the decision (cached or not), so a cached
 * decision never depends on the flag and the flag is never left out of one.
 */
function contactable(decision: readonly MatchedVisitRule[], facts: RuleFacts): MatchedVisitRule[] {
  const customer = facts?.customer as { readonly doNotContact?: unknown } | undefined;
  if (customer?.doNotContact !== true) return [...decision];
  return decision.filter((m) => m.rule.allowDoNotContact === true);
}

import { ValidationError } from '../errors';
import { type DmsEvent, dmsEventSchema } from '../model/dms-event';
import { hideExtras } from '../model/extras';
import { issuesFromZod } from '../model/strict-input';
import type { CompiledRulePack, RuleFacts } from '../rules/compile-rule-pack';
import { type ConditionTrace, showValue } from '../rules/condition-trace';
import { explainRouting, type RoutingTrace } from '../rules/explain-routing';
import { explainVisitRules, type VisitRuleTrace } from '../rules/explain-visit-rules';

/** Stored records the rules would also see for an event (see {@link explainWhy}). */
export interface WhyOptions {
  /**
   * The stored customer. As at ingest, the event's customer profile is written over it, unless
   * the stored `profileAt` is later than the event (then the stored one is seen as it is).
   */
  readonly customer?: object;
  /** The stored vehicle, merged with the event's like the customer. */
  readonly vehicle?: object;
}

/** Why each rule of a pack did or did not fire for an event. */
export interface EventWhy {
  /** The validated event. */
  readonly event: DmsEvent;
  /** The facts the rules saw (DMS extras hidden, as the engine hides them). */
  readonly facts: RuleFacts;
  /** Every visit rule of the pack, in pack order. */
  readonly visitRules: readonly VisitRuleTrace[];
  /** For `complaint.received`: which routing rule chose the owner role. */
  readonly complaint?: RoutingTrace;
}

/**
 * The record the rules see, as ingest writes it: the event's profile over the stored one (last
 * writer wins by event time), or the stored one alone when its `profileAt` is later than the event.
 */
function merged(
  stored: object | undefined,
  sent: object | undefined,
  at: string,
): object | undefined {
  if (stored === undefined) return sent;
  if (sent === undefined) return stored;
  const profileAt = (stored as { readonly profileAt?: unknown }).profileAt;
  if (typeof profileAt === 'string' && Date.parse(profileAt) > Date.parse(at)) return stored;
  return { ...stored, ...sent };
}

/**
 * Explains, without storing anything, what each rule of a pack does with a DMS event: every
 * visit rule with its outcome and, per condition, the fact value seen and whether it held (for a
 * rule that did not fire, the first failed condition in words: `vehicle.usage is "taxi", rule
 * wants "private"`), and for a complaint which routing rule chose the owner role. The rules see
 * the event, its customer and its vehicle, as at ingest; pass the stored customer and vehicle to
 * see what they add (a `doNotContact` flag, a `usage` the event does not repeat). Throws
 * `ValidationError` for an invalid event.
 */
export function explainWhy(
  pack: CompiledRulePack,
  eventInput: unknown,
  options: WhyOptions = {},
): EventWhy {
  const parsed = dmsEventSchema.safeParse(eventInput);
  if (!parsed.success) throw new ValidationError('DMS event', issuesFromZod(parsed.error));
  const event = parsed.data;
  const customer = merged(
    options.customer,
    'customer' in event ? event.customer : undefined,
    event.occurredAt,
  );
  const vehicle = merged(
    options.vehicle,
    'vehicle' in event ? event.vehicle : undefined,
    event.occurredAt,
  );
  const facts = hideExtras({
    event,
    ...(customer !== undefined ? { customer } : {}),
    ...(vehicle !== undefined ? { vehicle } : {}),
  });
  return {
    event,
    facts,
    visitRules: explainVisitRules(pack, event.type, facts),
    ...(event.type === 'complaint.received'
      ? { complaint: explainRouting(pack.pack, event.category) }
      : {}),
  };
}

const OUTCOME_WORDS: Readonly<Record<VisitRuleTrace['outcome'], string>> = {
  visit: 'FIRES',
  doNotVisit: 'FIRES (do not visit)',
  noMatch: 'does not fire',
  doNotContact: 'does not fire (do-not-contact)',
  otherTrigger: 'not for this event',
};

function conditionLines(t: ConditionTrace, indent: string): string[] {
  const mark = t.held ? '✓' : '✗';
  if (t.kind === 'comparison') {
    const name = t.path === undefined ? t.fact : `${t.fact}.${t.path}`;
    const wants = t.wantsFact
      ? `${t.wantsFact.fact}${t.wantsFact.path ? `.${t.wantsFact.path}` : ''} = ${showValue(t.wants)}`
      : showValue(t.wants);
    return [`${indent}${mark} ${name} ${t.operator} ${wants} — seen ${showValue(t.seen)}`];
  }
  return [
    `${indent}${mark} ${t.kind}`,
    ...t.conditions.flatMap((c) => conditionLines(c, `${indent}  `)),
  ];
}

/**
 * An {@link EventWhy} as text lines (what `dealercare-rules explain --why-not` prints): each rule
 * with its outcome and reason, then its conditions marked ✓ (held) or ✗ (failed) with the value
 * seen. Rules listening to other events are listed in one line.
 */
export function whyLines(why: EventWhy): string[] {
  const lines = [`why / why not for ${why.event.type} ${why.event.sourceId}:`];
  const other = why.visitRules.filter((r) => r.outcome === 'otherTrigger');
  for (const r of why.visitRules) {
    if (r.outcome === 'otherTrigger') continue;
    lines.push(`  rule ${r.ruleId}: ${OUTCOME_WORDS[r.outcome]} — ${r.because}`);
    if (r.when) lines.push('    when', ...conditionLines(r.when, '      '));
    if (r.doNotVisitWhen) {
      lines.push('    doNotVisitWhen', ...conditionLines(r.doNotVisitWhen, '      '));
    }
  }
  if (other.length > 0) {
    lines.push(`  not for this event: ${other.map((r) => `${r.ruleId} (${r.on})`).join(', ')}`);
  }
  if (why.complaint) lines.push(`  complaint routing: ${why.complaint.because}`);
  return lines;
}

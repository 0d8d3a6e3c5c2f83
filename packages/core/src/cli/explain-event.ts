import type { BusinessCalendar } from '../calendar/business-calendar';
import { anchorOf } from '../engine/duty-flow';
import { ValidationError } from '../errors';
import { type DmsEvent, dmsEventSchema } from '../model/dms-event';
import { hideExtras } from '../model/extras';
import { toEpoch } from '../model/primitives';
import { issuesFromZod } from '../model/strict-input';
import type { CompiledRulePack } from '../rules/compile-rule-pack';
import { planLadder, resolveDeadline, resolveOffset, resolveWindow } from '../sla';

/** One line of an explanation: what the event would cause, with local times. */
export interface Explanation {
  readonly lines: readonly string[];
}

/** `Fri 2026-02-13 16:00` in the zone: ISO-ordered date and time, English weekday. */
function localFormatter(timeZone: string): (ms: number) => string {
  const dateTime = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' });
  return (ms) => `${weekday.format(ms)} ${dateTime.format(ms)}`;
}

/**
 * Explains what a DMS event would produce under a pack, without storing anything: the visits
 * (type, window, owner, survey, attempts) and, for complaints, the owner, deadline and every
 * escalation step — all in the calendar's local time.
 */
export async function explainEvent(
  pack: CompiledRulePack,
  eventInput: unknown,
  calendar: BusinessCalendar,
): Promise<Explanation> {
  const parsed = dmsEventSchema.safeParse(eventInput);
  if (!parsed.success) {
    throw new ValidationError('DMS event', issuesFromZod(parsed.error));
  }
  const event: DmsEvent = parsed.data;
  const fmt = localFormatter(calendar.timeZone);
  const anchor = toEpoch(event.occurredAt);
  const lines = [`event ${event.type} ${event.sourceId} at ${fmt(anchor)} (${calendar.timeZone})`];
  const customer = 'customer' in event ? event.customer : undefined;
  const vehicle = 'vehicle' in event ? event.vehicle : undefined;
  const facts = hideExtras({
    event,
    ...(customer ? { customer } : {}),
    ...(vehicle ? { vehicle } : {}),
  });
  const matched = await pack.matchVisitRules(event.type, facts);
  if (matched.length === 0) lines.push('  no visit rule matches');
  for (const { rule, doNotVisit } of matched) {
    // The rule's anchor (appointment time, delivery date, birthday); without it, no visit.
    const at = anchorOf(rule, facts, anchor, calendar);
    if (at === undefined) {
      lines.push(`  visit ${rule.visit.type} (rule ${rule.id}) — no ${rule.visit.anchor}: none`);
      continue;
    }
    const w = resolveWindow(rule.visit.window, at, calendar);
    lines.push(
      `  visit ${rule.visit.type} (rule ${rule.id})${doNotVisit ? ' — DO NOT VISIT (vehicle not picked up)' : ''}`,
    );
    lines.push(`    window   ${fmt(w.opensAt)} → ${fmt(w.dueAt)}`);
    if (rule.visit.warnBefore)
      lines.push(`    warn at  ${fmt(resolveOffset(rule.visit.warnBefore, w.dueAt, calendar))}`);
    lines.push(
      `    owner    ${rule.visit.assigneeRole}${rule.visit.survey ? `, survey ${rule.visit.survey}` : ''}`,
    );
    lines.push(
      `    attempts ${rule.visit.attempts.max}, retry within ${JSON.stringify(rule.visit.attempts.retryWithin)}, failed = ${rule.visit.attempts.failedOutcomes.join('/')}`,
    );
  }
  if (event.type === 'complaint.received') {
    const c = pack.pack.complaints;
    const route = c.routing.find(
      (r) => event.category !== undefined && r.categories.includes(event.category),
    );
    const due = resolveDeadline(c.resolveWithin, anchor, calendar);
    lines.push(
      `  complaint → owner ${route?.role ?? c.defaultRole}, tier 1 (${c.tiers['1'].join(', ')})`,
    );
    lines.push(`    resolve by ${fmt(due)}`);
    for (const step of planLadder(c.ladder, due, calendar)) {
      lines.push(`    ${fmt(step.at)}  ${step.stepId}: ${JSON.stringify(step.action)}`);
    }
  }
  return { lines };
}

import type { BusinessCalendar } from '../calendar/business-calendar';
import type { RecordKind } from '../model/domain-event';
import type { CompiledRulePack } from '../rules/compile-rule-pack';
import type { DeadlineExpression } from '../sla/deadline-expression';
import type { JsonObject, TimerRecord } from '../storage/storage-port';
import type { AssignableKind } from './assignment';
import type { RulesRegistry } from './rules-registry';
import type { UnitOfWork } from './unit-of-work';

/** What the flows need from the engine besides the transaction. */
export interface EngineContext {
  /** Which rule pack applies to a dealer, at an instant, and to an item (see {@link RulesRegistry}). */
  readonly rules: RulesRegistry;
  readonly calendarFor: (dealerId: string) => BusinessCalendar;
  readonly newId: () => string;
  /**
   * Ledger ids (`dealer:calendar:year`) of provisional years this engine knows are in the
   * ledger: a cache, so items computed on a provisional year cost no extra read.
   */
  readonly provisionalLedger: Set<string>;
  /** How long a DMS event that came before the one it needs waits for it. */
  readonly parkedEventWait: DeadlineExpression;
}

/**
 * A timer for a subject. `states` lists the subject states in which it still matters: when it
 * comes due and the subject has moved on, tick discards it instead of firing it.
 */
export function makeTimer(
  dealerId: string,
  subject: { kind: RecordKind; id: string },
  name: string,
  dueAt: number,
  states: readonly string[],
  extra: JsonObject = {},
): TimerRecord {
  return {
    id: `${subject.kind}:${subject.id}:${name}`,
    dealerId,
    subject: { kind: subject.kind, id: subject.id },
    name,
    dueAt,
    payload: { ...extra, states: [...states] },
  };
}

/** The dealer's rule pack now (for what a command makes new). */
export function packFor(ctx: EngineContext, uow: UnitOfWork, dealerId: string): CompiledRulePack {
  return ctx.rules.current(dealerId, uow.now);
}

/** The rule pack an existing item follows: its own version if a pack switch pinned it. */
export function packOf(
  ctx: EngineContext,
  uow: UnitOfWork,
  kind: AssignableKind,
  item: { readonly dealerId: string; readonly rulesVersion?: string | undefined },
): CompiledRulePack {
  return ctx.rules.forItem(item.dealerId, kind, item.rulesVersion, uow.now);
}

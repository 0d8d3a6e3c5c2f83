import type { BusinessCalendar } from '../calendar/business-calendar';
import type { RecordKind } from '../model/domain-event';
import type { CompiledRulePack } from '../rules/compile-rule-pack';
import type { DeadlineExpression } from '../sla/deadline-expression';
import type { JsonObject, TimerRecord } from '../storage/storage-port';

/** What the flows need from the engine besides the transaction. */
export interface EngineContext {
  /** The rule pack in force. */
  readonly rules: () => CompiledRulePack;
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

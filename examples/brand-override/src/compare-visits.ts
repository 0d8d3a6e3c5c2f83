import {
  type BusinessCalendar,
  type CompiledRulePack,
  chinaCalendar,
  createEngine,
  createFakeClock,
  type DmsEventInput,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';

/** One visit an event produced: its rule, type and window in the dealer's local time. */
export interface VisitSummary {
  readonly event: string;
  readonly rule: string;
  readonly type: string;
  readonly state: string;
  readonly opensAt: string;
  readonly dueAt: string;
}

/** `2026-03-05 17:30`, in the calendar's zone. */
function local(cal: BusinessCalendar, iso: string): string {
  const t = Date.parse(iso);
  const hhmm = new Intl.DateTimeFormat('en-GB', {
    timeZone: cal.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(t);
  return `${cal.localDate(t)} ${hhmm}`;
}

/** Ingests the events under a pack and calendar (in memory) and lists the visits they produce. */
export async function visitsUnder(
  rules: CompiledRulePack,
  calendar: BusinessCalendar,
  events: readonly DmsEventInput[],
): Promise<VisitSummary[]> {
  const engine = createEngine({
    storage: memoryStorage(),
    rules,
    calendar,
    clock: createFakeClock(events[0]?.occurredAt ?? '2026-03-02T10:00:00+08:00'),
  });
  const out: VisitSummary[] = [];
  for (const e of events) {
    const r = await engine.ingest(e);
    for (const id of r.visitIds) {
      const v = await engine.getVisit(e.dealerId, id);
      out.push({
        event: e.sourceId,
        rule: v.ruleId,
        type: v.type,
        state: v.state,
        opensAt: local(calendar, v.window.opensAt),
        dueAt: local(calendar, v.window.dueAt),
      });
    }
  }
  await engine.close();
  return out;
}

/** The default China calendar, and the dealer's own hours (08:00–12:00, 13:00–18:00). */
export const brandCalendar = chinaCalendar();
export const dealerCalendar = chinaCalendar({
  id: 'haval-shijiazhuang-4s',
  periods: [
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
});

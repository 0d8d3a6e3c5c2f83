/**
 * Changing a pack safely, in three steps (docs/rule-packs.md, "Changing a pack safely"):
 * explain why a rule does or does not fire, simulate the change on real events, then schedule
 * the switch for a future instant instead of switching now.
 */
import {
  type CompiledRulePack,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  type EventWhy,
  explainWhy,
  type RulesVersion,
  type SimulationResult,
  simulatePacks,
  type Visit,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { dealerCalendar } from './compare-visits';

/** 1. Why (not): every rule of the pack for one event, each condition with the value it saw. */
export function explainUnder(pack: CompiledRulePack, event: DmsEventInput): EventWhy {
  return explainWhy(pack, event);
}

/** 2. Simulate: the events under the new pack and under the one it replaces, item by item. */
export function simulateChange(
  next: CompiledRulePack,
  current: CompiledRulePack,
  events: readonly DmsEventInput[],
): Promise<SimulationResult> {
  return simulatePacks({
    events,
    pack: next,
    against: current,
    calendar: dealerCalendar,
    storage: () => memoryStorage(),
    perDay: 2,
  });
}

/** What a scheduled switch did: the pack history, and the visits before and after it. */
export interface ScheduledSwitch {
  readonly versions: readonly RulesVersion[];
  /** A visit made before the switch (its version's timings kept: `pinned`). */
  readonly before: Visit;
  /** A visit made after the switch, under the new pack. */
  readonly after: Visit;
}

/**
 * 3. Schedule: the dealer runs `current` today; `next` takes effect next Monday at 00:00 (a
 * durable timer, fired by `tick`). Open visits keep the timings they were made under.
 */
export async function scheduleSwitch(
  next: CompiledRulePack,
  current: CompiledRulePack,
  today: DmsEventInput,
  nextWeek: DmsEventInput,
): Promise<ScheduledSwitch> {
  const clock = createFakeClock('2026-03-02T10:00:00+08:00');
  const engine = createEngine({
    storage: memoryStorage(),
    rules: current,
    calendar: dealerCalendar,
    clock,
  });
  const first = await engine.ingest(today);
  await engine.scheduleRules({
    dealerId: today.dealerId,
    pack: next,
    effectiveFrom: '2026-03-09T00:00:00+08:00',
    openItems: { visit: 'pinned' },
    actor: { kind: 'person', id: 'cs-li', name: '李娜', roles: ['csManager'] },
    reason: 'dealer pack 2026.1: earlier general-repair visits, warranty checks',
  });
  clock.set('2026-03-09T08:00:00+08:00');
  await engine.tick();
  const second = await engine.ingest(nextWeek);
  const result = {
    versions: await engine.listRulesVersions({ dealerId: today.dealerId }),
    before: await engine.getVisit(today.dealerId, first.visitIds[0]!),
    after: await engine.getVisit(nextWeek.dealerId, second.visitIds[0]!),
  };
  await engine.close();
  return result;
}

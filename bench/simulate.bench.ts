/**
 * Benchmark of `simulatePacks` (issue 19): a month of DMS events at one dealer replayed under a
 * changed great-wall pack and under great-wall, each on a fresh memory store with a fake clock.
 * Target: a month of 10,000 events simulates in seconds.
 *
 * Run: pnpm bench simulate   (size: SIMULATE_EVENTS, default 10,000)
 */
import { type DmsEventInput, loadRulePack, SHIPPED_PACKS, simulatePacks } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';

const N = Number(process.env.SIMULATE_EVENTS ?? 10_000);
const DEALER = 'haval-sjz-01';
const kinds = ['special', 'general', 'maintenance', 'warranty'] as const;
const categories = ['repairTechnique', 'repairPrice', 'partsShortage', 'serviceAttitude'] as const;

/** N events spread over March 2026, working hours, deterministic. */
const events: DmsEventInput[] = Array.from({ length: N }, (_, i) => {
  const day = 1 + (i % 31);
  const minute = (i * 7) % 540;
  const at = `2026-03-${String(day).padStart(2, '0')}T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+08:00`;
  const customer = {
    id: `C${i % 6000}`,
    name: `客户${i}`,
    phones: [{ number: `139${String(10_000_000 + i).slice(-8)}` }],
  };
  const vehicle = {
    id: `V${i % 7000}`,
    vin: `LGWEF4A5${String(900_000_000 + (i % 7000)).slice(-9)}`,
  };
  if (i % 5 === 0) {
    return {
      type: 'vehicle.delivered',
      sourceId: `DEL-${i}`,
      dealerId: DEALER,
      occurredAt: at,
      customer,
      vehicle,
    };
  }
  if (i % 23 === 0) {
    return {
      type: 'complaint.received',
      sourceId: `CMP-${i}`,
      dealerId: DEALER,
      occurredAt: at,
      customer,
      source: 'inboundCall',
      category: categories[i % 4]!,
      description: '维修后仍有异响',
    };
  }
  return {
    type: 'repair.settled',
    sourceId: `RO-${i}`,
    dealerId: DEALER,
    occurredAt: at,
    customer,
    vehicle,
    repairOrderId: `RO-${i}`,
    repairKind: kinds[i % 4]!,
    pickedUp: i % 19 !== 0,
  };
});

const greatWall = loadRulePack(SHIPPED_PACKS['great-wall']);
const next = loadRulePack({
  id: 'great-wall-next',
  version: '2',
  extends: 'great-wall',
  visits: [{ id: 'first-level-after-delivery', visit: { window: { workingDays: 2 } } }],
});

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const r = await simulatePacks({
  events,
  pack: next,
  against: greatWall,
  storage: () => memoryStorage(),
  perDay: 120,
});
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `${N.toLocaleString('en')} events, two packs: ${ms.toFixed(0)} ms in all, ${cpuMs.toFixed(0)} ms CPU (pack ${r.pack.elapsedMs} ms, against ${r.against!.elapsedMs} ms); ` +
    `${r.pack.totals.visits.toLocaleString('en')} / ${r.against!.totals.visits.toLocaleString('en')} visits, ${r.differences.length.toLocaleString('en')} differences, ${r.pack.rejected.length} refused`,
);
// CPU time is what the replay costs; wall time also counts other processes sharing the cores.
const perPack = cpuMs / 2;
console.log(
  `one pack over the month: about ${perPack.toFixed(0)} ms CPU (slowest wall ${Math.max(r.pack.elapsedMs, r.against!.elapsedMs)} ms) — target: seconds (${perPack < 10_000 ? 'met' : 'NOT met'})`,
);

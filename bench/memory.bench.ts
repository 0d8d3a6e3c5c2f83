/**
 * Benchmark of what an open delivery costs in memory (issue 18): `engine.ingestMany` of vehicle
 * deliveries into `@dealercare/storage-memory`, each leaving its customer, vehicle, open
 * first-level visit, events, timers and lookup keys, then the heap the store holds (after a
 * forced GC, against the heap before the store was filled) divided by the deliveries, against the
 * same data as JSON (every stored record, event and timer read back through the port and
 * `JSON.stringify`-ed, UTF-8 bytes), measured in the same run.
 *
 * Target (issue 18): heap ≤ 1.5× the stored JSON per open delivery. Prints both, the ratio and a
 * `BENCH_RATIO` line for `pnpm bench:check`. Heap sizes do not depend on the machine's load, so
 * the ratio is steady from run to run.
 *
 * Run: pnpm bench memory. Sizes: MEMORY_BENCH_DELIVERIES (100,000), MEMORY_BENCH_DEALERS (100).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createEngine,
  createFakeClock,
  type DmsEventInput,
  RECORD_KINDS,
  type StorageAdapter,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { printRatio } from './ratio';

const DELIVERIES = Number(process.env.MEMORY_BENCH_DELIVERIES ?? 100_000);
const DEALERS = Number(process.env.MEMORY_BENCH_DEALERS ?? 100);
const TARGET = 1.5;
const WARM_UP = 'warm-up';
const t0 = Date.parse('2026-03-02T01:00:00Z');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function delivery(i: number, dealerId = `d${i % DEALERS}`): DmsEventInput {
  return {
    type: 'vehicle.delivered',
    sourceId: `DEL-${i}`,
    dealerId,
    occurredAt: new Date(t0 - 3_600_000 + (i % 3000)).toISOString(),
    customer: {
      id: `c${i}`,
      name: `客户${i}`,
      phones: [{ number: `+86138${String(i).padStart(8, '0')}` }],
    },
    vehicle: { id: `car${i}`, vin: `LGWEF4A59RH${String(i).padStart(6, '0')}` },
    salesConsultantId: `sc${i % 17}`,
  };
}

/** UTF-8 bytes of everything the store holds, read back through the port, as JSON. */
async function storedJsonBytes(storage: StorageAdapter): Promise<{ bytes: number; rows: number }> {
  let bytes = 0;
  let rows = 0;
  const add = (x: unknown) => {
    bytes += Buffer.byteLength(JSON.stringify(x), 'utf8');
    rows++;
  };
  await storage.transaction(async (tx) => {
    for (let d = 0; d < DEALERS; d++) {
      const dealerId = `d${d}`;
      for (const kind of RECORD_KINDS) {
        let afterId: string | undefined;
        for (;;) {
          const page = await tx.query({
            kind,
            dealerId,
            limit: 1000,
            ...(afterId !== undefined ? { afterId } : {}),
          });
          for (const r of page) add(r);
          if (page.length < 1000) break;
          afterId = page[page.length - 1]!.id;
        }
      }
      let afterSeq = 0;
      for (;;) {
        const events = await tx.readEvents({ dealerId, afterSeq, limit: 1000 });
        for (const e of events) add(e);
        if (events.length < 1000) break;
        afterSeq = events[events.length - 1]!.seq!;
      }
    }
    for (const t of await tx.dueTimers(Number.MAX_SAFE_INTEGER, 100 * DELIVERIES)) {
      if (t.dealerId !== WARM_UP) add(t);
    }
  });
  return { bytes, rows };
}

const storage = memoryStorage();
const engine = createEngine({ storage, clock: createFakeClock(new Date(t0)) });
// Warm-up on a dealer of its own, outside the measured heap: the modules' lazily compiled code
// and the engine's caches are the process's, not the store's.
for (let from = 0; from < 1000; from += 500) {
  await engine.ingestMany(
    Array.from({ length: 500 }, (_, k) => delivery(900_000 + from + k, WARM_UP)),
  );
}
gc();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
for (let from = 0; from < DELIVERIES; from += 1000) {
  const batch: DmsEventInput[] = [];
  for (let i = from; i < Math.min(DELIVERIES, from + 1000); i++) batch.push(delivery(i));
  await engine.ingestMany(batch);
}
const ingestMs = performance.now() - started;
gc();
gc();
const heap = process.memoryUsage().heapUsed - heapBefore;
const open = ((await engine.countWork({ dealerId: 'd0' })).open ?? 0) * DEALERS;
const json = await storedJsonBytes(storage);
const kib = (b: number) => `${(b / 1024).toFixed(2)} KiB`;
console.log(
  `memory: ${DELIVERIES.toLocaleString()} deliveries over ${DEALERS} dealers ingested in ${(ingestMs / 1000).toFixed(1)} s; about ${open.toLocaleString()} open visits`,
);
console.log(
  `  heap held by the store ${(heap / 1024 / 1024).toFixed(0)} MiB = ${kib(heap / DELIVERIES)} per delivery; stored JSON ${(json.bytes / 1024 / 1024).toFixed(0)} MiB in ${json.rows.toLocaleString()} records, events and timers = ${kib(json.bytes / DELIVERIES)} per delivery`,
);
printRatio({
  name: 'memory.heap/storedJson',
  of: 'heap per open delivery',
  floor: 'its stored JSON',
  ratio: heap / json.bytes,
  better: 'lower',
  target: TARGET,
});
if (process.env.MEMORY_BENCH_KEEP !== '1') await engine.close();

export { storage };

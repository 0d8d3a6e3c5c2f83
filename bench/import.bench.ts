/**
 * Benchmark of a dealer's first-day history import (issue 18): `engine.importHistory` of past
 * deliveries and repairs into SQLite (synchronous=FULL) against its floor measured in the same
 * run — a plain durable append of the same events (each DMS event stored once in the event log
 * through the port, the same batch size, on a fresh file of the same adapter).
 *
 * Target: import ≥ 0.5× the plain append (events/s). Prints both and the ratio; exits 1 when
 * missed.
 *
 * Run: pnpm bench import. Sizes: IMPORT_BENCH_EVENTS (20,000), IMPORT_BENCH_BATCH (2,000),
 * IMPORT_BENCH_ROUNDS (3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, createFakeClock, type DmsEventInput } from '@dealercare/core';
import { sqliteStorage } from '../packages/storage-sqlite/src';
import { median } from './tick-store';

const EVENTS = Number(process.env.IMPORT_BENCH_EVENTS ?? 20_000);
const BATCH = Number(process.env.IMPORT_BENCH_BATCH ?? 2_000);
const ROUNDS = Number(process.env.IMPORT_BENCH_ROUNDS ?? 3);
const DEALER = 'd1';

/** Two events per customer: a delivery in 2024, a repair in 2025 (both long past). */
function events(): DmsEventInput[] {
  const out: DmsEventInput[] = [];
  for (let i = 0; out.length < EVENTS; i++) {
    const customer = {
      id: `c${i}`,
      name: `客户${i}`,
      phones: [{ number: `+86138${String(i).padStart(8, '0')}` }],
    };
    const vehicle = { id: `car${i}`, vin: `LGWEF4A59RH${String(i).padStart(6, '0')}` };
    out.push({
      type: 'vehicle.delivered',
      sourceId: `DEL-${i}`,
      dealerId: DEALER,
      occurredAt: new Date(Date.parse('2024-01-02T02:00:00Z') + i * 60_000).toISOString(),
      customer,
      vehicle,
    });
    out.push({
      type: 'repair.settled',
      sourceId: `RO-${i}`,
      dealerId: DEALER,
      occurredAt: new Date(Date.parse('2025-01-02T02:00:00Z') + i * 60_000).toISOString(),
      customer,
      vehicle,
      repairOrderId: `RO-${i}`,
      repairKind: 'general',
    });
  }
  return out.slice(0, EVENTS);
}

async function main(): Promise<void> {
  const input = events();
  const dir = mkdtempSync(join(tmpdir(), 'dealercare-import-bench-'));
  let files = 0;
  const fresh = () => sqliteStorage({ filename: join(dir, `import-${++files}.db`) });
  const importRates: number[] = [];
  const appendRates: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      {
        const storage = fresh();
        const start = performance.now();
        for (let from = 0; from < input.length; from += BATCH) {
          await storage.transaction((tx) =>
            tx.appendEvents(
              input.slice(from, from + BATCH).map((e) => ({
                type: `dms.${e.type}`,
                dealerId: DEALER,
                at: e.occurredAt as string,
                subject: { kind: 'customer', id: (e as { customer: { id: string } }).customer.id },
                data: e as unknown as Record<string, unknown>,
              })),
            ),
          );
        }
        appendRates.push(input.length / ((performance.now() - start) / 1000));
        await storage.close();
      }
      {
        const storage = fresh();
        const engine = createEngine({
          storage,
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        const start = performance.now();
        const r = await engine.importHistory(input, { batchSize: BATCH });
        importRates.push(input.length / ((performance.now() - start) / 1000));
        if (r.imported !== input.length) throw new Error(`imported ${r.imported}`);
        await engine.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const imp = median(importRates);
  const app = median(appendRates);
  const ratio = imp / app;
  console.log(
    `history import: ${input.length.toLocaleString()} past events, ${BATCH} per transaction, SQLite synchronous=FULL, median of ${ROUNDS}`,
  );
  console.log(`  plain durable append  ${Math.round(app).toLocaleString().padStart(9)} events/s`);
  console.log(
    `  importHistory         ${Math.round(imp).toLocaleString().padStart(9)} events/s  ${ratio.toFixed(2)}× the append (target ≥ 0.5×)`,
  );
  if (ratio < 0.5) {
    console.log('  missed: import below 0.5× the plain append');
    process.exit(1);
  }
}

await main();

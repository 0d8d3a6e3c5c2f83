/**
 * Benchmark of a dealer's first-day history import (issue 18): `engine.importHistory` of past
 * deliveries and repairs into SQLite (synchronous=FULL) against its floor measured in the same
 * run — a plain durable append of the same events (each DMS event stored once in the event log
 * through the port, the same batch size, on a fresh file of the same adapter).
 *
 * Target: import ≥ 0.5× the plain append (events/s). Prints both and the ratio; exits 1 when
 * missed.
 *
 * A second floor says where the rest goes: a replay of the import's own port calls (recorded
 * from the first round: source claims, record gets and puts with their lookup keys, the batch's
 * events), the same calls in the same transactions on a fresh file with no engine. Import
 * against the replay is the engine's own cost; the replay against the plain append is what the
 * rows an import must write (a customer and a vehicle with their keys, a source claim per event,
 * the events the history keeps) cost over one row per event.
 *
 * Run: pnpm bench import. Sizes: IMPORT_BENCH_EVENTS (20,000), IMPORT_BENCH_BATCH (2,000),
 * IMPORT_BENCH_ROUNDS (4, the first not timed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEngine,
  createFakeClock,
  type DmsEventInput,
  type StorageAdapter,
  type StorageTransaction,
} from '@dealercare/core';
import { sqliteStorage } from '../packages/storage-sqlite/src';
import { median } from './tick-store';

const EVENTS = Number(process.env.IMPORT_BENCH_EVENTS ?? 20_000);
const BATCH = Number(process.env.IMPORT_BENCH_BATCH ?? 2_000);
/** Rounds, the first of which records the port calls and is not timed (at least 2). */
const ROUNDS = Math.max(2, Number(process.env.IMPORT_BENCH_ROUNDS ?? 4));
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

/** One port call of a transaction, as the import made it. */
type PortCall = { readonly method: keyof StorageTransaction; readonly args: unknown[] };

/** The adapter, with every transaction's port calls appended to `log` (one array each). */
function recording(storage: StorageAdapter, log: PortCall[][]): StorageAdapter {
  return new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
      return <T>(fn: (tx: StorageTransaction) => Promise<T>) =>
        target.transaction((tx) => {
          const calls: PortCall[] = [];
          log.push(calls);
          const wrapped = new Proxy(tx, {
            get(t, p) {
              const v = Reflect.get(t, p) as unknown;
              if (typeof v !== 'function') return v;
              return (...args: unknown[]) => {
                calls.push({ method: p as keyof StorageTransaction, args: structuredClone(args) });
                return (v as (...a: unknown[]) => unknown).apply(t, args);
              };
            },
          });
          return fn(wrapped);
        });
    },
  });
}

/** The recorded transactions again, on another adapter, with no engine. */
async function replay(storage: StorageAdapter, log: readonly PortCall[][]): Promise<void> {
  for (const calls of log) {
    await storage.transaction(async (tx) => {
      for (const { method, args } of calls) {
        await (tx[method] as (...a: unknown[]) => Promise<unknown>).apply(tx, args);
      }
    });
  }
}

async function main(): Promise<void> {
  const input = events();
  const dir = mkdtempSync(join(tmpdir(), 'dealercare-import-bench-'));
  let files = 0;
  const fresh = () => sqliteStorage({ filename: join(dir, `import-${++files}.db`) });
  const importRates: number[] = [];
  const appendRates: number[] = [];
  const replayRates: number[] = [];
  const log: PortCall[][] = [];
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
        if (round > 0) appendRates.push(input.length / ((performance.now() - start) / 1000));
        await storage.close();
      }
      if (round > 0) {
        const storage = fresh();
        const start = performance.now();
        await replay(storage, log);
        replayRates.push(input.length / ((performance.now() - start) / 1000));
        await storage.close();
      }
      {
        // The first round records its port calls (not timed) for the replay of the others.
        const storage = round === 0 ? recording(fresh(), log) : fresh();
        const engine = createEngine({
          storage,
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        const start = performance.now();
        const r = await engine.importHistory(input, { batchSize: BATCH });
        if (round > 0) importRates.push(input.length / ((performance.now() - start) / 1000));
        if (r.imported !== input.length) throw new Error(`imported ${r.imported}`);
        await engine.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const imp = median(importRates);
  const app = median(appendRates);
  const rep = median(replayRates);
  const ratio = imp / app;
  console.log(
    `history import: ${input.length.toLocaleString()} past events, ${BATCH} per transaction, SQLite synchronous=FULL, median of ${ROUNDS - 1} (the first round records the replay)`,
  );
  const calls = log.flat();
  const perEvent = (m: string) =>
    (calls.filter((c) => c.method === m).length / input.length).toFixed(2);
  console.log(
    `  port calls per event: claimSource ${perEvent('claimSource')}, get ${perEvent('get')}, put ${perEvent('put')}, putMany ${perEvent('putMany')}; events appended per event ${(calls.filter((c) => c.method === 'appendEvents').reduce((n, c) => n + (c.args[0] as unknown[]).length, 0) / input.length).toFixed(2)}`,
  );
  console.log(`  plain durable append  ${Math.round(app).toLocaleString().padStart(9)} events/s`);
  console.log(
    `  replay of its port calls ${Math.round(rep).toLocaleString().padStart(6)} events/s  ${(rep / app).toFixed(2)}× the append (the rows an import writes)`,
  );
  console.log(
    `  importHistory         ${Math.round(imp).toLocaleString().padStart(9)} events/s  ${ratio.toFixed(2)}× the append (target ≥ 0.5×), ${(imp / rep).toFixed(2)}× the replay (the engine's own cost)`,
  );
  if (ratio < 0.5) {
    console.log('  missed: import below 0.5× the plain append');
    process.exit(1);
  }
}

await main();

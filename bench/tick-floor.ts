/**
 * Baseline of the tick benchmark: the least work a tick must do over the same million-visit
 * store, with no engine. It drives storage-memory's own structures (its timer queue and frozen
 * rows) directly and synchronously — no transaction, no rollback overlay, no promise, no rule,
 * no version check — and for each due timer does only what firing an overdue timer means:
 * take the timer off the queue, read the visit, check its state, store a new version with the
 * breach on its history (frozen in place, without the adapter's second copy), and append the `visit.overdue` event to the dealer's log for a
 * listener. Anything an engine adds to this (atomicity, events after commit, an async storage
 * port any database can implement) only costs more, so this figure is a floor for the tick on
 * this machine. `FLOOR_MODE=in-place` changes rows in place instead (see `MODE`): lower still,
 * and what giving up immutable rows would buy at most (it pays for no undo log either).
 *
 * Last it reads 10,000 more visits that no tick touched (next month's, in due order), looking
 * each up and checking its state without changing anything: the cost of touching that many cold
 * records of a heap this size.
 *
 * Runs on its own (`node --conditions=dealercare-source --import tsx bench/tick-floor.ts`) or from
 * tick.bench.ts, in a separate process so that neither heap slows the other; its last line is
 * its figures as JSON.
 */
import type { DomainEvent, StoredRecord, TimerRecord, Visit } from '@dealercare/core';
// The adapter's internals, on purpose: the floor uses exactly the structures memoryStorage keeps.
import { frozenCopy } from '../packages/storage-memory/src/frozen-copy';
import { TimerQueue } from '../packages/storage-memory/src/timer-queue';
import { dueAtOf, HOUR, median, openVisit, overdueTimer, t0 } from './tick-store';

const TOTAL = Number(process.env.TICK_TOTAL ?? 1_000_000);
const DUE = Number(process.env.TICK_DUE ?? 10_000);
const ROUNDS = Number(process.env.TICK_ROUNDS ?? 5);
const BATCH = 256;
/**
 * `frozen` (default): rows as storage-memory keeps them, immutable; a change stores a new
 * frozen version. `in-place`: rows are plain objects changed in place — no copy, no freeze, no
 * way to roll back, and readers see changes as they happen: what a store would do that gives
 * up the design's immutable aggregates and atomic transactions, as a lower floor still.
 */
const MODE = process.env.FLOOR_MODE === 'in-place' ? 'in-place' : 'immutable';
/** Rows and timers of the store, as the adapter keeps them (frozen copies) or plain. */
const stored = <T>(o: T): T => (MODE === 'immutable' ? frozenCopy(o) : o);
/** Freezes what a firing builds, in place: immutable without the adapter's second copy. */
function frozen<T>(o: T): T {
  if (MODE === 'in-place' || typeof o !== 'object' || o === null || Object.isFrozen(o)) return o;
  for (const v of Object.values(o)) frozen(v);
  return Object.freeze(o);
}

/** storage-memory's committed state, as the adapter keeps it: frozen rows, timer queue, event log. */
interface FloorStore {
  readonly rows: Map<string, Map<string, StoredRecord>>;
  readonly queue: TimerQueue;
  readonly log: Map<string, DomainEvent[]>;
  announced: number;
}

function filledStore(total: number, due: number, rounds: number): FloorStore {
  const store: FloorStore = {
    rows: new Map(),
    queue: new TimerQueue(),
    log: new Map(),
    announced: 0,
  };
  for (let i = 0; i < total; i++) {
    const dueAt = dueAtOf(i, due, rounds);
    const v = openVisit(i, dueAt);
    let bucket = store.rows.get(v.dealerId);
    if (bucket === undefined) {
      bucket = new Map();
      store.rows.set(v.dealerId, bucket);
    }
    bucket.set(
      v.id,
      stored({
        kind: 'visit',
        id: v.id,
        dealerId: v.dealerId,
        version: 1,
        status: v.state,
        customerId: v.subject.customerId,
        assigneeRole: v.assignee.role,
        dueAt,
        data: v as unknown as StoredRecord['data'],
      } as StoredRecord),
    );
    store.queue.put(stored(overdueTimer(v, dueAt)), `${v.dealerId}\u0000visit\u0000${v.id}`);
  }
  return store;
}

/** Whether a timer's subject is still in one of the timer's states (as the engine checks). */
function stillDue(t: TimerRecord, v: Visit): boolean {
  const states = t.payload.states;
  return Array.isArray(states) && states.includes(v.state);
}

/** Looks up every visit due at `now` and checks its state; changes nothing. */
function read({ rows, queue }: FloorStore, now: number): number {
  let n = 0;
  for (const t of queue.due(now, DUE)) {
    const row = rows.get(t.dealerId)?.get(t.subject.id);
    if (row !== undefined && stillDue(t, row.data as unknown as Visit)) n++;
  }
  return n;
}

/** Fires every timer due at `now`, in batches of 256 as the engine does. */
function tick(store: FloorStore, now: number): number {
  const { rows, queue, log } = store;
  const at = new Date(now).toISOString();
  let fired = 0;
  for (;;) {
    const due = queue.due(now, BATCH);
    if (due.length === 0) return fired;
    for (const t of due) {
      queue.delete(t.id);
      const bucket = rows.get(t.dealerId);
      const row = bucket?.get(t.subject.id);
      if (bucket === undefined || row === undefined) continue;
      const v = row.data as unknown as Visit;
      if (!stillDue(t, v)) continue;
      const entry = {
        at,
        actor: { kind: 'system', id: 'system' },
        command: 'breach',
        from: v.state,
        to: v.state,
        rule: 'timer:visit.overdue',
      } as const;
      if (MODE === 'in-place') {
        const w = v as { -readonly [K in keyof Visit]: Visit[K] };
        (w.history as Visit['history'][number][]).push(entry);
        w.version++;
        w.updatedAt = at;
        (row as { version: number }).version = w.version;
      } else {
        const next = frozen({
          ...v,
          history: [...v.history, entry],
          version: v.version + 1,
          updatedAt: at,
        });
        bucket.set(v.id, Object.freeze({ ...row, version: next.version, data: next }));
      }
      const event: DomainEvent = frozen({
        type: 'visit.overdue',
        dealerId: v.dealerId,
        at,
        subject: { kind: 'visit', id: v.id },
        data: { dueAt: v.window.dueAt, state: v.state, assigneeRole: v.assignee.role },
      });
      let dealerLog = log.get(v.dealerId);
      if (dealerLog === undefined) {
        dealerLog = [];
        log.set(v.dealerId, dealerLog);
      }
      dealerLog.push(event);
      if (event.type === 'visit.overdue') store.announced++; // the listener
      fired++;
    }
  }
}

// Warm-up on a small store, as the engine's bench does: the figures are the steady state.
const warm = filledStore(DUE, DUE, 1);
read(warm, t0 + HOUR);
tick(warm, t0 + HOUR);

const fillStart = performance.now();
const store = filledStore(TOTAL, DUE, ROUNDS);
console.log(
  `floor (${MODE}): filled ${TOTAL.toLocaleString()} visits and timers in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`,
);

const times: number[] = [];
/** CPU ms of each tick (the ratio's figure: other processes stretch the wall clock only). */
const cpus: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const fired = tick(store, t0 + round * HOUR);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  cpus.push((used.user + used.system) / 1000);
  times.push(ms);
  console.log(
    `floor (${MODE}) tick ${round}: fired ${fired.toLocaleString()} in ${ms.toFixed(1)} ms`,
  );
}
// Reading alone: the next DUE due visits (next month's, which no tick touched), looked up and
// checked, nothing changed: what touching that many cold records of a heap this size costs.
const readStart = performance.now();
const seen = read(store, t0 + 60 * 86_400_000);
const readMs = performance.now() - readStart;
console.log(
  `floor (${MODE}): reading ${seen.toLocaleString()} other visits, untouched by the ticks (no change), took ${readMs.toFixed(1)} ms`,
);
if (store.announced !== DUE * ROUNDS) throw new Error(`floor announced ${store.announced} events`);
const floorMs = median(times);
console.log(
  `floor (${MODE}) median of ${ROUNDS}: ${floorMs.toFixed(1)} ms = ${(floorMs / 100).toFixed(2)}× the 100 ms target`,
);
console.log(JSON.stringify({ mode: MODE, floorMs, floorCpuMs: median(cpus), readMs }));

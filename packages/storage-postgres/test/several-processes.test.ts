import { createEngine, type DomainEvent, type StoredRecord } from '@dealercare/core';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStorage } from '../src';
import { ChildLines, spawnFixture } from './fixtures/child-process';
import { dropSchema, freshSchemaName, PG_URL } from './support/database';

const schema = freshSchemaName();
afterAll(() => dropSchema(schema));

const WORKERS = 4;
const OWN = 15; // events only one process is sent, per process
const SHARED = 20; // events every process is sent
const TOTAL = SHARED + WORKERS * OWN;

interface Summary {
  readonly worker: number;
  readonly ingested: string[];
  readonly duplicates: number;
  readonly fired: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly increments: number;
}

interface HistoryEntry {
  readonly command: string;
}

describe('four engine processes on one database, ingesting and ticking at once', () => {
  it('every event ingested exactly once, every timer fired once, no update lost', async () => {
    const storage = postgresStorage({ url: PG_URL, schema });
    await storage.ready(); // migrated once, before the race
    const children = Array.from(
      { length: WORKERS },
      (_, w) =>
        new ChildLines(
          spawnFixture('ingest-and-tick', [
            PG_URL,
            schema,
            String(w),
            String(WORKERS),
            String(OWN),
            String(SHARED),
          ]),
        ),
    );
    await Promise.all(children.map((c) => c.waitFor((l) => l === 'ready', 30_000)));
    for (const c of children) c.child.stdin?.write('go\n');
    const summaries = await Promise.all(
      children.map(async (c) => {
        const exit = await c.exited;
        expect(exit.code, c.stderr).toBe(0);
        return JSON.parse(c.lines.at(-1) ?? '{}') as Summary;
      }),
    );

    // Exactly once: every source id was ingested by one process, and the others saw a duplicate.
    const ingested = summaries.flatMap((s) => s.ingested).sort();
    expect(ingested).toEqual(Array.from({ length: TOTAL }, (_, i) => `dms-${i}`).sort());
    expect(summaries.reduce((n, s) => n + s.duplicates, 0)).toBe((WORKERS - 1) * SHARED);
    expect(summaries.map((s) => s.failed)).toEqual([0, 0, 0, 0]);

    const { visits, events } = await storage.transaction(async (tx) => {
      const visits: StoredRecord[] = [];
      const events: DomainEvent[] = [];
      for (const dealerId of ['d0', 'd1', 'd2']) {
        visits.push(...(await tx.query({ dealerId, kind: 'visit', limit: 10_000 })));
        events.push(...(await tx.readEvents({ dealerId, limit: 100_000 })));
      }
      return { visits, events };
    });
    // One visit per event (each event has a vehicle of its own): none was ingested twice.
    const vehicles = visits.map((v) => (v.data.subject as { vehicleId: string }).vehicleId);
    expect(vehicles.sort()).toEqual(Array.from({ length: TOTAL }, (_, i) => `car${i}`).sort());

    // Every timer fired once: each visit opened once and breached once (the last ticks were two
    // months on), and its history says the same as the log.
    const count = (visitId: string, type: string) =>
      events.filter((e) => e.subject.id === visitId && e.type === type).length;
    let opened = 0;
    for (const v of visits) {
      const history = v.data.history as unknown as HistoryEntry[];
      const commands = (c: string) => history.filter((h) => h.command === c).length;
      expect([count(v.id, 'visit.opened'), count(v.id, 'visit.overdue')], v.id).toEqual([
        commands('open'),
        commands('breach'),
      ]);
      expect(count(v.id, 'visit.opened'), v.id).toBeLessThanOrEqual(1);
      expect(count(v.id, 'visit.overdue'), v.id).toBe(1);
      opened += count(v.id, 'visit.opened');
    }
    // Windows opened while the processes were racing, not only in the last tick.
    expect(opened).toBeGreaterThan(0);
    const fired = summaries.reduce((n, s) => n + s.fired, 0);
    const timerEvents = events.filter((e) =>
      ['visit.opened', 'visit.overdue', 'visit.due-soon'].includes(e.type),
    ).length;
    expect(fired).toBe(timerEvents);
    // Each dealer's log is numbered 1, 2, 3, … with no gap and no repeat.
    for (const dealerId of ['d0', 'd1', 'd2']) {
      const seqs = events.filter((e) => e.dealerId === dealerId).map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }

    // No lost update: the shared counter went up once per increment of every process, although
    // the processes raced (some writes were refused as stale and retried).
    const counter = await storage.transaction((tx) => tx.get('customer', 'd0', 'counter'));
    const increments = summaries.reduce((n, s) => n + s.increments, 0);
    expect(counter?.data.n).toBe(increments);
    expect(counter?.version).toBe(increments);

    // Nothing is left to fire, and the engine agrees when it looks again.
    const engine = createEngine({ storage });
    expect(await engine.tick(new Date('2027-01-01T00:00:00Z'))).toEqual({
      fired: 0,
      discarded: 0,
      claimsLost: 0,
      failed: [],
    });
    await engine.close();
    console.log(
      `several processes: ${TOTAL} events, ${fired} timers fired, ${summaries.reduce((n, s) => n + s.conflicts, 0)} stale counter writes refused`,
    );
  }, 60_000);
});

/**
 * The year rollover: from late December, deadlines reach a year whose holiday notice is not
 * published yet. Nothing may be lost: such deadlines are computed on a provisional year, marked,
 * and moved by the engine itself when the notice arrives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type BusinessCalendar,
  chinaCalendar,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  type EngineEvent,
  type StorageAdapter,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { chinaCalendarUntil } from '../calendar/china-until';
import { DEALER, delivery, onAdapter, repair, repairOutsideSample, withoutDuties } from './setup';

const agent: Actor = { kind: 'person', id: 'agent-1', name: '王芳', roles: ['followUpAgent'] };
// The Great Wall pack without the duties of 001/003: these tests follow the first- and
// second-level visits across the year end (the duties' windows are tested in duties.test.ts).
const gw = withoutDuties('great-wall');

function engineOn(
  storage: StorageAdapter,
  start: string,
  calendar: BusinessCalendar,
  rules: unknown = gw,
) {
  const clock = createFakeClock(start);
  let n = 0;
  const engine = createEngine({ storage, clock, calendar, rules, newId: () => `id-${++n}` });
  const seen: EngineEvent[] = [];
  engine.on('*', (_t, e) => seen.push(e));
  return { engine, clock, seen, storage };
}

/** Great Wall SSI answers a satisfied customer gives. */
function satisfiedAnswers(): Record<string, boolean | number> {
  const ssi = gw.pack.surveys.find((s) => s.id === 'gw-ssi')!;
  const answers: Record<string, boolean | number> = {};
  for (const item of ssi.items) {
    if (item.kind === 'scale') answers[item.id] = 9;
    else if (item.kind === 'yesNo' || item.kind === 'recommend') answers[item.id] = true;
  }
  return answers;
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { freshStorage, runs } = onAdapter(adapter);

    describe('deadlines that reach a year without a holiday notice', () => {
      it('a first-level visit completed on 2026-12-22 keeps its answers; the second level is provisional', async () => {
        // The data ends with 2026, as chinese-days 1.5.7 does.
        const { engine, clock, seen } = engineOn(
          freshStorage(),
          '2026-12-22T09:00:00+08:00',
          chinaCalendarUntil(2026),
        );
        const { visitIds } = await engine.ingest(
          delivery({ occurredAt: '2026-12-21T15:00:00+08:00' }),
        );
        const first = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId: first,
          actor: agent,
          outcome: 'connected',
        });
        clock.set('2026-12-22T10:00:00+08:00');
        const done = await engine.completeVisit({
          dealerId: DEALER,
          visitId: first,
          actor: agent,
          answers: satisfiedAnswers(),
        });
        expect(done.state).toBe('completed');
        expect(done.response?.score.index).toBe(90);
        const [second] = await engine.listVisits({ dealerId: DEALER, status: 'scheduled' });
        expect(second?.type).toBe('secondLevel');
        // working days after Tue 12-22: 23, 24, 25, 28, 29 (5), 30, 31, then 01-01 is 元旦 by law,
        // so Mon 2027-01-04 is the 8th
        expect(second?.window).toMatchObject({
          opensAt: '2026-12-29T00:30:00.000Z',
          dueAt: '2027-01-04T09:30:00.000Z',
          provisional: true,
        });
        const told = seen.filter((e) => e.type === 'calendar.provisional');
        expect(told).toHaveLength(1);
        expect(told[0]).toMatchObject({ dealerId: DEALER, data: { calendarId: 'cn', year: 2027 } });
        const scheduled = seen.find(
          (e) => e.type === 'visit.scheduled' && e.subject.id === second!.id,
        );
        expect(scheduled?.data).toMatchObject({ provisional: true });
      });

      it('strict mode keeps the old error, and then nothing of the command is written', async () => {
        const strict = chinaCalendar({ unknownYears: 'strict' });
        const { engine, clock } = engineOn(
          freshStorage(),
          '2026-12-22T09:00:00+08:00',
          strictUntil2026(strict),
        );
        const { visitIds } = await engine.ingest(
          delivery({ occurredAt: '2026-12-21T15:00:00+08:00' }),
        );
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId: visitIds[0]!,
          actor: agent,
          outcome: 'connected',
        });
        clock.set('2026-12-22T10:00:00+08:00');
        await expect(
          engine.completeVisit({
            dealerId: DEALER,
            visitId: visitIds[0]!,
            actor: agent,
            answers: satisfiedAnswers(),
          }),
        ).rejects.toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', details: { year: 2027 } });
        expect((await engine.getVisit(DEALER, visitIds[0]!)).state).toBe('attempting');
      });

      it('tells the dealer once per dealer-year, however many items touch it', async () => {
        const { engine, seen } = engineOn(
          freshStorage(),
          '2026-12-30T09:00:00+08:00',
          chinaCalendarUntil(2026),
        );
        await engine.ingestMany(
          Array.from({ length: 5 }, (_, i) =>
            delivery({
              sourceId: `D-${i}`,
              occurredAt: '2026-12-30T09:00:00+08:00',
              customer: { id: `c-${i}`, name: '客户', phones: [{ number: '13812345678' }] },
              vehicle: { id: `v-${i}`, vin: `LGWEF4A59RH00000${i}` },
            }),
          ),
        );
        await engine.ingest({
          ...repair({ occurredAt: '2026-12-29T09:00:00+08:00', dealerId: 'd2' }),
        });
        const told = seen.filter((e) => e.type === 'calendar.provisional');
        expect(told.map((e) => e.dealerId).sort()).toEqual([DEALER, 'd2']);
      });

      it('moves provisional items by itself on the first tick after a restart with the notice', async () => {
        const storage = freshStorage();
        const before = engineOn(storage, '2026-12-28T09:00:00+08:00', chinaCalendarUntil(2026));
        const { visitIds } = await before.engine.ingest(
          delivery({ occurredAt: '2026-12-28T09:00:00+08:00' }),
        );
        const v0 = await before.engine.getVisit(DEALER, visitIds[0]!);
        // 3 working days after Mon 12-28: 29, 30, 31 → due Thu 12-31 17:30: not provisional
        expect(v0.window.provisional).toBeUndefined();
        const complaint = await before.engine.openComplaint({
          dealerId: DEALER,
          actor: { kind: 'person', id: 'cs-1', roles: ['csManager'] },
          customerId: 'c1',
          source: 'inboundCall',
          description: '维修质量',
          category: 'repairTechnique',
        });
        expect(complaint.sla.provisional).toBe(true); // its ladder reaches into 2027

        // The notice: 2027-01-01 to 01-03 off, Mon 01-04 a working day (as the real one will be).
        const notice = chinaCalendar({
          extraYears: [
            {
              year: 2027,
              holidays: [{ date: '2027-01-01' }, { date: '2027-01-02' }, { date: '2027-01-03' }],
              workdays: [],
            },
          ],
        });
        const after = engineOn(storage, '2026-12-28T09:05:00+08:00', notice);
        await after.engine.tick();
        const c1 = await after.engine.getComplaint(DEALER, complaint.id);
        expect(c1.sla.provisional).toBeUndefined();
        expect(c1.history.at(-1)).toMatchObject({ command: 'recompute', rule: 'calendar:cn:2027' });
        const confirmed = after.seen.filter((e) => e.type === 'calendar.confirmed');
        expect(confirmed).toHaveLength(1);
        expect(confirmed[0]?.data).toMatchObject({ year: 2027, complaints: { examined: 1 } });
        // idempotent: another engine finds nothing left to do
        const again = engineOn(storage, '2026-12-28T10:00:00+08:00', notice);
        expect((await again.engine.confirmProvisionalYears()).confirmed).toHaveLength(0);
      });

      it('setCalendar with the notice moves the items on the next tick, with history and events', async () => {
        const { engine, seen } = engineOn(
          freshStorage(),
          '2026-12-24T09:00:00+08:00',
          chinaCalendarUntil(2025),
        );
        // data ends with 2025 here, so 2026 is provisional: a visit on working day 5–8 after 12-24
        const { visitIds } = await engine.ingest(repair({ repairKind: 'general' }));
        expect((await engine.getVisit(DEALER, visitIds[0]!)).window.provisional).toBe(true);
        engine.setCalendar(chinaCalendar());
        await engine.tick();
        const v = await engine.getVisit(DEALER, visitIds[0]!);
        expect(v.window.provisional).toBeUndefined();
        expect(seen.map((e) => e.type)).toContain('calendar.confirmed');
      });
    });

    function strictUntil2026(strict: BusinessCalendar): BusinessCalendar {
      expect(strict.coveredYears.to).toBe(2026);
      return strict;
    }

    /** DMS events in December 2025 whose deadlines reach into 2026 (its 元旦 bridge and make-up Sunday). */
    const eventArb: fc.Arbitrary<DmsEventInput> = fc
      .record({
        kind: fc.constantFrom('delivery', 'special', 'general'),
        day: fc.integer({ min: 15, max: 31 }),
        hour: fc.integer({ min: 7, max: 19 }),
        minute: fc.integer({ min: 0, max: 59 }),
      })
      .map(({ kind, day, hour, minute }) => {
        const occurredAt = `2025-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
        return kind === 'delivery'
          ? delivery({ occurredAt })
          : repair({ occurredAt, repairKind: kind as 'special' | 'general' });
      });

    describe('recompute after the notice', () => {
      it('moves a window the notice changed (2026: 元旦 01-01–03 off, Sunday 01-04 worked)', async () => {
        const start = '2025-12-29T10:00:00+08:00';
        const provisional = engineOn(freshStorage(), start, chinaCalendarUntil(2025));
        const { visitIds } = await provisional.engine.ingest(
          repairOutsideSample({ occurredAt: start, repairKind: 'general' }),
        );
        // by law alone: working day 3 after Mon 12-29 is Fri 01-02, day 5 is Tue 01-06
        expect((await provisional.engine.getVisit(DEALER, visitIds[0]!)).window).toMatchObject({
          opensAt: '2026-01-02T00:30:00.000Z',
          dueAt: '2026-01-06T09:30:00.000Z',
          provisional: true,
        });
        provisional.engine.setCalendar(chinaCalendar());
        const { confirmed } = await provisional.engine.confirmProvisionalYears();
        expect(confirmed.map((c) => [c.year, c.result.visits.changed])).toEqual([[2026, 1]]);
        // with the notice: day 3 is the make-up Sunday 01-04, day 5 Tue 01-06
        const v = await provisional.engine.getVisit(DEALER, visitIds[0]!);
        expect(v.window).toEqual({
          opensAt: '2026-01-04T00:30:00.000Z',
          dueAt: '2026-01-06T09:30:00.000Z',
          anchoredAt: '2025-12-29T02:00:00.000Z',
        });
        expect(v.history.at(-1)).toMatchObject({ command: 'recompute', rule: 'calendar:cn:2026' });
        const moved = provisional.seen.find((e) => e.type === 'visit.window-recomputed');
        expect(moved?.data).toMatchObject({
          previousOpensAt: '2026-01-02T00:30:00.000Z',
          opensAt: '2026-01-04T00:30:00.000Z',
          provisional: false,
        });
      });

      it('gives what the real year would have given from the start', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 6 }), async (events) => {
            const withIds = events.map((e, i) => ({ ...e, sourceId: `E-${i}` }));
            const start = '2025-12-15T07:00:00+08:00';
            const provisional = engineOn(freshStorage(), start, chinaCalendarUntil(2025));
            const real = engineOn(freshStorage(), start, chinaCalendar());
            for (const e of withIds) {
              await provisional.engine.ingest(e);
              await real.engine.ingest(e);
            }
            provisional.engine.setCalendar(chinaCalendar());
            await provisional.engine.confirmProvisionalYears();
            const a = await provisional.engine.listVisits({ dealerId: DEALER });
            const b = await real.engine.listVisits({ dealerId: DEALER });
            expect(a.map((v) => ({ id: v.id, state: v.state, window: v.window }))).toEqual(
              b.map((v) => ({ id: v.id, state: v.state, window: v.window })),
            );
            for (const v of b) {
              const timers = (e: typeof real.engine) =>
                e.pendingTimers(DEALER, { kind: 'visit', id: v.id });
              expect(await timers(provisional.engine)).toEqual(await timers(real.engine));
            }
          }),
          { numRuns: runs(40) },
        );
      });
    });
  });
}

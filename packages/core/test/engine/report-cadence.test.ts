import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  chinaCalendar,
  defaultRulePack,
  type EngineEvent,
  followingPeriod,
  loadRulePack,
  periodContaining,
  periodDue,
  type ReportPeriod,
  RulePackError,
  SHIPPED_PACKS,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, csManager, DEALER, delivery, onAdapter } from './setup';

const bj = (local: string) => new Date(`${local}+08:00`);
/** The stored instant form of a Beijing wall-clock time. */
const at = (local: string) => bj(local).toISOString();

const gm: Actor = { kind: 'person', id: 'gm-1', name: '李总', roles: ['generalManager'] };

/** [000] 录音发送至总经理、客服经理、售后经理、售后信息员、前台主管. */
const FIVE = [
  'generalManager',
  'csManager',
  'afterSalesManager',
  'infoClerk',
  'frontDeskSupervisor',
];

function reportsDue(seen: readonly EngineEvent[]) {
  return seen.filter((e): e is EngineEvent<'report.due'> => e.type === 'report.due');
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, freshStorage, runs } = onAdapter(adapter);

    async function withCustomer(start = '2026-03-02T10:00:00') {
      const w = setup(`${start}+08:00`);
      await w.engine.ingest(delivery());
      return w;
    }

    function opinion(over: Record<string, unknown> = {}) {
      return {
        dealerId: DEALER,
        actor: agent,
        customerId: 'c1',
        problem: '等待时间太长',
        department: 'afterSales',
        responsibleRole: 'afterSalesManager',
        ...over,
      };
    }

    describe('the recording of an opinion [000]', () => {
      it('上午回访时需于当日中午午餐前将录音发送至总经理、客服经理、售后经理、售后信息员、前台主管', async () => {
        const { engine, seen } = await withCustomer('2026-03-02T10:00:00');
        const oc = await engine.recordOpinion(
          opinion({ recording: { ref: 'rec://pbx/2026-03-02/0001' } }),
        );
        // A morning call: the form and the recording go out before lunch (the 12:00 period end).
        expect(oc.recording).toEqual({
          ref: 'rec://pbx/2026-03-02/0001',
          sentTo: FIVE,
          sendBy: at('2026-03-02T12:00:00'),
        });
        expect((await engine.getOpinionCase({ dealerId: DEALER, id: oc.id })).recording).toEqual(
          oc.recording,
        );
        const e = seen.find((x) => x.type === 'opinion.recording');
        expect(e).toMatchObject({
          subject: { kind: 'opinionCase', id: oc.id },
          data: { ref: 'rec://pbx/2026-03-02/0001', recipients: FIVE, sendBy: oc.due.formSentBy },
        });
      });

      it('如下午回访时发生的需于当日下班前将相关文件送至相关负责人处', async () => {
        const { engine } = await withCustomer('2026-03-02T14:00:00');
        const oc = await engine.recordOpinion(opinion({ recording: { ref: 'call-77' } }));
        expect(oc.recording?.sendBy).toBe(at('2026-03-02T17:30:00'));
      });

      it('erasing the customer erases the recording reference, in the case and the event log', async () => {
        const { engine } = await withCustomer();
        const oc = await engine.recordOpinion(opinion({ recording: { ref: 'rec://pbx/0001' } }));
        await engine.eraseCustomer({ dealerId: DEALER, customerId: 'c1', actor: csManager });
        const erased = await engine.getOpinionCase({ dealerId: DEALER, id: oc.id });
        expect(erased.recording).toEqual({ ...oc.recording, ref: '[erased]' });
        const logged = (await engine.readEvents({ dealerId: DEALER, limit: 1000 })).find(
          (e) => e.type === 'opinion.recording',
        );
        expect(logged?.data).toMatchObject({ ref: '[erased]', recipients: FIVE });
      });

      it('no recording, no announcement; a recording with an unknown key is refused', async () => {
        const { engine, types } = await withCustomer();
        const oc = await engine.recordOpinion(opinion());
        expect(oc.recording).toBeUndefined();
        expect(types()).not.toContain('opinion.recording');
        await expect(
          engine.recordOpinion(opinion({ recording: { ref: 'x', url: 'y' } })),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(await engine.listOpinionCases({ dealerId: DEALER })).toHaveLength(1);
      });
    });

    describe('the Friday list for the GM [000]', () => {
      it('每周五将本周清单交于总经理,总经理签字确认: the week’s cases, signed once', async () => {
        const { engine, clock, seen } = await withCustomer('2026-03-02T10:00:00');
        const monday = await engine.recordOpinion(opinion());
        clock.set(bj('2026-03-04T15:00:00'));
        const wednesday = await engine.recordOpinion(opinion({ problem: '价格' }));
        clock.set(bj('2026-03-09T09:00:00'));
        await engine.recordOpinion(opinion({ problem: '下周的' }));
        clock.set(bj('2026-03-06T16:00:00'));

        const list = await engine.opinionWeeklyList({ dealerId: DEALER, week: '2026-03-06' });
        expect(list.period).toEqual({
          key: 'week:2026-03-02',
          from: '2026-03-02',
          to: '2026-03-08',
        });
        expect(list.cases.map((c) => c.id)).toEqual([monday.id, wednesday.id]);
        expect(list.signOff).toBeNull();

        const signed = await engine.signOpinionWeeklyList({
          dealerId: DEALER,
          week: '2026-03-02',
          actor: gm,
          note: '价格问题请售后经理周一答复',
        });
        expect(signed).toMatchObject({
          id: 'opinion-weekly:2026-03-02',
          caseIds: [monday.id, wednesday.id],
          role: 'generalManager',
          signedBy: { kind: 'person', id: 'gm-1' },
          signedAt: at('2026-03-06T16:00:00'),
          note: '价格问题请售后经理周一答复',
        });
        expect(seen.filter((e) => e.type === 'opinion.weekly-list-signed')).toHaveLength(1);
        expect(
          (await engine.opinionWeeklyList({ dealerId: DEALER, week: '2026-03-08' })).signOff,
        ).toEqual(signed);

        // Signing twice: refused, coded, naming who signed; nothing changes.
        await expect(
          engine.signOpinionWeeklyList({ dealerId: DEALER, week: '2026-03-05', actor: gm }),
        ).rejects.toMatchObject({
          code: 'TRANSITION_NOT_ALLOWED',
          details: { machine: 'opinionWeeklyList', state: 'signed', command: 'sign' },
        });
        expect(
          (await engine.opinionWeeklyList({ dealerId: DEALER, week: '2026-03-02' })).signOff,
        ).toEqual(signed);
      });

      it('only the signing role, only a named person, only a begun week', async () => {
        const { engine } = await withCustomer();
        const week = { dealerId: DEALER, week: '2026-03-02' };
        await expect(
          engine.signOpinionWeeklyList({ ...week, actor: csManager }),
        ).rejects.toMatchObject({
          code: 'PERMISSION_DENIED',
          details: { machine: 'opinionWeeklyList', allowed: ['generalManager'] },
        });
        await expect(
          engine.signOpinionWeeklyList({ ...week, actor: { kind: 'system', id: 'system' } }),
        ).rejects.toMatchObject({ code: 'REAL_NAME_REQUIRED' });
        await expect(
          engine.signOpinionWeeklyList({ dealerId: DEALER, week: '2026-03-09', actor: gm }),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(
          engine.signOpinionWeeklyList({ ...week, actor: gm, signedAt: 'now' } as never),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(
          engine.opinionWeeklyList({ dealerId: DEALER, week: '2026-02-30' }),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        // Nothing half-written: the week can still be signed by the GM.
        expect((await engine.opinionWeeklyList(week)).signOff).toBeNull();
        await expect(engine.signOpinionWeeklyList({ ...week, actor: gm })).resolves.toMatchObject({
          role: 'generalManager',
        });
      });
    });

    describe('report cadence (pack `cadence`)', () => {
      it('[002] 提交CSI调查结果给站长 9:00–9:30: announced on the next working day, once', async () => {
        const { engine, clock, seen } = setup('2026-03-06T10:00:00+08:00'); // a Friday
        const started = await engine.startReportCadence({ dealerId: DEALER });
        expect(started.map((c) => c.id)).toEqual(defaultRulePack.cadence?.map((c) => c.id));
        const daily0 = started.find((c) => c.id === 'csi-daily-hand-in')!;
        // Friday's results are handed in on Monday (the weekend is not worked) at 09:30.
        expect(daily0.next).toEqual({
          period: { key: 'day:2026-03-06', from: '2026-03-06', to: '2026-03-06' },
          dueAt: at('2026-03-09T09:30:00'),
          announceAt: at('2026-03-09T08:30:00'),
        });
        const daily = () => reportsDue(seen).filter((e) => e.data.cadenceId === daily0.id);
        clock.set(bj('2026-03-09T08:29:00'));
        await engine.tick();
        expect(daily()).toHaveLength(0);
        clock.set(bj('2026-03-09T08:30:00'));
        await engine.tick();
        await engine.tick();
        const due = daily();
        expect(due).toHaveLength(1);
        expect(due[0]!.data).toEqual({
          cadenceId: 'csi-daily-hand-in',
          report: 'csi-daily',
          period: { key: 'day:2026-03-06', from: '2026-03-06', to: '2026-03-06' },
          dueAt: at('2026-03-09T09:30:00'),
          opensAt: at('2026-03-09T09:00:00'),
          recipients: ['stationManager'],
          late: false,
        });
        // Starting again with the same pack changes nothing.
        const again = await engine.startReportCadence({ dealerId: DEALER });
        expect(again.find((c) => c.id === 'csi-daily-hand-in')!.next.period.key).toBe(
          'day:2026-03-09',
        );
      });

      it('[000] 每周五…交于总经理 and 每月3日前…发送至五人: due on the working calendar', async () => {
        const { engine, clock, seen } = setup('2026-09-28T09:00:00+08:00');
        const started = await engine.startReportCadence({ dealerId: DEALER });
        const weekly = started.find((c) => c.id === 'opinion-weekly-gm-list')!;
        // Friday 2 October 2026 is National Day holiday (1–7 October): the list is due at the
        // end of the next working day, Thursday 8 October.
        expect(weekly.next.period.key).toBe('week:2026-09-28');
        expect(weekly.next.dueAt).toBe(at('2026-10-08T17:30:00'));
        const monthly = started.find((c) => c.id === 'opinion-monthly-analysis')!;
        // September's analysis: the 3rd of October is a holiday too → Thursday 8 October.
        expect(monthly.next).toMatchObject({
          period: { key: 'month:2026-09', from: '2026-09-01', to: '2026-09-30' },
          dueAt: at('2026-10-08T17:30:00'),
        });
        clock.set(bj('2026-10-08T08:30:00'));
        await engine.tick();
        clock.set(bj('2026-10-09T08:30:00'));
        await engine.tick();
        const byId = (id: string) => reportsDue(seen).filter((e) => e.data.cadenceId === id);
        expect(byId('opinion-monthly-analysis').map((e) => e.data)).toEqual([
          expect.objectContaining({ recipients: FIVE, late: false, report: 'opinion-monthly' }),
        ]);
        // The week of 5 October: Friday the 9th is worked, due that evening.
        expect(
          byId('opinion-weekly-gm-list').map((e) => [e.data.period.key, e.data.dueAt]),
        ).toEqual([
          ['week:2026-09-28', at('2026-10-08T17:30:00')],
          ['week:2026-10-05', at('2026-10-09T17:30:00')],
        ]);
      });

      it('January: December’s report by the 3rd is due on Sunday 4 January (a make-up day)', async () => {
        const { engine } = setup('2025-12-15T09:00:00+08:00');
        const started = await engine.startReportCadence({ dealerId: DEALER });
        // 1–3 January 2026 are 元旦 holidays; Sunday the 4th is worked (调休).
        expect(started.find((c) => c.id === 'operations-monthly')!.next.dueAt).toBe(
          at('2026-01-04T17:30:00'),
        );
      });

      it('a missed period (engine down) is announced late, once, also after a restart and by two processes', async () => {
        const storage = freshStorage();
        const a = setup('2026-03-02T09:00:00+08:00', { storage });
        await a.engine.startReportCadence({ dealerId: DEALER });
        // Down for two weeks: 16 March, 10:00.
        const later = bj('2026-03-16T10:00:00');
        const b = setup('2026-03-16T10:00:00+08:00', { storage });
        await Promise.all([a.engine.tick(later), b.engine.tick(later)]);
        await b.engine.tick(later);
        const due = [...reportsDue(a.seen), ...reportsDue(b.seen)];
        const keys = due.map((e) => `${e.data.cadenceId}/${e.data.period.key}`);
        expect(new Set(keys).size).toBe(keys.length);
        const daily = due.filter((e) => e.data.cadenceId === 'csi-daily-hand-in');
        // Working days 2–6 and 9–13 March: ten daily hand-ins, all due before 16 March 10:00.
        expect(daily.map((e) => e.data.period.from).sort()).toEqual([
          '2026-03-02',
          '2026-03-03',
          '2026-03-04',
          '2026-03-05',
          '2026-03-06',
          '2026-03-09',
          '2026-03-10',
          '2026-03-11',
          '2026-03-12',
          '2026-03-13',
        ]);
        expect(daily.every((e) => e.data.late)).toBe(true);
        expect(
          due
            .filter((e) => e.data.cadenceId === 'opinion-weekly-gm-list')
            .map((e) => e.data.period.key)
            .sort(),
        ).toEqual(['week:2026-03-02', 'week:2026-03-09']);
        // A restarted engine announces nothing again.
        const c = setup('2026-03-16T10:00:00+08:00', { storage });
        await c.engine.tick(later);
        expect(reportsDue(c.seen)).toHaveLength(0);
        // The feed a DMS mails from holds each announcement once.
        const logged = (await c.engine.readEvents({ dealerId: DEALER, limit: 1000 })).filter(
          (e) => e.type === 'report.due',
        );
        expect(logged).toHaveLength(due.length);
      });

      it('a period is announced with the due time of the pack in force when it fires', async () => {
        const { engine, clock, seen } = setup('2026-03-02T09:00:00+08:00');
        await engine.startReportCadence({ dealerId: DEALER });
        engine.setRules({
          ...defaultRulePack,
          version: 'csi-at-ten',
          cadence: defaultRulePack.cadence?.map((c) =>
            c.id === 'csi-daily-hand-in'
              ? { ...c, due: { every: 'workingDay' as const, at: '10:00' } }
              : c,
          ),
        });
        clock.set(bj('2026-03-03T08:30:00'));
        await engine.tick();
        const daily = reportsDue(seen).filter((e) => e.data.cadenceId === 'csi-daily-hand-in');
        expect(daily.map((e) => [e.data.period.key, e.data.dueAt, e.data.opensAt])).toEqual([
          ['day:2026-03-02', at('2026-03-03T10:00:00'), null],
        ]);
      });

      it('an entry removed from the pack stops; nothing is announced for it', async () => {
        const { engine, clock, seen } = setup('2026-03-02T09:00:00+08:00');
        await engine.startReportCadence({ dealerId: DEALER });
        engine.setRules({
          ...defaultRulePack,
          version: 'no-daily',
          cadence: defaultRulePack.cadence?.filter((c) => c.id !== 'csi-daily-hand-in'),
        });
        const now = await engine.startReportCadence({ dealerId: DEALER });
        expect(now.map((c) => c.id)).not.toContain('csi-daily-hand-in');
        clock.set(bj('2026-03-04T10:00:00'));
        await engine.tick();
        expect(reportsDue(seen).filter((e) => e.data.cadenceId === 'csi-daily-hand-in')).toEqual(
          [],
        );
        await expect(
          engine.startReportCadence({ dealerId: DEALER, from: 'x' } as never),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      });

      it('property: whatever the tick instants, each period is announced exactly once, in order', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.integer({ min: 0, max: 60 * 24 * 45 }), { minLength: 1, maxLength: 6 }),
            async (minutes) => {
              const start = bj('2026-04-27T09:00:00').getTime(); // spans 劳动节 (1–5 May)
              const { engine, seen } = setup('2026-04-27T09:00:00+08:00');
              await engine.startReportCadence({ dealerId: DEALER });
              const ticks = [...minutes].sort((x, y) => x - y).map((m) => start + m * 60_000);
              for (const t of ticks) await engine.tick(new Date(t));
              const last = ticks.at(-1)!;
              const cal = chinaCalendar();
              for (const entry of defaultRulePack.cadence ?? []) {
                const got = reportsDue(seen).filter((e) => e.data.cadenceId === entry.id);
                // Expected: every period from the first not yet due at the start whose
                // announcement instant is at or before the last tick.
                let p = periodContaining(entry.due, cal, start);
                while (periodDue(entry.due, cal, p).dueAt < start)
                  p = followingPeriod(entry.due, cal, p);
                const want: string[] = [];
                while (periodDue(entry.due, cal, p).announceAt <= last) {
                  want.push(p.key);
                  p = followingPeriod(entry.due, cal, p);
                }
                expect(got.map((e) => e.data.period.key)).toEqual(want);
                for (const e of got) {
                  expect(e.data.late).toBe(new Date(e.at).getTime() > Date.parse(e.data.dueAt));
                }
              }
            },
          ),
          { numRuns: runs(15) },
        );
      });
    });
  });
}

describe('cadence periods on the 2026 China calendar', () => {
  const cal = chinaCalendar();
  const entries = defaultRulePack.cadence ?? [];
  const t2026 = fc.integer({
    min: Date.parse('2026-01-01T00:00:00+08:00'),
    max: Date.parse('2026-12-01T00:00:00+08:00'),
  });
  const nextDay = (d: string) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  it('property: periods follow one another, due instants are working time and in order', () => {
    fc.assert(
      fc.property(t2026, fc.constantFrom(...entries), (t, entry) => {
        let p: ReportPeriod = periodContaining(entry.due, cal, t);
        let prevDue = Number.NEGATIVE_INFINITY;
        const keys = new Set<string>();
        for (let i = 0; i < 12; i++) {
          const d = periodDue(entry.due, cal, p);
          // Working time: inside a work period, or at its end (end of work).
          expect(cal.isWorkingTime(d.dueAt) || cal.isWorkingTime(d.dueAt - 1)).toBe(true);
          expect(d.dueAt).toBeGreaterThanOrEqual(prevDue);
          expect(d.announceAt).toBeLessThanOrEqual(d.dueAt);
          expect(cal.localDate(d.announceAt)).toBe(cal.localDate(d.dueAt));
          expect(keys.has(p.key)).toBe(false);
          keys.add(p.key);
          const q = followingPeriod(entry.due, cal, p);
          if (entry.due.every === 'workingDay') {
            // The next working day; the days skipped are not worked.
            for (let day = nextDay(p.to); day < q.from; day = nextDay(day))
              expect(cal.isWorkingDay(day)).toBe(false);
            expect(cal.isWorkingDay(q.from)).toBe(true);
          } else {
            expect(q.from).toBe(nextDay(p.to)); // weeks and months tile the calendar
          }
          prevDue = d.dueAt;
          p = q;
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('cadence and opinion keys in packs', () => {
  it('great-wall inherits the cadence and the five recording recipients of [000]', () => {
    const gw = loadRulePack(SHIPPED_PACKS['great-wall']).pack;
    expect(gw.cadence.map((c) => c.id)).toEqual(defaultRulePack.cadence?.map((c) => c.id));
    expect(gw.opinion.recordingRecipients).toEqual(FIVE);
    expect(gw.opinion.weeklyList.signedBy).toBe('generalManager');
  });

  it('refuses a duplicate cadence id, an unknown recipient role and an unknown key, with paths', () => {
    const entry = defaultRulePack.cadence![0]!;
    const bad = {
      ...defaultRulePack,
      cadence: [entry, { ...entry, recipients: ['stationManger'] }],
    };
    let err: unknown;
    try {
      loadRulePack(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RulePackError);
    const paths = (err as RulePackError).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['cadence.1.id', 'cadence.1.recipients.0']));
    expect(() =>
      loadRulePack({
        ...defaultRulePack,
        cadence: [{ ...entry, due: { every: 'week', weekday: 'fri', at: '17:00' } }],
      }),
    ).toThrow(RulePackError);
  });
});

/**
 * Worked examples with real dates: the 2026 Spring Festival (春节) and its make-up Saturday in
 * China, the 2026 DST switches in Madrid, years outside the data. The expected instants were
 * worked out by hand from the State Council notice and the zone rules (see docs/deadlines.md).
 */
import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  CalendarYearUnknownError,
  chinaCalendar,
  createBusinessCalendar,
  resolveDeadline,
  resolveOffset,
  resolveWindow,
} from '../../src';

const at = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

describe('China, 2026 Spring Festival', () => {
  const cal = chinaCalendar();

  it('knows the holiday block and the make-up Saturday (调休)', () => {
    expect(cal.isWorkingDay('2026-02-13')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Saturday, worked
    for (let d = 15; d <= 23; d++) expect(cal.isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true); // Saturday, worked
    expect(cal.isWorkingDay('2026-03-01')).toBe(false); // Sunday
  });

  it('second-level follow-up window, working day 5–8 after a visit on 2026-02-10', () => {
    // Working days after Tue 02-10: 11 (1), 12 (2), 13 (3), Sat 14 (4, make-up), holiday 15–23,
    // 24 (5), 25 (6), 26 (7), 27 (8).
    const w = resolveWindow(
      { fromWorkingDay: 5, toWorkingDay: 8 },
      at('2026-02-10T10:00:00+08:00'),
      cal,
    );
    expect(iso(w.opensAt)).toBe('2026-02-24T00:30:00.000Z'); // 08:30 local
    expect(iso(w.dueAt)).toBe('2026-02-27T09:30:00.000Z'); // 17:30 local
    expect(cal.nthWorkingDay(at('2026-02-10T10:00:00+08:00'), 4).date).toBe('2026-02-14');
  });

  it('4 working hours from Friday 16:00 end on the make-up Saturday at 11:00', () => {
    const due = resolveDeadline({ workingHours: 4 }, at('2026-02-13T16:00:00+08:00'), cal);
    expect(iso(due)).toBe(iso(at('2026-02-14T11:00:00+08:00')));
  });

  it('4 working hours from Saturday 16:00 skip the whole holiday', () => {
    // 1.5 h left on Sat 02-14, then 2.5 h from Tue 02-24 08:30.
    const due = resolveDeadline({ workingHours: 4 }, at('2026-02-14T16:00:00+08:00'), cal);
    expect(iso(due)).toBe(iso(at('2026-02-24T11:00:00+08:00')));
  });

  it('a result landing on a period end stays there, lunch is not working time', () => {
    expect(iso(cal.addWorkingTime(at('2026-02-12T11:00:00+08:00'), 60))).toBe(
      iso(at('2026-02-12T12:00:00+08:00')),
    );
    expect(iso(cal.addWorkingTime(at('2026-02-12T12:15:00+08:00'), 30))).toBe(
      iso(at('2026-02-12T14:00:00+08:00')),
    );
    expect(cal.isWorkingTime(at('2026-02-12T12:30:00+08:00'))).toBe(false);
  });

  it('before lunch if the call was in the morning; the end of work otherwise', () => {
    const morning = at('2026-02-12T09:15:00+08:00');
    const afternoon = at('2026-02-12T14:00:00+08:00');
    expect(iso(resolveDeadline({ endOf: 'workPeriod' }, morning, cal))).toBe(
      iso(at('2026-02-12T12:00:00+08:00')),
    );
    expect(iso(resolveDeadline({ endOf: 'workPeriod' }, afternoon, cal))).toBe(
      iso(at('2026-02-12T17:30:00+08:00')),
    );
    // at lunch: the end of the afternoon period
    expect(
      iso(resolveDeadline({ endOf: 'workPeriod' }, at('2026-02-12T12:30:00+08:00'), cal)),
    ).toBe(iso(at('2026-02-12T17:30:00+08:00')));
    // after work on the last day before the holiday: end of the make-up Saturday
    expect(
      iso(resolveDeadline({ endOf: 'workingDay' }, at('2026-02-13T18:00:00+08:00'), cal)),
    ).toBe(iso(at('2026-02-14T17:30:00+08:00')));
  });

  it('elapsed hours ignore the calendar', () => {
    expect(iso(resolveDeadline({ hours: 24 }, at('2026-02-14T10:00:00+08:00'), cal))).toBe(
      iso(at('2026-02-15T10:00:00+08:00')),
    );
    expect(iso(resolveDeadline({ days: 7 }, at('2026-02-14T10:00:00+08:00'), cal))).toBe(
      iso(at('2026-02-21T10:00:00+08:00')),
    );
  });

  it('counts working minutes across the holiday', () => {
    // Fri 13 (7.5 h) + Sat 14 (7.5 h) + Tue 24 (7.5 h)
    expect(
      cal.workingMinutesBetween(at('2026-02-13T00:00:00+08:00'), at('2026-02-25T00:00:00+08:00')),
    ).toBe(3 * 450);
  });

  it('warnings before and escalations after a deadline, in working time', () => {
    const due = at('2026-02-24T10:00:00+08:00');
    expect(iso(resolveOffset({ before: { workingHours: 2 } }, due, cal))).toBe(
      iso(at('2026-02-14T17:00:00+08:00')),
    );
    expect(iso(resolveOffset({ after: { workingHours: 24 } }, due, cal))).toBe(
      // 10:00→17:30 less lunch (6 h), the 25th and 26th (15 h), 3 h on the 27th → 11:30
      iso(at('2026-02-27T11:30:00+08:00')),
    );
    expect(resolveOffset('due', due, cal)).toBe(due);
  });
});

describe('years outside the data', () => {
  const lastCall = at('2026-12-31T17:00:00+08:00');

  it('are provisional by default: built from the law, never a Monday–Friday guess', () => {
    const cal = chinaCalendar();
    expect(cal.unknownYears).toBe('provisional');
    // 30 min on Thu 12-31, Fri 2027-01-01 is 元旦 (the law's one day), so Mon 01-04 09:00.
    const due = cal.addWorkingTime(lastCall, 60);
    expect(iso(due)).toBe(iso(at('2027-01-04T09:00:00+08:00')));
    expect(cal.isProvisional(due)).toBe(true);
    expect(cal.isProvisional(lastCall)).toBe(false);
    expect(cal.provisionalYears(lastCall, due)).toEqual([2027]);
    // 春节 2027: 除夕 02-05 to 初三 02-08 off, Tuesday 02-09 back at work (no make-up days known)
    expect(
      ['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09'].map(cal.isWorkingDay, cal),
    ).toEqual([true, false, false, true]);
  });

  it('are an error in strict mode, naming the year the query needed', () => {
    const cal = chinaCalendar({ unknownYears: 'strict' });
    let error: unknown;
    try {
      cal.addWorkingTime(lastCall, 60);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarYearUnknownError);
    expect((error as CalendarYearUnknownError).code).toBe('CALENDAR_YEAR_UNKNOWN');
    expect((error as CalendarYearUnknownError).details).toMatchObject({ year: 2027 });
    // inside the data the same calendar still answers
    expect(cal.isWorkingDay('2026-12-31')).toBe(true);
    // an event dated 2030 is about 2030, not about the first missing year on the way
    const later = chinaCalendar({ unknownYears: 'strict' });
    expect(() => later.nthWorkingDay(at('2030-03-01T10:00:00+08:00'), 1)).toThrow(
      /no data for 2030/,
    );
    expect(cal.isProvisional(lastCall)).toBe(false);
    expect(cal.provisionalYears(lastCall, at('2028-01-01T00:00:00+08:00'))).toEqual([]);
  });

  it('uses the weekly pattern when the legacy named fallback is configured, still provisional', () => {
    const cal = chinaCalendar({ fallback: { name: 'weekly pattern only' } });
    // 30 min on Thu 12-31, then Fri 2027-01-01 08:30 (a guess the dealer opted into)
    const due = cal.addWorkingTime(lastCall, 60);
    expect(iso(due)).toBe(iso(at('2027-01-01T09:00:00+08:00')));
    expect(cal.isProvisional(due)).toBe(true);
  });

  it("takes next year's State Council notice as data", () => {
    const cal = chinaCalendar({
      extraYears: [
        {
          year: 2027,
          holidays: [{ date: '2027-01-01', name: '元旦' }],
          workdays: [{ date: '2027-01-09', name: '调休' }],
        },
      ],
    });
    const due = cal.addWorkingTime(lastCall, 60);
    expect(iso(due)).toBe(iso(at('2027-01-04T09:00:00+08:00')));
    expect(cal.isProvisional(due)).toBe(false);
    expect(cal.isWorkingDay('2027-01-09')).toBe(true);
    expect(cal.isProvisional(at('2028-03-01T10:00:00+08:00'))).toBe(true);
    expect(() =>
      chinaCalendar({
        unknownYears: 'strict',
        extraYears: [{ year: 2027, holidays: [], workdays: [] }],
      }).isWorkingDay('2028-03-01'),
    ).toThrow(CalendarYearUnknownError);
  });

  it('says which years it covers, so a DMS can warn before the data runs out', () => {
    const plain = chinaCalendar({ unknownYears: 'strict' });
    expect(plain.fallback).toBeUndefined();
    // The last covered year answers; the year after throws: coveredYears is the real boundary.
    const last = plain.coveredYears.to;
    expect(plain.isWorkingDay(`${last}-06-15`)).toBeTypeOf('boolean');
    expect(() => plain.isWorkingDay(`${last + 1}-06-15`)).toThrow(CalendarYearUnknownError);
    expect(() => plain.isWorkingDay(`${plain.coveredYears.from - 1}-06-15`)).toThrow(
      CalendarYearUnknownError,
    );
    const extended = chinaCalendar({
      extraYears: [{ year: last + 1, holidays: [], workdays: [] }],
    });
    expect(extended.coveredYears).toEqual({ from: plain.coveredYears.from, to: last + 1 });
    expect(chinaCalendar({ fallback: { name: 'weekly only' } }).fallback).toBe('weekly only');
    expect(chinaCalendar().fallback).toMatch(/全国年节及纪念日放假办法/);
  });

  it('refuses a year that leaves a gap in the data', () => {
    let error: unknown;
    try {
      chinaCalendar({ extraYears: [{ year: 2028, holidays: [], workdays: [] }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarError);
    expect((error as CalendarError).issues[0]?.path).toEqual(['extraYears', 0, 'year']);
  });
});

describe('Madrid, daylight saving time', () => {
  const split = [
    { start: '09:00', end: '14:00' },
    { start: '16:00', end: '19:00' },
  ];
  const cal = createBusinessCalendar({
    id: 'es-madrid',
    timeZone: 'Europe/Madrid',
    weekly: { mon: split, tue: split, wed: split, thu: split, fri: split },
    holidays: [],
    years: { from: 2026, to: 2026 },
  });

  it('March switch (Sun 2026-03-29): Friday 18:00 CET + 2 working hours = Monday 10:00 CEST', () => {
    const from = at('2026-03-27T18:00:00+01:00');
    const due = cal.addWorkingTime(from, 120);
    expect(iso(due)).toBe('2026-03-30T08:00:00.000Z');
    expect(cal.workingMinutesBetween(from, due)).toBe(120);
  });

  it('October switch (Sun 2026-10-25): Friday 18:30 CEST + 1 working hour = Monday 09:30 CET', () => {
    expect(iso(cal.addWorkingTime(at('2026-10-23T18:30:00+02:00'), 60))).toBe(
      '2026-10-26T08:30:00.000Z',
    );
  });

  it('elapsed hours are real hours: 24 h from Saturday noon is Sunday 13:00 local', () => {
    expect(iso(resolveDeadline({ hours: 24 }, at('2026-03-28T12:00:00+01:00'), cal))).toBe(
      iso(at('2026-03-29T13:00:00+02:00')),
    );
  });

  it('a whole-day period lasts 23 hours in March and 25 in October', () => {
    const allDay = [{ start: '00:00', end: '24:00' }];
    const open = createBusinessCalendar({
      id: 'always',
      timeZone: 'Europe/Madrid',
      weekly: { sun: allDay },
      years: { from: 2026, to: 2026 },
    });
    expect(
      open.workingMinutesBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')),
    ).toBe(23 * 60);
    expect(
      open.workingMinutesBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00')),
    ).toBe(25 * 60);
  });

  it('wall times in the gap move forward; repeated wall times take the later instant', () => {
    const night = createBusinessCalendar({
      id: 'night',
      timeZone: 'Europe/Madrid',
      weekly: {},
      overrides: [
        { date: '2026-03-29', periods: [{ start: '02:00', end: '04:00' }] },
        { date: '2026-10-25', periods: [{ start: '02:00', end: '04:00' }] },
      ],
      years: { from: 2026, to: 2026 },
    });
    // 02:00–03:00 does not exist on 03-29: one hour of work, from 03:00 CEST
    expect(iso(night.nextWorkingInstant(at('2026-03-28T12:00:00Z')))).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(
      night.workingMinutesBetween(at('2026-03-28T12:00:00Z'), at('2026-03-30T00:00:00Z')),
    ).toBe(60);
    // 02:00–03:00 happens twice on 10-25: work starts at the second 02:00 (CET)
    expect(iso(night.nextWorkingInstant(at('2026-10-24T12:00:00Z')))).toBe(
      '2026-10-25T01:00:00.000Z',
    );
    expect(
      night.workingMinutesBetween(at('2026-10-24T12:00:00Z'), at('2026-10-26T00:00:00Z')),
    ).toBe(120);
  });
});

describe('bad calendar data', () => {
  const base = { id: 'bad', years: { from: 2026, to: 2026 } };

  it('names the offending path', () => {
    const cases: Array<[Parameters<typeof createBusinessCalendar>[0], (string | number)[]]> = [
      [{ ...base, timeZone: 'Mars/Olympus', weekly: {} }, ['timeZone']],
      [
        { ...base, timeZone: 'UTC', weekly: { mon: [{ start: '12:00', end: '09:00' }] } },
        ['weekly', 'mon', 0, 'end'],
      ],
      [
        {
          ...base,
          timeZone: 'UTC',
          weekly: {
            mon: [
              { start: '09:00', end: '12:00' },
              { start: '11:00', end: '13:00' },
            ],
          },
        },
        ['weekly', 'mon', 1, 'start'],
      ],
      [
        { ...base, timeZone: 'UTC', weekly: { mon: [{ start: '9:00', end: '12:00' }] } },
        ['weekly', 'mon', 0, 'start'],
      ],
      [
        { ...base, timeZone: 'UTC', weekly: {}, holidays: [{ date: '2026-02-30' }] },
        ['holidays', 0, 'date'],
      ],
    ];
    for (const [def, path] of cases) {
      let error: unknown;
      try {
        createBusinessCalendar(def);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(def)).toBeInstanceOf(CalendarError);
      expect((error as CalendarError).code).toBe('CALENDAR_INVALID');
      expect((error as CalendarError).issues.map((i) => i.path)).toContainEqual(path);
    }
  });

  it('a calendar with no working time at all fails loudly instead of looping', () => {
    const never = createBusinessCalendar({
      ...base,
      timeZone: 'UTC',
      weekly: {},
      fallback: { name: 'none' },
    });
    expect(() => never.addWorkingTime(at('2026-05-01T00:00:00Z'), 60)).toThrow();
  });
});

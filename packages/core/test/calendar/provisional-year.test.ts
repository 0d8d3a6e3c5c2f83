/**
 * A provisional year (no State Council notice yet) is built from the holidays regulation alone.
 * Checked against every real year the data package has: it may differ from the notice only on
 * make-up working days (a rest day worked) and bridge days (a weekday off that the law does not
 * name), never on a statutory day.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHINA_STATUTORY_YEARS, chinaCalendar, chinaStatutoryHolidays } from '../../src';
import { chinaCalendarUntil } from './china-until';

const real = chinaCalendar({ unknownYears: 'strict' });
/** Years with a notice in the data and a law text the generator knows (2008 onwards). */
const YEARS = { from: 2008, to: real.coveredYears.to } as const;

function datesOf(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

describe('provisional China years', () => {
  it('name the days of the 2024 text for 2027: 元旦, 春节 除夕–初三, 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3', () => {
    // Lunar and solar-term dates of 2027 from the published almanac: 春节 (初一) Sat 02-06,
    // 清明 Mon 04-05, 端午 Wed 06-09, 中秋 Wed 09-15.
    expect(chinaStatutoryHolidays(2027).map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    // 2028: 中秋 (10-03) falls inside 国庆, one date with both names
    const y2028 = chinaStatutoryHolidays(2028);
    expect(y2028.filter((h) => h.date === '2028-10-03')).toHaveLength(1);
    expect(y2028.find((h) => h.date === '2028-10-03')?.name).toMatch(/国庆.*中秋|中秋.*国庆/);
    expect(() => chinaStatutoryHolidays(CHINA_STATUTORY_YEARS.to + 1)).toThrow(RangeError);
  });

  it('differ from the real year only on make-up and bridge days (every date, 2008 to the data’s end)', () => {
    for (let year = YEARS.from; year <= YEARS.to; year++) {
      const provisional = chinaCalendarUntil(year - 1);
      const statutory = new Set(chinaStatutoryHolidays(year).map((h) => h.date));
      for (const date of datesOf(year)) {
        const p = provisional.isWorkingDay(date);
        const r = real.isWorkingDay(date);
        if (statutory.has(date)) {
          expect({ date, p, r }).toEqual({ date, p: false, r: false });
          continue;
        }
        if (p === r) continue;
        // make-up day: worked in reality on a weekend; bridge day: off in reality on a weekday
        const kind = r && weekend(date) ? 'make-up' : !r && !weekend(date) ? 'bridge' : 'other';
        expect({ date, kind }).not.toEqual({ date, kind: 'other' });
      }
    }
  });

  it('agree with the real year at every instant outside make-up and bridge days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: YEARS.from, max: YEARS.to }),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        (year, day, minute) => {
          const t = Date.UTC(year, 0, 1, -8) + day * 86_400_000 + minute * 60_000;
          const provisional = chinaCalendarUntil(year - 1);
          const date = real.localDate(t);
          if (provisional.isWorkingDay(date) !== real.isWorkingDay(date)) return;
          expect(provisional.isWorkingTime(t)).toBe(real.isWorkingTime(t));
          expect(provisional.isProvisional(t)).toBe(true);
          expect(real.isProvisional(t)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

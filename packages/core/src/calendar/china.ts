import { createRequire } from 'node:module';
import { CalendarError } from '../errors';
import type { BusinessCalendar } from './business-calendar';
import type { CalendarDefinitionInput, WorkPeriod } from './calendar-definition';
import { createBusinessCalendar } from './create-business-calendar';

/** A year of the State Council's holiday notice, as data (放假安排). */
export interface HolidayYear {
  readonly year: number;
  /** Days off (including the weekend days inside a holiday block). */
  readonly holidays: ReadonlyArray<{ readonly date: string; readonly name?: string }>;
  /** Make-up working days (调休上班), usually Saturdays or Sundays. */
  readonly workdays: ReadonlyArray<{ readonly date: string; readonly name?: string }>;
}

/** Options of {@link chinaCalendar}. */
export interface ChinaCalendarOptions {
  readonly id?: string;
  /** Default `Asia/Shanghai`. */
  readonly timeZone?: string;
  /** Work periods of a working day. Default 08:30–12:00 and 13:30–17:30 (a lunch break). */
  readonly periods?: readonly WorkPeriod[];
  /** Years not yet in the data package, e.g. 2027 from the State Council notice. */
  readonly extraYears?: readonly HolidayYear[];
  /** Per-date overrides (half days, closures). */
  readonly overrides?: CalendarDefinitionInput['overrides'];
  /**
   * Years after the data (no State Council notice yet, e.g. 2027 in December 2026):
   * `provisional` (default) builds them from the law — 元旦 1 day, 春节 除夕–初三, 清明, 劳动节
   * May 1–2, 端午, 中秋, 国庆 Oct 1–3, lunar dates and 清明 computed, no make-up days — and the
   * engine marks every deadline touching them and moves it when the notice arrives (package
   * update or `extraYears`); `strict` throws `CALENDAR_YEAR_UNKNOWN` instead.
   */
  readonly unknownYears?: 'provisional' | 'strict';
  /**
   * @deprecated Use `unknownYears`. The weekly pattern alone outside the covered years (no
   * holidays at all: 2027-01-01 would be a working day). Ignored when `unknownYears` is given.
   */
  readonly fallback?: { readonly name: string };
}

/** Default dealer working hours with a lunch break. */
export const CHINA_DEFAULT_PERIODS: readonly WorkPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let loaded: ChineseDaysData | undefined;

/**
 * The `chinese-days` data, read on first use. It stays a runtime dependency (not bundled) so a
 * dealer picks up the next year's State Council notice by updating that package alone.
 */
function chineseDays(): ChineseDaysData {
  loaded ??= createRequire(import.meta.url)(
    'chinese-days/dist/chinese-days.json',
  ) as ChineseDaysData;
  return loaded;
}

function label(v: string): string {
  // "Spring Festival,春节,4" → "春节 Spring Festival"
  const [en, zh] = v.split(',');
  return zh ? `${zh} ${en}` : v;
}

/** The years the bundled `chinese-days` data covers. */
export function chinaDataYears(): { from: number; to: number } {
  const years = Object.keys(chineseDays().holidays).map((d) => Number(d.slice(0, 4)));
  return { from: Math.min(...years), to: Math.max(...years) };
}

/**
 * Builds the data of a mainland-China dealer calendar: Monday–Friday work periods, public
 * holidays and make-up working days (调休) from the maintained `chinese-days` package
 * (2004 onwards), plus any `extraYears` a dealer adds before the package has them.
 */
export function chinaCalendarDefinition(
  options: ChinaCalendarOptions = {},
): CalendarDefinitionInput {
  const data = chineseDays();
  const periods = [...(options.periods ?? CHINA_DEFAULT_PERIODS)];
  const covered = chinaDataYears();
  const extra = options.extraYears ?? [];
  const extraYearSet = new Set(extra.map((y) => y.year));
  const holidays = Object.entries(data.holidays)
    .filter(([d]) => !extraYearSet.has(Number(d.slice(0, 4))))
    .map(([date, v]) => ({ date, name: label(v) }));
  const workdays = Object.entries(data.workdays)
    .filter(([d]) => !extraYearSet.has(Number(d.slice(0, 4))))
    .map(([date, v]) => ({ date, name: label(v) }));
  for (const y of extra) {
    holidays.push(...y.holidays.map((h) => ({ date: h.date, name: h.name ?? 'holiday' })));
    workdays.push(
      ...y.workdays.map((w) => ({ date: w.date, name: w.name ?? 'make-up working day' })),
    );
  }
  // Coverage grows only through consecutive years: 2028 without 2027 would claim 2027 is known.
  let to = covered.to;
  while (extraYearSet.has(to + 1)) to++;
  const gaps = extra
    .map((y, i) => ({ y, i }))
    .filter(({ y }) => y.year > to || y.year < covered.from);
  if (gaps.length > 0) {
    throw new CalendarError(
      gaps.map(({ y, i }) => ({
        path: ['extraYears', i, 'year'],
        message: `${y.year} does not follow the covered years ${covered.from}–${to}; add the years in between first`,
        code: 'calendar_gap',
      })),
    );
  }
  return {
    id: options.id ?? 'cn',
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    weekly: { mon: periods, tue: periods, wed: periods, thu: periods, fri: periods },
    holidays,
    workdays: workdays.map((w) => ({ ...w, periods })),
    overrides: options.overrides ?? [],
    years: { from: covered.from, to },
    ...unknownYearsRule(options),
  };
}

function unknownYearsRule(
  options: ChinaCalendarOptions,
): Pick<CalendarDefinitionInput, 'provisional' | 'fallback'> {
  if (options.unknownYears === 'strict') return {};
  if (options.unknownYears === undefined && options.fallback !== undefined) {
    return { fallback: { name: options.fallback.name } };
  }
  return { provisional: { name: '全国年节及纪念日放假办法 (2024)', statutoryHolidays: 'cn' } };
}

/**
 * A mainland-China dealer calendar (see {@link chinaCalendarDefinition}). Years after the data
 * are provisional unless `unknownYears: 'strict'`.
 *
 * @example
 * ```ts
 * // Once the State Council publishes 2027 and before the package has it: add it as data; the
 * // engine then moves every item that was computed on the provisional 2027.
 * const cal = chinaCalendar({
 *   extraYears: [{ year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] }],
 * });
 * ```
 */
export function chinaCalendar(options: ChinaCalendarOptions = {}): BusinessCalendar {
  return createBusinessCalendar(chinaCalendarDefinition(options));
}

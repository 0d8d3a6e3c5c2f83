import { createRequire } from 'node:module';

/** A statutory holiday date of a year, with the festival it belongs to. */
export interface StatutoryHoliday {
  readonly date: string;
  readonly name: string;
}

/**
 * One text of 《全国年节及纪念日放假办法》 (the national holidays regulation): how many days
 * each festival gives all citizens, from the first year it applied. Lunar festivals count from
 * their lunar date; 春节 counts from 初一 with `springFrom` days before it (−1 = 除夕).
 */
interface HolidayLaw {
  /** The amendment's year, for names and docs. */
  readonly text: number;
  /** First calendar year the text governs. */
  readonly from: number;
  readonly newYear: number;
  readonly springFrom: 0 | -1;
  readonly springDays: number;
  readonly qingming: number;
  readonly labour: number;
  readonly dragonBoat: number;
  readonly midAutumn: number;
  readonly national: number;
}

/**
 * The texts in force since 2000 (State Council decrees 270, 513, 644 and 2024's amendment),
 * newest last. Later amendments are added here as data.
 */
const CHINA_HOLIDAY_LAWS: readonly HolidayLaw[] = [
  {
    text: 1999,
    from: 2000,
    newYear: 1,
    springFrom: 0,
    springDays: 3,
    qingming: 0,
    labour: 3,
    dragonBoat: 0,
    midAutumn: 0,
    national: 3,
  },
  {
    text: 2007,
    from: 2008,
    newYear: 1,
    springFrom: -1,
    springDays: 3,
    qingming: 1,
    labour: 1,
    dragonBoat: 1,
    midAutumn: 1,
    national: 3,
  },
  {
    text: 2013,
    from: 2014,
    newYear: 1,
    springFrom: 0,
    springDays: 3,
    qingming: 1,
    labour: 1,
    dragonBoat: 1,
    midAutumn: 1,
    national: 3,
  },
  {
    text: 2024,
    from: 2025,
    newYear: 1,
    springFrom: -1,
    springDays: 4,
    qingming: 1,
    labour: 2,
    dragonBoat: 1,
    midAutumn: 1,
    national: 3,
  },
];

/** The years {@link chinaStatutoryHolidays} can compute (the lunar tables end in 2099). */
export const CHINA_STATUTORY_YEARS = { from: 2000, to: 2099 } as const;

interface LunarCalendar {
  getSolarDateFromLunar(lunar: string): { date: string };
  getSolarTermDate(year: number, month: number, term: string): string;
}

let lunar: LunarCalendar | undefined;

/**
 * The lunar and solar-term computations of `chinese-days` (lunar month tables 1900–2100 and the
 * solar-term formula with its published corrections): the library already maintained for the
 * holiday notices, so the provisional year and the real one come from the same source.
 */
function lunarCalendar(): LunarCalendar {
  lunar ??= createRequire(import.meta.url)('chinese-days') as LunarCalendar;
  return lunar;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function plusDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

function run(name: string, first: string, days: number): StatutoryHoliday[] {
  return Array.from({ length: days }, (_, i) => ({ date: plusDays(first, i), name }));
}

/**
 * The days off the national holidays regulation gives every citizen in `year`, as the law
 * itself fixes them, without the State Council's yearly arrangement: no make-up working days
 * (调休), no bridge days, no compensation for a holiday on a weekend. 春节, 端午 and 中秋 follow the
 * lunar calendar, 清明 the solar term. Dates are sorted and unique (中秋 can fall inside 国庆).
 *
 * A *provisional* year is built from these days until the year's notice is published.
 *
 * @throws RangeError outside {@link CHINA_STATUTORY_YEARS}.
 */
export function chinaStatutoryHolidays(year: number): StatutoryHoliday[] {
  if (
    !Number.isInteger(year) ||
    year < CHINA_STATUTORY_YEARS.from ||
    year > CHINA_STATUTORY_YEARS.to
  ) {
    throw new RangeError(
      `statutory holidays are known for ${CHINA_STATUTORY_YEARS.from}–${CHINA_STATUTORY_YEARS.to}, not ${year}`,
    );
  }
  const law = [...CHINA_HOLIDAY_LAWS].reverse().find((l) => year >= l.from)!;
  const cal = lunarCalendar();
  const lunarDate = (month: number, day: number) =>
    cal.getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date;
  const spring = plusDays(lunarDate(1, 1), law.springFrom);
  const days = [
    ...run('元旦 New Year (provisional)', `${year}-01-01`, law.newYear),
    ...run('春节 Spring Festival (provisional)', spring, law.springDays),
    ...run(
      '清明 Qingming (provisional)',
      cal.getSolarTermDate(year, 4, 'pure_brightness'),
      law.qingming,
    ),
    ...run('劳动节 Labour Day (provisional)', `${year}-05-01`, law.labour),
    ...run('端午 Dragon Boat (provisional)', lunarDate(5, 5), law.dragonBoat),
    ...run('中秋 Mid-Autumn (provisional)', lunarDate(8, 15), law.midAutumn),
    ...run('国庆 National Day (provisional)', `${year}-10-01`, law.national),
  ];
  const byDate = new Map<string, StatutoryHoliday>();
  for (const d of days) {
    const seen = byDate.get(d.date);
    byDate.set(d.date, seen ? { date: d.date, name: `${seen.name} / ${d.name}` } : d);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

import { type BusinessCalendar, chinaCalendarDefinition, createBusinessCalendar } from '../../src';

const made = new Map<number, BusinessCalendar>();

/**
 * The China calendar as it was before `lastYear + 1`'s notice: the package's data up to
 * `lastYear`, later years provisional (built from the law). One instance per year (cached).
 */
export function chinaCalendarUntil(lastYear: number): BusinessCalendar {
  let cal = made.get(lastYear);
  if (cal === undefined) {
    const def = chinaCalendarDefinition();
    const known = (d: { date: string }) => Number(d.date.slice(0, 4)) <= lastYear;
    cal = createBusinessCalendar({
      ...def,
      id: 'cn',
      holidays: def.holidays?.filter(known) ?? [],
      workdays: def.workdays?.filter(known) ?? [],
      years: { from: def.years.from, to: lastYear },
    });
    made.set(lastYear, cal);
  }
  return cal;
}

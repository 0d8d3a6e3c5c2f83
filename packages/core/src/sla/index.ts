export {
  addPeriod,
  nthWorkingDayBefore,
  resolveCalendarWindow,
  startOfLocalDate,
} from './calendar-window';
export * from './deadline-expression';
export * from './ladder';
export * from './pause';
export * from './resolve-deadline';

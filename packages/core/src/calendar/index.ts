export type { BusinessCalendar } from './business-calendar';
export * from './calendar-definition';
export * from './china';
export {
  CHINA_STATUTORY_YEARS,
  chinaStatutoryHolidays,
  type StatutoryHoliday,
} from './china-statutory-holidays';
export { createBusinessCalendar } from './create-business-calendar';

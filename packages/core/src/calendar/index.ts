export type { BusinessCalendar } from './business-calendar';
export * from './calendar-definition';
export * from './china';
export { createBusinessCalendar } from './create-business-calendar';

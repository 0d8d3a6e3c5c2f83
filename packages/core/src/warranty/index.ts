export { type WarrantyQuery, warrantyQuerySchema } from './warranty-query';
export * from './warranty-status';

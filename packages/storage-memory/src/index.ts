/**
 * In-memory storage adapter for `@dealercare/core`.
 *
 * @packageDocumentation
 */
export { type MemoryStorageOptions, memoryStorage } from './memory-storage';

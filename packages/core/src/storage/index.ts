export * from './event-feed';
export * from './storage-port';

export * from './storage-port';

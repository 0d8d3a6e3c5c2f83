export * from './lookup-keys';

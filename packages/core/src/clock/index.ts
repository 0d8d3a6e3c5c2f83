export * from './clock';
export * from './fake-clock';

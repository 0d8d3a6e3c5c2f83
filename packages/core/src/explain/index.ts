export * from './explain-why';

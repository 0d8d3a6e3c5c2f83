export * from './apply-transition';
export * from './complaint-machine';
export * from './customer-machine';
export * from './decide';
export * from './machine-definition';
export * from './mermaid';
export * from './opinion-case-machine';
export * from './visit-machine';

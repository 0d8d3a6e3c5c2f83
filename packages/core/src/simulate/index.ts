export * from './compare-runs';
export * from './desk-workload';
export * from './simulate-packs';
export * from './simulation-files';
export * from './simulation-html';

export * from './compile-rule-pack';
export * from './condition';
export * from './default-pack';
export * from './json-safety';
export * from './load-rule-pack';
export { mergePacks } from './merge-packs';
export * from './rule-pack-json-schema';
export * from './rule-pack-schema';

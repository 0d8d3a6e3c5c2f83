/**
 * `@dealercare/core`: follow-up visits (回访), satisfaction surveys and complaints (投诉) for car
 * dealers — domain model, state machines, working calendar, SLA, rule packs and the engine.
 *
 * @packageDocumentation
 */
export * from './calendar';
export * from './clock';
export * from './engine';
export * from './errors';
export * from './explain';
export * from './machines';
export * from './model';
export * from './notify';
export * from './rules';
export * from './sampling';
export * from './scoring';
export * from './search';
export * from './simulate';
export * from './sla';
export * from './storage';
export * from './warranty';

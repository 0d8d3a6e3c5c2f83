export * from './explain-alert';
export * from './score-response';
export * from './survey-definition';

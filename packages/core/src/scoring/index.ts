export * from './score-response';
export * from './survey-definition';

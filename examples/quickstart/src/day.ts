/** A day at a dealer, in memory, with every event printed: `pnpm --filter @dealercare/example-quickstart day`. */
import { runDay } from './day-at-dealer';

const summary = await runDay();
console.log('\nSummary');
console.table({
  'events announced': summary.events,
  ...Object.fromEntries(Object.entries(summary.visitsByState).map(([s, n]) => [`visits ${s}`, n])),
  'opinion cases': summary.opinionCases,
  'complaint tier': summary.complaintTier,
  'duplicate DMS event ignored': summary.duplicateIgnored,
});

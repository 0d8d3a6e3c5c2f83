import { expect, it } from 'vitest';
import { runDay } from '../src/day-at-dealer';

it('runs the quickstart day: visits scheduled and worked, a complaint escalated', async () => {
  const lines: string[] = [];
  const s = await runDay((l) => lines.push(l));
  expect(s.duplicateIgnored).toBe(true);
  expect(s.visitsByState.completed).toBeGreaterThanOrEqual(2);
  expect(s.visitsByState.doNotVisit).toBe(1);
  expect(s.complaintTier).toBeGreaterThanOrEqual(2);
  expect(s.opinionCases).toBe(1);
  expect(lines.some((l) => l.includes('complaint.escalated'))).toBe(true);
  expect(lines.some((l) => l.includes('visit.do-not-visit'))).toBe(true);
});

/**
 * Do-not-contact is the engine's rule, not each pack rule's: a customer marked do-not-contact
 * gets no visit from a rule that does not repeat the condition, unless the rule opts in.
 */
import { describe, expect, it } from 'vitest';
import { type DmsEventInput, loadRulePack } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, onAdapter } from './setup';

const attempts = { max: 1, retryWithin: { days: 1 }, failedOutcomes: ['no-answer'] };
const rules = loadRulePack({
  id: 'appointments',
  version: '1',
  extends: 'default',
  visits: [
    {
      // No condition at all: matches every appointment.
      id: 'appointment-reminder',
      on: 'appointment.booked',
      visit: { type: 'reminder', window: { hours: 4 }, assigneeRole: 'followUpAgent', attempts },
    },
    {
      id: 'appointment-courtesy',
      on: 'appointment.booked',
      allowDoNotContact: true,
      visit: { type: 'courtesy', window: { days: 1 }, assigneeRole: 'csManager', attempts },
    },
  ],
});

const booked = (customerId: string, doNotContact: boolean): DmsEventInput => ({
  type: 'appointment.booked',
  sourceId: `DMS-APT-${customerId}`,
  dealerId: DEALER,
  occurredAt: '2026-03-02T09:00:00+08:00',
  customer: { id: customerId, name: '赵六', phones: [{ number: '13700000000' }], doNotContact },
  appointmentId: `APT-${customerId}`,
  appointmentAt: '2026-03-05T09:00:00+08:00',
});

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('do-not-contact', () => {
      it('a rule without the condition schedules no visit for a do-not-contact customer', async () => {
        const { engine } = setup('2026-03-02T09:00:00+08:00', { rules });
        const open = await engine.ingest(booked('c-open', false));
        const closed = await engine.ingest(booked('c-closed', true));
        // The visits of this pack's two rules (the default pack's day-before reminder and
        // preparation [003] follow the same do-not-contact rule, and are left out here).
        const mine = ['reminder', 'courtesy'];
        const types = async (ids: readonly string[]) =>
          (
            await Promise.all(ids.map(async (id) => (await engine.getVisit(DEALER, id)).type))
          ).filter((t) => mine.includes(t));
        expect(await types(open.visitIds)).toEqual(['reminder', 'courtesy']);
        // Only the rule that opted in reaches the do-not-contact customer.
        expect(await types(closed.visitIds)).toEqual(['courtesy']);
      });
    });
  });
}

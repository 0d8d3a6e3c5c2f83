/**
 * A visit the rules schedule keeps, on its first history entry, the rule and the fact values
 * that decided it: a manager can later see why a customer was called.
 */
import { describe, expect, it } from 'vitest';
import { loadRulePack, SHIPPED_PACKS } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, onAdapter, repair } from './setup';

const rules = loadRulePack(SHIPPED_PACKS['great-wall']);

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('why a customer is called', () => {
      it('the schedule entry names the rule and the facts that decided it', async () => {
        const { engine } = setup('2026-03-02T09:00:00+08:00', { rules });
        const r = await engine.ingest(repair({ repairKind: 'special', pickedUp: false }));
        const visit = await engine.getVisit(DEALER, r.visitIds[0]!);
        expect(visit.history[0]).toMatchObject({
          command: 'schedule',
          rule: 'post-repair-special',
          facts: { 'event.repairKind': 'special', 'event.pickedUp': false },
        });
        // The do-not-visit entry that follows is the rule's, too.
        expect(visit.state).toBe('doNotVisit');
      });

      it('erasing the customer erases fact values read from the customer', async () => {
        const { engine } = setup('2026-03-02T09:00:00+08:00', {
          rules: loadRulePack({
            id: 'usage',
            version: '1',
            extends: 'great-wall',
            visits: [
              {
                id: 'post-repair-special',
                when: {
                  all: [
                    { fact: 'event', path: 'repairKind', operator: 'equal', value: 'special' },
                    { fact: 'customer', path: 'name', operator: 'notEqual', value: '' },
                  ],
                },
              },
            ],
          }),
        });
        const r = await engine.ingest(repair({ repairKind: 'special' }));
        const before = await engine.getVisit(DEALER, r.visitIds[0]!);
        expect(before.history[0]!.facts).toMatchObject({ 'customer.name': '李四' });
        await engine.eraseCustomer(DEALER, 'c2', {
          kind: 'person',
          id: 'gm-1',
          roles: ['generalManager'],
        });
        const after = await engine.getVisit(DEALER, r.visitIds[0]!);
        expect(after.history[0]!.facts).toMatchObject({
          'customer.name': '[erased]',
          'event.repairKind': 'special',
        });
      });
    });
  });
}

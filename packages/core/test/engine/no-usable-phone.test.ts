import { describe, expect, it } from 'vitest';
import {
  type CustomerProfileInput,
  defaultRulePack,
  encodeRecord,
  NO_USABLE_PHONE_REASON,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, delivery, onAdapter, repair } from './setup';

const customer = (over: Partial<CustomerProfileInput> = {}): CustomerProfileInput => ({
  id: 'c1',
  name: '张三',
  ...over,
});

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, freshStorage } = onAdapter(adapter);

    describe('a visit for a customer nobody can call', () => {
      it('is created, blocked at once with the reason, and announced', async () => {
        const { engine, seen } = setup();
        const { visitIds } = await engine.ingest(delivery({ customer: customer({ phones: [] }) }));
        const visit = await engine.getVisit(DEALER, visitIds[0]!);
        expect(visit.state).toBe('blocked');
        expect(visit.blockedReason).toBe(NO_USABLE_PHONE_REASON);
        expect(visit.history.map((h) => [h.command, h.from, h.to, h.actor.kind])).toEqual([
          ['schedule', null, 'open', 'system'],
          ['block', 'open', 'blocked', 'system'],
        ]);
        const types = seen.filter((e) => e.subject.id === visit.id).map((e) => e.type);
        expect(types).toEqual(['visit.scheduled', 'visit.blocked']);
        const blocked = seen.find((e) => e.type === 'visit.blocked')!;
        expect(blocked.data).toMatchObject({ from: 'open', to: 'blocked', command: 'block' });
      });

      it('is unblocked by correctPhone, which stores the number in E.164', async () => {
        const { engine, types } = setup();
        const { visitIds } = await engine.ingest(delivery({ customer: customer() }));
        const visitId = visitIds[0]!;
        const fixed = await engine.correctPhone({
          dealerId: DEALER,
          visitId,
          actor: agent,
          phone: '138 1234 5678',
        });
        expect(fixed.state).toBe('open');
        expect(fixed.blockedReason).toBeUndefined();
        expect((await engine.getCustomer(DEALER, 'c1')).phones).toEqual([
          { number: '+8613812345678', belongsTo: 'owner', valid: true },
        ]);
        expect(types()).toContain('visit.phone-corrected');
        // And the agent can call now.
        const called = await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'connected',
        });
        expect(called.state).toBe('attempting');
      });

      it('is blocked when every phone is marked wrong, not when the contact person can be called', async () => {
        const { engine } = setup();
        const wrong = await engine.ingest(
          delivery({ customer: customer({ phones: [{ number: '13812345678', valid: false }] }) }),
        );
        expect((await engine.getVisit(DEALER, wrong.visitIds[0]!)).state).toBe('blocked');
        const contact = await engine.ingest(
          delivery({
            sourceId: 'DMS-DEL-2',
            customer: customer({
              id: 'c2',
              contactPerson: { name: '李四', phone: '010-12345678' },
            }),
            vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002' },
          }),
        );
        expect((await engine.getVisit(DEALER, contact.visitIds[0]!)).state).toBe('open');
      });

      it('is not blocked for a customer who does not take calls, nor when it must not be made yet', async () => {
        const { engine } = setup();
        const noCalls = await engine.ingest(
          delivery({ customer: customer({ preferences: { noPhoneCalls: true } }) }),
        );
        expect((await engine.getVisit(DEALER, noCalls.visitIds[0]!)).state).toBe('open');
        const notPickedUp = await engine.ingest(
          repair({ customer: customer({ id: 'c2', phones: [] }), pickedUp: false }),
        );
        expect((await engine.getVisit(DEALER, notPickedUp.visitIds[0]!)).state).toBe('doNotVisit');
      });

      it('waits for its window after the correction when the window has not opened yet', async () => {
        const pack = structuredClone(defaultRulePack) as unknown as {
          visits: { id: string; visit: { window: unknown } }[];
        };
        pack.visits.find((v) => v.id === 'first-level-after-delivery')!.visit.window = {
          fromWorkingDay: 1,
          toWorkingDay: 3,
        };
        const { engine } = setup('2026-03-02T09:00:00+08:00', { rules: pack });
        const { visitIds } = await engine.ingest(delivery({ customer: customer() }));
        const visitId = visitIds[0]!;
        const blocked = await engine.getVisit(DEALER, visitId);
        expect(blocked.history.map((h) => h.to)).toEqual(['scheduled', 'blocked']);
        const fixed = await engine.correctPhone({
          dealerId: DEALER,
          visitId,
          actor: agent,
          phone: '13812345678',
        });
        expect(fixed.state).toBe('scheduled');
        const timers = await engine.pendingTimers(DEALER, { kind: 'visit', id: visitId });
        expect(timers.map((t) => t.name)).toContain('visit.open');
        // Tuesday 03-03, 08:30 in Beijing: the window opens.
        await engine.tick(new Date('2026-03-03T00:30:00Z'));
        expect((await engine.getVisit(DEALER, visitId)).state).toBe('open');
      });

      it('treats a number stored in an old spelling and marked wrong as the same number a new event sends', async () => {
        const storage = freshStorage();
        const { engine } = setup('2026-03-02T09:00:00+08:00', { storage });
        // A row written before numbers were normalised: the DMS's spelling, found wrong on a call.
        await storage.transaction(async (tx) => {
          await tx.put(
            encodeRecord('customer', {
              id: 'c1',
              dealerId: DEALER,
              name: '张三',
              phones: [{ number: '138 1234 5678', belongsTo: 'owner', valid: false }],
              preferences: { noPhoneCalls: false },
              doNotContact: false,
              consent: { followUp: true, marketing: false },
              state: 'owner',
              version: 0,
              history: [],
              createdAt: '2026-01-05T02:00:00.000Z',
              updatedAt: '2026-01-05T02:00:00.000Z',
            }),
            0,
          );
        });
        const { visitIds } = await engine.ingest(
          repair({ customer: customer({ phones: [{ number: '+86 138-1234-5678' }] }) }),
        );
        expect((await engine.getCustomer(DEALER, 'c1')).phones).toEqual([
          { number: '+8613812345678', belongsTo: 'owner', valid: false },
        ]);
        const visit = await engine.getVisit(DEALER, visitIds[0]!);
        expect(visit.state).toBe('blocked');
        expect(visit.blockedReason).toBe(NO_USABLE_PHONE_REASON);
      });

      it('marks a wrong number dialled in another spelling, and a correction replaces it', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(
          delivery({
            customer: customer({
              phones: [{ number: '13812345678' }, { number: '010 1234 5678', belongsTo: 'other' }],
            }),
          }),
        );
        const visitId = visitIds[0]!;
        const blocked = await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'wrong-number',
          phone: '138-1234-5678',
        });
        expect(blocked.state).toBe('blocked');
        expect(blocked.blockedReason).toBe('wrong number +8613812345678');
        expect((await engine.getCustomer(DEALER, 'c1')).phones.map((p) => p.valid)).toEqual([
          false,
          true,
        ]);
        await engine.correctPhone({
          dealerId: DEALER,
          visitId,
          actor: agent,
          phone: '+8613812345678',
        });
        expect((await engine.getCustomer(DEALER, 'c1')).phones).toEqual([
          { number: '+8613812345678', belongsTo: 'owner', valid: true },
          { number: '+861012345678', belongsTo: 'other', valid: true },
        ]);
      });
    });
  });
}

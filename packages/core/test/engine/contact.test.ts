/**
 * A desk's contacts: call-backs the customer asked for (a reminder, and no overdue before them
 * when the rule allows), quiet hours and a daily cadence from the pack, and customers who take
 * no phone calls reached on their own channel.
 */
import { describe, expect, it } from 'vitest';
import { loadRulePack } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, delivery, onAdapter } from './setup';

const bj = (local: string) => new Date(`${local}+08:00`);

function pack(over: Record<string, unknown>) {
  return loadRulePack({ id: 'desk', version: '1', extends: 'default', ...over });
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('call-backs', () => {
      it('reminds the assignee at the time the customer asked for', async () => {
        const { engine, clock, seen } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const v = await engine.recordAttempt({
          dealerId: DEALER,
          visitId: visitIds[0]!,
          actor: agent,
          outcome: 'call-back-later',
          callBackAt: '2026-03-02T15:00:00+08:00',
        });
        expect(v.callBack).toEqual({
          at: '2026-03-02T07:00:00.000Z',
          requestedAt: '2026-03-02T01:00:00.000Z',
        });
        clock.set(bj('2026-03-02T14:59:00'));
        await engine.tick();
        expect(seen.some((e) => e.type === 'visit.call-back-due')).toBe(false);
        clock.set(bj('2026-03-02T15:00:00'));
        await engine.tick();
        expect(seen.find((e) => e.type === 'visit.call-back-due')?.data).toEqual({
          callBackAt: '2026-03-02T07:00:00.000Z',
          assigneeRole: 'followUpAgent',
          assigneeId: 'agent-1',
        });
      });

      it('a call-back after the due time moves the overdue to it when the rule allows', async () => {
        const rules = pack({
          visits: [
            {
              id: 'first-level-after-delivery',
              visit: { callBackMayExtendDueBy: { workingHours: 8 } },
            },
          ],
        });
        const { engine, clock, types } = setup('2026-03-02T09:00:00+08:00', { rules });
        const { visitIds } = await engine.ingest(delivery());
        // due Thu 03-05 17:30; the customer asks for Fri 10:00
        const v = await engine.recordAttempt({
          dealerId: DEALER,
          visitId: visitIds[0]!,
          actor: agent,
          outcome: 'call-back-later',
          callBackAt: '2026-03-06T10:00:00+08:00',
        });
        expect(v.window.extendedDueAt).toBe('2026-03-06T04:00:00.000Z'); // Fri 12:00, end of that period
        clock.set(bj('2026-03-05T17:31:00'));
        await engine.tick();
        expect(types()).not.toContain('visit.overdue');
        clock.set(bj('2026-03-06T12:00:00'));
        await engine.tick();
        expect(types()).toContain('visit.overdue');
      });

      it('without that rule the visit is overdue at its own due time', async () => {
        const { engine, clock, types } = setup();
        const { visitIds } = await engine.ingest(delivery());
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId: visitIds[0]!,
          actor: agent,
          outcome: 'call-back-later',
          callBackAt: '2026-03-06T10:00:00+08:00',
        });
        clock.set(bj('2026-03-05T17:31:00'));
        await engine.tick();
        expect(types()).toContain('visit.overdue');
      });
    });

    describe('quiet hours and cadence', () => {
      it('refuses a call outside the dealer’s hours, saying when it is allowed', async () => {
        const rules = pack({ contact: { hours: [{ start: '09:00', end: '20:00' }] } });
        const { engine, clock } = setup('2026-03-02T08:30:00+08:00', { rules });
        const { visitIds } = await engine.ingest(
          delivery({ occurredAt: '2026-03-02T08:30:00+08:00' }),
        );
        const early = { dealerId: DEALER, visitId: visitIds[0]! };
        expect(await engine.contactAllowed(early)).toEqual({
          allowed: false,
          reason: 'quiet-hours',
          nextAllowedAt: '2026-03-02T01:00:00.000Z',
          channel: 'phone',
        });
        await expect(
          engine.recordAttempt({ ...early, actor: agent, outcome: 'no-answer' }),
        ).rejects.toMatchObject({
          code: 'CONTACT_NOT_ALLOWED',
          details: { reason: 'quiet-hours' },
        });
        expect((await engine.getVisit(DEALER, visitIds[0]!)).attempts).toEqual([]);
        clock.set(bj('2026-03-02T20:30:00'));
        expect((await engine.contactAllowed(early)).nextAllowedAt).toBe('2026-03-03T01:00:00.000Z');
        clock.set(bj('2026-03-02T09:00:00'));
        await expect(
          engine.recordAttempt({ ...early, actor: agent, outcome: 'no-answer' }),
        ).resolves.toMatchObject({ state: 'attempting' });
      });

      it('at most N contacts per customer per day across all their visits', async () => {
        const rules = pack({ contact: { maxPerCustomerPerDay: 1 } });
        const { engine, clock } = setup('2026-03-02T09:00:00+08:00', { rules });
        const a = await engine.ingest(delivery());
        const b = await engine.ingest(
          delivery({ sourceId: 'DMS-DEL-2', vehicle: { id: 'car9', vin: 'LGWEF4A59RH000009' } }),
        );
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId: a.visitIds[0]!,
          actor: agent,
          outcome: 'busy',
        });
        await expect(
          engine.recordAttempt({
            dealerId: DEALER,
            visitId: b.visitIds[0]!,
            actor: agent,
            outcome: 'busy',
          }),
        ).rejects.toMatchObject({
          code: 'CONTACT_NOT_ALLOWED',
          details: { reason: 'daily-limit', nextAllowedAt: '2026-03-02T16:00:00.000Z' },
        });
        clock.set(bj('2026-03-03T09:00:00'));
        await expect(
          engine.recordAttempt({
            dealerId: DEALER,
            visitId: b.visitIds[0]!,
            actor: agent,
            outcome: 'busy',
          }),
        ).resolves.toMatchObject({ attempts: [expect.objectContaining({ outcome: 'busy' })] });
      });
    });

    describe('a customer who takes no phone calls', () => {
      it('gets the visit on their own channel, and a phone call is refused', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(
          delivery({
            customer: {
              id: 'c1',
              name: '张三',
              phones: [{ number: '13812345678' }],
              preferences: { noPhoneCalls: true, preferredChannel: 'wechat' },
            },
          }),
        );
        const v = await engine.getVisit(DEALER, visitIds[0]!);
        expect(v.channel).toBe('wechat');
        await expect(
          engine.recordAttempt({
            dealerId: DEALER,
            visitId: v.id,
            actor: agent,
            outcome: 'no-answer',
            channel: 'phone',
          }),
        ).rejects.toMatchObject({
          code: 'CONTACT_NOT_ALLOWED',
          details: { reason: 'no-phone-calls', channel: 'wechat' },
        });
        const done = await engine.recordAttempt({
          dealerId: DEALER,
          visitId: v.id,
          actor: agent,
          outcome: 'connected',
        });
        expect(done.attempts.at(-1)?.channel).toBe('wechat');
      });
    });
  });
}

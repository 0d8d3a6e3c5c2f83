/**
 * The duties nothing scheduled before issue 15 (seeds 001 and 003), run through the engine with
 * the shipped default pack on the real 2026 China calendar: each is a visit rule with a `duty`
 * (one pending visit per customer or vehicle, re-armed or cancelled by later events), waiting in
 * `scheduled` until its `visit.open` timer — claimed by `tick` like every timer — opens it.
 *
 * 2026 facts the expected instants rest on (State Council notice; asserted by the calendar
 * tests): work 08:30–12:00 and 13:30–17:30 Monday to Friday; 清明 4–6 April, 劳动节 1–5 May
 * (Saturday 9 May worked), 国庆 1–7 October (Sunday 20 September and Saturday 10 October worked).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Visit } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, appointment, csManager, DEALER, delivery, onAdapter, repair } from './setup';

/** A Beijing local time as an ISO instant (UTC), as the engine stores it. */
const bj = (local: string) => new Date(`${local}+08:00`).toISOString();

type Engine = ReturnType<ReturnType<typeof onAdapter>['setup']>['engine'];

async function ofType(engine: Engine, type: string): Promise<Visit[]> {
  return (await engine.listVisits({ dealerId: DEALER })).filter((v) => v.type === type);
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, runs } = onAdapter(adapter);

    describe('thank-you within one week of purchase', () => {
      it('[001] "客户购车成交后,在一周内发出感谢信、信息及电话": due by the last working day of the week', async () => {
        const { engine } = setup('2026-04-28T10:00:00+08:00');
        await engine.ingest(delivery({ occurredAt: '2026-04-28T10:00:00+08:00' }));
        const [thanks] = await ofType(engine, 'thankYou');
        // Open at once (the week starts on the delivery date). One week after Tuesday 28 April is
        // Tuesday 5 May, inside 劳动节 (1–5 May): due at the end of Thursday 30 April instead.
        expect(thanks).toMatchObject({
          state: 'open',
          duty: { key: 'thank-you-after-purchase' },
          window: { opensAt: bj('2026-04-28T00:00:00'), dueAt: bj('2026-04-30T17:30:00') },
        });
      });

      it('a re-delivered or corrected delivery does not thank twice', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        await engine.ingest(delivery({ sourceId: 'DMS-DEL-1-REOPENED' }));
        await engine.ingest(delivery({ extras: { note: 'corrected' } }));
        expect(await ofType(engine, 'thankYou')).toHaveLength(1);
      });
    });

    describe('new-car usage check 2–3 weeks after delivery', () => {
      it('[003] "在新车提车后的2~3周内,询问车主的使用情况": opens in week 2, due at week 3', async () => {
        const { engine, clock } = setup();
        await engine.ingest(delivery());
        const [check] = await ofType(engine, 'usageCheck');
        // Delivered Monday 2 March: two weeks is Monday 16 March, three weeks Monday 23 March.
        expect(check).toMatchObject({
          state: 'scheduled',
          window: { opensAt: bj('2026-03-16T08:30:00'), dueAt: bj('2026-03-23T17:30:00') },
        });
        clock.set(new Date(bj('2026-03-16T08:30:00')));
        await engine.tick();
        expect((await engine.getVisit({ dealerId: DEALER, id: check!.id })).state).toBe('open');
      });

      it('[003] a window that falls in 国庆 opens on the first working day after it', async () => {
        const { engine } = setup('2026-09-17T10:00:00+08:00');
        await engine.ingest(delivery({ occurredAt: '2026-09-17T10:00:00+08:00' }));
        const [check] = await ofType(engine, 'usageCheck');
        // Thursday 17 September + 2 weeks = 1 October (holiday to the 7th): opens Thursday
        // 8 October; + 3 weeks = 8 October too, so it is due at the end of that day.
        expect(check!.window).toMatchObject({
          opensAt: bj('2026-10-08T08:30:00'),
          dueAt: bj('2026-10-08T17:30:00'),
        });
      });
    });

    describe('first-maintenance reminder within 3 months, by time or mileage', () => {
      it('[001] "三个月内对购车的用户进行首保的招揽工作": in the third month after delivery', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        const [reminder] = await ofType(engine, 'firstMaintenance');
        // 2 months after 2 March is Saturday 2 May (劳动节): opens Wednesday 6 May; 3 months is
        // Tuesday 2 June, a working day: due at its end.
        expect(reminder).toMatchObject({
          state: 'scheduled',
          duty: { key: 'first-maintenance' },
          window: { opensAt: bj('2026-05-06T08:30:00'), dueAt: bj('2026-06-02T17:30:00') },
        });
      });

      it('[001] "确保客户接受到…避免因为耽误首保时间": the first maintenance done cancels it, durably', async () => {
        const { engine, clock, types } = setup();
        await engine.ingest(delivery());
        const [reminder] = await ofType(engine, 'firstMaintenance');
        clock.set(new Date(bj('2026-04-10T10:00:00')));
        await engine.ingest(
          repair({
            sourceId: 'DMS-RO-FM',
            occurredAt: '2026-04-10T10:00:00+08:00',
            customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
            vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001' },
            repairOrderId: 'RO-FM',
            repairKind: 'maintenance',
          }),
        );
        const cancelled = await engine.getVisit({ dealerId: DEALER, id: reminder!.id });
        expect(cancelled.state).toBe('cancelled');
        expect(cancelled.history.at(-1)?.reason).toBe(
          'duty first-maintenance ended by repair.settled',
        );
        // A correction of the delivery later, and the window's time passing, change nothing.
        await engine.ingest(delivery({ extras: { corrected: true } }));
        clock.set(new Date(bj('2026-06-03T09:00:00')));
        await engine.tick();
        expect((await ofType(engine, 'firstMaintenance')).map((v) => v.state)).toEqual([
          'cancelled',
        ]);
        expect(types()).toContain('visit.cancelled');
      });

      it('[001][002] a repair reporting the first-maintenance mileage moves the reminder forward, once', async () => {
        const { engine, clock } = setup();
        await engine.ingest(delivery());
        const [byTime] = await ofType(engine, 'firstMaintenance');
        clock.set(new Date(bj('2026-04-01T10:00:00')));
        const mileageRepair = (sourceId: string, mileageKm: number, occurredAt: string) =>
          repair({
            sourceId,
            occurredAt,
            customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
            vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001', mileageKm },
            repairOrderId: sourceId,
            repairKind: 'general',
          });
        await engine.ingest(mileageRepair('RO-KM-1', 5200, '2026-04-01T10:00:00+08:00'));
        const all = await ofType(engine, 'firstMaintenance');
        expect(all.find((v) => v.id === byTime!.id)?.state).toBe('cancelled');
        const byMileage = all.filter((v) => v.state !== 'cancelled');
        // Wednesday 1 April + 3 working days: 2, 3 and (after 清明, 4–6 April) 7 April.
        expect(byMileage).toHaveLength(1);
        expect(byMileage[0]).toMatchObject({
          state: 'open',
          ruleId: 'first-maintenance-by-mileage',
          window: { dueAt: bj('2026-04-07T17:30:00') },
        });
        // A later repair with more mileage is due later: the earlier reminder stays.
        clock.set(new Date(bj('2026-04-02T10:00:00')));
        await engine.ingest(mileageRepair('RO-KM-2', 5400, '2026-04-02T10:00:00+08:00'));
        expect(
          (await ofType(engine, 'firstMaintenance')).filter((v) => v.state !== 'cancelled'),
        ).toEqual([expect.objectContaining({ id: byMileage[0]!.id })]);
      });

      it('mileage never starts a reminder the vehicle no longer owes', async () => {
        const { engine } = setup();
        await engine.ingest(
          repair({ vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002', mileageKm: 8000 } }),
        );
        expect(await ofType(engine, 'firstMaintenance')).toEqual([]);
      });
    });

    describe('customers not seen for 3+ months become dormant', () => {
      it('[001] "针对三个月或三个月以上的客户…招揽客户来店保养维修": dormant and solicited after 3 months', async () => {
        const { engine, clock } = setup();
        await engine.ingest(repair());
        expect((await engine.getCustomer({ dealerId: DEALER, id: 'c2' })).state).toBe('active');
        const [solicit] = await ofType(engine, 'maintenanceSolicitation');
        // Serviced Monday 2 March: 3 months is Tuesday 2 June (opens), 15 weeks Monday 15 June.
        expect(solicit).toMatchObject({
          state: 'scheduled',
          duty: { key: 'dormancy', triggeredAt: bj('2026-03-02T08:50:00') },
          window: { opensAt: bj('2026-06-02T08:30:00'), dueAt: bj('2026-06-15T17:30:00') },
        });
        clock.set(new Date(bj('2026-06-02T08:30:00')));
        await engine.tick();
        expect((await engine.getVisit({ dealerId: DEALER, id: solicit!.id })).state).toBe('open');
        expect((await engine.getCustomer({ dealerId: DEALER, id: 'c2' })).state).toBe('dormant');
        // Any service brings the customer back and re-arms the duty from that service.
        clock.set(new Date(bj('2026-06-05T10:00:00')));
        await engine.ingest(
          repair({
            sourceId: 'DMS-RO-2',
            occurredAt: '2026-06-05T10:00:00+08:00',
            repairOrderId: 'RO-2',
            repairKind: 'general',
          }),
        );
        expect((await engine.getCustomer({ dealerId: DEALER, id: 'c2' })).state).toBe('active');
        const visits = await ofType(engine, 'maintenanceSolicitation');
        expect(visits.map((v) => v.state).sort()).toEqual(['cancelled', 'scheduled']);
        // 5 June + 3 months = Saturday 5 September: opens Monday 7 September.
        expect(visits.find((v) => v.state === 'scheduled')?.window.opensAt).toBe(
          bj('2026-09-07T08:30:00'),
        );
      });

      it('an older service arriving late, or the same one again, does not re-arm', async () => {
        const { engine } = setup('2026-05-20T10:00:00+08:00');
        await engine.ingest(repair({ occurredAt: '2026-05-20T10:00:00+08:00' }));
        const [first] = await ofType(engine, 'maintenanceSolicitation');
        await engine.ingest(
          repair({
            sourceId: 'DMS-RO-OLD',
            occurredAt: '2026-04-01T10:00:00+08:00',
            repairOrderId: 'RO-OLD',
            repairKind: 'general',
          }),
        );
        await engine.ingest(repair({ occurredAt: '2026-05-20T10:00:00+08:00' }));
        const visits = await ofType(engine, 'maintenanceSolicitation');
        expect(visits).toEqual([expect.objectContaining({ id: first!.id, state: 'scheduled' })]);
      });
    });

    describe('lost customers with a cause', () => {
      it('[001] "主动跟踪失联客户,找出原因": a dormant customer marked lost with the cause, counted', async () => {
        const { engine, clock, seen } = setup();
        await engine.ingest(repair());
        clock.set(new Date(bj('2026-06-02T09:00:00')));
        await engine.tick();
        const lost = await engine.markCustomerLost({
          dealerId: DEALER,
          customerId: 'c2',
          actor: csManager,
          cause: 'otherDealer',
          note: '去了另一家4S店',
        });
        expect(lost).toMatchObject({ state: 'lost', lost: { cause: 'otherDealer' } });
        expect(seen.find((e) => e.type === 'customer.lost')?.data).toEqual({
          cause: 'otherDealer',
          note: '去了另一家4S店',
          from: 'dormant',
        });
        const counts = await engine.lostCustomers({ dealerId: DEALER });
        expect(counts.total).toBe(1);
        expect(counts.byCause.otherDealer).toBe(1);
        expect(counts.byCause.price).toBe(0);
      });

      it('refuses an active customer, a follow-up agent, the system and an unknown cause, writing nothing', async () => {
        const { engine, clock } = setup();
        await engine.ingest(repair());
        const input = {
          dealerId: DEALER,
          customerId: 'c2',
          actor: csManager,
          cause: 'price',
        } as const;
        // Active (just serviced): only dormant or unreachable customers can be lost.
        await expect(engine.markCustomerLost(input)).rejects.toMatchObject({
          code: 'TRANSITION_NOT_ALLOWED',
        });
        clock.set(new Date(bj('2026-06-02T09:00:00')));
        await engine.tick();
        // Dormant now: still only the CS or after-sales manager, in person, with a known cause.
        await expect(engine.markCustomerLost({ ...input, actor: agent })).rejects.toMatchObject({
          code: 'PERMISSION_DENIED',
        });
        await expect(
          engine.markCustomerLost({ ...input, actor: { kind: 'system', id: 'system' } }),
        ).rejects.toMatchObject({ code: 'REAL_NAME_REQUIRED' });
        await expect(
          engine.markCustomerLost({ ...input, cause: 'aliens' } as never),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        const c = await engine.getCustomer({ dealerId: DEALER, id: 'c2' });
        expect(c.state).toBe('dormant');
        expect(c.lost).toBeUndefined();
        expect((await engine.lostCustomers({ dealerId: DEALER })).total).toBe(0);
      });
    });

    describe('appointment reminder and the day-before preparation', () => {
      it('[003] "在预约时间前…提醒客户" and "提前一天向备件经理了解预约所需备件": the working day before', async () => {
        const { engine } = setup();
        await engine.ingest(appointment({}));
        // Appointment Monday 9 March 09:00: the working day before is Friday 6 March.
        for (const type of ['appointmentReminder', 'appointmentPreparation']) {
          const [v] = await ofType(engine, type);
          expect(v).toMatchObject({
            state: 'scheduled',
            window: {
              opensAt: bj('2026-03-06T08:30:00'),
              dueAt: bj('2026-03-06T17:30:00'),
              anchoredAt: bj('2026-03-09T09:00:00'),
            },
          });
        }
      });

      it('[003] a rebooking moves them; the day before 8 October is 30 September (国庆)', async () => {
        const { engine } = setup();
        await engine.ingest(appointment({}));
        await engine.ingest(
          appointment({
            sourceId: 'DMS-APT-2',
            occurredAt: '2026-03-02T11:00:00+08:00',
            appointmentAt: '2026-10-08T09:00:00+08:00',
          }),
        );
        const reminders = await ofType(engine, 'appointmentReminder');
        expect(reminders.map((v) => v.state).sort()).toEqual(['cancelled', 'scheduled']);
        expect(reminders.find((v) => v.state === 'scheduled')?.window).toMatchObject({
          opensAt: bj('2026-09-30T08:30:00'),
          dueAt: bj('2026-09-30T17:30:00'),
        });
      });

      it('an appointment booked for today gets no reminder the day before', async () => {
        const { engine } = setup();
        await engine.ingest(appointment({ appointmentAt: '2026-03-02T15:00:00+08:00' }));
        expect(await ofType(engine, 'appointmentReminder')).toEqual([]);
      });
    });

    describe('birthday care where consented', () => {
      const consenting = {
        id: 'c1',
        name: '张三',
        phones: [{ number: '13812345678' }],
        birthday: '1990-03-20',
        consent: { followUp: true, marketing: true },
      };

      it('[001] "生日的祝福(赠送礼品、发送祝福短信及电话)": by the birthday, then the next year', async () => {
        const { engine, clock } = setup();
        await engine.ingest(delivery({ customer: consenting }));
        const [care] = await ofType(engine, 'birthdayCare');
        // Birthday Friday 20 March: opens 3 days before (Tuesday 17 March), due at its end.
        expect(care).toMatchObject({
          state: 'scheduled',
          window: { opensAt: bj('2026-03-17T08:30:00'), dueAt: bj('2026-03-20T17:30:00') },
        });
        clock.set(new Date(bj('2026-03-18T10:00:00')));
        await engine.tick();
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId: care!.id,
          actor: agent,
          outcome: 'connected',
        });
        await engine.completeVisit({ dealerId: DEALER, visitId: care!.id, actor: agent });
        const next = (await ofType(engine, 'birthdayCare')).find((v) => v.id !== care!.id);
        // 20 March 2027 is a Saturday: due Friday 19 March, opens Wednesday 17 March (2027 has
        // no holiday notice yet: the window is provisional).
        expect(next).toMatchObject({
          state: 'scheduled',
          window: {
            opensAt: bj('2027-03-17T08:30:00'),
            dueAt: bj('2027-03-19T17:30:00'),
            provisional: true,
          },
        });
      });

      it('[001] nobody without marketing consent', async () => {
        const { engine } = setup();
        await engine.ingest(
          delivery({ customer: { ...consenting, consent: { followUp: true, marketing: false } } }),
        );
        expect(await ofType(engine, 'birthdayCare')).toEqual([]);
      });
    });

    describe('duty invariants (property)', () => {
      it('whatever services arrive (late, repeated, out of order), one dormancy duty is pending, armed by the latest', async () => {
        const base = Date.parse('2026-03-02T09:00:00+08:00');
        await fc.assert(
          fc.asyncProperty(
            fc.array(
              fc.record({
                day: fc.integer({ min: 0, max: 60 }),
                minute: fc.integer({ min: 0, max: 600 }),
                repeat: fc.boolean(),
              }),
              { minLength: 1, maxLength: 6 },
            ),
            async (services) => {
              const { engine } = setup('2026-05-05T09:00:00+08:00');
              const times: number[] = [];
              for (const [i, s] of services.entries()) {
                const at = base + s.day * 86_400_000 + s.minute * 60_000;
                times.push(at);
                const event = repair({
                  sourceId: `RO-P-${i}`,
                  occurredAt: new Date(at).toISOString(),
                  repairOrderId: `RO-P-${i}`,
                  repairKind: 'general',
                });
                await engine.ingest(event);
                if (s.repeat) await engine.ingest(event);
              }
              const visits = await ofType(engine, 'maintenanceSolicitation');
              const pending = visits.filter((v) => v.state !== 'cancelled');
              expect(pending).toHaveLength(1);
              expect(pending[0]!.duty?.triggeredAt).toBe(
                new Date(Math.max(...times)).toISOString(),
              );
              // No service armed the duty twice (repeats and older services change nothing).
              const armed = visits.map((v) => Date.parse(v.duty!.triggeredAt));
              expect(new Set(armed).size).toBe(armed.length);
            },
          ),
          { numRuns: runs(15) },
        );
      });
    });
  });
}

import { describe, expect, it } from 'vitest';
import {
  type DealercareError,
  type DmsEventInput,
  type Issue,
  RECORD_KINDS,
  type StorageAdapter,
  ValidationError,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, csManager, DEALER, delivery, onAdapter, repair, serviceManager } from './setup';

/** Everything the adapter holds for the dealer: records of every kind, the event log, timers. */
async function snapshot(storage: StorageAdapter): Promise<string> {
  return storage.transaction(async (tx) => {
    const records: Record<string, unknown> = {};
    for (const kind of RECORD_KINDS) records[kind] = await tx.query({ kind, dealerId: DEALER });
    const events = await tx.readEvents({ dealerId: DEALER });
    const timers = await tx.dueTimers(Date.parse('2100-01-01T00:00:00Z'), 100_000);
    return JSON.stringify({ records, events, timers });
  });
}

async function failure(p: Promise<unknown>): Promise<ValidationError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof ValidationError)) {
    throw new Error(`expected VALIDATION_FAILED, got ${(e as DealercareError)?.code ?? 'success'}`);
  }
  return e;
}

const paths = (issues: readonly Issue[]) => issues.map((i) => i.path);

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, freshStorage } = onAdapter(adapter);

    /** An engine with one delivered customer (visit open), one complaint and one opinion case. */
    async function world() {
      const storage = freshStorage();
      const w = setup('2026-03-02T09:00:00+08:00', { storage });
      const { visitIds } = await w.engine.ingest(delivery());
      const visitId = visitIds[0]!;
      const complaint = await w.engine.openComplaint({
        dealerId: DEALER,
        actor: csManager,
        customerId: 'c1',
        source: 'inboundCall',
        description: '等待时间太长',
      });
      const opinion = await w.engine.recordOpinion({
        dealerId: DEALER,
        actor: agent,
        customerId: 'c1',
        problem: '等待时间太长',
        department: 'afterSales',
        responsibleRole: 'afterSalesManager',
      });
      return { ...w, storage, visitId, complaintId: complaint.id, caseId: opinion.id };
    }

    describe('unknown keys in DMS events', () => {
      const deeper: [string, DmsEventInput, (string | number)[]][] = [
        ['envelope', { ...delivery(), dealer: 'd1' } as never, ['dealer']],
        [
          'customer',
          delivery({ customer: { id: 'c1', name: '张三', mobile: '13812345678' } as never }),
          ['customer', 'mobile'],
        ],
        [
          'vehicle',
          delivery({ vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001', colour: '白' } as never }),
          ['vehicle', 'colour'],
        ],
        [
          'a phone',
          delivery({
            customer: {
              id: 'c1',
              name: '张三',
              phones: [{ number: '13812345678', kind: 'mobile' }],
            },
          } as never),
          ['customer', 'phones', 0, 'kind'],
        ],
        [
          'the contact person',
          delivery({
            customer: {
              id: 'c1',
              name: '张三',
              contactPerson: { name: '李四', tel: '13900001111' },
            },
          } as never),
          ['customer', 'contactPerson', 'tel'],
        ],
        [
          'preferences',
          delivery({
            customer: { id: 'c1', name: '张三', preferences: { noPhoneCall: true } },
          } as never),
          ['customer', 'preferences', 'noPhoneCall'],
        ],
        [
          'consent',
          delivery({ customer: { id: 'c1', name: '张三', consent: { sms: true } } } as never),
          ['customer', 'consent', 'sms'],
        ],
      ];

      for (const [where, event, path] of deeper) {
        it(`are refused in ${where}, with the path, and nothing is written`, async () => {
          const storage = freshStorage();
          const { engine } = setup(undefined, { storage });
          const before = await snapshot(storage);
          const e = await failure(engine.ingest(event));
          expect(e.code).toBe('VALIDATION_FAILED');
          expect(paths(e.issues)).toEqual([path]);
          expect(e.issues[0]!.code).toBe('unrecognized_keys');
          expect(await snapshot(storage)).toBe(before);
        });
      }

      it('refuse `pickedup: false` instead of dropping it; the corrected re-send is not a duplicate', async () => {
        const storage = freshStorage();
        const { engine } = setup(undefined, { storage });
        const before = await snapshot(storage);
        const e = await failure(engine.ingest(repair({ pickedup: false } as never)));
        expect(e.issues).toEqual([
          {
            path: ['pickedup'],
            message: 'unknown key "pickedup" (did you mean "pickedUp"?)',
            code: 'unrecognized_keys',
          },
        ]);
        expect(await snapshot(storage)).toBe(before);
        // The source id was not claimed: the fixed event goes through, and nobody is called.
        const fixed = await engine.ingest(repair({ pickedUp: false }));
        expect(fixed.status).toBe('ingested');
        const visit = await engine.getVisit(DEALER, fixed.visitIds[0]!);
        expect(visit.state).toBe('doNotVisit');
      });

      it('give every unknown key its own path, under the batch index in ingestMany', async () => {
        const storage = freshStorage();
        const { engine } = setup(undefined, { storage });
        const before = await snapshot(storage);
        const e = await failure(
          engine.ingestMany([
            delivery(),
            repair({
              vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002', km: 1, color: 'x' },
            } as never),
          ]),
        );
        expect(paths(e.issues)).toEqual([
          [1, 'vehicle', 'km'],
          [1, 'vehicle', 'color'],
        ]);
        expect(await snapshot(storage)).toBe(before);
      });
    });

    describe('unknown keys in command inputs', () => {
      it('are refused in every command and list query, with the path, and nothing is written', async () => {
        const w = await world();
        const { engine, visitId, complaintId, caseId } = w;
        const base = { dealerId: DEALER, actor: agent };
        const cases: [string, () => Promise<unknown>, (string | number)[]][] = [
          [
            'recordAttempt',
            () => engine.recordAttempt({ ...base, visitId, outcome: 'busy', seconds: 30 } as never),
            ['seconds'],
          ],
          [
            'recordAttempt actor',
            () =>
              engine.recordAttempt({
                ...base,
                actor: { ...agent, team: 'A' },
                visitId,
                outcome: 'busy',
              } as never),
            ['actor', 'team'],
          ],
          [
            'completeVisit',
            () => engine.completeVisit({ ...base, visitId, answers: {}, score: 9 } as never),
            ['score'],
          ],
          [
            'correctPhone',
            () =>
              engine.correctPhone({ ...base, visitId, phone: '13912345678', owner: true } as never),
            ['owner'],
          ],
          [
            'moveVisit',
            () => engine.moveVisit({ ...base, visitId, command: 'cancel', why: 'x' } as never),
            ['why'],
          ],
          [
            'openComplaint',
            () =>
              engine.openComplaint({
                ...base,
                actor: csManager,
                customerId: 'c1',
                source: 'inboundCall',
                description: '异响',
                priority: 'high',
              } as never),
            ['priority'],
          ],
          [
            'moveComplaint (a field of another command)',
            () =>
              engine.moveComplaint({
                ...base,
                actor: serviceManager,
                complaintId,
                command: 'classify',
                category: 'repairPrice',
                solution: '打折',
              } as never),
            ['solution'],
          ],
          [
            'escalateComplaint',
            () =>
              engine.escalateComplaint({
                ...base,
                actor: csManager,
                complaintId,
                reason: '客户再次来电',
                tier: 3,
              } as never),
            ['tier'],
          ],
          [
            'recordOpinion',
            () =>
              engine.recordOpinion({
                ...base,
                customerId: 'c1',
                problem: '价格',
                department: 'afterSales',
                responsibleRole: 'afterSalesManager',
                dept: 'x',
              } as never),
            ['dept'],
          ],
          [
            'moveOpinionCase',
            () =>
              engine.moveOpinionCase({ ...base, caseId, command: 'sendForm', to: 'x' } as never),
            ['to'],
          ],
          [
            'listVisits (state for status)',
            () => engine.listVisits({ dealerId: DEALER, state: 'open' } as never),
            ['state'],
          ],
          [
            'listComplaints',
            () => engine.listComplaints({ dealerId: DEALER, owner: 'x' } as never),
            ['owner'],
          ],
          [
            'listOpinionCases',
            () => engine.listOpinionCases({ dealerId: DEALER, limit: 5, page: 2 } as never),
            ['page'],
          ],
        ];
        for (const [name, run, path] of cases) {
          const before = await snapshot(w.storage);
          const n = w.seen.length;
          const e = await failure(run());
          expect(paths(e.issues), name).toEqual([path]);
          expect(await snapshot(w.storage), name).toBe(before);
          expect(w.seen.length, name).toBe(n);
        }
      });

      it('refuse answers to items the survey does not have, naming the item', async () => {
        const w = await world();
        const { engine, visitId } = w;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'connected',
        });
        const visit = await engine.getVisit(DEALER, visitId);
        expect(visit.surveyId).toBeDefined();
        const before = await snapshot(w.storage);
        for (const answers of [{ noSuchItem: 5 }, JSON.parse('{"__proto__": 5}')]) {
          const e = await failure(
            engine.completeVisit({ dealerId: DEALER, visitId, actor: agent, answers }),
          );
          expect(paths(e.issues)).toEqual([['answers', Object.keys(answers)[0]!]]);
        }
        expect(await snapshot(w.storage)).toBe(before);
      });
    });

    describe('timestamps without an offset', () => {
      it('are refused with a message that says the offset is missing and shows one', async () => {
        const storage = freshStorage();
        const { engine } = setup(undefined, { storage });
        const e = await failure(engine.ingest(delivery({ occurredAt: '2026-03-02T09:00:00' })));
        expect(paths(e.issues)).toEqual([['occurredAt']]);
        expect(e.issues[0]!.message).toMatch(/no UTC offset/);
        expect(e.issues[0]!.message).toContain('2026-03-02T09:00:00+08:00');
        expect(e.message).toContain('occurredAt: timestamp has no UTC offset');
      });

      it('are refused in commands too (callBackAt), while any offset is read as the instant it names', async () => {
        const w = await world();
        const { engine, visitId } = w;
        const e = await failure(
          engine.recordAttempt({
            dealerId: DEALER,
            visitId,
            actor: agent,
            outcome: 'call-back-later',
            callBackAt: '2026-03-03T10:00',
          }),
        );
        expect(paths(e.issues)).toEqual([['callBackAt']]);
        expect(e.issues[0]!.message).toMatch(/no UTC offset/);
        const v = await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'call-back-later',
          callBackAt: '2026-03-03T03:00:00+01:00',
        });
        expect(v.attempts.at(-1)!.callBackAt).toBe('2026-03-03T02:00:00.000Z');
      });

      it('that are not timestamps at all keep the plain message', async () => {
        const { engine } = setup();
        const e = await failure(engine.ingest(delivery({ occurredAt: 'yesterday' })));
        expect(e.issues[0]!.message).not.toMatch(/offset/);
      });
    });
  });
}

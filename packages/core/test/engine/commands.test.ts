import { describe, expect, it } from 'vitest';
import type { DealercareError, Visit } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, DELIVERY_VISIT_TYPES, delivery, onAdapter } from './setup';

async function errorOf(p: Promise<unknown>): Promise<DealercareError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (e === undefined) throw new Error('expected the command to fail');
  return e as DealercareError;
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('commands', () => {
      it('fail on a stale expectedVersion with VERSION_CONFLICT and change nothing', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const visitId = visitIds[0]!;
        const v1 = await engine.getVisit(DEALER, visitId);
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'busy',
          expectedVersion: v1.version,
        });
        const err = await errorOf(
          engine.recordAttempt({
            dealerId: DEALER,
            visitId,
            actor: agent,
            outcome: 'busy',
            expectedVersion: v1.version,
          }),
        );
        expect(err.code).toBe('VERSION_CONFLICT');
        expect((await engine.getVisit(DEALER, visitId)).attempts).toHaveLength(1);
      });

      it('reject a rejected transition without writing, announcing or touching history', async () => {
        const { engine, seen } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const visitId = visitIds[0]!;
        const before: Visit = await engine.getVisit(DEALER, visitId);
        const n = seen.length;
        const events = (await engine.readEvents(DEALER)).length;
        // One at a time: each is awaited as soon as it starts (a slower store must not leave a
        // rejection unhandled while an earlier one is awaited).
        for (const command of [
          () => engine.completeVisit({ dealerId: DEALER, visitId, actor: agent, answers: {} }), // no connected attempt
          () =>
            engine.recordAttempt({
              dealerId: DEALER,
              visitId,
              actor: { kind: 'system', id: 'system' },
              outcome: 'busy',
            }),
          () => engine.moveVisit({ dealerId: DEALER, visitId, actor: agent, command: 'cancel' }),
          () =>
            engine.recordAttempt({
              dealerId: DEALER,
              visitId,
              actor: agent,
              outcome: 'unheard-of' as never,
            }),
        ]) {
          expect([
            'TRANSITION_NOT_ALLOWED',
            'REAL_NAME_REQUIRED',
            'PERMISSION_DENIED',
            'VALIDATION_FAILED',
          ]).toContain((await errorOf(command())).code);
        }
        expect(await engine.getVisit(DEALER, visitId)).toEqual(before);
        expect(seen).toHaveLength(n);
        expect(await engine.readEvents(DEALER)).toHaveLength(events);
      });

      it('rolls back the whole command when a late step fails (survey answer out of range)', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const visitId = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'connected',
        });
        const before = await engine.getVisit(DEALER, visitId);
        const err = (await errorOf(
          engine.completeVisit({
            dealerId: DEALER,
            visitId,
            actor: agent,
            answers: { reception: 11 },
          }),
        )) as DealercareError & { issues: { path: string[] }[] };
        expect(err.code).toBe('VALIDATION_FAILED');
        expect(err.issues[0]?.path).toEqual(['answers', 'reception']);
        expect(await engine.getVisit(DEALER, visitId)).toEqual(before);
      });

      it('announce events only after the transaction committed (a listener sees the stored state)', async () => {
        const { engine } = setup();
        const states: string[] = [];
        const reads: Promise<unknown>[] = [];
        engine.on('visit.completed', (e) => {
          reads.push(engine.getVisit(DEALER, e.subject.id).then((v) => states.push(v.state)));
        });
        const { visitIds } = await engine.ingest(delivery());
        const visitId = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'connected',
        });
        await engine.completeVisit({
          dealerId: DEALER,
          visitId,
          actor: agent,
          answers: { reception: 9 },
        });
        await Promise.all(reads);
        expect(states).toEqual(['completed']);
      });

      it('a throwing listener does not undo or fail the command', async () => {
        const errors: unknown[] = [];
        const { engine } = setup(undefined, { onListenerError: (e) => errors.push(e) });
        engine.on('visit.scheduled', () => {
          throw new Error('sms gateway down');
        });
        const r = await engine.ingest(delivery());
        expect(r.status).toBe('ingested');
        // One failure per visit the delivery scheduled, and every visit is still there.
        expect(errors).toHaveLength(DELIVERY_VISIT_TYPES.length);
        expect(await engine.listVisits({ dealerId: DEALER })).toHaveLength(
          DELIVERY_VISIT_TYPES.length,
        );
      });

      it('schedules the second-level visit on working days 5–8 after the first-level one', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const visitId = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'connected',
        });
        await engine.completeVisit({
          dealerId: DEALER,
          visitId,
          actor: agent,
          answers: { reception: 9, courtesy: 9 },
        });
        const second = (await engine.listVisits({ dealerId: DEALER })).find(
          (v) => v.type === 'secondLevel',
        )!;
        // Completed Mon 2026-03-02 → working day 5 = Mon 03-09 (opens 08:30), day 8 = Thu 03-12 (ends 17:30), Beijing.
        expect(second.window).toEqual({
          opensAt: '2026-03-09T00:30:00.000Z',
          dueAt: '2026-03-12T09:30:00.000Z',
          anchoredAt: '2026-03-02T01:00:00.000Z', // the completion, Mon 09:00 Beijing
        });
        expect(second.state).toBe('scheduled');
        expect(second.subject.previousVisitId).toBe(visitId);
      });
    });

    describe('who a visit belongs to', () => {
      it('the first person to call takes it; later callers do not', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const visitId = visitIds[0]!;
        expect((await engine.getVisit(DEALER, visitId)).assignee.actorId).toBeUndefined();
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'no-answer',
        });
        const other = {
          kind: 'person',
          id: 'agent-2',
          name: '李娜',
          roles: ['followUpAgent'],
        } as const;
        await engine.recordAttempt({ dealerId: DEALER, visitId, actor: other, outcome: 'busy' });
        const v = await engine.getVisit(DEALER, visitId);
        expect(v.assignee).toEqual({ role: 'followUpAgent', actorId: agent.id, name: '王芳' });
        const mine = await engine.listVisits({ dealerId: DEALER, assigneeId: agent.id });
        expect(mine.map((x) => x.id)).toEqual([visitId]);
      });
    });
  });
}

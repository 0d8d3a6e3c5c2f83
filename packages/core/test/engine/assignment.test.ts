/**
 * 派单: visits, complaints and opinion cases given to named people — by hand, by claim, or by the
 * pack's strategies among the staff on duty — and a person's open work moved in one command.
 */
import { describe, expect, it } from 'vitest';
import { type Actor, loadRulePack, type Visit } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { csManager, DEALER, delivery, onAdapter, repair } from './setup';

const wang: Actor = { kind: 'person', id: 'agent-wang', name: '王芳', roles: ['followUpAgent'] };
const li = { id: 'agent-li', name: '李娜', roles: ['followUpAgent'] };
const zhao = { id: 'agent-zhao', name: '赵磊', roles: ['followUpAgent'] };
const zhang = { id: 'agent-zhang', name: '张敏', roles: ['followUpAgent'] };

function withAssignment(assignment: unknown[]) {
  return loadRulePack({ id: 'desk', version: '1', extends: 'default', assignment });
}

const customer = (i: number) => ({
  sourceId: `D-${i}`,
  customer: { id: `c-${i}`, name: `客户${i}`, phones: [{ number: `1381234567${i}` }] },
  vehicle: { id: `v-${i}`, vin: `LGWEF4A59RH00000${i}` },
});

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('assigning by hand and claiming', () => {
      it('assigns a visit to a named person with its role, on its history and announced', async () => {
        const { engine, seen } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const v = (await engine.assign({
          dealerId: DEALER,
          item: { kind: 'visit', id: visitIds[0]! },
          assignee: li,
          actor: csManager,
        })) as Visit;
        expect(v.assignee).toEqual({ role: 'followUpAgent', actorId: 'agent-li', name: '李娜' });
        expect(v.history.at(-1)).toMatchObject({ command: 'assign', reason: 'to 李娜' });
        expect(seen.at(-1)).toMatchObject({
          type: 'visit.assigned',
          data: { assigneeId: 'agent-li', previousAssigneeId: null, how: 'manual' },
        });
        expect(await engine.listVisits({ dealerId: DEALER, assigneeId: 'agent-li' })).toHaveLength(
          1,
        );
        // reassigning says so
        await engine.assign({
          dealerId: DEALER,
          item: { kind: 'visit', id: visitIds[0]! },
          assignee: zhao,
          actor: csManager,
        });
        expect(seen.at(-1)?.data).toMatchObject({
          previousAssigneeId: 'agent-li',
          how: 'reassign',
        });
      });

      it('refuses a person without the role the item needs, and a person-only claim by the system', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(delivery());
        await expect(
          engine.assign({
            dealerId: DEALER,
            item: { kind: 'visit', id: visitIds[0]! },
            assignee: { id: 'sa-1', name: '周强', roles: ['serviceAdvisor'] },
            actor: csManager,
          }),
        ).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          issues: [{ path: ['assignee', 'roles'] }],
        });
        await expect(
          engine.assign({
            dealerId: DEALER,
            item: { kind: 'visit', id: visitIds[0]! },
            assignee: li,
            actor: wang, // an agent may not hand out work
          }),
        ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
      });

      it('gives a complaint a named owner, so listComplaints({ assigneeId }) finds it', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        const c = await engine.openComplaint({
          dealerId: DEALER,
          actor: csManager,
          customerId: 'c1',
          source: 'inboundCall',
          description: '异响',
          category: 'repairTechnique',
        });
        await engine.assign({
          dealerId: DEALER,
          item: { kind: 'complaint', id: c.id },
          assignee: { id: 'td-1', name: '孙伟', roles: ['technicalDirector'] },
          actor: csManager,
        });
        const mine = await engine.listComplaints({ dealerId: DEALER, assigneeId: 'td-1' });
        expect(mine.map((x) => x.owner)).toEqual([
          { role: 'technicalDirector', actorId: 'td-1', name: '孙伟' },
        ]);
      });

      it('lets a person with the role claim an item under their real name', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const v = (await engine.claim({
          dealerId: DEALER,
          item: { kind: 'visit', id: visitIds[0]! },
          actor: wang,
        })) as Visit;
        expect(v.assignee).toMatchObject({ actorId: 'agent-wang', name: '王芳' });
        await expect(
          engine.claim({
            dealerId: DEALER,
            item: { kind: 'visit', id: visitIds[0]! },
            actor: { kind: 'person', id: 'x', roles: ['followUpAgent'] },
          }),
        ).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          issues: [{ path: ['actor', 'name'] }],
        });
      });
    });

    describe('strategies from the pack', () => {
      async function deskWith(
        strategy: 'roundRobin' | 'leastOpen' | 'previousAgent',
        fallback?: string,
      ) {
        const env = setup('2026-03-02T09:00:00+08:00', {
          // First-level visits only: the thank-you duty [001] opens at once too, and would take
          // a turn of the rotation.
          rules: withAssignment([
            {
              id: 'visits',
              kinds: ['visit'],
              visitTypes: ['firstLevel'],
              strategy,
              ...(fallback ? { fallback } : {}),
            },
          ]),
        });
        for (const m of [li, zhao, zhang]) {
          await env.engine.putStaffMember({ dealerId: DEALER, member: m, actor: csManager });
        }
        return env;
      }

      it('round robin among the agents on duty, skipping one who is off duty', async () => {
        const { engine } = await deskWith('roundRobin');
        await engine.putStaffMember({
          dealerId: DEALER,
          member: { ...zhao, state: 'offDuty' },
          actor: csManager,
        });
        const owners: (string | undefined)[] = [];
        for (let i = 1; i <= 4; i++) {
          const { visitIds } = await engine.ingest(delivery(customer(i)));
          owners.push((await engine.getVisit(DEALER, visitIds[0]!)).assignee.actorId);
        }
        expect(owners).toEqual(['agent-li', 'agent-zhang', 'agent-li', 'agent-zhang']);
      });

      it('least open work first', async () => {
        const { engine } = await deskWith('leastOpen');
        // li has two open visits given by hand (and zhao one); the next goes to zhang, who has none
        const given = [];
        for (let i = 1; i <= 3; i++)
          given.push((await engine.ingest(delivery(customer(i)))).visitIds[0]!);
        for (const [id, who] of [
          [given[0]!, li],
          [given[1]!, li],
          [given[2]!, zhao],
        ] as const) {
          await engine.assign({
            dealerId: DEALER,
            item: { kind: 'visit', id },
            assignee: who,
            actor: csManager,
          });
        }
        const { visitIds } = await engine.ingest(delivery(customer(4)));
        expect((await engine.getVisit(DEALER, visitIds[0]!)).assignee.actorId).toBe('agent-zhang');
        const { visitIds: fifth } = await engine.ingest(delivery(customer(5)));
        // now zhao and zhang have one each: zhao has waited longer
        expect((await engine.getVisit(DEALER, fifth[0]!)).assignee.actorId).toBe('agent-zhao');
      });

      it('the customer’s previous agent when on duty, else the fallback', async () => {
        const { engine } = await deskWith('previousAgent', 'roundRobin');
        const first = await engine.ingest(delivery(customer(1)));
        const firstOwner = (await engine.getVisit(DEALER, first.visitIds[0]!)).assignee.actorId;
        expect(firstOwner).toBeDefined(); // nobody before: the fallback chose
        // A second car for the same customer: its first-level visit opens at once.
        const again = await engine.ingest(
          delivery({
            ...customer(1),
            sourceId: 'DMS-DEL-again',
            vehicle: { id: 'car-again', vin: 'LGWEF4A59RH999999' },
          }),
        );
        expect((await engine.getVisit(DEALER, again.visitIds[0]!)).assignee.actorId).toBe(
          firstOwner,
        );
      });

      it('a special-repair visit in the station manager’s role goes to the station manager, who works it', async () => {
        const pack = loadRulePack({
          id: 'desk',
          version: '1',
          extends: 'default',
          visits: [{ id: 'post-repair-special', visit: { assigneeRole: 'stationManager' } }],
          assignment: [{ id: 'all', strategy: 'roundRobin' }],
        });
        const { engine } = setup('2026-03-02T09:00:00+08:00', { rules: pack });
        const manager = { id: 'sm-9', name: '钱进', roles: ['stationManager'] };
        await engine.putStaffMember({ dealerId: DEALER, member: manager, actor: csManager });
        await engine.putStaffMember({ dealerId: DEALER, member: li, actor: csManager });
        const { visitIds } = await engine.ingest(repair({ repairKind: 'special' }));
        const v = await engine.getVisit(DEALER, visitIds[0]!);
        expect(v.assignee).toEqual({ role: 'stationManager', actorId: 'sm-9', name: '钱进' });
        const attempted = await engine.recordAttempt({
          dealerId: DEALER,
          visitId: v.id,
          actor: { kind: 'person', ...manager },
          outcome: 'connected',
        });
        expect(attempted.state).toBe('attempting');
      });
    });

    describe('moving a person’s open work', () => {
      it('reassigns everything open of an agent who leaves, by the pack’s rules among the others', async () => {
        const { engine } = setup('2026-03-02T09:00:00+08:00', {
          rules: withAssignment([
            // First-level visits only (not the thank-you duty that opens with them [001]).
            { id: 'visits', kinds: ['visit'], visitTypes: ['firstLevel'], strategy: 'roundRobin' },
          ]),
        });
        await engine.putStaffMember({ dealerId: DEALER, member: li, actor: csManager });
        for (let i = 1; i <= 3; i++) await engine.ingest(delivery(customer(i)));
        expect(await engine.listVisits({ dealerId: DEALER, assigneeId: 'agent-li' })).toHaveLength(
          3,
        );
        await engine.putStaffMember({ dealerId: DEALER, member: zhao, actor: csManager });
        await engine.putStaffMember({
          dealerId: DEALER,
          member: { ...li, state: 'left' },
          actor: csManager,
          reason: '离职',
        });
        const r = await engine.reassignOpenWork({
          dealerId: DEALER,
          fromPersonId: 'agent-li',
          actor: csManager,
          reason: '离职交接',
        });
        expect(r).toEqual({ visit: 3, complaint: 0, opinionCase: 0, backToRole: 0 });
        expect(await engine.listVisits({ dealerId: DEALER, assigneeId: 'agent-li' })).toEqual([]);
        expect(
          await engine.listVisits({ dealerId: DEALER, assigneeId: 'agent-zhao' }),
        ).toHaveLength(3);
      });
    });
  });
}

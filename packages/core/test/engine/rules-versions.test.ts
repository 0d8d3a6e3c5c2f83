/**
 * Packs per dealer and packs with effective dates: a dealer group's engine gives each dealer its
 * pack; a new version scheduled for a date takes effect then (a durable timer), pinning or
 * recomputing the open items as it says, and every item records the version it was made under.
 */
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createFakeClock,
  defaultRulePack,
  loadRulePack,
  SHIPPED_PACKS,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { csManager, DEALER, delivery, onAdapter, WITHOUT_DUTIES } from './setup';

const bj = (local: string) => new Date(`${local}+08:00`);

/** The default pack with the first-level visit due on working day 5 and complaints in 4 days. */
const slower = loadRulePack({
  id: 'slower',
  version: '2',
  extends: 'default',
  visits: [{ id: 'first-level-after-delivery', visit: { window: { workingDays: 5 } } }],
  complaints: { resolveWithin: { workingDays: 4 } },
});

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, freshStorage } = onAdapter(adapter);

    describe('packs per dealer', () => {
      it('each dealer gets its own pack from one engine, and one dealer’s change stays its own', async () => {
        const gw = loadRulePack(SHIPPED_PACKS['great-wall']);
        const { engine } = setup('2026-03-02T09:00:00+08:00', {
          rules: (dealerId: string) => (dealerId === 'gw-1' ? gw : defaultRulePack),
        });
        const a = await engine.ingest(delivery({ dealerId: 'gw-1' }));
        const b = await engine.ingest(delivery({ dealerId: 'other' }));
        expect((await engine.getVisit('gw-1', a.visitIds[0]!)).surveyId).toBe('gw-ssi');
        expect((await engine.getVisit('other', b.visitIds[0]!)).surveyId).toBe('ssi');
        expect((await engine.rulesFor('gw-1')).pack.id).toBe('great-wall');

        engine.setRules(slower, { dealerId: 'other' });
        const r = await engine.recomputeDeadlines({ dealerId: 'other' });
        expect(r.visits.changed).toBe(1);
        expect((await engine.recomputeDeadlines('gw-1')).changed).toBe(0);
        expect((await engine.rulesFor('gw-1')).pack.id).toBe('great-wall');
      });
    });

    describe('a pack version with an effective date', () => {
      it('takes effect at its date under tick, in every process, and records which version made what', async () => {
        const storage = freshStorage();
        const clock = createFakeClock('2026-03-02T09:00:00+08:00');
        let n = 0;
        // Without the duties of 001/003: the counts below are the first-level visits'.
        const engine = createEngine({
          storage,
          clock,
          rules: WITHOUT_DUTIES,
          newId: () => `id-${++n}`,
        });
        const switched: unknown[] = [];
        engine.on('rules.switched', (e) => switched.push(e.data));
        const before = await engine.ingest(delivery());
        const v0 = await engine.getVisit(DEALER, before.visitIds[0]!);
        const old = (await engine.rulesFor(DEALER)).hash;
        expect(v0.rulesVersion).toBe(old);

        const version = await engine.scheduleRules({
          dealerId: DEALER,
          pack: slower,
          effectiveFrom: '2026-03-03T00:00:00+08:00',
          openItems: { visit: 'pinned' },
          actor: csManager,
        });
        expect(version.state).toBe('scheduled');
        // not yet: a delivery today is still under the old pack
        const today = await engine.ingest(
          delivery({ sourceId: 'D-2', customer: { id: 'c2', name: '李四' } }),
        );
        expect((await engine.getVisit(DEALER, today.visitIds[0]!)).rulesVersion).toBe(old);

        clock.set(bj('2026-03-03T00:00:00'));
        await engine.tick();
        expect(switched).toEqual([
          expect.objectContaining({
            packId: 'slower',
            previousHash: old,
            visits: { examined: 2, changed: 0, pinned: 2 },
          }),
        ]);
        // a second engine on the same storage (another process) sees it too
        const other = createEngine({ storage, clock });
        expect((await other.rulesFor(DEALER)).pack.id).toBe('slower');

        clock.set(bj('2026-03-03T09:00:00'));
        const after = await engine.ingest(
          delivery({
            sourceId: 'D-3',
            occurredAt: '2026-03-03T09:00:00+08:00',
            customer: { id: 'c3', name: '王五' },
          }),
        );
        const v3 = await engine.getVisit(DEALER, after.visitIds[0]!);
        expect(v3.rulesVersion).toBe(version.hash);
        // five working days after Tue 03-03: Tue 03-10
        expect(v3.window.dueAt).toBe('2026-03-10T09:30:00.000Z');
        // the pinned visit kept its window
        expect((await engine.getVisit(DEALER, v0.id)).window.dueAt).toBe(v0.window.dueAt);
        const history = await engine.listRulesVersions({ dealerId: DEALER });
        expect(history.map((h) => [h.packId, h.state])).toEqual([['slower', 'active']]);
      });

      it('recomputes the open items of a kind set to recompute, with history and the new version', async () => {
        const { engine, clock, seen } = setup(undefined, { rules: WITHOUT_DUTIES });
        await engine.ingest(delivery());
        const c = await engine.openComplaint({
          dealerId: DEALER,
          actor: csManager,
          customerId: 'c1',
          source: 'inboundCall',
          description: '价格',
          category: 'repairPrice',
        });
        await engine.scheduleRules({
          dealerId: DEALER,
          pack: slower,
          effectiveFrom: '2026-03-02T12:00:00+08:00',
          openItems: { visit: 'pinned', complaint: 'recompute' },
          actor: csManager,
        });
        clock.set(bj('2026-03-02T12:00:00'));
        await engine.tick();
        const after = await engine.getComplaint(DEALER, c.id);
        // four working days from Mon 03-02 09:00 (its clock start): Fri 03-06 17:30
        expect(after.sla.dueAt).toBe('2026-03-06T09:30:00.000Z');
        expect(after.rulesVersion).toBe(slower.hash);
        expect(after.history.at(-1)).toMatchObject({
          command: 'recompute',
          rule: 'rules:slower@2',
        });
        expect(seen.find((e) => e.type === 'rules.switched')?.data).toMatchObject({
          complaints: { examined: 1, changed: 1, pinned: 0 },
          visits: { examined: 1, pinned: 1 },
        });
        // the pinned visit still follows the old pack when it changes: its warning stays
        expect((await engine.listVisits({ dealerId: DEALER }))[0]!.rulesVersion).not.toBe(
          slower.hash,
        );
      });

      it('refuses a bad pack at once, keeping nothing', async () => {
        const { engine } = setup();
        await expect(
          engine.scheduleRules({
            dealerId: DEALER,
            pack: { id: 'bad', version: '1', vists: [] },
            effectiveFrom: '2026-04-01T00:00:00+08:00',
            actor: csManager,
          }),
        ).rejects.toMatchObject({ code: 'RULE_PACK_INVALID' });
        expect(await engine.listRulesVersions({ dealerId: DEALER })).toEqual([]);
      });
    });
  });
}

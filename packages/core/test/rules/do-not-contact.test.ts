import { describe, expect, it } from 'vitest';
import { compileRulePack, defaultRulePack, type RuleFacts } from '../../src';

const attempts = { max: 1, retryWithin: { days: 1 }, failedOutcomes: ['no-answer' as const] };
const pack = (decisionCacheSize?: number) =>
  compileRulePack(
    {
      ...defaultRulePack,
      visits: [
        ...defaultRulePack.visits,
        {
          id: 'satisfaction-check',
          on: 'complaint.resolved',
          allowDoNotContact: true,
          visit: { type: 'satisfaction', window: { days: 7 }, assigneeRole: 'csManager', attempts },
        },
        {
          id: 'resolved-courtesy',
          on: 'complaint.resolved',
          when: { all: [{ fact: 'event', path: 'tier', operator: 'greaterThan', value: 1 }] },
          visit: { type: 'courtesy', window: { days: 1 }, assigneeRole: 'csManager', attempts },
        },
      ],
    },
    decisionCacheSize === undefined ? {} : { decisionCacheSize },
  );

const resolved = (doNotContact: boolean | undefined): RuleFacts => ({
  event: { type: 'complaint.resolved', tier: 2 },
  ...(doNotContact === undefined ? {} : { customer: { doNotContact } }),
});

describe('do-not-contact in matchVisitRules', () => {
  for (const cache of [undefined, 0]) {
    it(`only rules that opt in match a do-not-contact customer (cache ${cache ?? 'on'})`, async () => {
      const p = pack(cache);
      const ids = async (f: RuleFacts) =>
        (await p.matchVisitRules('complaint.resolved', f)).map((m) => m.rule.id);
      // Same condition values, different flag, in both orders: the cache must not mix them up.
      expect(await ids(resolved(false))).toEqual(['satisfaction-check', 'resolved-courtesy']);
      expect(await ids(resolved(true))).toEqual(['satisfaction-check']);
      expect(await ids(resolved(false))).toEqual(['satisfaction-check', 'resolved-courtesy']);
      expect(await ids(resolved(undefined))).toEqual(['satisfaction-check', 'resolved-courtesy']);
    });
  }

  it('the default pack needs no doNotContact conditions and behaves as it did with them', async () => {
    const p = compileRulePack(defaultRulePack);
    const text = JSON.stringify(defaultRulePack.visits);
    expect(text).not.toContain('doNotContact');
    for (const doNotContact of [false, true]) {
      for (const repairKind of ['special', 'general', 'maintenance', 'warranty', 'accident']) {
        const m = await p.matchVisitRules('repair.settled', {
          event: { repairKind, pickedUp: true },
          customer: { doNotContact },
        });
        const postRepair =
          repairKind === 'special'
            ? ['post-repair-special']
            : repairKind === 'accident'
              ? []
              : ['post-repair-general'];
        // The CSI sample rule has no condition: it matches every repair (its quota applies later).
        // Any service re-arms the dormancy duty (not seen for 3 months [001]).
        const expected = doNotContact
          ? []
          : [...postRepair, 'csi-sample', 'dormancy-after-service'];
        expect(m.map((x) => x.rule.id)).toEqual(expected);
      }
      const d = await p.matchVisitRules('vehicle.delivered', {
        event: {},
        customer: { doNotContact },
      });
      expect(d.map((x) => x.rule.id)).toEqual(
        doNotContact
          ? []
          : [
              'first-level-after-delivery',
              'thank-you-after-purchase',
              'usage-check-after-delivery',
              'first-maintenance-reminder',
              'dormancy-after-delivery',
            ],
      );
    }
  });
});

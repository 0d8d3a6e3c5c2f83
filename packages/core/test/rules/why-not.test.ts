import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONDITION_FACTS,
  CONDITION_OPERATORS,
  type CompiledRulePack,
  compileRulePack,
  complaintCategorySchema,
  defaultRulePack,
  explainRouting,
  explainSurveyAlert,
  explainVisitRules,
  explainWhy,
  loadRulePack,
  type RuleFacts,
  SHIPPED_PACKS,
  scoreResponse,
  whyLines,
} from '../../src';
import { routeComplaint } from '../../src/engine/complaint-flow';

const attempts = { max: 1, retryWithin: { days: 1 }, failedOutcomes: ['no-answer' as const] };
const TRIGGER = 'repair.settled';

/** A pack whose only rule on the trigger has `when` (and optionally `doNotVisitWhen`). */
function packWith(when: object, doNotVisitWhen?: object): CompiledRulePack {
  return compileRulePack(
    {
      ...defaultRulePack,
      visits: [
        {
          id: 'probe',
          on: TRIGGER,
          when,
          visit: {
            type: 'probe',
            window: { days: 1 },
            assigneeRole: 'followUpAgent',
            attempts,
            ...(doNotVisitWhen ? { doNotVisitWhen } : {}),
          },
        },
      ],
    },
    { decisionCacheSize: 0 },
  );
}

async function matched(pack: CompiledRulePack, facts: RuleFacts): Promise<string[]> {
  return (await pack.matchVisitRules(TRIGGER, facts)).map(
    (m) => `${m.rule.id}${m.doNotVisit ? ':dnv' : ''}`,
  );
}

function traced(pack: CompiledRulePack, facts: RuleFacts): string[] {
  return explainVisitRules(pack, TRIGGER, facts)
    .filter((t) => t.outcome === 'visit' || t.outcome === 'doNotVisit')
    .map((t) => `${t.ruleId}${t.outcome === 'doNotVisit' ? ':dnv' : ''}`);
}

/**
 * Per operator: a value in the pack, a fact value that makes the comparison hold, values that
 * make it fail, and what the rule wants in words.
 */
const OPERATOR_CASES: Record<
  (typeof CONDITION_OPERATORS)[number],
  { value: unknown; holds: unknown; fails: unknown[]; wants: string }
> = {
  equal: { value: 'private', holds: 'private', fails: ['taxi', undefined], wants: '"private"' },
  notEqual: { value: 'taxi', holds: 'private', fails: ['taxi'], wants: 'anything but "taxi"' },
  lessThan: { value: 10, holds: 9, fails: [10, 'ten', undefined], wants: 'a number less than 10' },
  lessThanInclusive: { value: 10, holds: 10, fails: [11], wants: 'a number at most 10' },
  greaterThan: { value: 10, holds: 11, fails: [10, null], wants: 'a number greater than 10' },
  greaterThanInclusive: { value: 10, holds: 10, fails: [9], wants: 'a number at least 10' },
  in: { value: ['a', 'b'], holds: 'b', fails: ['c', undefined], wants: 'one of "a", "b"' },
  notIn: { value: ['a', 'b'], holds: 'c', fails: ['a'], wants: 'none of "a", "b"' },
  contains: {
    value: 'vip',
    holds: ['vip', 'x'],
    fails: [['x'], 'vip'],
    wants: 'a list containing "vip"',
  },
  doesNotContain: {
    value: 'vip',
    holds: ['x'],
    fails: [['vip'], 'x'],
    wants: 'a list without "vip"',
  },
};

const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));

describe('why / why not: every operator on every fact', () => {
  for (const fact of CONDITION_FACTS) {
    for (const operator of CONDITION_OPERATORS) {
      const c = OPERATOR_CASES[operator];
      it(`${fact}.x ${operator}`, async () => {
        const pack = packWith({ all: [{ fact, path: 'x', operator, value: c.value }] });
        const factsWith = (x: unknown): RuleFacts =>
          ({ event: {}, [fact]: x === undefined ? {} : { x } }) as unknown as RuleFacts;

        const yes = explainVisitRules(pack, TRIGGER, factsWith(c.holds))[0]!;
        expect(yes.outcome).toBe('visit');
        expect(yes.because).toBe(
          `matched on ${fact}.x is ${show(c.holds)} (rule wants ${c.wants})`,
        );
        expect(traced(pack, factsWith(c.holds))).toEqual(await matched(pack, factsWith(c.holds)));

        for (const seen of c.fails) {
          const no = explainVisitRules(pack, TRIGGER, factsWith(seen))[0]!;
          expect(no.outcome).toBe('noMatch');
          expect(no.because).toBe(`${fact}.x is ${show(seen)}, rule wants ${c.wants}`);
          expect(no.failed).toMatchObject({ kind: 'comparison', fact, path: 'x', held: false });
          expect(no.facts[`${fact}.x`]).toEqual(
            seen === undefined
              ? null
              : typeof seen === 'object' && seen !== null
                ? JSON.stringify(seen)
                : seen,
          );
          expect(traced(pack, factsWith(seen))).toEqual(await matched(pack, factsWith(seen)));
        }
      });
    }
  }

  it('a value read from another fact is shown with its name and value', () => {
    const pack = packWith({
      all: [
        {
          fact: 'vehicle',
          path: 'mileage',
          operator: 'greaterThanInclusive',
          value: { fact: 'vehicle', path: 'serviceInterval' },
        },
      ],
    });
    const t = explainVisitRules(pack, TRIGGER, {
      event: {},
      vehicle: { mileage: 4000, serviceInterval: 5000 },
    })[0]!;
    expect(t.because).toBe(
      'vehicle.mileage is 4000, rule wants a number at least vehicle.serviceInterval (5000)',
    );
    expect(t.facts).toEqual({ 'vehicle.mileage': 4000, 'vehicle.serviceInterval': 5000 });
  });
});

describe('why / why not: groups', () => {
  const usage = (value: string) => ({ fact: 'vehicle', path: 'usage', operator: 'equal', value });
  const kind = (value: string) => ({ fact: 'event', path: 'repairKind', operator: 'equal', value });
  const facts: RuleFacts = { event: { repairKind: 'general' }, vehicle: { usage: 'taxi' } };

  it('all: the first failed condition in pack order is blamed', () => {
    const t = explainVisitRules(
      packWith({ all: [kind('general'), usage('private'), kind('x')] }),
      TRIGGER,
      facts,
    )[0]!;
    expect(t.because).toBe('vehicle.usage is "taxi", rule wants "private"');
    expect(t.failed?.at).toEqual(['when', 'all', 1]);
    expect(t.when).toMatchObject({
      kind: 'all',
      held: false,
      conditions: [{ held: true, seen: 'general' }, { held: false, seen: 'taxi' }, { held: false }],
    });
  });

  it('any: every alternative is listed', () => {
    const t = explainVisitRules(
      packWith({ any: [usage('private'), kind('special')] }),
      TRIGGER,
      facts,
    )[0]!;
    expect(t.because).toBe(
      'none held: vehicle.usage is "taxi", rule wants "private"; or event.repairKind is "general", rule wants "special"',
    );
  });

  it('a rule that matched through a not says why', () => {
    const t = explainVisitRules(
      packWith({ all: [kind('general'), { not: usage('private') }] }),
      TRIGGER,
      facts,
    )[0]!;
    expect(t.because).toBe(
      'matched on event.repairKind is "general" (rule wants "general"), not: vehicle.usage is "taxi", rule wants "private"',
    );
  });

  it('not: what held is named', () => {
    const one = explainVisitRules(packWith({ not: usage('taxi') }), TRIGGER, facts)[0]!;
    expect(one.because).toBe('vehicle.usage is "taxi", rule wants it not to be "taxi"');
    const group = explainVisitRules(
      packWith({ not: { all: [usage('taxi'), kind('general')] } }),
      TRIGGER,
      facts,
    )[0]!;
    expect(group.because).toBe(
      'rule wants this not to hold, but it does: vehicle.usage is "taxi" ("taxi"), event.repairKind is "general" ("general")',
    );
  });

  it('doNotVisitWhen, do-not-contact and other triggers are outcomes of their own', () => {
    const pack = packWith(
      { all: [kind('general')] },
      {
        all: [{ fact: 'event', path: 'pickedUp', operator: 'equal', value: false }],
      },
    );
    const dnv = explainVisitRules(pack, TRIGGER, {
      event: { repairKind: 'general', pickedUp: false },
    })[0]!;
    expect(dnv.outcome).toBe('doNotVisit');
    expect(dnv.because).toBe(
      'matched on event.repairKind is "general" (rule wants "general"); doNotVisitWhen held: event.pickedUp is false (rule wants false)',
    );
    const dnc = explainVisitRules(pack, TRIGGER, {
      event: { repairKind: 'general' },
      customer: { doNotContact: true },
    })[0]!;
    expect(dnc.outcome).toBe('doNotContact');
    expect(dnc.facts['customer.doNotContact']).toBe(true);
    const other = explainVisitRules(pack, 'vehicle.delivered', { event: {} })[0]!;
    expect(other).toMatchObject({
      outcome: 'otherTrigger',
      because: 'listens to repair.settled, the event is vehicle.delivered',
    });
  });
});

/** Random condition trees over a few facts and paths, with every operator. */
const scalar = fc.oneof(
  fc.constantFrom('a', 'b', 'private', 'taxi'),
  fc.integer({ min: -2, max: 12 }),
  fc.boolean(),
  fc.constant(null),
);
const factValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const comparison = fc
  .record({
    fact: fc.constantFrom(...CONDITION_FACTS),
    path: fc.constantFrom('x', 'y'),
    operator: fc.constantFrom(...CONDITION_OPERATORS),
    value: fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.constant({ fact: 'event', path: 'y' }),
    ),
  })
  .map((c) =>
    (c.operator === 'in' || c.operator === 'notIn') && !Array.isArray(c.value)
      ? { ...c, value: [c.value] }
      : c,
  );
const { tree } = fc.letrec<{ tree: object }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.record({ all: fc.array(tie('tree'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('tree'), { maxLength: 3 }) }),
    fc.record({ not: tie('tree') }),
  ),
}));
/** json-rules-engine wants a group at the root. */
const root = fc.oneof(
  fc.array(tree, { maxLength: 3 }).map((all) => ({ all })),
  fc.array(tree, { maxLength: 3 }).map((any) => ({ any })),
  tree.map((not) => ({ not })),
);
const factsArb = fc.record({
  event: fc.record({ x: factValue, y: factValue }, { requiredKeys: [] }),
  customer: fc.record(
    { x: factValue, y: factValue, doNotContact: fc.boolean() },
    { requiredKeys: [] },
  ),
  vehicle: fc.record({ x: factValue, y: factValue }, { requiredKeys: [] }),
  visit: fc.record({ x: factValue, y: factValue }, { requiredKeys: [] }),
  dealer: fc.record({ x: factValue, y: factValue }, { requiredKeys: [] }),
}) as fc.Arbitrary<RuleFacts>;

describe('why / why not agrees with the engine', () => {
  it('the traced outcome is what json-rules-engine decides, for any tree and facts', async () => {
    await fc.assert(
      fc.asyncProperty(
        root,
        fc.option(root, { nil: undefined }),
        factsArb,
        async (when, dnv, facts) => {
          const pack = packWith(when, dnv);
          expect(traced(pack, facts)).toEqual(await matched(pack, facts));
          const t = explainVisitRules(pack, TRIGGER, facts)[0]!;
          // A rule that did not match names a failed condition; one that matched names none.
          expect(t.failed === undefined).toBe(t.outcome !== 'noMatch');
          if (t.failed) expect(t.failed.held).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('complaint routing: the traced role is the engine’s, for every category', () => {
    const pack = loadRulePack(SHIPPED_PACKS['great-wall']);
    for (const category of [...complaintCategorySchema.options, undefined]) {
      const t = explainRouting(pack.pack, category);
      expect(t.role).toBe(routeComplaint(pack, category));
      if (t.ruleIndex !== undefined) {
        expect(pack.pack.complaints.routing[t.ruleIndex]!.categories).toContain(category);
      }
    }
    expect(explainRouting(pack.pack, 'partsShortage').because).toBe(
      'complaints.routing[0] lists "partsShortage" → role "partsManager"',
    );
    expect(explainRouting(pack.pack, 'serviceAttitude').because).toBe(
      'no complaints.routing rule lists "serviceAttitude", so complaints.defaultRole "serviceManager"',
    );
  });

  it('survey alerts: reasons name the item or index that tripped it, and agree with scoring', () => {
    const pack = loadRulePack(SHIPPED_PACKS['great-wall']);
    const ssi = pack.survey('gw-ssi')!;
    const scale = ssi.items.filter((i) => i.kind === 'scale' && i.scored);
    const recommend = ssi.items.find((i) => i.kind === 'recommend')!;
    const answers = fc.record(
      Object.fromEntries([
        ...scale.map((i) => [i.id, fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined })]),
        [recommend.id, fc.option(fc.boolean(), { nil: undefined })],
      ]),
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, number | boolean>>;
    fc.assert(
      fc.property(answers, (a) => {
        const t = explainSurveyAlert(ssi, a);
        const s = scoreResponse(ssi, a);
        expect(t.alert).toBe(s.alert);
        expect(t.reasons.length > 0).toBe(s.alert);
        expect(t.reasons.filter((r) => r.kind === 'lowItem').map((r) => r.itemId)).toEqual(
          s.lowItems,
        );
      }),
      { numRuns: 200 },
    );
    const low = explainSurveyAlert(ssi, {
      [scale[0]!.id]: 3,
      [scale[1]!.id]: 10,
      [recommend.id]: true,
    });
    expect(low.reasons.map((r) => r.because)).toEqual([
      `item ${scale[0]!.id} answered 3, alert at or below 6`,
      'index 65 below 80',
    ]);
  });
});

describe('explainWhy on a DMS event', () => {
  const pack = loadRulePack(SHIPPED_PACKS['great-wall']);
  const repair = {
    type: 'repair.settled',
    sourceId: 'RO-1',
    dealerId: 'd1',
    occurredAt: '2026-03-02T09:00:00+08:00',
    repairOrderId: 'RO-1',
    repairKind: 'general',
    pickedUp: false,
    customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
    vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001', model: 'Haval H6' },
  };

  it('lists every rule with its outcome, and the first failed condition of those that did not fire', () => {
    const why = explainWhy(pack, repair);
    expect(why.visitRules.map((r) => [r.ruleId, r.outcome])).toEqual([
      ['first-level-after-delivery', 'otherTrigger'],
      ['second-level-after-first', 'otherTrigger'],
      ['post-repair-special', 'noMatch'],
      ['post-repair-general', 'doNotVisit'],
      // The CSI sample (seed 002) listens to every settled repair; not picked up, no call.
      ['csi-sample', 'doNotVisit'],
      // The duties (001/003): only the service's ones listen to repairs; this one reports no
      // mileage, and any service re-arms the dormancy duty.
      ['thank-you-after-purchase', 'otherTrigger'],
      ['usage-check-after-delivery', 'otherTrigger'],
      ['first-maintenance-reminder', 'otherTrigger'],
      ['first-maintenance-by-mileage', 'noMatch'],
      ['dormancy-after-delivery', 'otherTrigger'],
      ['dormancy-after-service', 'visit'],
      ['appointment-reminder-day-before', 'otherTrigger'],
      ['appointment-preparation-day-before', 'otherTrigger'],
      ['birthday-care', 'otherTrigger'],
      ['birthday-care-next-year', 'otherTrigger'],
    ]);
    expect(why.visitRules[3]!.because).toBe(
      'matched on event.repairKind is "general" (rule wants one of "general", "maintenance", "warranty"); doNotVisitWhen held: event.pickedUp is false (rule wants false)',
    );
    const lines = whyLines(why);
    expect(lines).toContain(
      '  rule post-repair-special: does not fire — event.repairKind is "general", rule wants "special"',
    );
    expect(lines).toContain('        ✗ event.repairKind equal "special" — seen "general"');
  });

  it('sees the stored customer when its profile is newer than the event, as ingest does', () => {
    const stored = (profileAt: string) => ({
      customer: { id: 'c1', doNotContact: true, profileAt },
    });
    const special = { ...repair, repairKind: 'special', pickedUp: true };
    const newer = explainWhy(pack, special, stored('2026-03-03T00:00:00Z'));
    expect(newer.visitRules[2]).toMatchObject({ outcome: 'doNotContact' });
    // An older stored profile is overwritten by the event's (whose doNotContact defaults to false).
    const older = explainWhy(pack, special, stored('2026-03-01T00:00:00Z'));
    expect(older.visitRules[2]).toMatchObject({ outcome: 'visit' });
  });

  it('explains complaint routing', () => {
    const why = explainWhy(pack, {
      type: 'complaint.received',
      sourceId: 'CP-1',
      dealerId: 'd1',
      occurredAt: '2026-03-02T09:00:00+08:00',
      source: 'inboundCall',
      category: 'repairTechnique',
      description: '异响',
      customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
    });
    expect(why.complaint).toMatchObject({ role: 'technicalDirector', ruleIndex: 1 });
  });
});

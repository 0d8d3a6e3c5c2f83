import { describe, expect, it } from 'vitest';
import { compileRulePack, defaultRulePack, type RulePackError } from '../../src';

function errorOf(pack: unknown): RulePackError {
  try {
    compileRulePack(pack);
  } catch (e) {
    return e as RulePackError;
  }
  throw new Error('expected RULE_PACK_INVALID');
}

const delivered = (over: object = {}) => ({
  event: { type: 'vehicle.delivered', pickedUp: true, ...over },
  customer: { doNotContact: false },
});

describe('rule pack compilation', () => {
  it('matches visit rules by trigger and condition, in pack order', async () => {
    const pack = compileRulePack(defaultRulePack);
    const first = await pack.matchVisitRules('vehicle.delivered', delivered());
    // Every delivery: the first-level visit and the duties of 001/003 (thank-you, usage check,
    // first maintenance, dormancy); birthday care only with marketing consent.
    expect(first.map((m) => m.rule.id)).toEqual([
      'first-level-after-delivery',
      'thank-you-after-purchase',
      'usage-check-after-delivery',
      'first-maintenance-reminder',
      'dormancy-after-delivery',
    ]);
    const none = await pack.matchVisitRules('vehicle.delivered', {
      event: {},
      customer: { doNotContact: true },
    });
    expect(none).toEqual([]);
    const special = await pack.matchVisitRules('repair.settled', {
      event: { repairKind: 'special', pickedUp: false },
      customer: { doNotContact: false },
    });
    expect(special).toEqual([
      expect.objectContaining({
        doNotVisit: true,
        rule: expect.objectContaining({ id: 'post-repair-special' }),
      }),
      // The CSI sample rule matches every repair; its quota is applied when it schedules.
      expect.objectContaining({
        doNotVisit: true,
        rule: expect.objectContaining({ id: 'csi-sample' }),
      }),
      // Any service re-arms the dormancy duty [001], picked up or not (no doNotVisitWhen).
      expect.objectContaining({
        doNotVisit: false,
        rule: expect.objectContaining({ id: 'dormancy-after-service' }),
      }),
    ]);
    // An appointment: the reminder and the preparation the working day before [003].
    expect(
      (await pack.matchVisitRules('appointment.booked', delivered())).map((m) => m.rule.id),
    ).toEqual(['appointment-reminder-day-before', 'appointment-preparation-day-before']);
  });

  it('lists every problem with its JSON path', () => {
    const bad = structuredClone(defaultRulePack) as unknown as {
      visits: Array<Record<string, unknown> & { visit: Record<string, unknown> }>;
    };
    bad.visits[0]!.visit.survey = 'nope';
    bad.visits[1]!.when = { all: [{ fact: 'weather', operator: 'equal', value: 1 }] };
    bad.visits[2]!.when = { any: [{ fact: 'event', operator: 'looksLike', value: 1 }] };
    bad.visits[3]!.id = bad.visits[0]!.id;
    const err = errorOf(bad);
    expect(err.code).toBe('RULE_PACK_INVALID');
    const paths = err.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'visits.0.visit.survey',
        'visits.1.when.all.0.fact',
        'visits.2.when.any.0.operator',
        'visits.3.id',
      ]),
    );
    expect(err.message).toContain('visits[1].when.all[0].fact: unknown fact "weather"');
  });

  it('reports schema errors with paths', () => {
    const err = errorOf({ ...defaultRulePack, visits: [{ id: 'x', on: 'vehicle.delivered' }] });
    expect(err.issues.some((i) => i.path.join('.') === 'visits.0.visit')).toBe(true);
  });
});

/**
 * Issue 14, item 6: a rule pack is strict (an unknown key anywhere is an error, nothing is
 * silently ignored) and its errors are traceable (each points into the JSON the integrator
 * wrote, with that pack's id — not into the merged pack).
 */
import { describe, expect, it } from 'vitest';
import { compileRulePack, defaultRulePack, loadRulePack, RulePackError } from '../../src';

function errorOf(fn: () => unknown): RulePackError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RulePackError) return e;
    throw e;
  }
  throw new Error('expected RULE_PACK_INVALID');
}

/** `packId path` of every issue, as people read them. */
function where(err: RulePackError): string[] {
  return err.issues.map((i) => `${i.packId ?? '-'} ${i.path.join('.')}`);
}

const dealer = (over: Record<string, unknown>) => ({
  id: 'my-dealer',
  version: '1',
  extends: 'great-wall',
  ...over,
});

describe('unknown keys are errors, in the file the integrator wrote', () => {
  it('a typo in survey alerts', () => {
    const err = errorOf(() =>
      loadRulePack(dealer({ surveys: [{ id: 'gw-ssi', alerts: { scaleAtOrBelw: 7 } }] })),
    );
    expect(where(err)).toEqual(['my-dealer surveys.0.alerts.scaleAtOrBelw']);
    expect(err.issues[0]?.code).toBe('unrecognized_keys');
    expect(err.message).toContain('my-dealer surveys[0].alerts.scaleAtOrBelw:');
  });

  it('a typo in a visit rule (doNotVisitWen) and at the root (vists)', () => {
    const err = errorOf(() =>
      loadRulePack(
        dealer({
          vists: [],
          visits: [
            {
              id: 'post-repair-general',
              visit: {
                doNotVisitWen: {
                  all: [{ fact: 'event', path: 'pickedUp', operator: 'equal', value: false }],
                },
              },
            },
          ],
        }),
      ),
    );
    expect(where(err).sort()).toEqual([
      'my-dealer visits.0.visit.doNotVisitWen',
      'my-dealer vists',
    ]);
  });

  it('a typo inside a condition node, and condition keys packs do not support', () => {
    const rule = (id: string, when: unknown) => ({
      id,
      on: 'repair.settled',
      when,
      visit: {
        type: 'warranty',
        window: { days: 1 },
        assigneeRole: 'followUpAgent',
        attempts: { max: 1, retryWithin: { days: 1 }, failedOutcomes: ['no-answer'] },
      },
    });
    const err = errorOf(() =>
      loadRulePack(
        dealer({
          visits: [
            rule('a', {
              all: [{ fact: 'event', pth: 'repairKind', operator: 'equal', value: 'x' }],
            }),
            rule('b', { all: [], priority: 2 }),
            rule('c', { fact: 'event', operator: 'equal', value: 1, params: { a: 1 } }),
          ],
        }),
      ),
    );
    expect(where(err).sort()).toEqual([
      'my-dealer visits.0.when.all.0.pth',
      'my-dealer visits.1.when.priority',
      'my-dealer visits.2.when.params',
    ]);
  });

  it('a permission for a machine or command that does not exist', () => {
    const err = errorOf(() =>
      loadRulePack(
        dealer({ permissions: { complaint: { clsoe: ['csManager'] }, vist: { complete: [] } } }),
      ),
    );
    expect(where(err).sort()).toEqual([
      'my-dealer permissions.complaint.clsoe',
      'my-dealer permissions.vist',
    ]);
  });

  it('`$remove` of an id the base does not have, and a removal that carries more than its id', () => {
    const err = errorOf(() =>
      loadRulePack(
        dealer({
          visits: [
            { id: 'post-repair-generl', $remove: true },
            { id: 'post-repair-special', $remove: true, visit: { window: { days: 1 } } },
          ],
        }),
      ),
    );
    expect(err.issues).toEqual([
      expect.objectContaining({
        packId: 'my-dealer',
        path: ['visits', 0, 'id'],
        code: 'unknown_id',
      }),
      expect.objectContaining({
        packId: 'my-dealer',
        path: ['visits', 1, 'visit'],
        code: 'unrecognized_keys',
      }),
    ]);
    expect(err.issues[0]?.message).toMatch(/"post-repair-generl"/);
  });

  it('`$remove` where the base has no list to remove from, or with a value other than true', () => {
    const { surveys: _surveys, ...withoutSurveys } = defaultRulePack;
    const err = errorOf(() =>
      loadRulePack({
        id: 'mine',
        version: '1',
        extends: { ...withoutSurveys, id: 'base' },
        surveys: [{ id: 'ssi', $remove: true }],
        visits: [{ id: 'post-repair-general', $remove: 'yes' }],
      }),
    );
    expect(where(err)).toEqual(['mine surveys.0.id', 'mine visits.0.$remove']);
  });

  it('two elements with the same id in one file', () => {
    const err = errorOf(() =>
      loadRulePack(
        dealer({
          visits: [
            {
              id: 'post-repair-general',
              visit: { window: { fromWorkingDay: 2, toWorkingDay: 4 } },
            },
            { id: 'post-repair-general', visit: { survey: 'gw-ssi' } },
          ],
        }),
      ),
    );
    expect(where(err)).toEqual(['my-dealer visits.1.id']);
    expect(err.issues[0]?.code).toBe('duplicate');
  });

  it('a complete pack with `extends`-only keys given to compileRulePack', () => {
    const err = errorOf(() => compileRulePack({ ...defaultRulePack, extends: 'great-wall' }));
    expect(err.issues.map((i) => i.path.join('.'))).toEqual(['extends']);
  });
});

describe('error paths point into the file the integrator wrote', () => {
  it('a merged rule is reported at its index in the dealer file, not in the merged pack', () => {
    // post-repair-general is visits[3] of the merged pack and visits[0] of the dealer's file.
    const err = errorOf(() =>
      loadRulePack(
        dealer({
          visits: [
            {
              id: 'post-repair-general',
              visit: { window: { fromWorkingDay: 4, toWorkingDay: 2 } },
            },
          ],
        }),
      ),
    );
    expect(where(err)).toEqual(['my-dealer visits.0.visit.window.toWorkingDay']);
    expect(err.message).toContain('my-dealer visits[0].visit.window.toWorkingDay: must be ≥');
  });

  it('after a removal shifts the merged list, paths still point into the file', () => {
    // Removing post-repair-special moves post-repair-general from merged index 3 to 2.
    const err = errorOf(() =>
      loadRulePack(
        dealer({
          visits: [
            { id: 'post-repair-special', $remove: true },
            { id: 'post-repair-general', visit: { attempts: { max: 0 } } },
          ],
        }),
      ),
    );
    expect(where(err)).toEqual(['my-dealer visits.1.visit.attempts.max']);
  });

  it('a required key missing from a new rule is reported in the dealer file', () => {
    const err = errorOf(() =>
      loadRulePack(
        dealer({
          visits: [
            { id: 'post-repair-general', visit: { survey: 'gw-csi' } },
            { id: 'birthday', on: 'customer.changed', visit: { type: 'birthday' } },
          ],
        }),
      ),
    );
    expect(where(err).sort()).toEqual([
      'my-dealer visits.1.visit.assigneeRole',
      'my-dealer visits.1.visit.attempts',
      'my-dealer visits.1.visit.window',
    ]);
  });

  it('an array replaced whole is reported in the file that replaced it', () => {
    // routing has no ids: the dealer's list replaces the base's, so a missing role is the dealer's.
    const err = errorOf(() =>
      loadRulePack(dealer({ complaints: { routing: [{ categories: ['partsShortage'] }] } })),
    );
    expect(where(err)).toEqual(['my-dealer complaints.routing.0.role']);
  });

  it('a reference broken by the dealer is reported where the reference is written', () => {
    // The dealer removes the post-repair survey the brand's post-repair rules (in great-wall.json) name.
    const err = errorOf(() =>
      loadRulePack(dealer({ surveys: [{ id: 'gw-post-repair', $remove: true }] })),
    );
    expect(where(err)).toEqual([
      'great-wall visits.2.visit.survey',
      'great-wall visits.3.visit.survey',
    ]);
  });

  it('an error in a base pack passed in `packs` names that pack', () => {
    const brand = { id: 'brand', version: '1', extends: 'default', roles: ['warrantyClerk'] };
    const brandBad = { ...brand, opinion: { formDue: { endOf: 'lunch' } } };
    expect(
      where(
        errorOf(() =>
          loadRulePack({ id: 'shop', extends: 'brand' }, { packs: { brand: brandBad } }),
        ),
      ),
    ).toEqual(['brand opinion.formDue']);
    // …and a problem in the shop's own file names the shop.
    expect(
      where(
        errorOf(() =>
          loadRulePack(
            { id: 'shop', extends: 'brand', complaints: { defaultRole: 'warrantyClrk' } },
            { packs: { brand } },
          ),
        ),
      ),
    ).toEqual(['shop complaints.defaultRole']);
  });

  it('an inline base is part of the file that holds it', () => {
    const err = errorOf(() =>
      loadRulePack({
        id: 'shop',
        extends: { id: 'inline', extends: 'default', sampling: { csi: { perAdvisor: 3 } } },
      }),
    );
    expect(where(err)).toEqual(['shop extends.sampling.csi.perAdvisor']);
  });

  it('problems with `extends` itself name the pack whose `extends` is wrong', () => {
    const err = errorOf(() =>
      loadRulePack(
        { id: 'shop', extends: 'brand' },
        { packs: { brand: { id: 'brand', extends: 'nope' } } },
      ),
    );
    expect(where(err)).toEqual(['brand extends']);
    expect(err.issues[0]?.code).toBe('unknown_pack');
  });
});

describe('fact references on the value side', () => {
  const pack = (value: unknown, operator = 'equal') => ({
    ...defaultRulePack,
    visits: [
      {
        ...defaultRulePack.visits[0]!,
        when: { all: [{ fact: 'event', path: 'mileage', operator, value }] },
      },
    ],
  });

  it('are checked like the left side: a known fact, a dot path, nothing else', () => {
    const err = errorOf(() =>
      compileRulePack({
        ...defaultRulePack,
        visits: [
          {
            ...defaultRulePack.visits[0]!,
            when: {
              all: [
                { fact: 'event', path: 'a', operator: 'equal', value: { fact: 'weather' } },
                {
                  fact: 'event',
                  path: 'a',
                  operator: 'equal',
                  value: { fact: 'event', path: 'a..b' },
                },
                {
                  fact: 'event',
                  path: 'a',
                  operator: 'equal',
                  value: { fact: 'event', params: {} },
                },
                { fact: 'event', path: 'a', operator: 'equal', value: { fcat: 'event' } },
              ],
            },
          },
        ],
      }),
    );
    expect(err.issues.map((i) => i.path.join('.'))).toEqual([
      'visits.0.when.all.0.value.fact',
      'visits.0.when.all.1.value.path',
      'visits.0.when.all.2.value.params',
      'visits.0.when.all.3.value',
    ]);
  });

  it('the right side of in / notIn must be a list written in the pack', () => {
    expect(
      errorOf(() => compileRulePack(pack({ fact: 'vehicle', path: 'x' }, 'in'))).issues,
    ).toEqual([expect.objectContaining({ path: ['visits', 0, 'when', 'all', 0, 'value'] })]);
    expect(errorOf(() => compileRulePack(pack('special', 'in'))).issues).toEqual([
      expect.objectContaining({ path: ['visits', 0, 'when', 'all', 0, 'value'] }),
    ]);
  });

  it('a valid reference compares two facts', async () => {
    const compiled = compileRulePack(
      pack({ fact: 'vehicle', path: 'serviceInterval' }, 'greaterThanInclusive'),
    );
    const at = (mileage: number) =>
      compiled.matchVisitRules('vehicle.delivered', {
        event: { mileage },
        vehicle: { serviceInterval: 5000 },
        customer: { doNotContact: false },
      });
    expect(await at(5000)).toHaveLength(1);
    expect(await at(4999)).toEqual([]);
  });
});

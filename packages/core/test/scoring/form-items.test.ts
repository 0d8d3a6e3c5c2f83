/**
 * The item kinds a follow-up form needs besides the SSI/CSI scales: the 7-level satisfaction
 * scale of [003], numbers (mileage, with the "11" of [002] when unknown), phones, bounded free
 * text, required items and "asked only if" items (如未保养“对服务站的意见”不询问 [002]).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DealercareError,
  explainSurveyAlert,
  isSatisfied,
  loadRulePack,
  prepareAnswers,
  type RulePackError,
  SATISFACTION_LEVELS,
  type SurveyDefinitionInput,
  satisfactionScore,
  satisfactionValue,
  scoreResponse,
  surveyDefinitionSchema,
} from '../../src';

const form = (over: Partial<SurveyDefinitionInput> = {}) =>
  surveyDefinitionSchema.parse({
    id: 'form',
    name: 'Second-level form',
    items: [
      { id: 'name', section: 'respondent', kind: 'text', maxLength: 10, required: true },
      { id: 'phone', section: 'respondent', kind: 'phone', required: true },
      {
        id: 'mileage',
        section: 'vehicle',
        kind: 'number',
        min: 0,
        max: 2_000_000,
        integer: true,
        unknownValue: 11,
      },
      { id: 'serviced', section: 'vehicle', kind: 'yesNo', scored: false, required: true },
      {
        id: 'station',
        section: 'station',
        kind: 'satisfaction',
        askedIf: { item: 'serviced', equals: true },
      },
      { id: 'product', section: 'product', kind: 'satisfaction' },
    ],
    ...over,
  });

function issuesOf(fn: () => unknown): { path: readonly (string | number)[]; code: string }[] {
  try {
    fn();
  } catch (e) {
    const err = e as DealercareError & { issues: { path: (string | number)[]; code: string }[] };
    expect(err.code).toBe('VALIDATION_FAILED');
    return err.issues;
  }
  throw new Error('expected VALIDATION_FAILED');
}

const base = { name: '张三', phone: '138 1234 5678', serviced: true };

describe('the 7-level satisfaction scale of [003]', () => {
  // [003] "满意度等级分为七个等级:很满意、满意、较满意、一般、不太满意、不满意和很不满意。"
  it('[003] "七个等级": seven levels, very dissatisfied = 1 … very satisfied = 7', () => {
    expect(SATISFACTION_LEVELS).toHaveLength(7);
    expect(satisfactionValue('veryDissatisfied')).toBe(1);
    expect(satisfactionValue('neutral')).toBe(4);
    expect(satisfactionValue('verySatisfied')).toBe(7);
  });

  it('counts in the index as a 1–7 scale by the survey index method', () => {
    const normalised = form({ index: { kind: 'normalised' } });
    // normalised: (value − 1) / 6 × 100 — 很满意 100, 一般 50, 很不满意 0.
    const one = (product: string) =>
      scoreResponse(normalised, { ...base, serviced: false, product });
    expect(one('verySatisfied').index).toBe(100);
    expect(one('neutral').index).toBe(50);
    expect(one('veryDissatisfied').index).toBe(0);
    // meanScaled: value / 7 × 100, as a 1–10 item scores value / 10 × 100.
    const scaled = form();
    expect(scoreResponse(scaled, { ...base, serviced: false, product: 'satisfied' }).index).toBe(
      (6 / 7) * 100,
    );
    // topBox: satisfied answers 100, others 0 — mean of 较满意 (100) and 一般 (0).
    const top = form({ index: { kind: 'topBox', threshold: 9 } });
    expect(
      scoreResponse(top, { ...base, station: 'fairlySatisfied', product: 'neutral' }).index,
    ).toBe(50);
  });

  it('"satisfied" = fairly satisfied or better by default; below it is a low item and alerts', () => {
    const def = form();
    const ok = scoreResponse(def, {
      ...base,
      station: 'fairlySatisfied',
      product: 'verySatisfied',
    });
    expect(ok).toMatchObject({ lowItems: [], alert: false });
    const neutral = scoreResponse(def, { ...base, station: 'neutral', product: 'satisfied' });
    expect(neutral).toMatchObject({ lowItems: ['station'], alert: true });
  });

  it('satisfiedFrom moves the line per item', () => {
    const def = form();
    const lenient = surveyDefinitionSchema.parse({
      ...def,
      items: def.items.map((i) => (i.id === 'product' ? { ...i, satisfiedFrom: 'neutral' } : i)),
    });
    expect(scoreResponse(lenient, { ...base, serviced: false, product: 'neutral' }).alert).toBe(
      false,
    );
    expect(scoreResponse(def, { ...base, serviced: false, product: 'neutral' }).alert).toBe(true);
  });

  it('explainSurveyAlert names the level below the line, agreeing with the score', () => {
    const def = form();
    const answers = { ...base, station: 'notVerySatisfied', product: 'satisfied' };
    const trace = explainSurveyAlert(def, answers);
    expect(trace.alert).toBe(scoreResponse(def, answers).alert);
    expect(trace.reasons).toEqual([
      {
        kind: 'notSatisfied',
        itemId: 'station',
        answer: 'notVerySatisfied',
        satisfiedFrom: 'fairlySatisfied',
        because: 'item station answered notVerySatisfied, satisfied from fairlySatisfied',
      },
    ]);
  });

  it('refuses anything but the seven codes', () => {
    const def = form();
    expect(issuesOf(() => scoreResponse(def, { ...base, product: '很满意' }))).toEqual([
      expect.objectContaining({ path: ['answers', 'product'], code: 'invalid_answer' }),
    ]);
    expect(issuesOf(() => scoreResponse(def, { ...base, product: 7 }))[0]!.code).toBe(
      'invalid_answer',
    );
  });

  it('property: a better level never scores lower, never counts less satisfied, stays in 0–100', () => {
    const level = fc.constantFrom(...SATISFACTION_LEVELS);
    const method = fc.constantFrom(
      { kind: 'meanScaled' as const },
      { kind: 'normalised' as const },
      { kind: 'topBox' as const, threshold: 9 },
    );
    fc.assert(
      fc.property(level, level, level, method, (a, b, from, index) => {
        const def = form({ index });
        const item = { ...def.items.find((i) => i.id === 'product')!, satisfiedFrom: from };
        const [lo, hi] = satisfactionValue(a) <= satisfactionValue(b) ? [a, b] : [b, a];
        expect(satisfactionScore(def, item, lo)).toBeLessThanOrEqual(
          satisfactionScore(def, item, hi),
        );
        if (isSatisfied(item, lo)) expect(isSatisfied(item, hi)).toBe(true);
        expect(isSatisfied(item, from)).toBe(true);
        const s = satisfactionScore(def, item, a);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('form items: numbers, phones, text, required and "asked only if"', () => {
  // [002] "行驶里程:实际行驶里程(未获得车辆里程时,行驶里程填写“11”)"
  it('[002] "未获得车辆里程时,行驶里程填写“11”": an unanswered mileage is stored as 11', () => {
    const out = prepareAnswers(form(), { ...base, station: 'satisfied' });
    expect(out.mileage).toBe(11);
    expect(prepareAnswers(form(), { ...base, mileage: null }).mileage).toBe(11);
    expect(prepareAnswers(form(), { ...base, mileage: 12_345 }).mileage).toBe(12_345);
  });

  it('numbers are checked against their bounds and integer flag', () => {
    const issues = issuesOf(() => prepareAnswers(form(), { ...base, mileage: 1.5 }));
    expect(issues).toEqual([expect.objectContaining({ path: ['answers', 'mileage'] })]);
    expect(issuesOf(() => prepareAnswers(form(), { ...base, mileage: -1 }))[0]!.code).toBe(
      'invalid_answer',
    );
    expect(issuesOf(() => prepareAnswers(form(), { ...base, mileage: '12000' }))[0]!.code).toBe(
      'invalid_answer',
    );
  });

  it('phones are stored in E.164; a number that cannot exist is refused', () => {
    expect(prepareAnswers(form(), base).phone).toBe('+8613812345678');
    expect(issuesOf(() => prepareAnswers(form(), { ...base, phone: '12345678901' }))).toEqual([
      expect.objectContaining({ path: ['answers', 'phone'], code: 'invalid_answer' }),
    ]);
  });

  // [002] "每张单据必须填写客户全名及电话"
  it('[002] "每张单据必须填写客户全名及电话": required items must be answered, blank text too', () => {
    const issues = issuesOf(() => prepareAnswers(form(), { name: '  ', serviced: false }));
    expect(issues.map((i) => [i.path[1], i.code])).toEqual([
      ['name', 'required'],
      ['phone', 'required'],
    ]);
    expect(
      issuesOf(() =>
        prepareAnswers(form(), { ...base, name: '欧阳长城先生女士' + 'x'.repeat(3) }),
      )[0]!.code,
    ).toBe('invalid_answer');
  });

  // [002] "车辆是否保养过(如未保养“对服务站的意见”不询问)"
  it('[002] "如未保养“对服务站的意见”不询问": not serviced → the station item is not asked', () => {
    const def = form();
    expect(
      issuesOf(() => prepareAnswers(def, { ...base, serviced: false, station: 'satisfied' })),
    ).toEqual([expect.objectContaining({ path: ['answers', 'station'], code: 'not_asked' })]);
    // Not asked: null is accepted and nothing counts from it.
    const s = scoreResponse(def, { ...base, serviced: false, station: null, product: 'satisfied' });
    expect(s).toMatchObject({ lowItems: [], alert: false });
    // Unanswered serviced: the station item is not asked either.
    expect(
      issuesOf(() =>
        prepareAnswers(def, { name: '张三', phone: '13812345678', station: 'neutral' }),
      )
        .map((i) => [i.path[1], i.code])
        .sort(),
    ).toEqual([
      ['serviced', 'required'],
      ['station', 'not_asked'],
    ]);
  });

  it('collects every problem at once, naming each item', () => {
    const issues = issuesOf(() =>
      prepareAnswers(form(), {
        phone: 'x',
        mileage: 'far',
        serviced: false,
        station: 'neutral',
        other: 1,
      }),
    );
    expect(issues.map((i) => `${i.path[1]}:${i.code}`).sort()).toEqual([
      'mileage:invalid_answer',
      'name:required',
      'other:unknown_item',
      'phone:invalid_answer',
      'station:not_asked',
    ]);
  });
});

describe('form items in a rule pack are checked when the pack loads', () => {
  function packIssues(items: unknown[]): string[] {
    try {
      loadRulePack({
        id: 'x',
        version: '1',
        extends: 'default',
        surveys: [{ id: 'f', name: 'F', items }],
      });
    } catch (e) {
      const err = e as RulePackError;
      expect(err.code).toBe('RULE_PACK_INVALID');
      return err.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    }
    throw new Error('expected RULE_PACK_INVALID');
  }

  it('"asked only if" must name an earlier item and a value it can have', () => {
    expect(
      packIssues([
        { id: 'a', section: 's', kind: 'satisfaction', askedIf: { item: 'b', equals: true } },
        { id: 'b', section: 's', kind: 'yesNo' },
        { id: 'c', section: 's', kind: 'text', askedIf: { item: 'b', equals: 'yes' } },
        { id: 'd', section: 's', kind: 'text', askedIf: { item: 'a', in: ['neutral', 'meh'] } },
      ]),
    ).toEqual([
      'surveys.0.items.0.askedIf.item: "b" is not an earlier item of the survey',
      'surveys.0.items.2.askedIf.equals: "b" is answered true or false',
      expect.stringMatching(/^surveys\.0\.items\.3\.askedIf\.in\.1: not a satisfaction level/),
    ]);
  });

  it('kind-specific keys only on their kinds; unknownValue within the bounds', () => {
    expect(
      packIssues([
        { id: 'a', section: 's', kind: 'yesNo', unknownValue: 11 },
        { id: 'b', section: 's', kind: 'number', min: 0, max: 10, unknownValue: 11 },
        { id: 'c', section: 's', kind: 'scale', min: 1, max: 10, satisfiedFrom: 'neutral' },
      ]),
    ).toEqual([
      'surveys.0.items.0.unknownValue: only number items take unknownValue',
      'surveys.0.items.1.unknownValue: must be between 0 and 10',
      'surveys.0.items.2.satisfiedFrom: only satisfaction items take satisfiedFrom',
    ]);
  });
});

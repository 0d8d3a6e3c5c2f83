import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DealercareError, scoreResponse, surveyDefinitionSchema } from '../../src';

const survey = surveyDefinitionSchema.parse({
  id: 'ssi',
  name: 'SSI',
  items: [
    { id: 'dress', section: 'process', kind: 'yesNo' },
    { id: 'testDrive', section: 'process', kind: 'yesNo' },
    { id: 'reception', section: 'start', kind: 'scale', min: 1, max: 10 },
    { id: 'courtesy', section: 'person', kind: 'scale', min: 1, max: 10, weight: 3 },
    { id: 'recommend', section: 'overall', kind: 'recommend' },
    { id: 'why', section: 'overall', kind: 'choice', choices: ['price', 'service', 'location'] },
    { id: 'suggestions', section: 'overall', kind: 'text', scored: false },
  ],
  alerts: { scaleAtOrBelow: 6, indexBelow: 80, notRecommended: true },
});

describe('survey scoring', () => {
  it('weights scale items, scales to 100, and computes process compliance and recommendation', () => {
    const s = scoreResponse(survey, {
      dress: true,
      testDrive: false,
      reception: 8,
      courtesy: 10,
      recommend: true,
      why: 'service',
      suggestions: '多一些休息区',
    });
    // (80 × 1 + 100 × 3) / 4
    expect(s.index).toBe(95);
    expect(s.processCompliance).toBe(50);
    expect(s.recommends).toBe(true);
    expect(s.lowItems).toEqual([]);
    expect(s.alert).toBe(false);
  });

  it('excludes unanswered items instead of counting them as zero', () => {
    const s = scoreResponse(survey, { reception: 9, courtesy: null });
    expect(s.index).toBe(90);
    expect(s.processCompliance).toBeNull();
    expect(s.recommends).toBeNull();
    expect(scoreResponse(survey, {}).index).toBeNull();
  });

  it('raises alerts for a low item, a low index, and a customer who would not recommend', () => {
    expect(scoreResponse(survey, { reception: 6, courtesy: 10 })).toMatchObject({
      lowItems: ['reception'],
      alert: true,
    });
    expect(scoreResponse(survey, { reception: 7, courtesy: 7 })).toMatchObject({
      lowItems: [],
      alert: true,
      index: 70,
    });
    expect(scoreResponse(survey, { recommend: false }).alert).toBe(true);
  });

  it('rejects out-of-range answers and unknown items, naming each item', () => {
    try {
      scoreResponse(survey, { reception: 11, dress: 'yes', why: 'weather', nope: 1 });
      throw new Error('expected a throw');
    } catch (e) {
      const err = e as DealercareError & { issues: { path: string[] }[] };
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.issues.map((i) => i.path[1]).sort()).toEqual([
        'dress',
        'nope',
        'reception',
        'why',
      ]);
    }
  });

  it('supports normalised and top-box indices, and section weighting', () => {
    const normalised = surveyDefinitionSchema.parse({ ...survey, index: { kind: 'normalised' } });
    expect(scoreResponse(normalised, { reception: 1, courtesy: 10 }).index).toBe(75);
    const topBox = surveyDefinitionSchema.parse({
      ...survey,
      index: { kind: 'topBox', threshold: 9 },
    });
    expect(scoreResponse(topBox, { reception: 8, courtesy: 9 }).index).toBe(75);
    const bySection = surveyDefinitionSchema.parse({ ...survey, weighting: 'section' });
    expect(scoreResponse(bySection, { reception: 8, courtesy: 10 }).index).toBe(90);
  });

  it('keeps every index within 0–100 for any valid answers', () => {
    fc.assert(
      fc.property(
        fc.record({
          reception: fc.option(fc.integer({ min: 1, max: 10 })),
          courtesy: fc.option(fc.integer({ min: 1, max: 10 })),
        }),
        (answers) => {
          const s = scoreResponse(survey, answers);
          if (s.index !== null) {
            expect(s.index).toBeGreaterThanOrEqual(10);
            expect(s.index).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
  describe('`scored: false` on every kind of item', () => {
    const unscored = (id: string) =>
      surveyDefinitionSchema.parse({
        ...survey,
        items: survey.items.map((i) => (i.id === id ? { ...i, scored: false } : i)),
      });

    it('a yes/no item does not count to process compliance', () => {
      const answers = { dress: false, testDrive: true };
      expect(scoreResponse(survey, answers).processCompliance).toBe(50);
      expect(scoreResponse(unscored('dress'), answers).processCompliance).toBe(100);
      expect(scoreResponse(unscored('dress'), { dress: false }).processCompliance).toBeNull();
    });

    it('a scale item counts neither to the index nor to low items and alerts', () => {
      const answers = { reception: 2, courtesy: 10 };
      expect(scoreResponse(survey, answers)).toMatchObject({
        lowItems: ['reception'],
        alert: true,
      });
      expect(scoreResponse(unscored('reception'), answers)).toEqual({
        index: 100,
        processCompliance: null,
        recommends: null,
        lowItems: [],
        alert: false,
      });
    });

    it('a recommend item gives no recommendation and raises no alert', () => {
      expect(scoreResponse(survey, { recommend: false })).toMatchObject({
        recommends: false,
        alert: true,
      });
      expect(scoreResponse(unscored('recommend'), { recommend: false })).toMatchObject({
        recommends: null,
        alert: false,
      });
    });

    it('an unscored item is still validated', () => {
      expect(() => scoreResponse(unscored('reception'), { reception: 11 })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    });
  });
});

/**
 * The Great Wall second-level visit record (新购车客户二级回访, [002]) as the second-level form of
 * the `great-wall` pack (`surveys[gw-second-level]`), through the engine on the real 2026 China
 * calendar, on every adapter.
 */
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createFakeClock,
  type DealercareError,
  type EngineEvent,
  loadRulePack,
  SHIPPED_PACKS,
  type StorageAdapter,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, delivery, onAdapter } from './setup';

const gw = loadRulePack(SHIPPED_PACKS['great-wall']);

function gwEngine(storage: StorageAdapter) {
  const clock = createFakeClock('2026-03-02T09:00:00+08:00');
  let n = 0;
  const engine = createEngine({ storage, clock, rules: gw, newId: () => `id-${++n}` });
  const seen: EngineEvent[] = [];
  engine.on('*', (_t, e) => seen.push(e));
  return { engine, clock, seen };
}
type Engine = ReturnType<typeof gwEngine>['engine'];

/** A delivery whose first-level visit is refused: the second-level visit is owed, opened, called. */
async function secondLevelOnTheLine(engine: Engine, clock: ReturnType<typeof gwEngine>['clock']) {
  await engine.ingest(delivery());
  const [first] = await engine.listVisits({ dealerId: DEALER });
  await engine.recordAttempt({
    dealerId: DEALER,
    visitId: first!.id,
    actor: agent,
    outcome: 'refused',
  });
  const second = (await engine.listVisits({ dealerId: DEALER })).find(
    (v) => v.type === 'secondLevel',
  )!;
  clock.set(new Date(Date.parse(second.window.opensAt)));
  await engine.tick();
  return engine.recordAttempt({
    dealerId: DEALER,
    visitId: second.id,
    actor: agent,
    outcome: 'connected',
  });
}

async function refusal(p: Promise<unknown>): Promise<{ path: string; code: string }[]> {
  try {
    await p;
  } catch (e) {
    const err = e as DealercareError & { issues: { path: (string | number)[]; code: string }[] };
    expect(err.code).toBe('VALIDATION_FAILED');
    return err.issues.map((i) => ({ path: i.path.join('.'), code: i.code }));
  }
  throw new Error('expected VALIDATION_FAILED');
}

const record = {
  respondentName: '张三',
  respondentPhone: '138-1234-5678',
  mileageKm: 1_800,
  vehicleCondition: '行驶正常',
  serviced: true,
  stationOpinion: 'satisfied',
  productQuality: 'verySatisfied',
  messageToStation: '客户希望周末保养',
};

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { freshStorage } = onAdapter(adapter);

    it('[002] "系统填写项目": the second-level visit carries the Great Wall record form', async () => {
      const { engine, clock } = gwEngine(freshStorage());
      const v = await secondLevelOnTheLine(engine, clock);
      expect(v.surveyId).toBe('gw-second-level');
      const done = await engine.completeVisit({
        dealerId: DEALER,
        visitId: v.id,
        actor: agent,
        answers: record,
        note: '备注：客户白天不方便接电话',
      });
      expect(done.state).toBe('completed');
      // Stored as prepared: the respondent's phone in E.164 (every record needs name and phone).
      expect(done.response?.answers).toMatchObject({
        respondentName: '张三',
        respondentPhone: '+8613812345678',
        mileageKm: 1_800,
        serviced: true,
        stationOpinion: 'satisfied',
        messageToStation: '客户希望周末保养',
      });
      // normalised index over the two satisfaction items: 满意 (6 − 1) / 6 × 100 and 很满意 100.
      expect(done.response?.score.index).toBeCloseTo((500 / 6 + 100) / 2, 10);
      // "serviced" is recorded, not scored as a process item.
      expect(done.response?.score.processCompliance).toBeNull();
      expect(done.result?.satisfied).toBe(true);
      expect((await engine.getVisit(DEALER, v.id)).response?.answers.respondentPhone).toBe(
        '+8613812345678',
      );
    });

    it('[002] "未获得车辆里程时,行驶里程填写“11”": unknown mileage is recorded as 11', async () => {
      const { engine, clock } = gwEngine(freshStorage());
      const v = await secondLevelOnTheLine(engine, clock);
      const { mileageKm: _m, ...withoutMileage } = record;
      const done = await engine.completeVisit({
        dealerId: DEALER,
        visitId: v.id,
        actor: agent,
        answers: withoutMileage,
      });
      expect(done.response?.answers.mileageKm).toBe(11);
    });

    it('[002] "如未保养“对服务站的意见”不询问": not serviced, an opinion of the station is refused', async () => {
      const { engine, clock } = gwEngine(freshStorage());
      const v = await secondLevelOnTheLine(engine, clock);
      const issues = await refusal(
        engine.completeVisit({
          dealerId: DEALER,
          visitId: v.id,
          actor: agent,
          answers: { ...record, serviced: false, stationRemarks: '一般' },
        }),
      );
      expect(issues).toEqual([
        { path: 'answers.stationOpinion', code: 'not_asked' },
        { path: 'answers.stationRemarks', code: 'not_asked' },
      ]);
      // Nothing half-written: the visit is as it was.
      const after = await engine.getVisit(DEALER, v.id);
      expect([after.state, after.version, after.response]).toEqual([v.state, v.version, undefined]);
      // Without them the same record completes.
      const { stationOpinion: _o, ...notServiced } = record;
      const done = await engine.completeVisit({
        dealerId: DEALER,
        visitId: v.id,
        actor: agent,
        answers: { ...notServiced, serviced: false },
      });
      expect(done.response?.score.index).toBe(100);
    });

    it('[002] "每张单据必须填写客户全名及电话": a record without name or phone is refused', async () => {
      const { engine, clock } = gwEngine(freshStorage());
      const v = await secondLevelOnTheLine(engine, clock);
      const { respondentName: _n, respondentPhone: _p, ...anonymous } = record;
      expect(
        await refusal(
          engine.completeVisit({
            dealerId: DEALER,
            visitId: v.id,
            actor: agent,
            answers: anonymous,
          }),
        ),
      ).toEqual([
        { path: 'answers.respondentName', code: 'required' },
        { path: 'answers.respondentPhone', code: 'required' },
      ]);
    });

    it('[003] "不太满意" with the station is dissatisfaction: alert and opinion case', async () => {
      const { engine, clock, seen } = gwEngine(freshStorage());
      const v = await secondLevelOnTheLine(engine, clock);
      const done = await engine.completeVisit({
        dealerId: DEALER,
        visitId: v.id,
        actor: agent,
        answers: { ...record, stationOpinion: 'notVerySatisfied' },
      });
      expect(done.result?.satisfied).toBe(false);
      expect(seen.find((e) => e.type === 'survey.alert')?.data).toMatchObject({
        lowItems: ['stationOpinion'],
      });
      const cases = await engine.listOpinionCases({ dealerId: DEALER });
      expect(cases.map((c) => c.visitId)).toEqual([v.id]);
    });
  });
}

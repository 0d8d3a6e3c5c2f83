/**
 * A month at one Great Wall dealer (March 2026), simulated with seeded randomness: deliveries
 * and repairs arrive from the DMS every day, the clock advances hour by hour, agents call the
 * customers whose visits are open, customers answer the surveys, some complain, the department
 * works the complaints and opinion cases, and `tick` fires every deadline and escalation.
 * The same seed always gives the same month.
 */
import {
  type Actor,
  type CompiledRulePack,
  type Complaint,
  type ComplaintCategory,
  chinaCalendar,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  type Engine,
  loadRulePack,
  type OpinionCase,
  SHIPPED_PACKS,
  type StorageAdapter,
  type SurveyItem,
  type Visit,
} from '@dealercare/core';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export const DEALER = 'haval-sjz-01';
const MONTH_START = '2026-03-01';
const DAYS = 31;
/** Calls an agent makes per working hour. */
const CALLS_PER_HOUR = 6;

const agent: Actor = { kind: 'person', id: 'agent-wang', name: '王芳', roles: ['followUpAgent'] };
const csManager: Actor = { kind: 'person', id: 'cs-li', name: '李娜', roles: ['csManager'] };
/** One person who can handle every department's part, to keep the example short. */
const handler: Actor = {
  kind: 'person',
  id: 'mgr-zhao',
  name: '赵磊',
  roles: [
    'serviceManager',
    'technicalDirector',
    'partsManager',
    'afterSalesManager',
    'departmentManager',
  ],
};

/** What a month produced. */
export interface MonthSummary {
  readonly dmsEvents: number;
  readonly announced: number;
  readonly visitsByState: Readonly<Record<string, number>>;
  /**
   * Visits by type: the seeds' visits (first and second level, post-repair, CSI) and the duties of
   * the pack (thank-you, usage check, first maintenance, dormancy, appointment reminder and
   * preparation, birthday care).
   */
  readonly visitsByType: Readonly<Record<string, number>>;
  /** `report.due` announcements by report kind (the pack's `cadence`). */
  readonly reportsDue: Readonly<Record<string, number>>;
  readonly completedOnTime: number;
  readonly completedLate: number;
  readonly meanIndex: Readonly<Record<string, number>>;
  readonly opinionCasesByState: Readonly<Record<string, number>>;
  readonly complaintsByState: Readonly<Record<string, number>>;
  readonly complaintsByTier: Readonly<Record<string, number>>;
  readonly escalations: number;
}

/** Options of {@link runMonth}. */
export interface MonthOptions {
  readonly storage: StorageAdapter;
  readonly seed?: number;
  /** Called once per simulated day (1…31). */
  readonly onDay?: (day: number, of: number) => void;
  /** Called with each day's DMS events before they are ingested (to keep them as a replay file). */
  readonly onEvents?: (events: readonly DmsEventInput[]) => void;
}

type Rng = ReturnType<typeof xoroshiro128plus>;

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

/** A customer's answer to one survey item: mostly content, now and then not. */
function answer(item: SurveyItem, rng: Rng, unhappy: boolean): boolean | number | string | null {
  const chance = uniformFloat64(rng);
  switch (item.kind) {
    case 'scale': {
      const min = item.min ?? 1;
      const max = item.max ?? 10;
      const top = Math.round(max - (max - min) * 0.1); // content: the top tenth of the scale
      return unhappy ? uniformInt(rng, min, Math.ceil((min + max) / 2)) : uniformInt(rng, top, max);
    }
    case 'yesNo':
      return chance > (unhappy ? 0.4 : 0.05);
    case 'recommend':
      return !unhappy || chance > 0.7;
    case 'choice':
      return item.choices?.[uniformInt(rng, 0, item.choices.length - 1)] ?? null;
    case 'text':
      // A required item (the respondent's name on the Great Wall second-level record [002]).
      if (item.required) return '车主本人';
      return unhappy ? '希望改进服务' : null;
    case 'satisfaction':
      // The 7-level scale of [003].
      return unhappy ? 'notVerySatisfied' : chance > 0.5 ? 'verySatisfied' : 'satisfied';
    case 'number':
      // Mileage: sometimes unknown, recorded as the item's unknownValue ("11" [002]).
      return chance < 0.2
        ? null
        : uniformInt(rng, item.min ?? 0, Math.min(item.max ?? 30_000, 30_000));
    case 'phone':
      return '13912345678';
  }
}

/** A seed from an id (FNV-1a). */
function seedOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Whether an item is asked, given the answers so far ("asked only if"). */
function asked(item: SurveyItem, answers: Record<string, unknown>): boolean {
  const c = item.askedIf;
  if (c === undefined) return true;
  const a = answers[c.item];
  return c.in !== undefined ? c.in.some((x) => x === a) : a === c.equals;
}

function dmsEvents(day: string, n: number, rng: Rng): DmsEventInput[] {
  const at = `${day}T09:00:00+08:00`;
  const events: DmsEventInput[] = [];
  const deliveries = uniformInt(rng, 0, 2);
  const repairs = uniformInt(rng, 2, 6);
  for (let i = 0; i < deliveries + repairs; i++) {
    const id = `${day.replaceAll('-', '')}-${n + i}`;
    // Every third customer gave a birthday and agreed to marketing contact (birthday care [001]).
    const consents = (n + i) % 3 === 0;
    const customer = {
      id: `C-${id}`,
      name: `客户${id.slice(-4)}`,
      phones: [{ number: `139${String(10_000_000 + n * 17 + i).slice(-8)}` }],
      ...(consents
        ? {
            birthday: `1985-03-${String(((n + i) % 28) + 1).padStart(2, '0')}`,
            consent: { followUp: true, marketing: true },
          }
        : {}),
    };
    const vehicle = { id: `V-${id}`, vin: `LGWEF4A5${String(900_000_000 + n * 31 + i).slice(-9)}` };
    if (i < deliveries) {
      events.push({
        type: 'vehicle.delivered',
        sourceId: `DEL-${id}`,
        dealerId: DEALER,
        occurredAt: at,
        customer,
        vehicle,
        salesConsultantId: `sc-${uniformInt(rng, 1, 3)}`,
      });
    } else {
      const kinds = ['special', 'general', 'maintenance'] as const;
      events.push({
        type: 'repair.settled',
        sourceId: `RO-${id}`,
        dealerId: DEALER,
        occurredAt: at,
        customer,
        vehicle,
        repairOrderId: `RO-${id}`,
        repairKind: kinds[uniformInt(rng, 0, 2)]!,
        pickedUp: uniformFloat64(rng) > 0.05,
        serviceAdvisorId: `sa-${uniformInt(rng, 1, 4)}`,
      });
      // Every fifth customer books the next service a week on: the reminder and the
      // preparation fall on the working day before [003].
      if ((n + i) % 5 === 0) {
        const next = new Date(Date.parse(at) + 7 * 86_400_000 + 3_600_000);
        events.push({
          type: 'appointment.booked',
          sourceId: `APT-${id}`,
          dealerId: DEALER,
          occurredAt: at,
          customer,
          vehicle,
          appointmentId: `APT-${id}`,
          appointmentAt: next.toISOString(),
        });
      }
      if (uniformFloat64(rng) < 0.06) {
        const categories: ComplaintCategory[] = ['repairTechnique', 'repairPrice', 'partsShortage'];
        events.push({
          type: 'complaint.received',
          sourceId: `CMP-${id}`,
          dealerId: DEALER,
          occurredAt: at,
          customer,
          source: 'onSite',
          category: categories[uniformInt(rng, 0, 2)]!,
          description: '维修后仍有异响',
        });
      }
    }
  }
  return events;
}

async function callCustomers(engine: Engine, rules: CompiledRulePack, rng: Rng, now: number) {
  const open = await engine.listVisits({ dealerId: DEALER, status: ['open', 'attempting'] });
  const ready = open
    .filter((v) => v.retryDueAt === undefined || Date.parse(v.retryDueAt) <= now + 3_600_000)
    .sort((a, b) => a.window.dueAt.localeCompare(b.window.dueAt))
    .slice(0, CALLS_PER_HOUR);
  for (const v of ready) await callOne(engine, rules, rng, v);
}

async function callOne(engine: Engine, rules: CompiledRulePack, rng: Rng, v: Visit) {
  const roll = uniformFloat64(rng);
  if (roll < 0.25) {
    await engine.recordAttempt({
      dealerId: DEALER,
      visitId: v.id,
      actor: agent,
      outcome: roll < 0.15 ? 'no-answer' : 'busy',
    });
    return;
  }
  await engine.recordAttempt({
    dealerId: DEALER,
    visitId: v.id,
    actor: agent,
    outcome: 'connected',
  });
  const survey = v.surveyId === undefined ? undefined : rules.survey(v.surveyId);
  const unhappy = uniformFloat64(rng) < 0.12;
  const answers: Record<string, boolean | number | string | null> = {};
  // The second-level record's answers come from a stream of their own (seeded by the visit), so
  // the month's DMS events stay those of the replay file core simulates.
  const itemRng = v.type === 'secondLevel' ? xoroshiro128plus(seedOf(v.id)) : rng;
  for (const item of survey?.items ?? []) {
    if (!asked(item, answers)) continue;
    const a = answer(item, itemRng, unhappy);
    if (a !== null) answers[item.id] = a;
  }
  await engine.completeVisit({
    dealerId: DEALER,
    visitId: v.id,
    actor: agent,
    ...(survey ? { answers } : {}),
  });
}

async function workComplaints(engine: Engine, rng: Rng) {
  const open = await engine.listComplaints({
    dealerId: DEALER,
    status: [
      'classified',
      'investigating',
      'solutionProposed',
      'accepted',
      'resolving',
      'resolved',
      'satisfactionCheck',
      'reopened',
      'rejected',
    ],
  });
  for (const c of open) {
    if (uniformFloat64(rng) < 0.5) continue; // not today
    await nextComplaintStep(engine, rng, c);
  }
}

async function nextComplaintStep(engine: Engine, rng: Rng, c: Complaint) {
  const base = { dealerId: DEALER, complaintId: c.id };
  switch (c.state) {
    case 'classified':
    case 'reopened':
      return engine.moveComplaint({ ...base, actor: handler, command: 'startInvestigation' });
    case 'investigating':
    case 'rejected':
      return engine.moveComplaint({
        ...base,
        actor: handler,
        command: 'proposeSolution',
        solution: '免费返修并赠送保养',
      });
    case 'solutionProposed':
      return engine.moveComplaint({
        ...base,
        actor: handler,
        command: 'recordCustomerDecision',
        accepted: uniformFloat64(rng) < 0.8,
      });
    case 'accepted':
      return engine.moveComplaint({ ...base, actor: handler, command: 'startResolving' });
    case 'resolving':
      return engine.moveComplaint({
        ...base,
        actor: handler,
        command: 'resolve',
        resolution: '已返修，试车正常',
      });
    case 'resolved':
      return engine.moveComplaint({ ...base, actor: csManager, command: 'beginSatisfactionCheck' });
    case 'satisfactionCheck':
      return engine.moveComplaint({
        ...base,
        actor: csManager,
        command: 'recordSatisfaction',
        satisfied: uniformFloat64(rng) < 0.9,
      });
    default:
      return undefined;
  }
}

async function workOpinionCases(engine: Engine) {
  const open = await engine.listOpinionCases({
    dealerId: DEALER,
    status: ['recorded', 'formSent', 'notReturnedInTime', 'handled', 'returned', 'followedUp'],
  });
  for (const oc of open) await nextOpinionStep(engine, oc);
}

async function nextOpinionStep(engine: Engine, oc: OpinionCase) {
  const base = { dealerId: DEALER, caseId: oc.id };
  switch (oc.state) {
    case 'recorded':
      return engine.moveOpinionCase({ ...base, actor: agent, command: 'sendForm' });
    case 'formSent':
    case 'notReturnedInTime':
      return engine.moveOpinionCase({
        ...base,
        actor: handler,
        command: 'recordHandling',
        handling: '已电话致歉并安排回厂检查',
      });
    case 'handled':
      return engine.moveOpinionCase({ ...base, actor: agent, command: 'returnForm' });
    case 'returned':
      return engine.moveOpinionCase({
        ...base,
        actor: agent,
        command: 'recordSecondFollowUp',
        satisfied: true,
      });
    case 'followedUp':
      return engine.moveOpinionCase({ ...base, actor: agent, command: 'close' });
    default:
      return undefined;
  }
}

/**
 * Simulates March 2026 at one dealer on the given storage and returns what happened. The
 * storage stays open (reports read it afterwards): the caller closes it.
 */
export async function runMonth(options: MonthOptions): Promise<MonthSummary> {
  const rng = xoroshiro128plus(options.seed ?? 20260301);
  const rules = loadRulePack(SHIPPED_PACKS['great-wall']);
  const calendar = chinaCalendar();
  const clock = createFakeClock(`${MONTH_START}T08:00:00+08:00`);
  // Ids in creation order (not random UUIDs), so the month does not depend on id order.
  let ids = 0;
  const newId = () => `m${String(++ids).padStart(6, '0')}`;
  const engine = createEngine({ storage: options.storage, clock, rules, calendar, newId });
  let announced = 0;
  let escalations = 0;
  engine.on('*', (type) => {
    announced++;
    if (type === 'complaint.escalated') escalations++;
  });
  // The reports the desk owes on the pack's cadence (CSI hand-in each working day, the GM's
  // Friday list, the monthly analysis by the 3rd…), announced as `report.due` by `tick`.
  const reportsDue: Record<string, number> = {};
  engine.on('report.due', (e) => {
    reportsDue[e.data.report] = (reportsDue[e.data.report] ?? 0) + 1;
  });
  await engine.startReportCadence({ dealerId: DEALER });

  let dmsEvents_ = 0;
  const first = Date.parse(`${MONTH_START}T00:00:00+08:00`);
  for (let d = 0; d < DAYS; d++) {
    const day = calendar.localDate(first + d * 86_400_000 + 43_200_000);
    const working = calendar.isWorkingDay(day);
    for (let hour = 8; hour <= 18; hour++) {
      clock.set(`${day}T${String(hour).padStart(2, '0')}:30:00+08:00`);
      if (hour === 9) {
        const events = dmsEvents(day, dmsEvents_, rng);
        dmsEvents_ += events.length;
        options.onEvents?.(events);
        await engine.ingestMany(events);
      }
      await engine.tick();
      if (!working || hour === 12 || hour === 18) continue; // lunch, evening, days off
      await callCustomers(engine, rules, rng, clock.now().getTime());
      if (hour === 10) await workOpinionCases(engine);
      if (hour === 15) await workComplaints(engine, rng);
    }
    options.onDay?.(d + 1, DAYS);
  }

  const visits = await all((afterId) =>
    engine.listVisits({ dealerId: DEALER, limit: 500, ...(afterId ? { afterId } : {}) }),
  );
  const cases = await all((afterId) =>
    engine.listOpinionCases({ dealerId: DEALER, limit: 500, ...(afterId ? { afterId } : {}) }),
  );
  const complaints = await all((afterId) =>
    engine.listComplaints({ dealerId: DEALER, limit: 500, ...(afterId ? { afterId } : {}) }),
  );
  const done = visits.filter((v) => v.state === 'completed');
  const completedAt = (v: Visit) =>
    v.history.findLast((h) => h.to === 'completed')?.at ?? v.updatedAt;
  const indexes: Record<string, number[]> = {};
  for (const v of done) {
    const r = v.response;
    if (r?.score.index == null) continue;
    const list = indexes[r.surveyId] ?? [];
    list.push(r.score.index);
    indexes[r.surveyId] = list;
  }
  return {
    dmsEvents: dmsEvents_,
    announced,
    visitsByState: countBy(visits, (v) => v.state),
    visitsByType: countBy(visits, (v) => v.type),
    reportsDue,
    completedOnTime: done.filter((v) => completedAt(v) <= v.window.dueAt).length,
    completedLate: done.filter((v) => completedAt(v) > v.window.dueAt).length,
    meanIndex: Object.fromEntries(
      Object.entries(indexes).map(([id, xs]) => [
        id,
        Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10,
      ]),
    ),
    opinionCasesByState: countBy(cases, (c) => c.state),
    complaintsByState: countBy(complaints, (c) => c.state),
    complaintsByTier: countBy(complaints, (c) => `tier ${c.tier}`),
    escalations,
  };
}

/** Every item of a dealer, page by page. */
async function all<T extends { id: string }>(
  page: (afterId?: string) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let last: string | undefined; ; ) {
    const rows = await page(last);
    out.push(...rows);
    if (rows.length < 500) return out;
    last = rows.at(-1)!.id;
  }
}

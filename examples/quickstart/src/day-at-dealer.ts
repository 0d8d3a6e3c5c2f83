import {
  type Actor,
  createEngine,
  createFakeClock,
  type DmsEventInput,
  type EngineEvent,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';

const DEALER = 'bj-haval-01';
const agent: Actor = { kind: 'person', id: 'agent-wang', name: '王芳', roles: ['followUpAgent'] };
const consultant: Actor = {
  kind: 'person',
  id: 'sc-liu',
  name: '刘洋',
  roles: ['salesConsultant'],
};
const afterSales: Actor = {
  kind: 'person',
  id: 'as-zhao',
  name: '赵磊',
  roles: ['afterSalesManager'],
};
const techDirector: Actor = {
  kind: 'person',
  id: 'td-sun',
  name: '孙强',
  roles: ['technicalDirector'],
};

const local = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hour12: false,
});

/** Formats an ISO instant in the dealer's time zone. */
export function localTime(iso: string): string {
  return local.format(new Date(iso));
}

function describeEvent(e: EngineEvent): string {
  // A generic formatter reads the typed `data` of any event as a plain record.
  const d = e.data as Readonly<Record<string, unknown>>;
  const extra = [
    d.type && `type=${d.type}`,
    d.dueAt && `due ${localTime(String(d.dueAt))}`,
    d.outcome && `outcome=${d.outcome}`,
    d.to && d.from !== d.to && `${d.from} → ${d.to}`,
    d.tier && e.type.startsWith('complaint') && `tier ${d.tier}`,
    Array.isArray(d.notify) && `notify ${d.notify.join(', ')}`,
  ].filter(Boolean);
  return `${localTime(e.at)}  ${e.type.padEnd(24)} ${e.subject.kind}:${e.subject.id} ${extra.join('  ')}`;
}

function deliveryEvent(n: number, at: string, name: string, phone: string): DmsEventInput {
  return {
    type: 'vehicle.delivered',
    sourceId: `DMS-DEL-${n}`,
    dealerId: DEALER,
    occurredAt: at,
    customer: { id: `cust-${n}`, name, phones: [{ number: phone }] },
    vehicle: { id: `car-${n}`, vin: `LGWEF4A59RH00000${n}`, model: 'Haval H6', usage: 'private' },
    salesConsultantId: consultant.id,
  };
}

/** What the day produced, for the test and the summary table. */
export interface DaySummary {
  readonly events: number;
  readonly visitsByState: Record<string, number>;
  readonly complaintTier: number;
  readonly opinionCases: number;
  readonly duplicateIgnored: boolean;
}

/**
 * Simulates a day (and the two working days after it) at one dealer on the in-memory store,
 * printing every event as the engine announces it.
 */
export async function runDay(print: (line: string) => void = console.log): Promise<DaySummary> {
  const clock = createFakeClock('2026-03-02T08:45:00+08:00'); // a Monday in Beijing
  let n = 0;
  const engine = createEngine({ storage: memoryStorage(), clock, newId: () => `${++n}` });
  let events = 0;
  engine.on('*', (_type, e) => {
    events++;
    print(describeEvent(e));
  });

  print('— 08:45 the DMS sends the morning events —');
  const deliveries = await engine.ingestMany([
    deliveryEvent(1, '2026-03-02T08:40:00+08:00', '张伟', '13812345678'),
    deliveryEvent(2, '2026-03-02T08:41:00+08:00', '李娜', '13912345678'),
  ]);
  const repairs = await engine.ingestMany([
    {
      type: 'repair.settled',
      sourceId: 'DMS-RO-7',
      dealerId: DEALER,
      occurredAt: '2026-03-02T08:42:00+08:00',
      customer: { id: 'cust-7', name: '陈静', phones: [{ number: '13700007777' }] },
      vehicle: { id: 'car-7', vin: 'LGWEF4A59RH000007' },
      repairOrderId: 'RO-7',
      repairKind: 'special',
      serviceAdvisorId: 'sa-he',
    },
    {
      type: 'repair.settled',
      sourceId: 'DMS-RO-8',
      dealerId: DEALER,
      occurredAt: '2026-03-02T08:43:00+08:00',
      customer: { id: 'cust-8', name: '杨洋', phones: [{ number: '13600008888' }] },
      vehicle: { id: 'car-8', vin: 'LGWEF4A59RH000008' },
      repairOrderId: 'RO-8',
      repairKind: 'general',
      pickedUp: false,
    },
  ]);
  const again = await engine.ingest(
    deliveryEvent(1, '2026-03-02T08:40:00+08:00', '张伟', '13812345678'),
  );
  print(`(re-delivered DMS-DEL-1 → ${again.status})`);
  const complaint = await engine.ingest({
    type: 'complaint.received',
    sourceId: 'DMS-CMP-3',
    dealerId: DEALER,
    occurredAt: '2026-03-02T08:44:00+08:00',
    customer: { id: 'cust-9', name: '周杰', phones: [{ number: '13500009999' }] },
    source: 'inboundCall',
    category: 'repairTechnique',
    description: '发动机异响修了两次仍未解决',
  });

  print('— 09:30 the follow-up agent starts calling —');
  clock.set('2026-03-02T09:30:00+08:00');
  const [v1, v2] = deliveries.map((d) => d.visitIds[0]!);
  await engine.recordAttempt({
    dealerId: DEALER,
    visitId: v1!,
    actor: agent,
    outcome: 'connected',
  });
  await engine.completeVisit({
    dealerId: DEALER,
    visitId: v1!,
    actor: agent,
    answers: {
      testDriveOffered: true,
      deliveryCeremony: true,
      reception: 9,
      courtesy: 10,
      delivery: 9,
      recommend: true,
    },
  });
  await engine.recordAttempt({
    dealerId: DEALER,
    visitId: v2!,
    actor: agent,
    outcome: 'wrong-number',
    phone: '13912345678',
  });
  clock.set('2026-03-02T10:10:00+08:00');
  await engine.correctPhone({
    dealerId: DEALER,
    visitId: v2!,
    actor: consultant,
    phone: '13912345679',
  });
  await engine.recordAttempt({
    dealerId: DEALER,
    visitId: v2!,
    actor: agent,
    outcome: 'no-answer',
  });

  print('— 10:40 a post-repair call finds an unhappy customer —');
  clock.set('2026-03-02T10:40:00+08:00');
  const repairVisit = repairs[0]!.visitIds[0]!;
  await engine.recordAttempt({
    dealerId: DEALER,
    visitId: repairVisit,
    actor: agent,
    outcome: 'connected',
  });
  await engine.completeVisit({
    dealerId: DEALER,
    visitId: repairVisit,
    actor: agent,
    // The post-repair form: the repair's effect and the complaint handling [002].
    answers: { repairQuality: 4, complaintHandling: 7 },
    note: '客户反映空调维修后仍不制冷',
  });
  const [opinion] = await engine.listOpinionCases({ dealerId: DEALER });
  await engine.moveOpinionCase({
    dealerId: DEALER,
    caseId: opinion!.id,
    actor: agent,
    command: 'sendForm',
  });

  print('— 14:00 the technical director looks at the complaint —');
  clock.set('2026-03-02T14:00:00+08:00');
  const complaintId = complaint.complaintIds[0]!;
  await engine.moveComplaint({
    dealerId: DEALER,
    complaintId,
    actor: techDirector,
    command: 'startInvestigation',
  });
  await engine.moveOpinionCase({
    dealerId: DEALER,
    caseId: opinion!.id,
    actor: afterSales,
    command: 'recordHandling',
    handling: '已安排明天返修，免费更换冷凝器',
  });

  print('— the clock runs on: ticks over the next working days —');
  for (const at of [
    '2026-03-02T17:30:00+08:00',
    '2026-03-03T12:00:00+08:00',
    '2026-03-04T12:00:00+08:00',
    '2026-03-05T12:00:00+08:00',
    '2026-03-06T17:30:00+08:00',
  ]) {
    clock.set(at);
    const r = await engine.tick();
    print(
      `   tick ${localTime(new Date(at).toISOString())}: fired ${r.fired}, discarded ${r.discarded}`,
    );
  }

  const visits = await engine.listVisits({ dealerId: DEALER });
  const visitsByState: Record<string, number> = {};
  for (const v of visits) visitsByState[v.state] = (visitsByState[v.state] ?? 0) + 1;
  const final = await engine.getComplaint(DEALER, complaintId);
  const summary: DaySummary = {
    events,
    visitsByState,
    complaintTier: final.tier,
    opinionCases: (await engine.listOpinionCases({ dealerId: DEALER })).length,
    duplicateIgnored: again.status === 'duplicate',
  };
  await engine.close();
  return summary;
}

import type { RulePackInput } from './rule-pack-schema';

const FAILED = ['no-answer', 'busy', 'switched-off'] as const;
const NOT_PICKED_UP = {
  all: [{ fact: 'event', path: 'pickedUp', operator: 'equal', value: false }],
};
const MAINTENANCE = {
  all: [{ fact: 'event', path: 'repairKind', operator: 'equal', value: 'maintenance' }],
};
const CONSENTED = {
  all: [{ fact: 'customer', path: 'consent.marketing', operator: 'equal', value: true }],
};
type VisitSpec = RulePackInput['visits'][number]['visit'];
/** The maintenance solicitation of a dormant customer (three months not seen [001]). */
const dormancyVisit = (): VisitSpec => ({
  type: 'maintenanceSolicitation',
  // Opens three months after the last visit (the customer is dormant then), due two weeks later.
  window: { opensAfter: { months: 3 }, dueAfter: { weeks: 15 } },
  assigneeRole: 'followUpAgent',
  attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
});
/** Birthday care [001]. */
const birthdayVisit = (): VisitSpec => ({
  type: 'birthdayCare',
  anchor: 'customer.birthday',
  // From three days before the birthday to the last working day on or before it.
  window: { opensAfter: { days: -3 }, dueAfter: { days: 0 } },
  assigneeRole: 'followUpAgent',
  attempts: { max: 2, retryWithin: { days: 1 }, failedOutcomes: [...FAILED] },
});
const NOT_PICKED_UP_NOTICE =
  'The customer has not picked up the car: service station, please do not call.';

/**
 * The built-in default pack: every default of DOMAIN.md that the engine needs. Brands and
 * dealers replace or extend it with their own JSON packs.
 */
export const defaultRulePack = {
  id: 'default',
  version: '1.0.0',
  visits: [
    {
      // 一级回访 with the SSI survey; the sources leave the window to the pack.
      // No condition: every delivery (the engine skips do-not-contact customers for every rule).
      id: 'first-level-after-delivery',
      on: 'vehicle.delivered',
      visit: {
        type: 'firstLevel',
        window: { workingDays: 3 },
        warnBefore: { before: { workingHours: 4 } },
        assigneeRole: 'followUpAgent',
        survey: 'ssi',
        // A new car not picked up when the visit falls due: do not visit, and tell the station
        // not to call (此客户未提车,请服务站不要回访 [002]).
        doNotVisitWhen: NOT_PICKED_UP,
        doNotVisitNotice: NOT_PICKED_UP_NOTICE,
        // Outlets' deliveries: at least 5 per secondary outlet, all if fewer [002]; the
        // dealer's own deliveries are all visited.
        sample: 'ssiOutlet',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
        onAlert: { department: 'sales', role: 'departmentManager' },
      },
    },
    {
      // 二级回访: working day 5–8 after the first-level follow-up — also one closed after two
      // failed calls (counts as done [002]) or refused.
      id: 'second-level-after-first',
      on: 'visit.closed',
      when: { all: [{ fact: 'visit', path: 'type', operator: 'equal', value: 'firstLevel' }] },
      visit: {
        type: 'secondLevel',
        window: { fromWorkingDay: 5, toWorkingDay: 8 },
        assigneeRole: 'followUpAgent',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
        onAlert: { department: 'afterSales', role: 'afterSalesManager' },
      },
    },
    {
      // 特殊维修: within 5 working days, by the station manager or the reception supervisor
      // (站长或接待主管回访 [002]): the station manager's role, and the assignment rule below.
      id: 'post-repair-special',
      on: 'repair.settled',
      when: { all: [{ fact: 'event', path: 'repairKind', operator: 'equal', value: 'special' }] },
      visit: {
        type: 'postRepair',
        window: { workingDays: 5 },
        assigneeRole: 'stationManager',
        // The post-repair visit checks the repair and the complaint handling [002]; the CSI
        // survey goes to its own sample (rule csi-sample).
        survey: 'postRepair',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
        doNotVisitWhen: NOT_PICKED_UP,
        doNotVisitNotice: NOT_PICKED_UP_NOTICE,
        onAlert: { department: 'afterSales', role: 'afterSalesManager' },
      },
    },
    {
      // 一般维修: working day 3–5.
      id: 'post-repair-general',
      on: 'repair.settled',
      when: {
        all: [
          {
            fact: 'event',
            path: 'repairKind',
            operator: 'in',
            value: ['general', 'maintenance', 'warranty'],
          },
        ],
      },
      visit: {
        type: 'postRepair',
        window: { fromWorkingDay: 3, toWorkingDay: 5 },
        assigneeRole: 'followUpAgent',
        survey: 'postRepair',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
        doNotVisitWhen: NOT_PICKED_UP,
        doNotVisitNotice: NOT_PICKED_UP_NOTICE,
        onAlert: { department: 'afterSales', role: 'afterSalesManager' },
      },
    },
    {
      // CSI 回访: a sample of 10 customers per service advisor [002] (quota `csi`), not every
      // repair. The window is not in the sources: the pack sets it.
      id: 'csi-sample',
      on: 'repair.settled',
      visit: {
        type: 'csi',
        window: { fromWorkingDay: 3, toWorkingDay: 7 },
        assigneeRole: 'followUpAgent',
        survey: 'csi',
        sample: 'csi',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
        doNotVisitWhen: NOT_PICKED_UP,
        doNotVisitNotice: NOT_PICKED_UP_NOTICE,
        onAlert: { department: 'afterSales', role: 'afterSalesManager' },
      },
    },
    // Duties nothing else schedules (docs/rule-packs.md "Duties"): each is one pending visit per
    // vehicle or customer, waiting in `scheduled` for its window on the working calendar.
    {
      // 客户购车成交后,在一周内发出感谢信、信息及电话 [001]: within one week of the purchase.
      id: 'thank-you-after-purchase',
      on: 'vehicle.delivered',
      duty: { per: 'vehicle' },
      visit: {
        type: 'thankYou',
        anchor: 'vehicle.deliveryDate',
        window: { dueAfter: { weeks: 1 } },
        assigneeRole: 'followUpAgent',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
      },
    },
    {
      // 在新车提车后的2~3周内,询问车主的使用情况 [003]: 2–3 weeks after delivery.
      id: 'usage-check-after-delivery',
      on: 'vehicle.delivered',
      duty: { per: 'vehicle' },
      visit: {
        type: 'usageCheck',
        anchor: 'vehicle.deliveryDate',
        window: { opensAfter: { weeks: 2 }, dueAfter: { weeks: 3 } },
        assigneeRole: 'followUpAgent',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
      },
    },
    {
      // 三个月内对购车的用户进行首保的招揽工作 [001]: the first-maintenance reminder, in the
      // third month after delivery — unless the first maintenance is done before.
      id: 'first-maintenance-reminder',
      on: 'vehicle.delivered',
      duty: {
        key: 'first-maintenance',
        per: 'vehicle',
        unless: [{ on: 'repair.settled', when: MAINTENANCE }],
      },
      visit: {
        type: 'firstMaintenance',
        anchor: 'vehicle.deliveryDate',
        window: { opensAfter: { months: 2 }, dueAfter: { months: 3 } },
        assigneeRole: 'followUpAgent',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
      },
    },
    {
      // …or by mileage, whichever first: a repair order that reports the first-maintenance
      // mileage moves the pending reminder forward (it never starts one).
      id: 'first-maintenance-by-mileage',
      on: 'repair.settled',
      when: {
        all: [
          { fact: 'vehicle', path: 'mileageKm', operator: 'greaterThanInclusive', value: 5000 },
          { fact: 'event', path: 'repairKind', operator: 'notEqual', value: 'maintenance' },
        ],
      },
      duty: { key: 'first-maintenance', per: 'vehicle', onRepeat: 'earlier', startsNew: false },
      visit: {
        type: 'firstMaintenance',
        window: { workingDays: 3 },
        assigneeRole: 'followUpAgent',
        attempts: { max: 2, retryWithin: { days: 2 }, failedOutcomes: [...FAILED] },
      },
    },
    {
      // 针对三个月或三个月以上的客户…招揽客户来店保养维修 [001]: a customer not seen for three
      // months is dormant and solicited; every service re-arms it from the service's date.
      id: 'dormancy-after-delivery',
      on: 'vehicle.delivered',
      duty: { key: 'dormancy', per: 'customer', onRepeat: 'rearm', onOpen: 'markDormant' },
      visit: dormancyVisit(),
    },
    {
      id: 'dormancy-after-service',
      on: 'repair.settled',
      duty: { key: 'dormancy', per: 'customer', onRepeat: 'rearm', onOpen: 'markDormant' },
      visit: dormancyVisit(),
    },
    {
      // 预约提醒: 在预约时间前…提醒客户 [003]: the working day before the appointment; a
      // rebooking moves it.
      id: 'appointment-reminder-day-before',
      on: 'appointment.booked',
      duty: { per: 'customer', onRepeat: 'rearm' },
      visit: {
        type: 'appointmentReminder',
        anchor: 'event.appointmentAt',
        window: { fromWorkingDay: -1, toWorkingDay: -1 },
        assigneeRole: 'serviceAdvisor',
        attempts: { max: 2, retryWithin: { workingHours: 2 }, failedOutcomes: [...FAILED] },
      },
    },
    {
      // 提前一天向备件经理了解…备件库存…告知车间主管次日预约情况 [003]: the day-before preparation
      // (parts, workshop bay, welcome board), a task for the service advisor.
      id: 'appointment-preparation-day-before',
      on: 'appointment.booked',
      duty: { per: 'customer', onRepeat: 'rearm' },
      visit: {
        type: 'appointmentPreparation',
        anchor: 'event.appointmentAt',
        window: { fromWorkingDay: -1, toWorkingDay: -1 },
        assigneeRole: 'serviceAdvisor',
        attempts: { max: 2, retryWithin: { workingHours: 2 }, failedOutcomes: [...FAILED] },
      },
    },
    {
      // 生日的祝福(赠送礼品、发送祝福短信及电话) [001]: optional, only for customers who
      // consented to marketing contact; by the birthday, every year.
      id: 'birthday-care',
      on: 'vehicle.delivered',
      when: CONSENTED,
      duty: { key: 'birthday-care', per: 'customer' },
      visit: birthdayVisit(),
    },
    {
      id: 'birthday-care-next-year',
      on: 'visit.closed',
      when: {
        all: [
          { fact: 'visit', path: 'type', operator: 'equal', value: 'birthdayCare' },
          ...CONSENTED.all,
        ],
      },
      duty: { key: 'birthday-care', per: 'customer' },
      visit: birthdayVisit(),
    },
  ],
  surveys: [
    {
      id: 'ssi',
      name: 'Sales satisfaction (SSI)',
      items: [
        { id: 'testDriveOffered', section: 'process', kind: 'yesNo' },
        { id: 'deliveryCeremony', section: 'process', kind: 'yesNo' },
        { id: 'reception', section: 'salesStart', kind: 'scale', min: 1, max: 10 },
        { id: 'courtesy', section: 'salesperson', kind: 'scale', min: 1, max: 10 },
        { id: 'delivery', section: 'delivery', kind: 'scale', min: 1, max: 10 },
        { id: 'recommend', section: 'overall', kind: 'recommend' },
        { id: 'suggestions', section: 'overall', kind: 'text', scored: false },
      ],
      alerts: { scaleAtOrBelow: 6, indexBelow: 80 },
    },
    {
      // 维修后回访: the repair's effect and the handling of any complaint [002].
      id: 'postRepair',
      name: 'Post-repair follow-up',
      items: [
        { id: 'repairQuality', section: 'repairQuality', kind: 'scale', min: 1, max: 10 },
        { id: 'complaintHandling', section: 'complaintHandling', kind: 'scale', min: 1, max: 10 },
        { id: 'suggestions', section: 'overall', kind: 'text', scored: false },
      ],
      alerts: { scaleAtOrBelow: 6 },
    },
    {
      id: 'csi',
      name: 'Service satisfaction (CSI)',
      items: [
        { id: 'repairQuality', section: 'repairQuality', kind: 'scale', min: 1, max: 10 },
        { id: 'serviceProcess', section: 'serviceProcess', kind: 'scale', min: 1, max: 10 },
        { id: 'waitingEnvironment', section: 'environment', kind: 'scale', min: 1, max: 10 },
        { id: 'recommend', section: 'overall', kind: 'recommend' },
        { id: 'suggestions', section: 'overall', kind: 'text', scored: false },
      ],
      // The seeds' trigger is a dissatisfied customer or a low item [001][002]; the 93 % of
      // [004] is a yearly target, not a pass mark for one answer.
      alerts: { scaleAtOrBelow: 6 },
    },
  ],
  opinion: {
    formDue: { endOf: 'workPeriod' },
    handlingWithin: { hours: 24 },
    secondFollowUpWithin: { workingHours: 4 },
    notReturnedNotify: ['generalManager'],
  },
  complaints: {
    // [003]: parts shortage → parts manager; technical or repair-quality problems → technical
    // director; everything else (parts quality included) → service manager.
    routing: [
      { categories: ['partsShortage'], role: 'partsManager' },
      { categories: ['repairTechnique', 'productQuality'], role: 'technicalDirector' },
    ],
    defaultRole: 'serviceManager',
    tiers: {
      '1': ['csManager', 'serviceAdvisor', 'followUpAgent'],
      '2': ['csManager', 'departmentManager', 'technicalDirector'],
      '3': ['csManager', 'generalManager'],
    },
    resolveWithin: { workingDays: 2 },
    ladder: [
      { id: 'warn', at: { before: { workingHours: 4 } }, action: { kind: 'warn' } },
      { id: 'tier-2', at: 'due', action: { kind: 'escalate', tier: 2 } },
      { id: 'tier-3', at: { after: { workingHours: 16 } }, action: { kind: 'escalate', tier: 3 } },
    ],
    feedbackWithin: { hours: 24 },
    satisfactionCheckWithin: { days: 7 },
    pauseIn: ['solutionProposed'],
  },
  // The reception supervisor (接待主管, the front-desk supervisor) makes special-repair visits
  // with the station manager [002]: both may call and record, besides the follow-up desk.
  permissions: {
    visit: {
      recordAttempt: ['followUpAgent', 'csManager', 'stationManager', 'frontDeskSupervisor'],
      complete: ['followUpAgent', 'csManager', 'stationManager', 'frontDeskSupervisor'],
    },
  },
  assignment: [
    {
      // A special-repair visit goes to the station manager on duty with the fewest open ones.
      id: 'special-repair-to-station-manager',
      kinds: ['visit'],
      visitTypes: ['postRepair'],
      roles: ['stationManager'],
      strategy: 'leastOpen',
      fallback: 'roundRobin',
    },
  ],
  // [004]: follow-up 100 % (also [002]); CSI at least 93 % over the year; during the warranty
  // period, 100 % of customers followed up ("Durante el período de garantía, la tasa de visitas
  // de retorno del cliente es del 100%"). The service satisfaction > 98 % and rework < 2 % of
  // [004] are set in the great-wall pack (`serviceSatisfiedRate`, `reworkRate`).
  targets: [
    { id: 'follow-up-rate', figure: 'followUpRate', atLeast: 1, period: 'month' },
    { id: 'csi-index', figure: 'surveyIndex', survey: 'csi', atLeast: 93, period: 'year' },
    { id: 'warranty-follow-up-rate', figure: 'warrantyFollowUpRate', atLeast: 1, period: 'year' },
  ],
  // [003] 质量担保期: taxi 12 months or 100,000 km, other use 24 months or 60,000 km, whichever
  // first (以先达到者为准); a change of use keeps the term; parts fitted at the dealer 12 months.
  warranty: {
    vehicle: [
      { id: 'taxi', usages: ['taxi'], months: 12, km: 100_000 },
      { id: 'private', usages: ['private', 'commercial', 'fleet'], months: 24, km: 60_000 },
    ],
    changeOfUse: 'keepsTerm',
    parts: { months: 12 },
  },
  sampling: {
    csi: { per: 'staff', size: 10, period: 'month', withoutGroup: 'skip' },
    ssiOutlet: { per: 'outlet', size: 5, period: 'month', withoutGroup: 'visit' },
  },
  // Reports the desk owes, announced as `report.due` once `engine.startReportCadence` runs.
  cadence: [
    {
      // [002] 工作时间表: 提交CSI调查结果给站长 9:00–9:30 (the day before's results, compiled
      // 16:30–17:30 that day).
      id: 'csi-daily-hand-in',
      report: 'csi-daily',
      due: { every: 'workingDay', opens: '09:00', at: '09:30' },
      recipients: ['stationManager'],
    },
    {
      // [000] 每周五将本周《顾客回访意见跟进解决表》清单以及《顾客回访意见汇总表》清单交于总经理.
      id: 'opinion-weekly-gm-list',
      report: 'opinion-weekly',
      due: { every: 'week', weekday: 'fri' },
      recipients: ['generalManager'],
    },
    {
      // [000] 每月3日前整理《顾客回访意见汇总表》,并做分析,以郵件的形式发送至总经理、客服经理、
      // 售后经理、售后信息员、前台主管.
      id: 'opinion-monthly-analysis',
      report: 'opinion-monthly',
      due: { every: 'month', day: 3 },
      recipients: [
        'generalManager',
        'csManager',
        'afterSalesManager',
        'infoClerk',
        'frontDeskSupervisor',
      ],
    },
    {
      // [002] 每月完成月度运营报告服务回访部分的编制(二级回访、维修后回访、客户抱怨、月服务部CS
      // 改善达成情况、CSI等) 当月3日前 — the complaints' case write-ups feed it [003].
      id: 'operations-monthly',
      report: 'operations-monthly',
      due: { every: 'month', day: 3 },
      recipients: ['stationManager', 'afterSalesManager'],
    },
    {
      // [004] reunión de calidad semanal: feedback summarised by category. The seed names no
      // day: the pack holds it on Friday with the GM's list.
      id: 'quality-weekly',
      report: 'quality-weekly',
      due: { every: 'week', weekday: 'fri' },
      recipients: ['csManager', 'afterSalesManager', 'serviceManager', 'technicalDirector'],
    },
  ],
} satisfies RulePackInput;

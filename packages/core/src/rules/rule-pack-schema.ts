import { z } from 'zod';
import { clockTimeSchema, WEEKDAYS, workPeriodSchema } from '../calendar/calendar-definition';
import { complaintMachine } from '../machines/complaint-machine';
import { customerMachine } from '../machines/customer-machine';
import { opinionCaseMachine } from '../machines/opinion-case-machine';
import { visitMachine } from '../machines/visit-machine';
import { attemptOutcomeSchema } from '../model/attempt';
import { complaintCategorySchema } from '../model/complaint';
import { idSchema, roleIdSchema } from '../model/primitives';
import { vehicleUsageSchema } from '../model/vehicle';
import { surveyDefinitionSchema } from '../scoring/survey-definition';
import {
  calendarWindowExpressionSchema,
  deadlineExpressionSchema,
  durationExpressionSchema,
  offsetSchema,
  windowExpressionSchema,
} from '../sla/deadline-expression';
import { ladderSchema } from '../sla/ladder';

/**
 * A json-rules-engine condition (`all` / `any` / `not` over facts). Checked structurally by
 * the compiler, which reports unknown facts and operators with their paths.
 */
export const conditionSchema = z.record(z.string(), z.unknown());

/** Triggers a visit rule listens to: DMS events and the library's own outcomes. */
export const VISIT_TRIGGERS = [
  'vehicle.delivered',
  'repair.settled',
  'appointment.booked',
  'complaint.received',
  'customer.changed',
  'visit.completed',
  /**
   * A visit closed for good: completed, unreachable after its last attempt, or refused. The
   * event fact's `outcome` says which (a second-level visit is owed after each [002]).
   */
  'visit.closed',
  'complaint.resolved',
] as const;

/**
 * What a visit's window is computed from (its anchor): `event.occurredAt` (the default: when the
 * trigger happened), `event.appointmentAt` (the appointment's time, on `appointment.booked`),
 * `vehicle.deliveryDate` (the vehicle's delivery date, local) or `customer.birthday` (the
 * customer's next birthday after the trigger's local date; 02-29 is 02-28 in other years). A
 * rule whose anchor the facts do not have (no delivery date, no birthday) makes no visit.
 */
export const VISIT_ANCHORS = [
  'event.occurredAt',
  'event.appointmentAt',
  'vehicle.deliveryDate',
  'customer.birthday',
] as const;
/** A visit anchor. */
export type VisitAnchor = (typeof VISIT_ANCHORS)[number];

/** A trigger that ends a pending duty, under an optional condition over the same facts. */
export const dutyUnlessSchema = z.strictObject({
  on: z.enum(VISIT_TRIGGERS),
  /** Condition over facts `event`, `customer`, `vehicle`, `visit`. Absent = always. */
  when: conditionSchema.optional(),
});

/**
 * A duty (N days/weeks/months after X unless Y happened): the rule's visit is kept as one
 * pending visit per customer or vehicle and `key`, waiting in `scheduled` for its window (its
 * `visit.open` timer is a durable timer that `tick` claims). See docs/rule-packs.md "Duties".
 */
export const dutySchema = z.strictObject({
  /**
   * The duty's name: rules sharing a key share one pending visit (e.g. the first-maintenance
   * reminder by time and by mileage). Default: the rule id.
   */
  key: idSchema.optional(),
  /** One pending visit per customer, or per vehicle (needs the event's vehicle). */
  per: z.enum(['customer', 'vehicle']),
  /**
   * What the trigger does when the duty is already pending: `keep` it (default); `rearm` it —
   * cancel it and schedule again from the new anchor, when the new trigger happened later (an
   * older or the same event changes nothing); `earlier` — keep whichever is due first.
   */
  onRepeat: z.enum(['keep', 'rearm', 'earlier']).default('keep'),
  /** `false`: the rule only moves a pending duty (`onRepeat`), never starts one. Default true. */
  startsNew: z.boolean().default(true),
  /** Triggers that cancel the pending duty (e.g. the first maintenance done). */
  unless: z.array(dutyUnlessSchema).max(20).default([]),
  /**
   * A customer lifecycle move when the window opens: `markDormant` (not seen for the dormancy
   * period [001]). Any service moves the customer back to active.
   */
  onOpen: z.enum(['markDormant']).optional(),
});
/** A duty. */
export type Duty = z.infer<typeof dutySchema>;

/** A visit rule: on which event, under which conditions, which visit. */
export const visitRuleSchema = z.strictObject({
  id: idSchema,
  on: z.enum(VISIT_TRIGGERS),
  /** Condition over facts `event`, `customer`, `vehicle`, `visit`. Absent = always. */
  when: conditionSchema.optional(),
  /**
   * Also match customers marked do-not-contact (default false). The engine never schedules a
   * visit for a do-not-contact customer from a rule without this, whatever its `when` says; opt
   * in only for contacts the customer asked for, such as a complaint's satisfaction check.
   */
  allowDoNotContact: z.boolean().optional(),
  /**
   * Keep the visit as a duty: one pending per customer or vehicle, re-armed or cancelled by
   * later events (see {@link dutySchema}). Absent: every match makes a visit.
   */
  duty: dutySchema.optional(),
  visit: z.strictObject({
    type: idSchema,
    /**
     * A window (`fromWorkingDay`/`toWorkingDay`, negative = before the anchor), a calendar window
     * (`opensAfter`/`dueAfter` in days, weeks or months) or a deadline (window opens at once).
     */
    window: z.union([
      windowExpressionSchema,
      calendarWindowExpressionSchema,
      deadlineExpressionSchema,
    ]),
    /** What the window is computed from (default `event.occurredAt`; see {@link VISIT_ANCHORS}). */
    anchor: z.enum(VISIT_ANCHORS).optional(),
    /** Emit `visit.due-soon` this long before the due instant. */
    warnBefore: offsetSchema.optional(),
    assigneeRole: roleIdSchema,
    survey: idSchema.optional(),
    /**
     * The sampling quota (a key of the pack's `sampling`) this rule's visits count against: a
     * sample, not a census (e.g. CSI, 10 customers per service advisor [002]).
     */
    sample: idSchema.optional(),
    attempts: z.strictObject({
      max: z.number().int().min(1).max(20),
      retryWithin: deadlineExpressionSchema,
      failedOutcomes: z.array(attemptOutcomeSchema).min(1),
    }),
    /** Create the visit as "do not visit" when this holds (e.g. vehicle not picked up). */
    doNotVisitWhen: conditionSchema.optional(),
    /**
     * The message passed down to the service station when the visit is created as "do not
     * visit" (向下级回访传递的信息, e.g. "此客户未提车,请服务站不要回访。" [002]): announced as
     * `visit.station-notified`. Absent: nobody is told.
     */
    doNotVisitNotice: z.string().min(1).max(500).optional(),
    /**
     * When the customer asks to be called back after the due time, the visit is not overdue
     * before the call-back if it is within this much of the due time (default: never extended).
     */
    callBackMayExtendDueBy: durationExpressionSchema.optional(),
    /**
     * The channel for a customer who does not take phone calls (`preferences.noPhoneCalls`) and
     * named no other (`preferences.preferredChannel`). Default `sms`.
     */
    nonCallChannel: z.enum(['sms', 'wechat', 'email', 'letter']).optional(),
    /** What a survey alert opens: an opinion case for this department and role. */
    onAlert: z
      .strictObject({ department: z.string().min(1).max(100), role: roleIdSchema })
      .optional(),
  }),
});
/** A visit rule. */
export type VisitRule = z.infer<typeof visitRuleSchema>;

/** Opinion follow-up timings (DOMAIN.md §4). */
export const opinionRulesSchema = z.strictObject({
  /** Form to the department: before lunch / end of day → `{ "endOf": "workPeriod" }`. */
  formDue: deadlineExpressionSchema,
  /** Department handles within (from the form being sent), e.g. `{ "hours": 24 }`. */
  handlingWithin: deadlineExpressionSchema,
  /** Second follow-up within (from the form's return), e.g. `{ "workingHours": 4 }`. */
  secondFollowUpWithin: deadlineExpressionSchema,
  /** Roles told at once when a form is not returned in time. */
  notReturnedNotify: z.array(roleIdSchema).default(['generalManager']),
  /**
   * Roles the call recording goes to with the form (录音发送至总经理、客服经理、售后经理、售后信息员、
   * 前台主管 [000]): `engine.recordOpinion` with a `recording` announces `opinion.recording` to them.
   */
  recordingRecipients: z
    .array(roleIdSchema)
    .min(1)
    .max(32)
    .default([
      'generalManager',
      'csManager',
      'afterSalesManager',
      'infoClerk',
      'frontDeskSupervisor',
    ]),
  /**
   * The Friday list of the week's opinion cases (每周五…交于总经理,总经理签字确认 [000]): the role
   * that signs it with `engine.signOpinionWeeklyList`.
   */
  weeklyList: z.strictObject({ signedBy: roleIdSchema }).default({ signedBy: 'generalManager' }),
});

/** Complaint routing, tiers, SLAs and ladder (DOMAIN.md §5). */
export const complaintRulesSchema = z.strictObject({
  routing: z.array(
    z.strictObject({ categories: z.array(complaintCategorySchema).min(1), role: roleIdSchema }),
  ),
  defaultRole: roleIdSchema,
  /** Who is in each tier (tier 1–3). */
  tiers: z.strictObject({
    '1': z.array(roleIdSchema).min(1),
    '2': z.array(roleIdSchema).min(1),
    '3': z.array(roleIdSchema).min(1),
  }),
  /** Deadline to resolve, from receipt; the ladder's offsets are relative to it. */
  resolveWithin: deadlineExpressionSchema,
  ladder: ladderSchema,
  /** Feedback to customer service after resolving, e.g. `{ "hours": 24 }`. */
  feedbackWithin: deadlineExpressionSchema,
  /** Satisfaction check after resolving, e.g. `{ "days": 7 }`. */
  satisfactionCheckWithin: deadlineExpressionSchema,
  /** States in which the resolution clock stops (waiting for the customer). */
  pauseIn: z.array(z.string()).default([]),
});

/**
 * A sampling quota (抽样) a visit rule names with `sample`: the rule makes at most `size` visits
 * per group and period — the first ones of the period, in the order the events arrive — and none
 * after. `per: "staff"` groups by the staff member the visit scores (the service advisor of a
 * repair: CSI, 10 per advisor [002]); `per: "outlet"` by the secondary outlet of the event (SSI,
 * at least 5 per outlet, all if fewer [002]). An event without the group (no advisor, the
 * dealer's own delivery) is visited when `withoutGroup` is `visit`, skipped when `skip`.
 */
export const sampleQuotaSchema = z.strictObject({
  per: z.enum(['staff', 'outlet']),
  size: z.number().int().min(0).max(10_000),
  /** The period a quota counts in, on the dealer's local calendar (default a month). */
  period: z.enum(['week', 'month']).default('month'),
  withoutGroup: z.enum(['visit', 'skip']).default('skip'),
});
/** A sampling quota. */
export type SampleQuota = z.infer<typeof sampleQuotaSchema>;

/** Sampling quotas by name (e.g. `csi`, `ssiOutlet`), named by visit rules' `sample`. */
const samplingRulesSchema = z.record(idSchema, sampleQuotaSchema);

/** Roles per command of one machine: only the machine's own commands are keys. */
function commandRoles<C extends string>(commands: readonly C[]) {
  const shape = {} as { [K in C]: z.ZodOptional<z.ZodArray<typeof roleIdSchema>> };
  for (const c of commands) shape[c] = z.array(roleIdSchema).optional();
  return z.strictObject(shape).optional();
}

/**
 * Roles allowed per machine and command, overriding the machine tables' defaults: only the
 * machines and commands that exist are keys, so a typo (`clsoe`) is an error, not a permission
 * that silently never applies. `customer.erase` is the erasure command (`engine.eraseCustomer`).
 */
export const permissionsSchema = z.strictObject({
  visit: commandRoles(visitMachine.commands),
  complaint: commandRoles(complaintMachine.commands),
  opinionCase: commandRoles(opinionCaseMachine.commands),
  customer: commandRoles([...customerMachine.commands, 'erase']),
});

/**
 * When and how often customers may be contacted (quiet hours and cadence): calls and messages
 * only within `hours` (local, on any day), at most `maxPerCustomerPerDay` contacts per customer
 * per local day across all visits. `engine.contactAllowed` answers before a call;
 * `recordAttempt` refuses one outside them with `CONTACT_NOT_ALLOWED`.
 */
const contactRulesSchema = z.strictObject({
  hours: z.array(workPeriodSchema).min(1).max(12).optional(),
  maxPerCustomerPerDay: z.number().int().min(1).max(100).optional(),
});

/** How a strategy picks a person among the staff on duty who hold the item's role (派单). */
export const ASSIGNMENT_STRATEGIES = ['roundRobin', 'leastOpen', 'previousAgent'] as const;
/** An assignment strategy. */
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

/**
 * Who gets an item when it needs a person: a visit when its window opens, a complaint when it is
 * routed to an owner role, an opinion case when recorded. The first rule that matches the item
 * picks a person with its `strategy` (`previousAgent`: whoever last had one of the customer's
 * visits, if on duty; `leastOpen`: fewest open items of that kind; `roundRobin`: whoever was
 * given an item longest ago), then `fallback` if that finds nobody. No rule, or nobody on
 * duty: the item waits in its role for a person to claim it.
 */
export const assignmentRuleSchema = z.strictObject({
  id: idSchema,
  /** Item kinds it applies to (default: all). */
  kinds: z
    .array(z.enum(['visit', 'complaint', 'opinionCase']))
    .min(1)
    .optional(),
  /** Visit types it applies to (default: all). */
  visitTypes: z.array(idSchema).min(1).optional(),
  /** Roles it applies to (the item's role; default: all). */
  roles: z.array(roleIdSchema).min(1).optional(),
  strategy: z.enum(ASSIGNMENT_STRATEGIES),
  fallback: z.enum(ASSIGNMENT_STRATEGIES).optional(),
});
/** An assignment rule. */
export type AssignmentRule = z.infer<typeof assignmentRuleSchema>;

/**
 * Figures a KPI target can be set on: `followUpRate` and `onTimeRate` of the follow-up section
 * (fractions, 1 = 100 %), and `surveyIndex` (0–100) and `recommendationRate` (fraction) of one
 * survey; `serviceSatisfiedRate`, the share of customers satisfied on the visits made after a
 * repair (fraction; service satisfaction > 98 % [004]); `reworkRate`, the share of repairs
 * the vehicle came back for (fraction; rework < 2 % [004]); and `warrantyFollowUpRate`
 * (fraction): the follow-up rate of the visits about vehicles in warranty (100 % during the
 * warranty period [004]).
 */
export const KPI_FIGURES = [
  'followUpRate',
  'onTimeRate',
  'surveyIndex',
  'recommendationRate',
  'serviceSatisfiedRate',
  'reworkRate',
  'warrantyFollowUpRate',
] as const;

/**
 * A KPI target (考核指标, e.g. follow-up 100 %, CSI ≥ 93 % [004]): reports show it next to its
 * figure with met / not met. Exactly one of `atLeast`, `above`, `atMost`, `below`.
 */
export const kpiTargetSchema = z
  .strictObject({
    id: idSchema,
    figure: z.enum(KPI_FIGURES),
    /** The survey of a `surveyIndex` or `recommendationRate` target. */
    survey: idSchema.optional(),
    atLeast: z.number().finite().optional(),
    above: z.number().finite().optional(),
    atMost: z.number().finite().optional(),
    below: z.number().finite().optional(),
    /** The period the target is set for (a yearly target is still shown on a month). */
    period: z.enum(['month', 'year']).default('month'),
  })
  .superRefine((t, ctx) => {
    const bounds = [t.atLeast, t.above, t.atMost, t.below].filter((b) => b !== undefined);
    if (bounds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['atLeast'],
        message: 'exactly one of atLeast, above, atMost, below',
      });
    }
    const perSurvey = t.figure === 'surveyIndex' || t.figure === 'recommendationRate';
    if (perSurvey !== (t.survey !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['survey'],
        message: perSurvey ? `${t.figure} needs a survey` : `${t.figure} takes no survey`,
      });
    }
  });
/** A KPI target. */
export type KpiTarget = z.infer<typeof kpiTargetSchema>;

/**
 * When a cadence entry's period is due, on the dealer's working calendar:
 * - `every: "workingDay"` — each working day is a period, due at `at` (local `HH:MM`) on the next
 *   working day (CSI results to the station manager 09:00–09:30 [002]: `opens: "09:00"`,
 *   `at: "09:30"`);
 * - `every: "week"` — Monday to Sunday, due at the end of work on `weekday` of that week, or of the
 *   next working day when that day is not one (the Friday list for the GM [000]);
 * - `every: "month"` — a calendar month, due at the end of work on `day` of the next month, or of
 *   the next working day when that day is not one (the monthly report by the 3rd [000][002]).
 */
export const cadenceDueSchema = z.discriminatedUnion('every', [
  z.strictObject({
    every: z.literal('workingDay'),
    at: clockTimeSchema,
    /** When the hand-in window opens (local `HH:MM`, before `at`); informational. */
    opens: clockTimeSchema.optional(),
  }),
  z.strictObject({ every: z.literal('week'), weekday: z.enum(WEEKDAYS) }),
  z.strictObject({ every: z.literal('month'), day: z.number().int().min(1).max(28) }),
]);
/** When a cadence entry is due. */
export type CadenceDue = z.infer<typeof cadenceDueSchema>;

/**
 * A report the desk owes on a cadence (报表节奏): announced as `report.due` for each period once
 * `engine.startReportCadence` has started the dealer's cadence, so a DMS can mail the
 * recipients (their roles).
 */
export const cadenceEntrySchema = z.strictObject({
  id: idSchema,
  /** The report kind the announcement names (`csi-daily`, `opinion-weekly`, …). */
  report: idSchema,
  due: cadenceDueSchema,
  /** Roles the report goes to. */
  recipients: z.array(roleIdSchema).min(1).max(32),
  description: z.string().max(500).optional(),
});
/** A cadence entry. */
export type CadenceEntry = z.infer<typeof cadenceEntrySchema>;

/**
 * A vehicle warranty term (质量担保期): `months` from the delivery date or `km`, whichever comes
 * first (以先达到者为准), for the vehicles whose usage is in `usages` — e.g. taxi 12 months or
 * 100,000 km, other use 24 months or 60,000 km [003].
 */
export const warrantyTermSchema = z.strictObject({
  id: idSchema,
  usages: z.array(vehicleUsageSchema).min(1),
  months: z.number().int().min(1).max(600),
  /** The mileage limit; absent: by time only. */
  km: z.number().int().min(1).max(10_000_000).optional(),
});
/** A vehicle warranty term. */
export type WarrantyTerm = z.infer<typeof warrantyTermSchema>;

/**
 * Warranty terms (see `engine.inWarranty`). `changeOfUse`: `keepsTerm` (default) — a vehicle
 * whose use changes keeps the term of the usage it was delivered with (质量担保期内若用户变更轿车
 * 用途，轿车享受原质量担保期 [003]); `followsUsage` — the current usage decides. `parts`: a part
 * bought and fitted at the dealer is under warranty this many months from the day it was fitted
 * (备件质量担保期为12个月 [003]).
 */
export const warrantyRulesSchema = z
  .strictObject({
    vehicle: z.array(warrantyTermSchema).min(1).max(50),
    changeOfUse: z.enum(['keepsTerm', 'followsUsage']).default('keepsTerm'),
    parts: z.strictObject({ months: z.number().int().min(1).max(600) }).optional(),
  })
  .superRefine((w, ctx) => {
    const seen = new Map<string, number>();
    w.vehicle.forEach((t, i) => {
      t.usages.forEach((u, j) => {
        const first = seen.get(u);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['vehicle', i, 'usages', j],
            message: `usage "${u}" already has a term (vehicle.${first})`,
          });
        } else seen.set(u, i);
      });
    });
  });
/** Warranty terms of a pack. */
export type WarrantyRules = z.infer<typeof warrantyRulesSchema>;

/** A rule pack (see docs/rule-packs.md). Every object rejects unknown keys. */
export const rulePackSchema = z.strictObject({
  /** The JSON Schema an editor checks the file against; ignored by the library. */
  $schema: z.string().max(1000).optional(),
  id: idSchema,
  version: z.string().min(1).max(50),
  brand: z.string().max(100).optional(),
  permissions: permissionsSchema.default({}),
  /** Roles the dealer uses besides `DEFAULT_ROLES`; any other role named in the pack is an error. */
  roles: z.array(roleIdSchema).max(200).default([]),
  visits: z.array(visitRuleSchema),
  surveys: z.array(surveyDefinitionSchema).default([]),
  opinion: opinionRulesSchema,
  complaints: complaintRulesSchema,
  sampling: samplingRulesSchema.default({}),
  /** Quiet hours and cadence of contacts. */
  contact: contactRulesSchema.default({}),
  /** Assignment rules, first match wins (see {@link AssignmentRule}). */
  assignment: z.array(assignmentRuleSchema).default([]),
  /** KPI targets shown next to report figures (see {@link KpiTarget}). */
  targets: z.array(kpiTargetSchema).default([]),
  /** Reports due on a cadence (see {@link CadenceEntry}); ids are unique. */
  cadence: z.array(cadenceEntrySchema).max(100).default([]),
  /** Warranty terms (see {@link WarrantyRules}); absent: no vehicle is known to be in warranty. */
  warranty: warrantyRulesSchema.optional(),
});
/** A rule pack as written in JSON. */
export type RulePackInput = z.input<typeof rulePackSchema>;
/** A validated rule pack. */
export type RulePack = z.infer<typeof rulePackSchema>;

import type { z } from 'zod';
import { ValidationError } from '../errors';
import { type CalendarYear, calendarYearSchema } from '../model/calendar-year';
import { type Complaint, complaintSchema } from '../model/complaint';
import { type ContactConsent, contactConsentSchema } from '../model/contact-consent';
import { type Customer, customerSchema } from '../model/customer';
import { type DeadTimer, deadTimerSchema } from '../model/dead-timer';
import type { RecordKind } from '../model/domain-event';
import { type OpinionCase, opinionCaseSchema } from '../model/opinion-case';
import { type ParkedEvent, parkedEventSchema } from '../model/parked-event';
import { toEpoch } from '../model/primitives';
import {
  type ReportCadence,
  type ReportSignOff,
  reportCadenceSchema,
  reportSignOffSchema,
} from '../model/report-cadence';
import { type RulesVersion, rulesVersionSchema } from '../model/rules-version';
import { type StaffMember, staffMemberSchema } from '../model/staff-member';
import { type Vehicle, vehicleSchema } from '../model/vehicle';
import { type Visit, visitSchema } from '../model/visit';
import { customerKeys, vehicleKeys } from '../search/lookup-keys';
import type { JsonObject, StorageAdapter, StoredRecord } from '../storage/storage-port';

/** The aggregate type stored under each record kind. */
export interface AggregateByKind {
  customer: Customer;
  vehicle: Vehicle;
  visit: Visit;
  opinionCase: OpinionCase;
  complaint: Complaint;
  calendarYear: CalendarYear;
  deadTimer: DeadTimer;
  parkedEvent: ParkedEvent;
  staffMember: StaffMember;
  rulesVersion: RulesVersion;
  contactConsent: ContactConsent;
  reportCadence: ReportCadence;
  reportSignOff: ReportSignOff;
}

type Columns = Pick<
  StoredRecord,
  | 'status'
  | 'customerId'
  | 'assigneeRole'
  | 'assigneeId'
  | 'dueAt'
  | 'type'
  | 'outletId'
  | 'opensAt'
  | 'keys'
>;

interface Codec<A> {
  readonly schema: z.ZodType<A>;
  columns(a: A): Columns;
}

const codecs: { [K in RecordKind]: Codec<AggregateByKind[K]> } = {
  customer: {
    schema: customerSchema,
    columns: (c) => ({
      status: c.state,
      customerId: c.id,
      // An erased customer is found by no personal key.
      keys: c.erasedAt === undefined ? customerKeys(c) : [],
    }),
  },
  vehicle: {
    schema: vehicleSchema,
    columns: (v) => ({ status: 'active', customerId: v.customerId, keys: vehicleKeys(v) }),
  },
  visit: {
    schema: visitSchema,
    columns: (v) => ({
      status: v.state,
      customerId: v.subject.customerId,
      assigneeRole: v.assignee.role,
      assigneeId: v.assignee.actorId,
      dueAt: toEpoch(v.window.extendedDueAt ?? v.window.dueAt),
      type: v.type,
      outletId: v.subject.outletId,
      opensAt: toEpoch(v.window.opensAt),
    }),
  },
  opinionCase: {
    schema: opinionCaseSchema,
    columns: (o) => ({
      status: o.state,
      customerId: o.customerId,
      assigneeRole: o.responsibleRole,
      assigneeId: o.assignee?.actorId,
      dueAt: toEpoch(o.due.secondFollowUpBy ?? o.due.handledBy ?? o.due.formSentBy),
    }),
  },
  complaint: {
    schema: complaintSchema,
    columns: (c) => ({
      status: c.state,
      customerId: c.customerId,
      assigneeRole: c.owner.role,
      assigneeId: c.owner.actorId,
      dueAt: toEpoch(c.sla.dueAt),
      type: c.category,
    }),
  },
  calendarYear: {
    schema: calendarYearSchema,
    columns: (y) => ({ status: y.state }),
  },
  deadTimer: {
    schema: deadTimerSchema,
    columns: (d) => ({ status: d.state, dueAt: d.timer.dueAt }),
  },
  parkedEvent: {
    schema: parkedEventSchema,
    columns: (p) => ({ status: p.state, dueAt: toEpoch(p.expiresAt) }),
  },
  staffMember: {
    schema: staffMemberSchema,
    columns: (m) => ({ status: m.state }),
  },
  rulesVersion: {
    schema: rulesVersionSchema,
    columns: (r) => ({ status: r.state, dueAt: toEpoch(r.effectiveFrom) }),
  },
  contactConsent: {
    schema: contactConsentSchema,
    columns: (c) => ({ status: 'recorded', customerId: c.customerId }),
  },
  reportCadence: {
    schema: reportCadenceSchema,
    columns: (r) => ({ status: r.state, dueAt: toEpoch(r.next.dueAt), type: r.report }),
  },
  reportSignOff: {
    schema: reportSignOffSchema,
    columns: (r) => ({ status: r.state, type: r.report }),
  },
};

/** Turns an aggregate into the record an adapter stores (columns + JSON). */
export function encodeRecord<K extends RecordKind>(
  kind: K,
  aggregate: AggregateByKind[K],
): Omit<StoredRecord, 'version'> {
  const a = aggregate as AggregateByKind[K] & { id: string; dealerId: string };
  return {
    kind,
    id: a.id,
    dealerId: a.dealerId,
    ...codecs[kind].columns(aggregate),
    data: aggregate as unknown as JsonObject,
  };
}

/** Options of {@link decodeRecord}. */
export interface DecodeOptions {
  /**
   * Validate `data` against the kind's schema (default `true`). `false` is for rows from a
   * {@link StorageAdapter.trusted | trusted} adapter: the aggregate is `data` as stored — the
   * very object when its `version` is the row's (as the engine writes it), else a shallow copy
   * with the row's version — shared with the adapter: do not mutate it.
   */
  readonly verify?: boolean;
}

/**
 * Validates what an adapter returned: a corrupt or foreign row becomes a `ValidationError`
 * naming the record, never a half-typed object in the engine. With `verify: false` (trusted
 * storage) the row is taken as stored.
 */
export function decodeRecord<K extends RecordKind>(
  kind: K,
  record: StoredRecord,
  options: DecodeOptions = {},
): AggregateByKind[K] {
  if (options.verify === false) {
    // The engine writes the version into `data` too, so a row it wrote is the aggregate itself.
    if (record.data.version === record.version) return record.data as unknown as AggregateByKind[K];
    return { ...record.data, version: record.version } as unknown as AggregateByKind[K];
  }
  const parsed = codecs[kind].schema.safeParse(record.data);
  if (!parsed.success) {
    throw new ValidationError(
      `stored ${kind} "${record.id}"`,
      parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
        message: i.message,
        code: i.code,
      })),
    );
  }
  return { ...parsed.data, version: record.version } as AggregateByKind[K];
}

import { PermissionDeniedError, RealNameRequiredError } from '../errors';
import { type Actor, actorRef } from '../model/actor';
import type { Complaint } from '../model/complaint';
import type { Customer } from '../model/customer';
import type { DomainEvent, RecordKind } from '../model/domain-event';
import type { HistoryEntry } from '../model/history';
import type { OpinionCase } from '../model/opinion-case';
import type { Answers } from '../model/survey-response';
import type { Visit } from '../model/visit';
import { type EngineContext, packFor } from './engine-context';
import type { UnitOfWork } from './unit-of-work';

/** What an erasure removed, for the erasure record and the caller. */
export interface ErasureReceipt {
  readonly customerId: string;
  readonly erasedAt: string;
  readonly erasedBy: string;
  readonly visits: number;
  readonly opinionCases: number;
  readonly complaints: number;
  readonly vehicles: number;
  readonly events: number;
}

/** Placeholder for erased free text: keeps "there was text" for counts, not the text. */
export const ERASED = '[erased]';

/** Roles allowed to erase a customer unless the pack's `permissions.customer.erase` says otherwise. */
const DEFAULT_ERASE_ROLES = ['csManager', 'generalManager'];

/** Keys of event data that may carry personal text. */
const PERSONAL_KEYS = new Set([
  'name',
  'phone',
  'phones',
  'address',
  'note',
  'problem',
  'description',
  'text',
  'reason',
  'handling',
  'solution',
  'resolution',
  /** The call recording's reference (`opinion.recording`): the customer's voice [000]. */
  'ref',
]);

/** Fact values read from the customer (`customer.…`) may be personal: erased like reasons. */
function scrubFacts(facts: NonNullable<HistoryEntry['facts']>): HistoryEntry['facts'] {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(facts)) out[k] = k.startsWith('customer.') ? ERASED : v;
  return out;
}

function scrubHistory(h: readonly HistoryEntry[]): HistoryEntry[] {
  return h.map((e) => {
    if (e.reason === undefined && e.facts === undefined) return e;
    return {
      ...e,
      ...(e.reason !== undefined ? { reason: ERASED } : {}),
      ...(e.facts !== undefined ? { facts: scrubFacts(e.facts) } : {}),
    };
  });
}

function scrubAnswers(answers: Answers): Answers {
  const out: Answers = {};
  for (const [k, v] of Object.entries(answers)) out[k] = typeof v === 'string' ? null : v;
  return out;
}

function scrubEvent(e: DomainEvent): DomainEvent {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e.data))
    data[k] = PERSONAL_KEYS.has(k) && v !== null ? ERASED : v;
  return { ...e, data };
}

async function allOf<K extends 'visit' | 'opinionCase' | 'complaint' | 'vehicle'>(
  uow: UnitOfWork,
  kind: K,
  dealerId: string,
  customerId: string,
): Promise<string[]> {
  const ids: string[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await uow.query({
      dealerId,
      kind,
      customerId,
      limit: 500,
      ...(afterId ? { afterId } : {}),
    });
    ids.push(...page.map((r) => r.id));
    if (page.length < 500) return ids;
    afterId = page.at(-1)!.id;
  }
}

/**
 * Erases a customer's personal data (PIPL): name, phones, contact person, address, birthday,
 * plates, DMS extras (customer, vehicle, visits, complaints: opaque, so all of them), and every free text about them (survey text answers, notes, call-recording references, opinion and complaint
 * texts, history reasons, personal fields of logged events). Keeps the records, states,
 * scores and counts so reports stay right. Records who erased and when.
 */
export async function eraseCustomer(
  uow: UnitOfWork,
  ctx: EngineContext,
  dealerId: string,
  customerId: string,
  actor: Actor,
): Promise<ErasureReceipt> {
  if (actor.kind !== 'person') throw new RealNameRequiredError('customer', 'erase');
  await uow.touch(dealerId);
  const allowed =
    packFor(ctx, uow, dealerId).pack.permissions.customer?.erase ?? DEFAULT_ERASE_ROLES;
  if (!actor.roles.some((r) => allowed.includes(r))) {
    throw new PermissionDeniedError('customer', 'erase', actor.id, allowed);
  }
  const customer: Customer = await uow.load('customer', dealerId, customerId);
  const subjects: { kind: RecordKind; id: string }[] = [{ kind: 'customer', id: customerId }];

  const visitIds = await allOf(uow, 'visit', dealerId, customerId);
  for (const id of visitIds) {
    const v: Visit = await uow.load('visit', dealerId, id);
    // DMS extras are opaque: the library cannot tell what in them is personal, so all go.
    const { blockedReason: _b, dmsExtras: _x, ...rest } = v;
    const next: Visit = {
      ...rest,
      attempts: v.attempts.map(({ note: _n, ...a }) => a),
      ...(v.response
        ? { response: { ...v.response, answers: scrubAnswers(v.response.answers) } }
        : {}),
      ...(v.result ? { result: (({ note: _n, ...r }) => r)(v.result) } : {}),
      history: scrubHistory(v.history),
    };
    await uow.save('visit', next);
    subjects.push({ kind: 'visit', id });
  }
  const caseIds = await allOf(uow, 'opinionCase', dealerId, customerId);
  for (const id of caseIds) {
    const o: OpinionCase = await uow.load('opinionCase', dealerId, id);
    const { lateReason: _l, ...rest } = o;
    await uow.save('opinionCase', {
      ...rest,
      problem: ERASED,
      ...(o.recording ? { recording: { ...o.recording, ref: ERASED } } : {}),
      ...(o.handling ? { handling: { ...o.handling, text: ERASED } } : {}),
      ...(o.secondFollowUp
        ? { secondFollowUp: (({ note: _n, ...s }) => s)(o.secondFollowUp) }
        : {}),
      history: scrubHistory(o.history),
    });
    subjects.push({ kind: 'opinionCase', id });
  }
  const complaintIds = await allOf(uow, 'complaint', dealerId, customerId);
  for (const id of complaintIds) {
    const { dmsExtras: _x, ...c }: Complaint = await uow.load('complaint', dealerId, id);
    await uow.save('complaint', {
      ...c,
      description: ERASED,
      ...(c.solution ? { solution: { ...c.solution, text: ERASED } } : {}),
      ...(c.resolution ? { resolution: { ...c.resolution, text: ERASED } } : {}),
      history: scrubHistory(c.history),
    });
    subjects.push({ kind: 'complaint', id });
  }
  const vehicleIds = await allOf(uow, 'vehicle', dealerId, customerId);
  for (const id of vehicleIds) {
    const { plate: _p, extras: _x, ...vehicle } = await uow.load('vehicle', dealerId, id);
    await uow.save('vehicle', vehicle);
  }
  // Consent stays (do-not-contact still holds) without the phones and the reasons' free text.
  const consent = await uow.find('contactConsent', dealerId, customerId);
  if (consent !== undefined) {
    await uow.save('contactConsent', {
      ...consent,
      doNotContact: consent.doNotContact.map((e) => ({ ...e, reason: ERASED })),
      smsOptIns: [],
      history: scrubHistory(consent.history),
    });
  }
  let events = 0;
  for (const s of subjects) events += await uow.tx.rewriteEvents(dealerId, s, scrubEvent);

  const { contactPerson: _c, address: _a, birthday: _bd, extras: _x, ...kept } = customer;
  const erased: Customer = {
    ...kept,
    name: ERASED,
    phones: [],
    preferences: { noPhoneCalls: customer.preferences.noPhoneCalls },
    doNotContact: true,
    // The cause of a lost customer stays for the counts; its free-text note may name people.
    ...(customer.lost !== undefined
      ? { lost: { cause: customer.lost.cause, at: customer.lost.at, by: customer.lost.by } }
      : {}),
    erasedAt: uow.at,
    history: [
      ...scrubHistory(customer.history),
      uow.fact({
        actor: actorRef(actor),
        command: 'erase',
        from: customer.state,
        to: customer.state,
        reason: 'personal data erased (PIPL)',
      }),
    ],
  };
  await uow.save('customer', erased);
  const receipt: ErasureReceipt = {
    customerId,
    erasedAt: uow.at,
    erasedBy: actor.id,
    visits: visitIds.length,
    opinionCases: caseIds.length,
    complaints: complaintIds.length,
    vehicles: vehicleIds.length,
    events,
  };
  uow.emit('customer.erased', dealerId, { kind: 'customer', id: customerId }, { ...receipt });
  return receipt;
}

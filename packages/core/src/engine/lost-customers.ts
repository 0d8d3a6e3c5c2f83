import { z } from 'zod';
import { applyTransition } from '../machines/apply-transition';
import { customerMachine } from '../machines/customer-machine';
import { actorRef, actorSchema } from '../model/actor';
import { type Customer, LOST_CAUSES, type LostCause } from '../model/customer';
import { idSchema } from '../model/primitives';
import { strictInput } from '../model/strict-input';
import { checkVersion } from './check-version';
import { type EngineContext, packFor } from './engine-context';
import { decodeRecord } from './record-codec';
import type { UnitOfWork } from './unit-of-work';

/** Input of `engine.markCustomerLost`. */
export const markCustomerLostInputSchema = strictInput({
  dealerId: idSchema,
  actor: actorSchema,
  /** Optimistic concurrency: fail with `VERSION_CONFLICT` unless the customer is at this version. */
  expectedVersion: z.number().int().positive().optional(),
  customerId: idSchema,
  /** Why the customer was lost (找出原因 [001]); counted by `engine.lostCustomers`. */
  cause: z.enum(LOST_CAUSES),
  note: z.string().max(2000).optional(),
});
/** Input of `engine.markCustomerLost`. */
export type MarkCustomerLostInput = z.input<typeof markCustomerLostInputSchema>;

/** Input of `engine.lostCustomers`. */
export const lostCustomersQuerySchema = strictInput({ dealerId: idSchema });
/** Input of `engine.lostCustomers`. */
export type LostCustomersQuery = z.input<typeof lostCustomersQuerySchema>;

/** The dealer's customers lost now, counted by cause (every cause is a key, 0 when none). */
export interface LostCustomerCounts {
  readonly total: number;
  readonly byCause: Readonly<Record<LostCause, number>>;
}

/**
 * `engine.markCustomerLost`: a dormant or unreachable customer confirmed lost, with the cause
 * (失联客户…找出原因 [001]). A person with the `customer.markLost` permission (default: CS
 * manager, after-sales manager) records it; the customer's `lost` says why, `customer.lost`
 * announces it. A lost customer who comes back for service is active again.
 */
export async function markCustomerLost(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof markCustomerLostInputSchema>,
): Promise<Customer> {
  const customer = await uow.load('customer', input.dealerId, input.customerId);
  checkVersion('customer', customer, input.expectedVersion);
  const { next, decision } = applyTransition(
    customerMachine,
    customer,
    'markLost',
    {},
    {
      actor: input.actor,
      at: uow.at,
      reason: `lost: ${input.cause}`,
      permissions: packFor(ctx, uow, input.dealerId).pack.permissions,
    },
  );
  const saved = await uow.save('customer', {
    ...next,
    lost: {
      cause: input.cause,
      at: uow.at,
      by: actorRef(input.actor),
      ...(input.note !== undefined ? { note: input.note } : {}),
    },
  });
  const ref = { kind: 'customer' as const, id: saved.id };
  uow.emit('customer.moved', saved.dealerId, ref, {
    from: decision.from,
    to: decision.to,
    command: 'markLost',
  });
  uow.emit('customer.lost', saved.dealerId, ref, {
    cause: input.cause,
    note: input.note ?? null,
    from: decision.from,
  });
  return saved;
}

/** `engine.lostCustomers`: the customers in state `lost` now, counted by their cause. */
export async function countLostCustomers(
  uow: UnitOfWork,
  query: z.output<typeof lostCustomersQuerySchema>,
): Promise<LostCustomerCounts> {
  const byCause = Object.fromEntries(LOST_CAUSES.map((c) => [c, 0])) as Record<LostCause, number>;
  let total = 0;
  for (const row of await uow.query({
    dealerId: query.dealerId,
    kind: 'customer',
    status: 'lost',
  })) {
    const c = decodeRecord('customer', row, { verify: uow.verifyReads });
    byCause[c.lost?.cause ?? 'unknown'] += 1;
    total += 1;
  }
  return { total, byCause };
}

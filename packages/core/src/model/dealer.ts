import { z } from 'zod';
import { idSchema } from './primitives';

/** A dealer (经销商 / 专营店 / 服务站): the tenant every record belongs to. */
export const dealerSchema = z.object({
  id: idSchema,
  /** Group or OEM the dealer belongs to, when several dealers share one database. */
  tenantId: idSchema.optional(),
  name: z.string().min(1).max(200),
  brand: z.string().max(100).optional(),
  /** IANA time zone of the dealer's working calendar, e.g. `Asia/Shanghai`. */
  timeZone: z.string().min(1),
  /** Set on a secondary network outlet (二级网点): the dealer it belongs to. */
  parentId: idSchema.optional(),
});
/** A dealer (tenant). */
export type Dealer = z.infer<typeof dealerSchema>;

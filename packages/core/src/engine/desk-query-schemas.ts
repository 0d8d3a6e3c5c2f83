import { z } from 'zod';
import { actorSchema } from '../model/actor';
import { idSchema, roleIdSchema } from '../model/primitives';
import { strictInput } from '../model/strict-input';

const validDate = z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date');
const oneOrMany = z.union([
  z.string().min(1).max(64),
  z.array(z.string().min(1).max(64)).min(1).max(64),
]);

/** The item kinds a desk works on. */
export const WORK_ITEM_KINDS = ['visit', 'complaint', 'opinionCase'] as const;
/** A kind of work item. */
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];

/** Filters every desk query takes (work lists and their counts). */
const workFilters = {
  dealerId: idSchema,
  /** `visit` (default), `complaint` or `opinionCase`. */
  kind: z.enum(WORK_ITEM_KINDS).default('visit'),
  /** A visit's type (`firstLevel`, …) or a complaint's category; one or several. */
  type: oneOrMany.optional(),
  assigneeRole: roleIdSchema.optional(),
  assigneeId: idSchema.optional(),
  customerId: idSchema.optional(),
  outletId: idSchema.optional(),
  /** Only items whose window opens at or after this instant (visits). */
  opensFrom: validDate.optional(),
  /** Only items whose window opens at or before this instant (visits). */
  opensTo: validDate.optional(),
  /** Only items due at or after this instant. */
  dueFrom: validDate.optional(),
  /** Only items due at or before this instant. */
  dueTo: validDate.optional(),
};

/** A work-list page query (see `Engine.workList`). */
export const workListQuerySchema = strictInput({
  ...workFilters,
  /** One state or several (`['open', 'inProgress']`). */
  status: oneOrMany.optional(),
  /** `due` (default): soonest deadline first; `opens`: earliest window opening first. */
  sort: z.enum(['due', 'opens']).default('due'),
  /** The `nextCursor` of the previous page, unchanged. */
  cursor: z.string().min(1).max(512).optional(),
  /** Page size, 1 to 500 (default 50). */
  limit: z.number().int().min(1).max(500).default(50),
});
/** What `Engine.workList` takes. */
export type WorkListQuery = z.input<typeof workListQuerySchema>;

/** A count query for badges (see `Engine.countWork`): the work-list filters, no state, no paging. */
export const workCountQuerySchema = strictInput(workFilters);
/** What `Engine.countWork` takes. */
export type WorkCountQuery = z.input<typeof workCountQuerySchema>;

/** A search across a dealer (see `Engine.search`): exactly one of phone, VIN, plate or name. */
export const searchQuerySchema = strictInput({
  dealerId: idSchema,
  /** A phone in any usual spelling; matched in its E.164 form. */
  phone: z.string().trim().min(3).max(40).optional(),
  /** A whole VIN, its beginning, or its last six characters (车架号后六位). */
  vin: z.string().trim().min(4).max(17).optional(),
  /** A plate or its beginning, separators ignored (`京A 12345`, `京A12`). */
  plate: z.string().trim().min(2).max(20).optional(),
  /** The beginning of a customer's name, case and width ignored. */
  name: z.string().trim().min(1).max(100).optional(),
  /** At most this many customers and this many vehicles (1 to 200, default 20). */
  limit: z.number().int().min(1).max(200).default(20),
});
/** What `Engine.search` takes. */
export type SearchQuery = z.input<typeof searchQuerySchema>;

/** A lookup of one record by id. */
export const recordLookupSchema = strictInput({ dealerId: idSchema, id: idSchema });
/** What the single-record lookups (`getVisit`, `getVehicle`, …) take. */
export type RecordLookup = z.input<typeof recordLookupSchema>;

/** A page of customers (see `Engine.listCustomers`). */
export const customerListQuerySchema = strictInput({
  dealerId: idSchema,
  status: oneOrMany.optional(),
  afterId: idSchema.optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
});
/** What `Engine.listCustomers` takes. */
export type CustomerListQuery = z.input<typeof customerListQuerySchema>;

/** What `Engine.customerTimeline` takes. */
export const timelineQuerySchema = strictInput({ dealerId: idSchema, customerId: idSchema });
/** What `Engine.customerTimeline` takes. */
export type TimelineQuery = z.input<typeof timelineQuerySchema>;

/** What `Engine.readEvents` takes. */
export const readEventsQuerySchema = strictInput({
  dealerId: idSchema,
  /** Only events after this sequence number. */
  afterSeq: z.number().int().min(0).optional(),
  /** At most this many (a whole number from 1; default 1000). */
  limit: z.number().int().min(1).max(1_000_000).optional(),
});

/** What `Engine.eraseCustomer` takes. */
export const eraseCustomerInputSchema = strictInput({
  dealerId: idSchema,
  customerId: idSchema,
  actor: actorSchema,
});

import type { z } from 'zod';
import { ValidationError } from '../errors';
import type { Complaint } from '../model/complaint';
import type { Customer } from '../model/customer';
import type { RecordKind } from '../model/domain-event';
import type { HistoryEntry } from '../model/history';
import type { OpinionCase } from '../model/opinion-case';
import type { Vehicle } from '../model/vehicle';
import type { Visit } from '../model/visit';
import {
  nameLookup,
  phoneLookup,
  plateLookup,
  vinLookup,
  vinTailLookup,
} from '../search/lookup-keys';
import type {
  RecordCountQuery,
  RecordQuery,
  StorageAdapter,
  StorageTransaction,
  StoredRecord,
} from '../storage/storage-port';
import type {
  customerListQuerySchema,
  searchQuerySchema,
  timelineQuerySchema,
  WorkItemKind,
  workCountQuerySchema,
  workListQuerySchema,
} from './desk-query-schemas';
import { type AggregateByKind, decodeRecord, encodeRecord } from './record-codec';

/** The aggregate a work list of each kind holds. */
export interface WorkItemByKind {
  visit: Visit;
  complaint: Complaint;
  opinionCase: OpinionCase;
}

/** A page of a work list: the items, and the cursor of the next page when there may be one. */
export interface WorkListPage<T> {
  readonly items: T[];
  /** Pass it as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** What `Engine.search` found: customers and vehicles, each with the other side filled in. */
export interface SearchResult {
  /** Customers found, plus the owners of the vehicles found. */
  readonly customers: Customer[];
  /** Vehicles found, plus the vehicles of the customers found. */
  readonly vehicles: Vehicle[];
}

/** One entry of a customer's timeline: a history entry of one of the customer's records. */
export interface TimelineEntry {
  readonly subject: { readonly kind: RecordKind; readonly id: string };
  readonly entry: HistoryEntry;
}

/** Everything about one customer, in one call (see `Engine.customerTimeline`). */
export interface CustomerTimeline {
  readonly customer: Customer;
  readonly vehicles: Vehicle[];
  /** Every visit, with its attempts and survey answers. */
  readonly visits: Visit[];
  readonly complaints: Complaint[];
  readonly opinionCases: OpinionCase[];
  /** The history of all of them, oldest first. */
  readonly entries: TimelineEntry[];
}

/** What the desk queries need from the engine. */
export interface DeskQueryContext {
  readonly storage: StorageAdapter;
  /** Validate rows on read (an untrusted adapter). */
  readonly verify: boolean;
  /** A caller's own copy of what a trusted adapter shares. */
  own<A>(aggregate: A): A;
}

type Cursor = { readonly sort: 'due' | 'opens'; readonly at: number; readonly id: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.at, c.id]), 'utf8').toString('base64url');
}

/** A cursor back, or `VALIDATION_FAILED` at `cursor` for one this sort did not write. */
function decodeCursor(text: string, sort: 'due' | 'opens'): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    parsed[0] === sort &&
    Number.isSafeInteger(parsed[1]) &&
    typeof parsed[2] === 'string' &&
    parsed[2] !== ''
  ) {
    return { sort, at: parsed[1] as number, id: parsed[2] as string };
  }
  throw new ValidationError('work list query', [
    {
      path: ['cursor'],
      message: `not a cursor of a work list sorted by "${sort}" (pass nextCursor unchanged, with the same sort)`,
      code: 'custom',
    },
  ]);
}

const epoch = (d: Date | undefined) => (d === undefined ? undefined : d.getTime());

/** The storage filters of a desk query, the undefined ones left out. */
function filtersOf(
  q: z.output<typeof workCountQuerySchema>,
): Omit<RecordCountQuery, 'dealerId' | 'kind'> {
  const f: { -readonly [K in keyof RecordCountQuery]?: RecordCountQuery[K] } = {};
  if (q.type !== undefined) f.type = q.type;
  if (q.assigneeRole !== undefined) f.assigneeRole = q.assigneeRole;
  if (q.assigneeId !== undefined) f.assigneeId = q.assigneeId;
  if (q.customerId !== undefined) f.customerId = q.customerId;
  if (q.outletId !== undefined) f.outletId = q.outletId;
  if (q.opensFrom !== undefined) f.opensFrom = epoch(q.opensFrom)!;
  if (q.opensTo !== undefined) f.opensTo = epoch(q.opensTo)!;
  if (q.dueFrom !== undefined) f.dueFrom = epoch(q.dueFrom)!;
  if (q.dueTo !== undefined) f.dueBefore = epoch(q.dueTo)!;
  return f;
}

/** The desk's reads: work lists, badge counts, search, one customer's whole story. */
export function deskQueries(ctx: DeskQueryContext) {
  const decode = <K extends RecordKind>(kind: K, r: StoredRecord): AggregateByKind[K] =>
    ctx.own(decodeRecord(kind, r, { verify: ctx.verify }));

  /** Every record of a kind with the given filters, paged by id under the hood. */
  async function all(tx: StorageTransaction, q: RecordQuery): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    for (let afterId: string | undefined; ; ) {
      const page = await tx.query({
        ...q,
        limit: 1000,
        ...(afterId !== undefined ? { afterId } : {}),
      });
      out.push(...page);
      if (page.length < 1000) return out;
      afterId = page[page.length - 1]!.id;
    }
  }

  return {
    async workList<K extends WorkItemKind>(
      q: z.output<typeof workListQuerySchema> & { kind: K },
    ): Promise<WorkListPage<WorkItemByKind[K]>> {
      const orderBy = q.sort === 'due' ? 'dueAt' : 'opensAt';
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort);
      const rows = await ctx.storage.transaction((tx) =>
        tx.query({
          dealerId: q.dealerId,
          kind: q.kind,
          ...filtersOf(q),
          ...(q.status !== undefined ? { status: q.status } : {}),
          orderBy,
          ...(after !== undefined ? { after: { at: after.at, id: after.id } } : {}),
          limit: q.limit,
        }),
      );
      const items = rows.map((r) => decode(q.kind, r) as WorkItemByKind[K]);
      const last = rows[rows.length - 1];
      const at = last?.[orderBy];
      return rows.length === q.limit && last !== undefined && at !== undefined
        ? { items, nextCursor: encodeCursor({ sort: q.sort, at, id: last.id }) }
        : { items };
    },

    async countWork(q: z.output<typeof workCountQuerySchema>): Promise<Record<string, number>> {
      return ctx.storage.transaction((tx) =>
        tx.countByStatus({ dealerId: q.dealerId, kind: q.kind, ...filtersOf(q) }),
      );
    },

    async search(q: z.output<typeof searchQuerySchema>): Promise<SearchResult> {
      const given = (['phone', 'vin', 'plate', 'name'] as const).filter((f) => q[f] !== undefined);
      if (given.length !== 1) {
        throw new ValidationError('search query', [
          {
            path: given.length === 0 ? [] : [given[1]!],
            message: 'give exactly one of phone, vin, plate or name',
            code: 'custom',
          },
        ]);
      }
      const limit = q.limit;
      return ctx.storage.transaction(async (tx) => {
        const find = (kind: RecordKind, key: string, prefix: boolean) =>
          tx.findByKey({ dealerId: q.dealerId, kind, key, prefix, limit });
        let customers: StoredRecord[] = [];
        let vehicles: StoredRecord[] = [];
        if (q.phone !== undefined) customers = await find('customer', phoneLookup(q.phone), false);
        else if (q.name !== undefined) customers = await find('customer', nameLookup(q.name), true);
        else if (q.plate !== undefined)
          vehicles = await find('vehicle', plateLookup(q.plate), true);
        else if (q.vin !== undefined) {
          const vin = q.vin.replace(/\s+/g, '');
          vehicles =
            vin.length === 6
              ? await find('vehicle', vinTailLookup(vin), false)
              : await find('vehicle', vinLookup(vin), vin.length < 17);
        }
        // The other side: the owners of the vehicles found, the vehicles of the customers found.
        if (vehicles.length > 0) {
          const seen = new Set<string>();
          for (const v of vehicles) {
            if (v.customerId === undefined || seen.has(v.customerId)) continue;
            seen.add(v.customerId);
            const c = await tx.get('customer', q.dealerId, v.customerId);
            if (c !== undefined) customers.push(c);
          }
        } else {
          for (const c of customers) {
            vehicles.push(
              ...(await tx.query({
                dealerId: q.dealerId,
                kind: 'vehicle',
                customerId: c.id,
                limit,
              })),
            );
          }
        }
        return {
          customers: customers.map((r) => decode('customer', r)),
          vehicles: vehicles.map((r) => decode('vehicle', r)),
        };
      });
    },

    async listCustomers(q: z.output<typeof customerListQuerySchema>): Promise<Customer[]> {
      const rows = await ctx.storage.transaction((tx) =>
        tx.query({
          dealerId: q.dealerId,
          kind: 'customer',
          ...(q.status !== undefined ? { status: q.status } : {}),
          ...(q.afterId !== undefined ? { afterId: q.afterId } : {}),
          limit: q.limit,
        }),
      );
      return rows.map((r) => decode('customer', r));
    },

    /**
     * Writes every customer's and vehicle's lookup keys again, a page at a time (one
     * transaction each): for stores upgraded from a schema without keys. Returns how many
     * records it wrote. Each write bumps the record's version, and changes nothing else.
     */
    async rebuildLookupKeys(dealerId: string): Promise<number> {
      let written = 0;
      for (const kind of ['customer', 'vehicle'] as const) {
        for (let afterId: string | undefined; ; ) {
          const n = await ctx.storage.transaction(async (tx) => {
            const page = await tx.query({
              dealerId,
              kind,
              limit: 500,
              ...(afterId !== undefined ? { afterId } : {}),
            });
            for (const row of page) {
              const aggregate = decodeRecord(kind, row, { verify: ctx.verify });
              await tx.put(encodeRecord(kind, aggregate), row.version);
            }
            afterId = page[page.length - 1]?.id;
            return page.length;
          });
          written += n;
          if (n < 500) break;
        }
      }
      return written;
    },

    /** `undefined` when the customer does not exist (the engine turns it into `NOT_FOUND`). */
    async customerTimeline(
      q: z.output<typeof timelineQuerySchema>,
    ): Promise<CustomerTimeline | undefined> {
      return ctx.storage.transaction(async (tx) => {
        const row = await tx.get('customer', q.dealerId, q.customerId);
        if (row === undefined) return undefined;
        const of = (kind: RecordKind) =>
          all(tx, { dealerId: q.dealerId, kind, customerId: q.customerId });
        const customer = decode('customer', row);
        const vehicles = (await of('vehicle')).map((r) => decode('vehicle', r));
        const visits = (await of('visit')).map((r) => decode('visit', r));
        const complaints = (await of('complaint')).map((r) => decode('complaint', r));
        const opinionCases = (await of('opinionCase')).map((r) => decode('opinionCase', r));
        const entries: TimelineEntry[] = [];
        const add = (kind: RecordKind, a: { id: string; history: HistoryEntry[] }) => {
          for (const entry of a.history) entries.push({ subject: { kind, id: a.id }, entry });
        };
        add('customer', customer);
        for (const v of visits) add('visit', v);
        for (const c of complaints) add('complaint', c);
        for (const o of opinionCases) add('opinionCase', o);
        // Oldest first; entries of one instant keep their record's order (a stable sort).
        entries.sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at));
        return { customer, vehicles, visits, complaints, opinionCases, entries };
      });
    },
  };
}

import type { Migration } from './migration';

/**
 * A customer's records in id order from their index. The engine asks for a customer's visits
 * (the pending duties of every ingested event, a contact policy's calls of the day) in id
 * order; the index by customer did not hold the id, so SQLite, having no statistics, walked the
 * dealer's whole primary key in id order instead, filtering: one read of every visit of the
 * dealer per ingested event. With the id in the index the customer's rows come in order from
 * it, as they already did on PostgreSQL, whose index has held the id from the start.
 */
export const customerRecordsInIdOrder: Migration = {
  version: 6,
  name: 'customer-records-in-id-order',
  up: `
DROP INDEX records_by_customer;
CREATE INDEX records_by_customer ON records (dealer_id, kind, customer_id, id) WHERE customer_id IS NOT NULL;
`,
};

import type { RecordCountQuery, RecordQuery } from '@dealercare/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../src/migrations';
import { Statements } from '../src/statements';

/**
 * How SQLite reads the records of a query, on a file with no statistics (a new one, as every
 * dealer's first day is). A filter by customer or assignee must be read from that index, not
 * by walking every record of the dealer in order: the engine asks for a customer's visits on
 * every ingested event.
 */
function planOf(q: RecordQuery): string[] {
  return planOfStatement((s) => s.recordQuery(q));
}

/** The plan of a count by status (what `leastOpen` assignment asks of each candidate). */
function countPlanOf(q: RecordCountQuery): string[] {
  return planOfStatement((s) => s.countQuery(q));
}

function planOfStatement(
  build: (s: Statements) => { statement: { source: string }; params: unknown[] },
): string[] {
  const db = new Database(':memory:');
  try {
    migrate(db, migrations);
    const { statement, params } = build(new Statements(db, false));
    return db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${statement.source}`)
      .all(...params)
      .map((r) => r.detail);
  } finally {
    db.close();
  }
}

const pending = ['scheduled', 'open', 'attempting', 'blocked'];
const visits = { dealerId: 'd1', kind: 'visit' } as const;

describe('record query plans (no statistics)', () => {
  it.each<[string, RecordQuery, string[]]>([
    [
      "a customer's visits in some states, in id order",
      { ...visits, customerId: 'c1', status: pending },
      ['SEARCH records USING INDEX records_by_customer (dealer_id=? AND kind=? AND customer_id=?)'],
    ],
    [
      "a customer's visits, the next page",
      { ...visits, customerId: 'c1', afterId: 'v9' },
      [
        'SEARCH records USING INDEX records_by_customer (dealer_id=? AND kind=? AND customer_id=? AND id>?)',
      ],
    ],
    [
      "a customer's visits by due time",
      { ...visits, customerId: 'c1', orderBy: 'dueAt', after: { at: 5, id: 'v9' } },
      [
        'SEARCH records USING INDEX records_by_customer (dealer_id=? AND kind=? AND customer_id=?)',
        'USE TEMP B-TREE FOR ORDER BY',
      ],
    ],
    [
      "an agent's open visits, in id order",
      { ...visits, assigneeId: 'a1', status: pending },
      [
        'SEARCH records USING INDEX records_by_assignee (dealer_id=? AND kind=? AND assignee_id=?)',
        'USE TEMP B-TREE FOR ORDER BY',
      ],
    ],
    [
      "an agent's work list by due time",
      { ...visits, assigneeId: 'a1', orderBy: 'dueAt' },
      [
        'SEARCH records USING INDEX records_by_assignee (dealer_id=? AND kind=? AND assignee_id=? AND due_at>?)',
      ],
    ],
    [
      'a state by due time',
      { ...visits, status: 'open', orderBy: 'dueAt' },
      [
        'SEARCH records USING INDEX records_by_status_due (dealer_id=? AND kind=? AND status=? AND due_at>?)',
      ],
    ],
    [
      'a state in id order, the next page',
      { ...visits, status: 'open', afterId: 'v9' },
      [
        'SEARCH records USING INDEX records_by_status (dealer_id=? AND kind=? AND status=? AND id>?)',
      ],
    ],
  ])('%s', (_, query, plan) => {
    expect(planOf(query)).toEqual(plan);
  });
});

describe('count plans (no statistics)', () => {
  it.each<[string, RecordCountQuery, string]>([
    [
      "an agent's visits",
      { ...visits, assigneeId: 'a1' },
      'records_by_assignee (dealer_id=? AND kind=? AND assignee_id=?)',
    ],
    [
      "a customer's visits",
      { ...visits, customerId: 'c1' },
      'records_by_customer (dealer_id=? AND kind=? AND customer_id=?)',
    ],
    [
      "a role's visits",
      { ...visits, assigneeRole: 'csr' },
      'records_by_role (dealer_id=? AND kind=? AND assignee_role=?)',
    ],
    ["a dealer's visits", visits, 'records_by_status (dealer_id=? AND kind=?)'],
  ])('counts %s by status from its index', (_, query, index) => {
    const plan = countPlanOf(query);
    expect(plan[0]).toBe(
      `SEARCH records USING ${query === visits ? 'COVERING ' : ''}INDEX ${index}`,
    );
    expect(plan.join('\n')).not.toMatch(/SCAN records/);
  });
});

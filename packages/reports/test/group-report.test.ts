import { createEngine, createFakeClock, DealercareError } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { describe, expect, it } from 'vitest';
import {
  buildGroupReport,
  buildReport,
  groupTable,
  monthPeriod,
  renderCsvFiles,
  visibleGroupReport,
} from '../src';
import { AS_OF, DEALER, PEOPLE, rules, runScenario } from './scenario';

/** The scenario's dealer d1, and a second dealer d2 of the same group with one delivery. */
async function group() {
  const storage = memoryStorage();
  await runScenario(storage);
  const engine = createEngine({
    storage,
    clock: createFakeClock('2026-03-02T09:00:00+08:00'),
    rules,
  });
  await engine.ingest({
    type: 'vehicle.delivered',
    sourceId: 'D2-1',
    dealerId: 'd2',
    occurredAt: '2026-03-02T09:00:00+08:00',
    customer: { id: 'x1', name: '钱多多', phones: [{ number: '13700001111' }] },
    vehicle: { id: 'xcar', vin: 'LGWEF4A59RH900001' },
    salesConsultantId: 'sc-9',
  });
  return storage;
}

const common = { period: monthPeriod(2026, 3), asOf: AS_OF, people: PEOPLE } as const;

describe('a dealer group report', () => {
  it('holds each dealer’s own report, figures side by side in the dealers’ order', async () => {
    const storage = await group();
    const report = await buildGroupReport(storage, {
      ...common,
      tenantId: 'gw-north',
      groupName: '长城华北',
      dealers: [
        { dealerId: 'd2', dealerName: '天津店', rules },
        { dealerId: DEALER, dealerName: '北京店', rules },
      ],
    });
    const own = [
      await buildReport(storage, { ...common, dealerId: 'd2', dealerName: '天津店', rules }),
      await buildReport(storage, { ...common, dealerId: DEALER, dealerName: '北京店', rules }),
    ];
    expect(report.dealers).toEqual(own);
    expect(report.asOf).toBe(AS_OF.toISOString());
    const table = groupTable(report);
    const column = (key: string) => table.columns.findIndex((c) => c.key === key);
    expect(table.rows.map((r) => r[0])).toEqual(['天津店', '北京店']);
    expect(table.rows.map((r) => r[column('due')])).toEqual(own.map((d) => d.followUp!.totals.due));
    expect(table.rows.map((r) => r[column('followUpRate')])).toEqual(
      own.map((d) => d.followUp!.totals.followUpRate),
    );
    const ssi = own[1]!.satisfaction!.bySurvey[0]!;
    expect(table.rows[1]![column(`index:${ssi.surveyId}`)]).toBe(ssi.index);
    // The second dealer has no responses yet: an empty cell, not a zero.
    expect(table.rows[0]![column(`index:${ssi.surveyId}`)]).toBeNull();
    await storage.close();
  });

  it('masks personal data dealer by dealer, as a dealer’s report does', async () => {
    const storage = await group();
    const report = await buildGroupReport(storage, {
      ...common,
      tenantId: 'gw-north',
      dealers: [{ dealerId: DEALER, rules }],
    });
    const masked = visibleGroupReport(report);
    expect(masked.dealers[0]!.people['agent-1']).not.toBe(PEOPLE['agent-1']);
    expect(JSON.stringify(masked)).not.toContain('王芳');
    expect(visibleGroupReport(report, { showPersonalData: true })).toEqual(report);
    // Rendered through the dealer renderers, each dealer's CSV files are masked too.
    const csv = renderCsvFiles(masked.dealers[0]!);
    expect(csv.map((f) => f.content).join('\n')).not.toContain('王芳');
    await storage.close();
  });

  it('refuses a group without dealers, or with a dealer twice', async () => {
    const storage = memoryStorage();
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    const empty = await failure(
      buildGroupReport(storage, { ...common, tenantId: 'g', dealers: [] }),
    );
    expect(empty).toBeInstanceOf(DealercareError);
    expect((empty as DealercareError).details).toMatchObject({ issues: [{ path: ['dealers'] }] });
    const twice = await failure(
      buildGroupReport(storage, {
        ...common,
        tenantId: 'g',
        dealers: [
          { dealerId: 'd1', rules },
          { dealerId: 'd1', rules },
        ],
      }),
    );
    expect((twice as DealercareError).details).toMatchObject({
      issues: [{ path: ['dealers', 1, 'dealerId'] }],
    });
    await storage.close();
  });
});

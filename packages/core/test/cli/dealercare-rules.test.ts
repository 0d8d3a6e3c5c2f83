import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/dealercare-rules';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out, err };
}

const pack = file('pack.json', { id: 'gw-dealer', version: '1', extends: 'great-wall' });

describe('dealercare-rules validate', () => {
  it('accepts a good pack', async () => {
    const r = await cli('validate', pack);
    expect(r.code).toBe(0);
    // 15 rules: the five visits of seed 002 (first and second level, two post-repair, the CSI
    // sample) and the ten duty rules of 001/003 the great-wall pack inherits from default; the
    // default pack's 3 surveys and great-wall's 4 (SSI, second-level record, post-repair, CSI).
    expect(r.out).toEqual([`${pack}: ok (gw-dealer 1, 15 visit rules, 7 surveys)`]);
  });

  it('lists every problem with its path and exits 1', async () => {
    const bad = file('bad.json', {
      id: 'bad',
      version: '1',
      extends: 'great-wall',
      visits: [
        {
          id: 'post-repair-general',
          visit: { window: { fromWorkingDay: 4, toWorkingDay: 2 } },
        },
      ],
    });
    const r = await cli('validate', bad);
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe('RULE_PACK_INVALID:');
    expect(r.err.some((l) => l.includes('toWorkingDay') && l.includes('fromWorkingDay'))).toBe(
      true,
    );
    // Checks that need a well-formed pack (roles, surveys, conditions) run once the shape is right.
    const typo = file('typo.json', {
      id: 'typo',
      version: '1',
      extends: 'great-wall',
      complaints: { defaultRole: 'serviceManger' },
    });
    const t = await cli('validate', typo);
    expect(t.code).toBe(1);
    expect(t.err).toContainEqual(
      expect.stringContaining('complaints.defaultRole: unknown role "serviceManger"'),
    );
  });

  it('reports unreadable JSON and bad usage', async () => {
    const broken = file('broken.json', '{ "id": ');
    expect((await cli('validate', broken)).code).toBe(1);
    expect((await cli('validate', join(dir, 'missing.json'))).code).toBe(1);
    const usage = await cli('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.err[0]).toMatch(/^usage:/);
  });
});

describe('dealercare-rules explain', () => {
  it('shows the visit window in local time across the 2026 Spring Festival', async () => {
    // Fri 02-13: working days 1 = Sat 02-14 (make-up day), 2 = 02-24, 3 = 02-25 … 5 = 02-27.
    const event = file('repair.json', {
      type: 'repair.settled',
      sourceId: 'RO-7',
      dealerId: 'd1',
      occurredAt: '2026-02-13T16:00:00+08:00',
      customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
      vehicle: { id: 'v1', vin: 'LGWEF4A59RH000001' },
      repairOrderId: 'RO-7',
      repairKind: 'general',
    });
    const r = await cli('explain', pack, event);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'event repair.settled RO-7 at Fri 2026-02-13 16:00 (Asia/Shanghai)',
      '  visit postRepair (rule post-repair-general)',
      '    window   Wed 2026-02-25 08:30 → Fri 2026-02-27 17:30',
      '    owner    followUpAgent, survey gw-post-repair',
      '    attempts 2, retry within {"days":2}, failed = no-answer/busy/switched-off',
      // The CSI sample rule matches every repair; its quota (10 per advisor) applies on ingest.
      '  visit csi (rule csi-sample)',
      '    window   Wed 2026-02-25 08:30 → Mon 2026-03-02 17:30',
      '    owner    followUpAgent, survey gw-csi',
      '    attempts 2, retry within {"days":2}, failed = no-answer/busy/switched-off',
      // Any service re-arms the dormancy duty [001]: 3 months after Fri 02-13 is Wed 05-13
      // (opens); 15 weeks is Fri 05-29 (due).
      '  visit maintenanceSolicitation (rule dormancy-after-service)',
      '    window   Wed 2026-05-13 08:30 → Fri 2026-05-29 17:30',
      '    owner    followUpAgent',
      '    attempts 2, retry within {"days":2}, failed = no-answer/busy/switched-off',
    ]);
  });

  it('shows a complaint’s owner, deadline and every ladder step', async () => {
    // Resolve within 2 working days of Fri 02-13 16:00: end of Tue 02-24. Warn 4 working hours
    // before (13:30); tier 3 after 16 working hours: 7.5 h on 02-25 and 02-26, 1 h on 02-27.
    const event = file('complaint.json', {
      type: 'complaint.received',
      sourceId: 'CMP-9',
      dealerId: 'd1',
      occurredAt: '2026-02-13T16:00:00+08:00',
      customer: { id: 'c1', name: '张三' },
      source: 'onSite',
      category: 'partsShortage',
      description: '缺件',
    });
    const r = await cli('explain', pack, event);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '  complaint → owner partsManager, tier 1 (csManager, serviceAdvisor, followUpAgent)',
    );
    expect(r.out).toContain('    resolve by Tue 2026-02-24 17:30');
    expect(r.out.slice(-3).map((l) => l.trim().split(':').slice(0, 2).join(':'))).toEqual([
      'Tue 2026-02-24 13:30  warn',
      'Tue 2026-02-24 17:30  tier-2',
      'Fri 2026-02-27 09:30  tier-3',
    ]);
  });

  it('rejects an invalid event with its path', async () => {
    const event = file('bad-event.json', { type: 'repair.settled', sourceId: 'x' });
    const r = await cli('explain', pack, event);
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe('VALIDATION_FAILED:');
    expect(r.err.some((l) => l.includes('dealerId'))).toBe(true);
  });
});

describe('dealercare-rules explain --why-not', () => {
  const event = {
    type: 'repair.settled',
    sourceId: 'RO-8',
    dealerId: 'd1',
    occurredAt: '2026-02-13T16:00:00+08:00',
    customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
    vehicle: { id: 'v1', vin: 'LGWEF4A59RH000001' },
    repairOrderId: 'RO-8',
    repairKind: 'special',
  };

  it('lists every rule, each condition with the value seen, and why a rule did not fire', async () => {
    const r = await cli('explain', pack, file('why.json', event), '--why-not');
    expect(r.code).toBe(0);
    const from = r.out.indexOf('why / why not for repair.settled RO-8:');
    expect(from).toBeGreaterThan(0);
    expect(r.out.slice(from)).toEqual([
      'why / why not for repair.settled RO-8:',
      '  rule post-repair-special: FIRES — matched on event.repairKind is "special" (rule wants "special")',
      '    when',
      '      ✓ all',
      '        ✓ event.repairKind equal "special" — seen "special"',
      '    doNotVisitWhen',
      '      ✗ all',
      '        ✗ event.pickedUp equal false — seen true',
      '  rule post-repair-general: does not fire — event.repairKind is "special", rule wants one of "general", "maintenance", "warranty"',
      '    when',
      '      ✗ all',
      '        ✗ event.repairKind in ["general","maintenance","warranty"] — seen "special"',
      // The CSI sample rule (seed 002) listens to every settled repair; the quota is applied
      // at ingest, not by explain.
      '  rule csi-sample: FIRES — matched on no condition (always)',
      '    doNotVisitWhen',
      '      ✗ all',
      '        ✗ event.pickedUp equal false — seen true',
      // The mileage rule of the first-maintenance duty needs a mileage; the dormancy duty
      // listens to every service [001].
      '  rule first-maintenance-by-mileage: does not fire — vehicle.mileageKm is missing, rule wants a number at least 5000',
      '    when',
      '      ✗ all',
      '        ✗ vehicle.mileageKm greaterThanInclusive 5000 — seen missing',
      '        ✓ event.repairKind notEqual "maintenance" — seen "special"',
      '  rule dormancy-after-service: FIRES — matched on no condition (always)',
      '  not for this event: first-level-after-delivery (vehicle.delivered), second-level-after-first (visit.closed), thank-you-after-purchase (vehicle.delivered), usage-check-after-delivery (vehicle.delivered), first-maintenance-reminder (vehicle.delivered), dormancy-after-delivery (vehicle.delivered), appointment-reminder-day-before (appointment.booked), appointment-preparation-day-before (appointment.booked), birthday-care (vehicle.delivered), birthday-care-next-year (visit.closed)',
    ]);
  });

  it('reads the stored customer', async () => {
    const customer = file('customer.json', {
      id: 'c1',
      doNotContact: true,
      profileAt: '2026-02-14T00:00:00Z',
    });
    const r = await cli(
      'explain',
      pack,
      file('why2.json', event),
      '--why-not',
      '--customer',
      customer,
    );
    expect(r.out).toContain(
      '  rule post-repair-special: does not fire (do-not-contact) — customer.doNotContact is true, rule does not set allowDoNotContact',
    );
  });

  it('explains a survey alert', async () => {
    const answers = file('answers.json', { repairQuality: 5 });
    const r = await cli('explain-survey', pack, 'gw-csi', answers);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(
      /^survey gw-csi: ALERT — item repairQuality answered 5, alert at or below 6/,
    );
    const none = await cli('explain-survey', pack, 'nope', answers);
    expect(none.code).toBe(1);
  });
});

describe('dealercare-rules simulate', () => {
  const events = new URL('../simulate/demo-month.jsonl', import.meta.url).pathname;
  const next = file('next.json', {
    id: 'gw-next',
    version: '2',
    extends: 'great-wall',
    visits: [{ id: 'first-level-after-delivery', visit: { window: { workingDays: 2 } } }],
  });

  it('replays the events under both packs, prints the differences and writes the files', async () => {
    const outDir = join(dir, 'sim');
    const r = await cli(
      'simulate',
      '--events',
      events,
      '--pack',
      next,
      '--against',
      pack,
      '--per-day',
      '4',
      '--out',
      outDir,
    );
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    // The demo month: 43 deliveries, 123 repairs, 27 appointments, 12 complaints; the change
    // moves the first-level visit of each of the 43 deliveries.
    expect(r.out[0]).toBe('replayed 205 DMS events; desks work 4 items a day');
    expect(r.out).toContain('differences: 43 items (0 added, 0 removed, 43 changed)');
    expect(r.out.at(-1)).toBe(`wrote 6 files to ${outDir}`);
    expect(readFileSync(join(outDir, 'workload.csv'), 'utf8')).toMatch(
      /^run,packId,version,role,date,opened,due,worked,late,waiting,overdue\r\n/,
    );
  });

  it('names a bad line of the events file, and asks for the required options', async () => {
    const bad = file('bad.jsonl', '{"type":"vehicle.delivered"}\n{oops\n');
    const r = await cli('simulate', '--events', bad, '--pack', pack);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/bad\.jsonl:2: /);
    const usage = await cli('simulate', '--pack', pack);
    expect(usage.code).toBe(2);
    expect(usage.err[0]).toBe('simulate needs --events and --pack');
  });
});

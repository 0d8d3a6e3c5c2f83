import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(r.out).toEqual([`${pack}: ok (gw-dealer 1, 5 visit rules, 6 surveys)`]);
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

import { memoryStorage } from '@dealercare/storage-memory';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildReport,
  csvField,
  type DealerReport,
  maskReport,
  monthPeriod,
  renderCsv,
  renderCsvFiles,
  renderHtml,
  renderJson,
  renderXlsx,
  reportJson,
  UTF8_BOM,
} from '../src';
import { AS_OF, DEALER, PEOPLE, rules, runScenario } from './scenario';

let report: DealerReport;

beforeAll(async () => {
  const storage = memoryStorage();
  await runScenario(storage);
  report = await buildReport(storage, {
    dealerId: DEALER,
    dealerName: '北京长城4S店',
    period: monthPeriod(2026, 3),
    rules,
    asOf: AS_OF,
    people: PEOPLE,
    trendMonths: 3,
    weakItemCount: 2,
  });
  await storage.close();
});

describe('masking', () => {
  it('masks customer names, phones and staff names by default in JSON', () => {
    const json = renderJson(report);
    expect(json).not.toContain('李四');
    expect(json).not.toContain('13900001111');
    expect(json).not.toContain('王芳');
    const parsed = JSON.parse(json) as DealerReport;
    expect(parsed.complaints!.breaches[0]).toMatchObject({
      customerName: '李*',
      customerPhone: '+86139****1111',
    });
    expect(parsed.people['agent-1']).toBe('王*');
    expect(parsed.schemaVersion).toBe(1);
  });

  it('shows personal data only when asked explicitly', () => {
    const clear = reportJson(report, { showPersonalData: true });
    expect(clear.complaints!.breaches[0]!.customerName).toBe('李四');
    expect(renderJson(report, { showPersonalData: true })).toContain('13900001111');
    // The report itself is never changed by masking.
    expect(maskReport(report)).not.toBe(report);
    expect(report.people['agent-1']).toBe('王芳');
  });
});

describe('CSV', () => {
  it('writes UTF-8 with a BOM, CRLF lines and Chinese headers', () => {
    const csv = renderCsv(report, 'followUpByType');
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      '回访类型,总数,不回访,应回访,已回访,按时,超时完成,逾期未回访,待回访,无法联系,已取消,拨打次数,回访率,及时率,平均拨打次数',
    );
    // Types in key order: the CSI sample visit (c1) first, done on time in one attempt.
    expect(lines[1]).toBe('CSI 回访,1,0,1,1,1,0,0,0,0,0,1,100.0%,100.0%,1.00');
    // First-level: 6 due, 4 done (3 on time, 1 late), 1 overdue, 1 unreachable, 7 attempts.
    expect(lines[2]).toBe('一级回访,6,0,6,4,3,1,1,0,1,0,7,66.7%,50.0%,1.17');
    expect(lines.at(-2)).toMatch(/^合计,15,1,14,6,5,1,1,5,1,1,10,42.9%,35.7%,0.71$/);
    expect(lines.at(-1)).toBe('');
  });

  it('quotes separators, quotes and line breaks, and neutralises formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
    const evil: DealerReport = {
      ...report,
      people: { ...report.people, 'agent-1': '=HYPERLINK("x")' },
    };
    const csv = renderCsv(evil, 'followUpByAgent', { showPersonalData: true });
    expect(csv).toContain(`"'=HYPERLINK(""x"") (agent-1)"`);
  });

  it('masks personal data and shows local times in the breach list', () => {
    const csv = renderCsv(report, 'complaintBreaches');
    expect(csv).toContain('李*');
    expect(csv).toContain('+86139****1111');
    expect(csv).not.toContain('李四');
    // K2 was due at the end of Wednesday 03-04 (17:30 Beijing).
    expect(csv).toContain('2026-03-04 17:30');
  });

  it('speaks English when asked and lists every table', () => {
    const files = renderCsvFiles(report, { locale: 'en' });
    expect(files.map((f) => f.fileName)).toContain('weakItems.csv');
    const byType = files.find((f) => f.fileName === 'followUpByType.csv')!;
    expect(byType.content).toContain('First-level,6,0,6,4');
    expect(() => renderCsv(report, 'nope')).toThrow(/unknown table "nope"/);
  });
});

describe('Excel', () => {
  it('writes real sheets with frozen header rows and number formats', async () => {
    const bytes = await renderXlsx(report);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain('按回访类型');
    expect(names).toContain('薄弱项');
    const sheet = wb.getWorksheet('按回访类型')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).value).toBe('回访类型');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const first = sheet.getRow(3); // row 2: the CSI sample visits
    expect(first.getCell(1).value).toBe('一级回访');
    expect(first.getCell(5).value).toBe(4); // done
    expect(first.getCell(13).value).toBeCloseTo(4 / 6); // follow-up rate, a number …
    expect(first.getCell(13).numFmt).toBe('0.0%'); // … shown as a percentage
    const weak = wb.getWorksheet('薄弱项')!;
    expect(weak.getRow(1).getCell(1).note).toBeDefined();
    const breaches = wb.getWorksheet('超时投诉')!;
    expect(breaches.getRow(2).getCell(2).value).toBe('李*');
    const due = breaches.getRow(2).getCell(7);
    expect(due.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect((due.value as Date).toISOString()).toBe('2026-03-04T17:30:00.000Z'); // wall clock
  });
});

describe('HTML', () => {
  it('is a self-contained page with inline SVG charts and every table', () => {
    const html = renderHtml(report);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=/);
    for (const chart of ['followUpRate', 'trend', 'sections-gw-ssi', 'weakItems']) {
      expect(html).toContain(`data-chart="${chart}"`);
    }
    for (const table of [
      'followUpByType',
      'satisfactionByStaff',
      'weakItems',
      'complaintBreaches',
    ]) {
      expect(html).toContain(`data-table="${table}"`);
    }
    expect(html).toContain('@media print');
    expect(html).toContain('北京长城4S店');
    expect(html).toContain('2026-03-10 12:00'); // as-of in Beijing time
    expect(html).not.toContain('李四');
    expect(html).toContain('李*');
    // The weak-item rule is stated.
    expect(html).toContain('最低的 2 个评分题');
  });

  it('renders an embeddable English fragment and escapes text', () => {
    const evil = { ...report, dealerName: '<b>x</b>' };
    const html = renderHtml(evil, { locale: 'en', mode: 'fragment' });
    expect(html.startsWith('<div class="dc-report"')).toBe(true);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('Follow-up rate by visit type');
  });
});

import { fileURLToPath } from 'node:url';
import { memoryStorage } from '@dealercare/storage-memory';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { buildReport, monthPeriod, renderHtml } from '../src';
import { AS_OF, DEALER, PEOPLE, rules, runScenario } from '../test/scenario';

const SCREENSHOT = fileURLToPath(new URL('../../../docs/reports-screenshot.png', import.meta.url));
const chartPicture = (chart: string) =>
  fileURLToPath(new URL(`../../../docs/reports-chart-${chart}.png`, import.meta.url));

it('shows the charts and tables in a real browser and prints to PDF', async () => {
  const storage = memoryStorage();
  await runScenario(storage);
  const report = await buildReport(storage, {
    dealerId: DEALER,
    dealerName: '北京长城4S店',
    period: monthPeriod(2026, 3),
    rules,
    asOf: AS_OF,
    people: PEOPLE,
    trendMonths: 3,
  });
  await storage.close();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1150, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(renderHtml(report), { waitUntil: 'load' });
    expect(await page.title()).toContain('回访与满意度报表');
    for (const chart of ['followUpRate', 'trend', 'sections-gw-ssi', 'weakItems']) {
      const svg = page.locator(`svg[data-chart="${chart}"]`);
      const box = await svg.boundingBox();
      expect(box?.width, chart).toBeGreaterThan(100);
      expect(box?.height, chart).toBeGreaterThan(50);
      // One picture per chart for docs/reports.md.
      await svg.screenshot({ path: chartPicture(chart) });
    }
    // Follow-up bars: one per visit type of the month (first-level, second-level, post-repair,
    // the CSI sample's) and the total; a table row for each and the total.
    const types = report.followUp!.byType.length;
    expect(types).toBe(4);
    expect(await page.locator('svg[data-chart="followUpRate"] rect.bar').count()).toBe(types + 1);
    // A trend line per survey with responses (SSI, the post-repair form, CSI).
    const surveys = new Set(report.satisfaction!.trend.map((t) => t.surveyId)).size;
    expect(surveys).toBe(3);
    expect(await page.locator('svg[data-chart="trend"] path.line').count()).toBe(surveys);
    expect(await page.locator('table[data-table="followUpByType"] tbody tr').count()).toBe(
      types + 1,
    );
    const firstLevel = await page
      .locator('table[data-table="followUpByType"] tbody tr', { hasText: '一级回访' })
      .textContent();
    expect(firstLevel).toContain('66.7%');
    expect(await page.locator('body').textContent()).not.toContain('李四');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

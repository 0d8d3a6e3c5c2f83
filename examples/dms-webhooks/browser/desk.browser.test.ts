import type { AddressInfo } from 'node:net';
import { type Actor, createEngine, createFakeClock } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { createDmsServer } from '../src/create-server';

const manager: Actor = { kind: 'person', id: 'cs-1', name: '周静', roles: ['csManager'] };

it('an agent works her list in a real browser: a call-back, then a survey', async () => {
  const clock = createFakeClock('2026-03-02T09:00:00+08:00');
  const engine = createEngine({ storage: memoryStorage(), clock });
  for (let i = 0; i < 3; i++) {
    const { visitIds } = await engine.ingest({
      type: 'vehicle.delivered',
      sourceId: `DEL-${i}`,
      dealerId: 'd1',
      occurredAt: `2026-03-02T${String(9 + i).padStart(2, '0')}:00:00+08:00`,
      customer: { id: `c${i}`, name: `客户${i}`, phones: [{ number: `1381234567${i}` }] },
      vehicle: { id: `car${i}`, vin: `LGWEF4A59RH00000${i}` },
    });
    // The delivery's first-level visit (the pack's duties — thank-you, usage check, … — are
    // visits of their own, left in their roles' queues).
    const visits = await Promise.all(visitIds.map((id) => engine.getVisit({ dealerId: 'd1', id })));
    const firstLevel = visits.find((v) => v.type === 'firstLevel')!;
    await engine.assign({
      dealerId: 'd1',
      item: { kind: 'visit', id: firstLevel.id },
      assignee: { id: 'agent-1', name: '王芳', roles: ['followUpAgent'] },
      actor: manager,
    });
  }
  // The windows open.
  const first = (
    await engine.workList({ dealerId: 'd1', assigneeId: 'agent-1', sort: 'opens', limit: 1 })
  ).items[0]!;
  const wait = Date.parse(first.window.opensAt) - clock.now().getTime();
  clock.advance({ minutes: Math.ceil(wait / 60_000) + 180 });
  await engine.tick();
  const open = await engine.workList({
    dealerId: 'd1',
    assigneeId: 'agent-1',
    status: ['open', 'attempting'],
  });
  expect(open.items.length).toBeGreaterThan(0);

  const server = createDmsServer(engine, { now: () => clock.now() });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/dealers/d1/desk?agent=agent-1`);
    expect(await page.title()).toContain('agent-1');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(open.items.length);
    // In due order, as the engine lists them.
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-visit')));
    expect(shown).toEqual(open.items.map((v) => v.id));

    // Busy: call back at 16:00 — the row shows the reminder.
    const row = rows.first();
    await row.locator('select[name="outcome"]').selectOption('busy');
    await row.locator('input[name="callBackAt"]').fill('2026-03-02T16:00');
    await Promise.all([page.waitForURL(/desk\?agent=agent-1$/), row.locator('button').click()]);
    const after = page.locator(`tr[data-visit="${shown[0]}"]`);
    await expect.poll(() => after.getAttribute('class')).toBe('callback');
    expect(await after.textContent()).toContain('回电');
    const visit = await engine.getVisit({ dealerId: 'd1', id: shown[0]! });
    expect(visit.attempts.at(-1)).toMatchObject({ outcome: 'busy' });
    expect(Date.parse(visit.attempts.at(-1)!.callBackAt!)).toBe(
      Date.parse('2026-03-02T16:00:00+08:00'),
    );

    // At 16:00 the customer answers.
    await after.locator('select[name="outcome"]').selectOption('connected');
    await Promise.all([page.waitForURL(/desk\?agent=agent-1$/), after.locator('button').click()]);

    // The survey: every field filled, submitted; the visit leaves the list.
    await after.locator('a', { hasText: '问卷' }).click();
    for (const select of await page.locator('form select').all()) {
      await select.selectOption({ index: 1 });
    }
    for (const number of await page.locator('form input[type="number"]').all()) {
      await number.fill('9');
    }
    for (const text of await page.locator('form input:not([type])').all()) await text.fill('好');
    await page.locator('button').click();
    await page.waitForLoadState('load');
    expect(page.url(), (await page.textContent('body')) ?? '').toMatch(/desk\?agent=agent-1$/);
    expect(await page.locator('tbody tr').count()).toBe(open.items.length - 1);
    expect((await engine.getVisit({ dealerId: 'd1', id: shown[0]! })).state).toBe('completed');
    expect(await page.locator('#badges').textContent()).toContain('已完成 1');
    expect(errors).toEqual([]);

    // A refused command is a page a person can read, not JSON.
    await page.goto(`${base}/dealers/d1/desk/visits/${shown[0]}?agent=agent-1`);
    await page.locator('button').click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toContain('TRANSITION_NOT_ALLOWED');
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
    await engine.close();
  }
});

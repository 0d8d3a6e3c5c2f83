/**
 * An agent's work-list page, server-rendered HTML with plain forms (no framework, no script):
 *
 *   GET  /dealers/:dealer/desk?agent=…&cursor=…    today's calls, soonest deadline first, with
 *                                                  call-back reminders and a call form per row
 *   POST /dealers/:dealer/desk/visits/:id/attempt  record a call (form), back to the list
 *   GET  /dealers/:dealer/desk/visits/:id          the visit's survey form
 *   POST /dealers/:dealer/desk/visits/:id/survey   complete the visit with the answers (form)
 *
 * The agent is a query parameter here to keep the example small; a real DMS takes the person
 * from its session.
 */
import type { IncomingMessage } from 'node:http';
import type { Actor, Engine, SurveyItem, Visit } from '@dealercare/core';
import escapeHtml from 'escape-html';
import { RequestError } from './http-errors';

/** What a desk route answers: a page, or a redirect after a form. */
export type DeskResponse =
  | { readonly kind: 'html'; readonly status: number; readonly html: string }
  | { readonly kind: 'redirect'; readonly location: string };

/** Beijing wall-clock time of an instant, as the desk reads it. */
const local = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,"WenQuanYi Zen Hei",sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
.overdue{color:#b00020;font-weight:600}.callback{background:#fff7d6}
form.inline{display:flex;gap:.3rem}nav{margin:1rem 0}
</style></head><body>${body}</body></html>`;
}

/** A refused request as a page: the code, the message, and a way back. */
export function errorPage(body: { code?: string; message?: string }): string {
  return page(
    body.code ?? 'error',
    `<h1>${escapeHtml(body.code ?? 'error')}</h1><p>${escapeHtml(body.message ?? '')}</p>
<p><a href="javascript:history.back()">返回</a></p>`,
  );
}

function agentOf(url: URL): Actor {
  const id = url.searchParams.get('agent');
  if (id === null || id === '') {
    throw new RequestError(400, 'AGENT_REQUIRED', 'the desk needs ?agent=<staff id>');
  }
  return { kind: 'person', id, name: id, roles: ['followUpAgent'] };
}

/** The last call-back time the customer asked for, if it is still ahead. */
function callBack(v: Visit, now: Date): string | undefined {
  const at = v.attempts.at(-1)?.callBackAt;
  return at !== undefined && Date.parse(at) >= now.getTime() ? at : undefined;
}

function row(dealerId: string, agent: string, v: Visit, now: Date): string {
  const due = v.window.extendedDueAt ?? v.window.dueAt;
  const overdue = Date.parse(due) < now.getTime();
  const back = callBack(v, now);
  const action = `/dealers/${encodeURIComponent(dealerId)}/desk/visits/${encodeURIComponent(v.id)}`;
  const q = `?agent=${encodeURIComponent(agent)}`;
  return `<tr data-visit="${escapeHtml(v.id)}"${back ? ' class="callback"' : ''}>
<td>${escapeHtml(v.type)}</td><td>${escapeHtml(v.subject.customerId)}</td>
<td class="${overdue ? 'overdue' : ''}">${escapeHtml(local(due))}${overdue ? ' 超时' : ''}</td>
<td>${back ? `回电 ${escapeHtml(local(back))}` : ''}</td><td>${v.attempts.length}</td>
<td><form class="inline" method="post" action="${action}/attempt${q}">
<select name="outcome" aria-label="outcome">
<option value="connected">接通</option><option value="no-answer">无人接听</option>
<option value="busy">忙</option><option value="switched-off">关机</option>
<option value="wrong-number">号码错误</option></select>
<input name="callBackAt" type="datetime-local" aria-label="call back at">
<button type="submit">记录</button></form></td>
<td><a href="${action}${q}">问卷</a></td></tr>`;
}

async function list(engine: Engine, dealerId: string, url: URL, now: Date): Promise<string> {
  const agent = agentOf(url);
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const [work, badges] = await Promise.all([
    engine.workList({
      dealerId,
      assigneeId: agent.id,
      status: ['open', 'attempting'],
      limit: 50,
      ...(cursor !== undefined ? { cursor } : {}),
    }),
    engine.countWork({ dealerId, assigneeId: agent.id }),
  ]);
  const q = `?agent=${encodeURIComponent(agent.id)}`;
  const next = work.nextCursor
    ? `<nav><a rel="next" href="/dealers/${encodeURIComponent(dealerId)}/desk${q}&amp;cursor=${encodeURIComponent(work.nextCursor)}">下一页</a></nav>`
    : '';
  return page(
    `${agent.id} 的回访`,
    `<h1>${escapeHtml(agent.id)} 的回访</h1>
<p id="badges">待回访 ${badges.open ?? 0} · 回访中 ${badges.attempting ?? 0} · 已完成 ${badges.completed ?? 0}</p>
<table><thead><tr><th>类型</th><th>客户</th><th>截止</th><th>回电</th><th>次数</th><th>记录通话</th><th></th></tr></thead>
<tbody>${work.items.map((v) => row(dealerId, agent.id, v, now)).join('\n')}</tbody></table>${next}`,
  );
}

function input(item: SurveyItem): string {
  const name = escapeHtml(item.id);
  const label = escapeHtml(item.text ?? item.id);
  switch (item.kind) {
    case 'yesNo':
    case 'recommend':
      return `<label>${label} <select name="${name}"><option value="">—</option><option value="true">是</option><option value="false">否</option></select></label>`;
    case 'scale':
      return `<label>${label} <input name="${name}" type="number" min="${item.min ?? 1}" max="${item.max ?? 10}"></label>`;
    case 'choice':
      return `<label>${label} <select name="${name}"><option value="">—</option>${(item.choices ?? []).map((c) => `<option>${escapeHtml(c)}</option>`).join('')}</select></label>`;
    default:
      return `<label>${label} <input name="${name}"></label>`;
  }
}

async function surveyItems(engine: Engine, dealerId: string, v: Visit): Promise<SurveyItem[]> {
  if (v.surveyId === undefined) return [];
  const pack = await engine.rulesFor(dealerId);
  return pack.pack.surveys.find((s) => s.id === v.surveyId)?.items ?? [];
}

async function surveyPage(engine: Engine, dealerId: string, id: string, url: URL) {
  const agent = agentOf(url);
  const v = await engine.getVisit({ dealerId, id });
  const items = await surveyItems(engine, dealerId, v);
  const q = `?agent=${encodeURIComponent(agent.id)}`;
  return page(
    `问卷 ${v.id}`,
    `<h1>问卷 · ${escapeHtml(v.type)} · ${escapeHtml(v.subject.customerId)}</h1>
<form method="post" action="/dealers/${encodeURIComponent(dealerId)}/desk/visits/${encodeURIComponent(v.id)}/survey${q}">
${items.map((i) => `<p>${input(i)}</p>`).join('\n')}
<button type="submit">完成回访</button></form>`,
  );
}

function answersOf(form: URLSearchParams, items: readonly SurveyItem[]) {
  const answers: Record<string, boolean | number | string> = {};
  for (const item of items) {
    const value = form.get(item.id);
    if (value === null || value === '') continue;
    if (item.kind === 'yesNo' || item.kind === 'recommend') answers[item.id] = value === 'true';
    else if (item.kind === 'scale') answers[item.id] = Number(value);
    else answers[item.id] = value;
  }
  return answers;
}

/** The desk's routes, or `undefined` when the path is not one of them. */
export async function deskRoute(
  engine: Engine,
  req: IncomingMessage,
  url: URL,
  parts: readonly string[],
  now: Date,
): Promise<DeskResponse | undefined> {
  if (parts[0] !== 'dealers' || parts[2] !== 'desk' || parts[1] === undefined) return undefined;
  const dealerId = parts[1];
  const back = `/dealers/${encodeURIComponent(dealerId)}/desk?agent=${encodeURIComponent(agentOf(url).id)}`;
  if (req.method === 'GET' && parts.length === 3) {
    return { kind: 'html', status: 200, html: await list(engine, dealerId, url, now) };
  }
  if (parts[3] !== 'visits' || parts[4] === undefined) return undefined;
  const visitId = parts[4];
  if (req.method === 'GET' && parts.length === 5) {
    return { kind: 'html', status: 200, html: await surveyPage(engine, dealerId, visitId, url) };
  }
  if (req.method === 'POST' && parts.length === 6 && parts[5] === 'attempt') {
    const form = await readForm(req);
    const callBackAt = form.get('callBackAt');
    await engine.recordAttempt({
      dealerId,
      visitId,
      actor: agentOf(url),
      outcome: (form.get('outcome') ?? '') as Parameters<Engine['recordAttempt']>[0]['outcome'],
      // A datetime-local field has no offset: the desk is in Beijing.
      ...(callBackAt ? { callBackAt: `${callBackAt}:00+08:00` } : {}),
    });
    return { kind: 'redirect', location: back };
  }
  if (req.method === 'POST' && parts.length === 6 && parts[5] === 'survey') {
    const form = await readForm(req);
    const v = await engine.getVisit({ dealerId, id: visitId });
    await engine.completeVisit({
      dealerId,
      visitId,
      actor: agentOf(url),
      answers: answersOf(form, await surveyItems(engine, dealerId, v)),
    });
    return { kind: 'redirect', location: back };
  }
  return undefined;
}

import type { Complaint, HistoryEntry, OpinionCase, Visit } from '@dealercare/core';

/**
 * A stored record as it stood at `asOf` (epoch ms): what a manager reads "as of" a date is a
 * snapshot — only what had happened by then. Records are rewound from their own history: the
 * state is the last transition at or before `asOf`; attempts, results, answers, resolutions and
 * escalations recorded later are left out. A record created after `asOf` did not exist yet
 * (`undefined`); one not touched since is returned as is.
 *
 * What the history does not keep stays as stored: a window recomputed or an owner reassigned
 * after `asOf` shows its later value.
 */
function rewind<T extends { createdAt: string; updatedAt: string; history: HistoryEntry[] }>(
  record: T,
  asOf: number,
): { history: HistoryEntry[]; state: string | undefined } | 'absent' | 'unchanged' {
  if (Date.parse(record.createdAt) > asOf) return 'absent';
  if (Date.parse(record.updatedAt) <= asOf) return 'unchanged';
  const history = record.history.filter((h) => Date.parse(h.at) <= asOf);
  return { history, state: history.at(-1)?.to };
}

const by = (at: string | undefined, asOf: number) => at !== undefined && Date.parse(at) <= asOf;

/** A visit as it stood at `asOf` (see {@link rewind}). */
export function visitAsOf(v: Visit, asOf: number): Visit | undefined {
  const r = rewind(v, asOf);
  if (r === 'absent') return undefined;
  if (r === 'unchanged') return v;
  const { result, response, retryDueAt: _retry, ...rest } = v;
  return {
    ...rest,
    history: r.history,
    state: (r.state ?? v.state) as Visit['state'],
    attempts: v.attempts.filter((a) => by(a.at, asOf)),
    ...(result !== undefined && by(result.at, asOf) ? { result } : {}),
    ...(response !== undefined && by(response.answeredAt, asOf) ? { response } : {}),
  };
}

/** A complaint as it stood at `asOf` (see {@link rewind}); tier from the escalations by then. */
export function complaintAsOf(c: Complaint, asOf: number): Complaint | undefined {
  const r = rewind(c, asOf);
  if (r === 'absent') return undefined;
  if (r === 'unchanged') return c;
  const { resolution, satisfied: _s, feedback, ...rest } = c;
  const escalations = r.history.filter((h) => h.command === 'escalate').length;
  const later = c.history.length - r.history.length;
  return {
    ...rest,
    history: r.history,
    state: (r.state ?? c.state) as Complaint['state'],
    // Each escalation raised the tier by one, but a ladder step may skip one: never below 1.
    tier: later === 0 ? c.tier : Math.max(1, Math.min(c.tier, 1 + escalations)),
    escalations,
    ...(resolution !== undefined && by(resolution.at, asOf) ? { resolution } : {}),
    ...(feedback !== undefined && by(feedback.at, asOf) ? { feedback } : {}),
  };
}

/** An opinion case as it stood at `asOf` (see {@link rewind}). */
export function opinionCaseAsOf(o: OpinionCase, asOf: number): OpinionCase | undefined {
  const r = rewind(o, asOf);
  if (r === 'absent') return undefined;
  if (r === 'unchanged') return o;
  return { ...o, history: r.history, state: (r.state ?? o.state) as OpinionCase['state'] };
}

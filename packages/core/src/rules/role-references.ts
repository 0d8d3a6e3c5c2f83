import type { Issue } from '../errors';
import { DEFAULT_ROLES } from '../model/primitives';
import type { RulePack } from './rule-pack-schema';

type Path = (string | number)[];

/** Every place a pack names a role, with its JSON path. */
function roleReferences(pack: RulePack): Array<{ role: string; path: Path }> {
  const refs: Array<{ role: string; path: Path }> = [];
  const add = (role: string, path: Path): void => {
    refs.push({ role, path });
  };
  pack.visits.forEach((rule, i) => {
    add(rule.visit.assigneeRole, ['visits', i, 'visit', 'assigneeRole']);
    if (rule.visit.onAlert) add(rule.visit.onAlert.role, ['visits', i, 'visit', 'onAlert', 'role']);
  });
  for (const [i, r] of pack.opinion.notReturnedNotify.entries()) {
    add(r, ['opinion', 'notReturnedNotify', i]);
  }
  for (const [i, r] of pack.opinion.recordingRecipients.entries()) {
    add(r, ['opinion', 'recordingRecipients', i]);
  }
  add(pack.opinion.weeklyList.signedBy, ['opinion', 'weeklyList', 'signedBy']);
  pack.cadence.forEach((entry, i) => {
    for (const [j, r] of entry.recipients.entries()) add(r, ['cadence', i, 'recipients', j]);
  });
  const c = pack.complaints;
  for (const [i, r] of c.routing.entries()) add(r.role, ['complaints', 'routing', i, 'role']);
  add(c.defaultRole, ['complaints', 'defaultRole']);
  for (const tier of ['1', '2', '3'] as const) {
    for (const [i, r] of c.tiers[tier].entries()) add(r, ['complaints', 'tiers', tier, i]);
  }
  c.ladder.forEach((step, i) => {
    const at: Path = ['complaints', 'ladder', i, 'action'];
    if (step.action.kind === 'notify') {
      for (const [j, r] of step.action.roles.entries()) add(r, [...at, 'roles', j]);
    }
    if (step.action.kind === 'reassign') add(step.action.role, [...at, 'role']);
  });
  pack.assignment.forEach((rule, i) => {
    for (const [j, r] of (rule.roles ?? []).entries()) add(r, ['assignment', i, 'roles', j]);
  });
  for (const [machine, commands] of Object.entries(pack.permissions)) {
    for (const [command, roles] of Object.entries(commands)) {
      for (const [i, r] of roles.entries()) add(r, ['permissions', machine, command, i]);
    }
  }
  return refs;
}

/**
 * Reports every role a pack names that is neither one of {@link DEFAULT_ROLES} nor declared in
 * the pack's own `roles` — a typo such as `csManger` would otherwise route work to nobody.
 */
export function checkRoles(pack: RulePack, issues: Issue[]): void {
  const known = new Set<string>([...DEFAULT_ROLES, ...pack.roles]);
  for (const { role, path } of roleReferences(pack)) {
    if (!known.has(role)) {
      issues.push({
        path,
        message: `unknown role "${role}" (declare it in "roles", or use one of: ${[...known].join(', ')})`,
        code: 'unknown_role',
      });
    }
  }
}

import type { ComplaintCategory } from '../model/complaint';
import type { RulePack } from './rule-pack-schema';

/** Which routing rule chose a complaint's owner role, and why. */
export interface RoutingTrace {
  readonly category: ComplaintCategory | undefined;
  /** The owner role chosen. */
  readonly role: string;
  /** Index of the routing rule that chose it in `complaints.routing`; absent for `defaultRole`. */
  readonly ruleIndex?: number;
  /** The route in words. */
  readonly because: string;
}

/**
 * Explains complaint routing: the first rule of `complaints.routing` listing the category picks
 * the owner role, else `defaultRole` (a complaint with no category, or one no rule lists). The
 * same choice the engine makes when it routes a complaint.
 */
export function explainRouting(
  pack: RulePack,
  category: ComplaintCategory | undefined,
): RoutingTrace {
  const c = pack.complaints;
  if (category === undefined) {
    return {
      category,
      role: c.defaultRole,
      because: `no category, so complaints.defaultRole "${c.defaultRole}"`,
    };
  }
  const ruleIndex = c.routing.findIndex((r) => r.categories.includes(category));
  if (ruleIndex < 0) {
    return {
      category,
      role: c.defaultRole,
      because: `no complaints.routing rule lists "${category}", so complaints.defaultRole "${c.defaultRole}"`,
    };
  }
  const role = c.routing[ruleIndex]!.role;
  return {
    category,
    role,
    ruleIndex,
    because: `complaints.routing[${ruleIndex}] lists "${category}" → role "${role}"`,
  };
}

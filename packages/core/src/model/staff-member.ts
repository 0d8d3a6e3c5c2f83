import { z } from 'zod';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema, roleIdSchema } from './primitives';

/** Whether a person is at the desk: only people on duty get work by a strategy. */
export const STAFF_STATES = ['onDuty', 'offDuty', 'left'] as const;
/** A staff member's state. */
export type StaffState = (typeof STAFF_STATES)[number];

/**
 * A person of the dealer who can be given work (派单): their real name and roles, whether they
 * are on duty, and when they were last given an item (round-robin order).
 */
export const staffMemberSchema = z.object({
  /** The person's id: the `actor.id` they act under. */
  id: idSchema,
  dealerId: idSchema,
  /** Real name (实名制). */
  name: z.string().min(1).max(100),
  roles: z.array(roleIdSchema).min(1).max(32),
  state: z.enum(STAFF_STATES),
  /** When a strategy last gave them an item: round robin gives the next to whoever waited longest. */
  lastAssignedAt: instantSchema.optional(),
  /** How many items strategies gave them (round robin's tie-break within one instant). */
  assignedCount: z.number().int().nonnegative().optional(),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A staff member. */
export type StaffMember = z.infer<typeof staffMemberSchema>;

/** Who an item is assigned to: the role it needs, and the named person once someone has it. */
export const assigneeFields = {
  /** The person's id (their `actor.id`). */
  actorId: idSchema.optional(),
  /** The person's real name, as given when assigned. */
  name: z.string().min(1).max(100).optional(),
};

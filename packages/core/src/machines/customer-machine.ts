import type { Customer, CustomerState } from '../model/customer';
import { setupMachine } from './machine-setup';

/** Commands of the customer lifecycle machine. */
export type CustomerCommand =
  | 'becomeOwner'
  | 'activate'
  | 'markDormant'
  | 'markLost'
  | 'markUnreachable';

const CARE = ['followUpAgent', 'csManager', 'serviceAdvisor', 'salesConsultant'] as const;

/**
 * Customer lifecycle: prospect → owner (bought a car) → active (seen for service) → dormant
 * (not seen for months) → lost; unreachable when follow-ups fail, back to active on contact.
 */
export const customerMachine = setupMachine({
  types: {} as {
    state: CustomerState;
    command: CustomerCommand;
    aggregate: Customer;
    input: Record<string, never>;
  },
}).createMachine({
  id: 'customer',
  initial: 'prospect',
  states: {
    prospect: { description: 'Known, has not bought here' },
    owner: { description: 'Bought a vehicle here' },
    active: { description: 'Seen for service or reached recently' },
    dormant: { description: 'Not seen for the dormancy period (e.g. 3 months)' },
    lost: { description: 'Gone to another dealer or gave up the vehicle (may come back)' },
    unreachable: { description: 'Follow-ups failed; the cause is being traced (失联)' },
  },
  commands: ['becomeOwner', 'activate', 'markDormant', 'markLost', 'markUnreachable'],
  transitions: [
    {
      command: 'becomeOwner',
      from: ['prospect'],
      to: 'owner',
      actor: 'any',
      roles: ['salesConsultant', 'csManager'],
      description: 'Vehicle delivered',
    },
    {
      command: 'activate',
      from: ['prospect', 'owner', 'dormant', 'unreachable', 'lost'],
      to: 'active',
      actor: 'any',
      roles: CARE,
      description: 'Came for service or was reached',
    },
    {
      command: 'markDormant',
      from: ['owner', 'active'],
      to: 'dormant',
      actor: 'any',
      roles: ['csManager'],
      description: 'Not seen for the dormancy period',
    },
    {
      command: 'markLost',
      from: ['dormant', 'unreachable'],
      to: 'lost',
      actor: 'person',
      roles: ['csManager', 'afterSalesManager'],
      description: 'Confirmed lost (cause recorded)',
    },
    {
      command: 'markUnreachable',
      from: ['owner', 'active', 'dormant'],
      to: 'unreachable',
      actor: 'any',
      roles: CARE,
      description: 'A visit closed as unreachable',
    },
  ],
});

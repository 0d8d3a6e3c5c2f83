import type { Complaint, ComplaintState } from '../model/complaint';
import { setupMachine } from './machine-setup';

/** Commands of the complaint machine. */
export type ComplaintCommand =
  | 'classify'
  | 'startInvestigation'
  | 'proposeSolution'
  | 'recordCustomerDecision'
  | 'startResolving'
  | 'resolve'
  | 'beginSatisfactionCheck'
  | 'recordSatisfaction'
  | 'reopen'
  | 'escalate'
  | 'giveFeedback'
  | 'assign'
  | 'claim';

/** What complaint guards look at. */
export interface ComplaintInput {
  readonly accepted?: boolean;
  readonly satisfied?: boolean;
}

/** States in which a complaint is still open (escalation allowed, SLA running). */
export const OPEN_COMPLAINT_STATES: readonly ComplaintState[] = [
  'received',
  'classified',
  'investigating',
  'solutionProposed',
  'accepted',
  'rejected',
  'resolving',
  'resolved',
  'satisfactionCheck',
  'reopened',
];

const HANDLERS = [
  'csManager',
  'serviceManager',
  'technicalDirector',
  'partsManager',
  'departmentManager',
  'generalManager',
  'serviceAdvisor',
] as const;
const CS = ['csManager', 'followUpAgent'] as const;
const MAX_TIER = 3;

/**
 * The complaint (投诉) flow of DOMAIN.md §5: receive → classify & route → investigate →
 * propose a solution → customer accepts or rejects → carry out → resolved (feedback within
 * 24 hours) → satisfaction check (within 7 days) → closed, or reopened. Escalation 1→2→3 is
 * allowed in every open state and keeps the state.
 */
export const complaintMachine = setupMachine({
  types: {} as {
    state: ComplaintState;
    command: ComplaintCommand;
    aggregate: Complaint;
    input: ComplaintInput;
  },
  guards: {
    accepted: (_c, i) => i.accepted === true,
    notAccepted: (_c, i) => i.accepted === false,
    satisfied: (_c, i) => i.satisfied === true,
    notSatisfied: (_c, i) => i.satisfied === false,
    belowTopTier: (c) => c.tier < MAX_TIER,
  },
  effects: {
    route: 'Routes the complaint to an owner role by category and starts the feedback deadline',
    scheduleSatisfactionCheck: 'Sets the satisfaction-check deadline',
    raiseTier: 'Raises the tier by one and notifies the roles of the new tier',
  },
}).createMachine({
  id: 'complaint',
  initial: 'received',
  states: {
    received: { description: 'Received; reported to the CS manager' },
    classified: { description: 'Category and nature set; routed to an owner' },
    investigating: { description: 'Facts verified, cause analysed' },
    solutionProposed: { description: 'Solution communicated to the customer' },
    accepted: { description: 'Customer accepted the solution' },
    rejected: { description: 'Customer rejected the solution; a new one is needed' },
    resolving: { description: 'Solution being carried out' },
    resolved: { description: 'Done; feedback given to customer service' },
    satisfactionCheck: { description: 'Satisfaction check under way (within 7 days)' },
    closed: { description: 'Customer satisfied; case written up', terminal: true },
    reopened: { description: 'Customer not satisfied; handled again' },
  },
  commands: [
    'classify',
    'startInvestigation',
    'proposeSolution',
    'recordCustomerDecision',
    'startResolving',
    'resolve',
    'beginSatisfactionCheck',
    'recordSatisfaction',
    'reopen',
    'escalate',
    'giveFeedback',
    'assign',
    'claim',
  ],
  transitions: [
    {
      command: 'classify',
      from: ['received'],
      to: 'classified',
      actor: 'any',
      roles: [...CS, 'serviceManager'],
      effects: ['route'],
      description: 'Set category and nature; route to an owner',
    },
    {
      command: 'startInvestigation',
      from: ['classified', 'reopened'],
      to: 'investigating',
      actor: 'person',
      roles: HANDLERS,
      description: 'Verify and analyse',
    },
    {
      command: 'proposeSolution',
      from: ['investigating', 'rejected'],
      to: 'solutionProposed',
      actor: 'person',
      roles: HANDLERS,
      description: 'Communicate a solution to the customer',
    },
    {
      command: 'recordCustomerDecision',
      from: ['solutionProposed'],
      to: 'accepted',
      guard: 'accepted',
      actor: 'person',
      roles: [...HANDLERS, 'followUpAgent'],
      description: 'Customer accepts',
    },
    {
      command: 'recordCustomerDecision',
      from: ['solutionProposed'],
      to: 'rejected',
      guard: 'notAccepted',
      actor: 'person',
      roles: [...HANDLERS, 'followUpAgent'],
      description: 'Customer rejects',
    },
    {
      command: 'startResolving',
      from: ['accepted'],
      to: 'resolving',
      actor: 'person',
      roles: HANDLERS,
      description: 'Carry out the solution',
    },
    {
      command: 'resolve',
      from: ['resolving'],
      to: 'resolved',
      actor: 'person',
      roles: HANDLERS,
      effects: ['scheduleSatisfactionCheck'],
      description: 'Done; feedback to customer service within 24 hours',
    },
    {
      command: 'beginSatisfactionCheck',
      from: ['resolved'],
      to: 'satisfactionCheck',
      actor: 'any',
      roles: CS,
      description: 'Start the satisfaction check',
    },
    {
      command: 'recordSatisfaction',
      from: ['satisfactionCheck'],
      to: 'closed',
      guard: 'satisfied',
      actor: 'person',
      roles: CS,
      description: 'Customer satisfied: close',
    },
    {
      command: 'recordSatisfaction',
      from: ['satisfactionCheck'],
      to: 'reopened',
      guard: 'notSatisfied',
      actor: 'person',
      roles: CS,
      description: 'Customer not satisfied: reopen',
    },
    {
      command: 'reopen',
      from: ['closed'],
      to: 'reopened',
      actor: 'person',
      roles: ['csManager'],
      description: 'Customer complains again about the same problem',
    },
    {
      command: 'escalate',
      from: OPEN_COMPLAINT_STATES,
      to: null,
      guard: 'belowTopTier',
      actor: 'any',
      // The service manager reports up what he cannot solve in time [003] (分级上报).
      roles: ['csManager', 'serviceManager', 'departmentManager', 'generalManager'],
      effects: ['raiseTier'],
      description: 'Escalate one tier (1→2→3)',
    },
    {
      command: 'giveFeedback',
      from: OPEN_COMPLAINT_STATES,
      to: null,
      actor: 'person',
      roles: HANDLERS,
      itemRole: true,
      description: 'Tell customer service how it is handled (within 24 hours of routing [003])',
    },
    {
      command: 'assign',
      from: OPEN_COMPLAINT_STATES,
      to: null,
      actor: 'any',
      roles: ['csManager', 'serviceManager', 'generalManager'],
      description: 'Give the owner role a named owner (派单); reassign',
    },
    {
      command: 'claim',
      from: OPEN_COMPLAINT_STATES,
      to: null,
      actor: 'person',
      roles: [],
      itemRole: true,
      description: 'A person holding the owner role takes it',
    },
  ],
  itemRoles: (c) => [c.owner.role],
});

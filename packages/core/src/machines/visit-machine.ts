import type { AttemptOutcome } from '../model/attempt';
import { toEpoch } from '../model/primitives';
import type { Visit, VisitState } from '../model/visit';
import { setupMachine } from './machine-setup';

/** Commands of the visit machine. */
export type VisitCommand =
  | 'open'
  | 'recordAttempt'
  | 'complete'
  | 'correctPhone'
  | 'block'
  | 'markDoNotVisit'
  | 'resume'
  | 'reopen'
  | 'cancel'
  | 'assign'
  | 'claim';

/** What visit guards look at besides the visit. */
export interface VisitInput {
  readonly outcome?: AttemptOutcome;
  /** `block`: how many of the customer's phones could be called (valid, not found wrong). */
  readonly usablePhones?: number;
  /** `correctPhone`: the instant of the correction (epoch ms), to tell whether the window is open yet. */
  readonly now?: number;
}

const AGENTS = ['followUpAgent', 'csManager'] as const;
const ACTIVE: VisitState[] = ['open', 'attempting'];
const NOT_DONE: VisitState[] = ['scheduled', 'open', 'attempting', 'blocked'];

function failedSoFar(v: Visit): number {
  return v.attempts.filter((a) => v.attemptPolicy.failedOutcomes.includes(a.outcome)).length;
}
function isFailed(v: Visit, i: VisitInput): boolean {
  return i.outcome !== undefined && v.attemptPolicy.failedOutcomes.includes(i.outcome);
}

/**
 * The follow-up visit (回访): scheduled → open → attempting → completed | unreachable |
 * cancelled; blocked on a wrong number, or from the start when the customer has no usable
 * phone [002], until the phone is corrected; "vehicle not picked up
 * — do not visit" (未提车不回访); re-opened when a dissatisfied customer needs another visit.
 */
export const visitMachine = setupMachine({
  types: {} as { state: VisitState; command: VisitCommand; aggregate: Visit; input: VisitInput },
  guards: {
    wrongNumber: (_v, i) => i.outcome === 'wrong-number',
    lastFailedAttempt: (v, i) =>
      isFailed(v, i) && failedSoFar(v) + 1 >= v.attemptPolicy.maxAttempts,
    failedAttemptLeft: (v, i) => isFailed(v, i) && failedSoFar(v) + 1 < v.attemptPolicy.maxAttempts,
    refused: (_v, i) => i.outcome === 'refused',
    connected: (v) => v.attempts.at(-1)?.outcome === 'connected',
    dissatisfied: (v) => v.result?.satisfied === false,
    noUsablePhone: (_v, i) => i.usablePhones === 0,
    windowNotOpen: (v, i) => i.now !== undefined && toEpoch(v.window.opensAt) > i.now,
  },
  effects: {
    markPhoneInvalid: 'Marks the dialled number invalid on the customer',
    customerUnreachable: 'Moves the customer to unreachable (customer machine)',
    scheduleRetry: 'Sets the retry deadline from the attempt policy',
    scoreSurvey: 'Scores the survey answers; a low item or dissatisfaction raises survey.alert',
    followUpResult:
      'Opens an opinion case on an alert or dissatisfaction; schedules the visits that follow',
  },
}).createMachine({
  id: 'visit',
  initial: 'scheduled',
  states: {
    scheduled: { description: 'Waiting for its window to open' },
    open: { description: 'Window open; nobody has called yet' },
    attempting: { description: 'At least one attempt made; not yet done' },
    blocked: {
      description: 'No usable phone (none on record, or found wrong); waits for a corrected number',
    },
    completed: { description: 'Customer reached and the result recorded', terminal: true },
    unreachable: { description: 'Every allowed attempt failed', terminal: true },
    cancelled: { description: 'Will not be made (refused, superseded, withdrawn)', terminal: true },
    doNotVisit: { description: 'Vehicle not picked up: nobody calls until it is' },
  },
  commands: [
    'open',
    'recordAttempt',
    'complete',
    'correctPhone',
    'block',
    'markDoNotVisit',
    'resume',
    'reopen',
    'cancel',
    'assign',
    'claim',
  ],
  transitions: [
    {
      command: 'open',
      from: ['scheduled'],
      to: 'open',
      actor: 'any',
      roles: AGENTS,
      description: 'The window opens (timer)',
    },
    {
      command: 'recordAttempt',
      from: ACTIVE,
      to: 'blocked',
      guard: 'wrongNumber',
      actor: 'person',
      roles: AGENTS,
      itemRole: true,
      effects: ['markPhoneInvalid'],
      description: 'Wrong number: block until corrected with the sales consultant',
    },
    {
      command: 'recordAttempt',
      from: ACTIVE,
      to: 'unreachable',
      guard: 'lastFailedAttempt',
      actor: 'person',
      roles: AGENTS,
      itemRole: true,
      effects: ['customerUnreachable'],
      description: 'Last allowed attempt failed: close as unreachable',
    },
    {
      command: 'recordAttempt',
      from: ACTIVE,
      to: 'attempting',
      guard: 'failedAttemptLeft',
      actor: 'person',
      roles: AGENTS,
      itemRole: true,
      effects: ['scheduleRetry'],
      description: 'Attempt failed; retry within the policy',
    },
    {
      command: 'recordAttempt',
      from: ACTIVE,
      to: 'cancelled',
      guard: 'refused',
      actor: 'person',
      roles: AGENTS,
      itemRole: true,
      description: 'Customer refused the follow-up',
    },
    {
      command: 'recordAttempt',
      from: ACTIVE,
      to: 'attempting',
      actor: 'person',
      roles: AGENTS,
      itemRole: true,
      description: 'Connected, or asked to be called back',
    },
    {
      command: 'complete',
      from: ACTIVE,
      to: 'completed',
      guard: 'connected',
      actor: 'person',
      roles: AGENTS,
      itemRole: true,
      effects: ['scoreSurvey', 'followUpResult'],
      description: 'Record the result and survey answers',
    },
    {
      command: 'block',
      from: ['scheduled', 'open'],
      to: 'blocked',
      guard: 'noUsablePhone',
      actor: 'any',
      roles: AGENTS,
      description: 'No usable phone: phones must be complete before the first call [002]',
    },
    {
      command: 'correctPhone',
      from: ['blocked'],
      to: 'scheduled',
      guard: 'windowNotOpen',
      actor: 'person',
      roles: ['followUpAgent', 'salesConsultant', 'csManager'],
      description: 'Phone corrected before the window opens: wait for it',
    },
    {
      command: 'correctPhone',
      from: ['blocked'],
      to: 'open',
      actor: 'person',
      roles: ['followUpAgent', 'salesConsultant', 'csManager'],
      description: 'Phone corrected; calls may resume',
    },
    {
      command: 'markDoNotVisit',
      from: NOT_DONE,
      to: 'doNotVisit',
      actor: 'any',
      roles: ['followUpAgent', 'serviceAdvisor', 'csManager'],
      description: 'Vehicle not picked up: do not visit',
    },
    {
      command: 'resume',
      from: ['doNotVisit'],
      to: 'open',
      actor: 'any',
      roles: ['followUpAgent', 'serviceAdvisor', 'csManager'],
      description: 'Vehicle picked up: the visit goes ahead',
    },
    {
      command: 'reopen',
      from: ['completed'],
      to: 'open',
      guard: 'dissatisfied',
      actor: 'any',
      roles: AGENTS,
      description: 'Dissatisfied customer: visit again until satisfied',
    },
    {
      command: 'cancel',
      from: [...NOT_DONE, 'doNotVisit'],
      to: 'cancelled',
      actor: 'any',
      roles: ['csManager', 'afterSalesManager'],
      description: 'Withdraw the visit',
    },
    {
      command: 'assign',
      from: [...NOT_DONE, 'doNotVisit'],
      to: null,
      actor: 'any',
      roles: ['csManager', 'afterSalesManager'],
      description: 'Assign (or reassign) to a person holding its role (派单)',
    },
    {
      command: 'claim',
      from: NOT_DONE,
      to: null,
      actor: 'person',
      roles: [],
      itemRole: true,
      description: 'A person holding its role takes it',
    },
  ],
  itemRoles: (v) => [v.assignee.role],
});

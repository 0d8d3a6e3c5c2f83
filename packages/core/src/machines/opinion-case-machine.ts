import type { OpinionCase, OpinionCaseState } from '../model/opinion-case';
import { setupMachine } from './machine-setup';

/** Commands of the opinion-case machine. */
export type OpinionCaseCommand =
  | 'sendForm'
  | 'recordHandling'
  | 'markNotReturned'
  | 'recordLateReason'
  | 'returnForm'
  | 'recordSecondFollowUp'
  | 'close'
  | 'assign'
  | 'claim';

/** What opinion-case guards look at. */
export interface OpinionCaseInput {
  readonly satisfied?: boolean;
}

const DEPARTMENTS = [
  'afterSalesManager',
  'serviceManager',
  'technicalDirector',
  'partsManager',
  'departmentManager',
  'salesConsultant',
  'serviceAdvisor',
  'csManager',
] as const;
const AGENTS = ['followUpAgent', 'csManager'] as const;

/**
 * Opinion follow-up (意见跟进, DOMAIN.md §4): the objection is recorded on the opinion form
 * (《顾客回访意见跟进解决表》), the form goes to the department (before lunch / before the end
 * of the day), the department handles it within 24 hours, the agent collects the form, and
 * makes a second follow-up within 4 hours. A form not returned in time is reported to the GM.
 */
export const opinionCaseMachine = setupMachine({
  types: {} as {
    state: OpinionCaseState;
    command: OpinionCaseCommand;
    aggregate: OpinionCase;
    input: OpinionCaseInput;
  },
  effects: {
    scheduleHandlingDeadline: 'Sets the handling deadline (opinion.handlingWithin)',
    informGeneralManager: 'Announces the late form to the roles in opinion.notReturnedNotify',
    scheduleSecondFollowUp: 'Sets the second follow-up deadline (opinion.secondFollowUpWithin)',
    followUpResult: 'Records whether the customer is satisfied after the handling',
  },
}).createMachine({
  id: 'opinionCase',
  initial: 'recorded',
  states: {
    recorded: { description: 'Objection recorded on the opinion form' },
    formSent: { description: 'Form handed to the responsible department' },
    handled: { description: 'Department wrote its handling on the form' },
    notReturnedInTime: { description: 'Handling deadline passed without the form (GM informed)' },
    returned: { description: 'Agent collected the handled form' },
    followedUp: { description: 'Second follow-up call made and recorded' },
    closed: { description: 'Filed in the summary sheet (意见汇总表)', terminal: true },
  },
  commands: [
    'sendForm',
    'recordHandling',
    'markNotReturned',
    'recordLateReason',
    'returnForm',
    'recordSecondFollowUp',
    'close',
    'assign',
    'claim',
  ],
  transitions: [
    {
      command: 'sendForm',
      from: ['recorded'],
      to: 'formSent',
      actor: 'person',
      roles: AGENTS,
      effects: ['scheduleHandlingDeadline'],
      description: 'Hand the form to the department',
    },
    {
      command: 'recordHandling',
      from: ['formSent', 'notReturnedInTime'],
      to: 'handled',
      actor: 'person',
      roles: DEPARTMENTS,
      description: 'Department records its handling',
    },
    {
      command: 'markNotReturned',
      from: ['formSent'],
      to: 'notReturnedInTime',
      actor: 'any',
      roles: AGENTS,
      effects: ['informGeneralManager'],
      description: 'Handling deadline passed (timer): inform the GM',
    },
    {
      command: 'recordLateReason',
      from: ['notReturnedInTime'],
      to: null,
      actor: 'person',
      roles: AGENTS,
      description: 'Record why the form is late',
    },
    {
      command: 'returnForm',
      from: ['handled'],
      to: 'returned',
      actor: 'person',
      roles: AGENTS,
      effects: ['scheduleSecondFollowUp'],
      description: 'Agent collects the form',
    },
    {
      command: 'recordSecondFollowUp',
      from: ['returned'],
      to: 'followedUp',
      actor: 'person',
      roles: AGENTS,
      effects: ['followUpResult'],
      description: 'Second follow-up call (within 4 hours)',
    },
    {
      command: 'close',
      from: ['followedUp'],
      to: 'closed',
      actor: 'any',
      roles: AGENTS,
      description: 'Close the case',
    },
    {
      command: 'assign',
      from: ['recorded', 'formSent', 'handled', 'notReturnedInTime', 'returned', 'followedUp'],
      to: null,
      actor: 'any',
      roles: ['csManager', 'afterSalesManager', 'generalManager'],
      description: 'Name the person in the responsible role who handles it (派单)',
    },
    {
      command: 'claim',
      from: ['recorded', 'formSent', 'handled', 'notReturnedInTime', 'returned', 'followedUp'],
      to: null,
      actor: 'person',
      roles: [],
      itemRole: true,
      description: 'A person holding the responsible role takes it',
    },
  ],
  itemRoles: (o) => [o.responsibleRole],
});

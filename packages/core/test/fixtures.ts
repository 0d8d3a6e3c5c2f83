import type { Actor, Complaint, Customer, OpinionCase, Visit } from '../src';

export const AT = '2026-02-10T01:30:00.000Z';

export const agent: Actor = {
  kind: 'person',
  id: 'agent-1',
  name: '王芳',
  roles: ['followUpAgent'],
};
export const csManager: Actor = { kind: 'person', id: 'cs-1', roles: ['csManager'] };
export const serviceManager: Actor = { kind: 'person', id: 'sm-1', roles: ['serviceManager'] };
export const gm: Actor = { kind: 'person', id: 'gm-1', roles: ['generalManager'] };
export const stranger: Actor = { kind: 'person', id: 'x-1', roles: ['infoClerk'] };
export const system: Actor = { kind: 'system', id: 'system' };

const base = { dealerId: 'd1', version: 1, history: [], createdAt: AT, updatedAt: AT };

export function visit(over: Partial<Visit> = {}): Visit {
  return {
    ...base,
    id: 'v1',
    type: 'firstLevel',
    ruleId: 'r1',
    subject: { customerId: 'c1' },
    window: { opensAt: AT, dueAt: '2026-02-13T09:30:00.000Z' },
    assignee: { role: 'followUpAgent' },
    attemptPolicy: {
      maxAttempts: 2,
      retryWithin: { days: 2 },
      failedOutcomes: ['no-answer', 'busy', 'switched-off'],
    },
    attempts: [],
    state: 'open',
    ...over,
  };
}

export function complaint(over: Partial<Complaint> = {}): Complaint {
  return {
    ...base,
    id: 'k1',
    customerId: 'c1',
    source: 'inboundCall',
    description: '维修后仍有异响',
    tier: 1,
    owner: { role: 'csManager' },
    reopenCount: 0,
    escalations: 0,
    sla: { dueAt: AT, pausedWorkingMinutes: 0, firedSteps: [] },
    state: 'received',
    ...over,
  };
}

export function opinionCase(over: Partial<OpinionCase> = {}): OpinionCase {
  return {
    ...base,
    id: 'o1',
    customerId: 'c1',
    problem: '等待时间太长',
    department: 'afterSales',
    responsibleRole: 'afterSalesManager',
    raisedAt: AT,
    due: { formSentBy: AT },
    state: 'recorded',
    ...over,
  };
}

export function customer(over: Partial<Customer> = {}): Customer {
  return {
    ...base,
    id: 'c1',
    name: '张三',
    phones: [{ number: '13812345678', belongsTo: 'owner', valid: true }],
    preferences: { noPhoneCalls: false },
    doNotContact: false,
    consent: { followUp: true, marketing: false },
    state: 'prospect',
    ...over,
  };
}

// The QA lead's moderation list lists each cycle's own plans: assignments of other cycles (the
// same plan references recur from term to term) must not add rows to it.
import { describe, expect, it } from 'vitest';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import { planStates } from './moderation-model.ts';

const cycle = (id: string, sampledPlans: string[]): Cycle => ({
  id,
  name: id,
  periodStart: '2026-09-01',
  periodEnd: '2026-12-19',
  frameworkId: 'ehcp-quality',
  frameworkVersion: 1,
  status: 'open',
  sampledPlans,
});

const assignment = (cycleId: string, planRef: string, auditorId: string): Assignment => ({
  id: `${cycleId}-${planRef}-${auditorId}`,
  cycleId,
  planRef,
  auditorId,
  agency: 'education',
});

describe('planStates', () => {
  it('lists only the cycle’s own sampled and assigned plans', () => {
    const autumn = cycle('autumn', ['PLN-0001', 'PLN-0002']);
    const assignments = [
      assignment('autumn', 'PLN-0001', 'user-a'),
      assignment('summer', 'PLN-0003', 'user-a'),
      assignment('summer', 'PLN-0002', 'user-b'),
    ];
    const rows = planStates(autumn, assignments, [], new Map());
    expect(rows.map((r) => [r.planRef, r.state.kind])).toEqual([
      ['PLN-0001', 'waiting'],
      ['PLN-0002', 'no-auditors'],
    ]);
  });
});

// Cycle progress, auditors' workload, re-audits and the movement report on both engines: statuses
// from assignment to sign-off with overdue work, a re-audit refused whole when one plan is not
// eligible, scheduled plans reaching an auditor's device, and before/after grades per section.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditorWorkloadResponseSchema,
  CycleDetailResponseSchema,
  CycleMovementResponseSchema,
  CycleProgressResponseSchema,
  CycleSummaryListResponseSchema,
  PlanListResponseSchema,
  ReAuditCandidatesResponseSchema,
  ReAuditResponseSchema,
} from '#shared/protocol/api.ts';
import type { PullResponse } from '#shared/protocol/sync.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { completeResponses, fromBlank, patchAudit, startAudit, submitAudit } from '../setup/audits.ts';
import { loadShippedFramework } from '../fixtures/shipped-frameworks.ts';
import { ENGINES, startTestServer, testClock, type TestClient, type TestServer } from '../setup/test-server.ts';

const EHCP = loadShippedFramework();

type Change = PullResponse['changes'][number];

describe.each(ENGINES)('cycle progress, workload and re-audits on %s', (engine) => {
  let server: TestServer;
  let qa: TestClient;
  let health: TestClient;
  let plans: Map<string, Plan>;
  let earlier: Cycle;
  let current: Cycle;
  let assignments: Assignment[];

  const createCycle = async (name: string, periodStart: string, chosenPlans: string[]): Promise<Cycle> => {
    const response = await qa.request({
      method: 'POST',
      url: '/api/cycles',
      payload: {
        name,
        periodStart,
        periodEnd: `${periodStart.slice(0, 4)}-12-31`,
        frameworkId: 'ehcp-quality',
        frameworkVersion: 1,
        sample: { method: 'chosen', size: chosenPlans.length, seed: 1 },
        chosenPlans,
      },
    });
    expect(response.statusCode).toBe(201);
    return CycleDetailResponseSchema.parse(response.json()).cycle;
  };

  const assign = async (cycleId: string, wanted: { planRef: string; auditorId: string; dueDate?: string }[]) => {
    const response = await qa.request({
      method: 'POST',
      url: `/api/cycles/${cycleId}/assignments`,
      payload: { assignments: wanted },
    });
    expect(response.statusCode).toBe(201);
    return CycleDetailResponseSchema.parse(response.json()).assignments;
  };

  /** A moderation row as the moderation helper stores it, written directly: grades are what matter here. */
  const moderate = async (
    cycleId: string,
    planRef: string,
    status: Moderation['status'],
    overall: number | null,
    sections: Record<string, number | null> = {},
  ): Promise<string> => {
    const id = randomUUID();
    const at = server.clock.now().toISOString();
    const doc: Moderation = {
      id,
      cycleId,
      planRef,
      frameworkId: 'ehcp-quality',
      frameworkVersion: 1,
      auditRefs: [],
      participants: {},
      sections: Object.fromEntries(Object.entries(sections).map(([s, g]) => [s, { agreedGrade: g, rationale: '' }])),
      overall: { agreedGrade: overall, rationale: 'agreed by the panel' },
      strengths: '',
      areasForDevelopment: '',
      actions: {},
      status,
      revision: 1,
      openedAt: at,
      openedBy: 'user-qa-lead',
      updatedAt: at,
      ...(status === 'signed-off' ? { signedOffAt: at, signedOffBy: 'user-qa-lead' } : {}),
    };
    await server.store.db.query(
      `INSERT INTO moderations (id, cycle_id, plan_ref, revision, status, doc, opened_by, signed_off_at)
       VALUES ($1, $2, $3, 1, $4, $5::jsonb, 'user-qa-lead', $6)`,
      [id, cycleId, planRef, status, JSON.stringify(doc), status === 'signed-off' ? at : null],
    );
    return id;
  };

  const submit = async (client: TestClient, assignment: Assignment, andSubmit = true): Promise<void> => {
    const auditId = randomUUID();
    const plan = plans.get(assignment.planRef)!;
    const result = await client.push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, fromBlank(completeResponses(EHCP, plan.attributes))),
      ...(andSubmit ? [submitAudit(auditId)] : []),
    ]);
    expect(result.results.map((r) => r.status)).toEqual(
      andSubmit ? ['applied', 'applied', 'applied'] : ['applied', 'applied'],
    );
  };

  const progressOf = async (cycleId: string) =>
    CycleProgressResponseSchema.parse(
      (await qa.request({ method: 'GET', url: `/api/cycles/${cycleId}/progress` })).json(),
    );

  const workload = async () =>
    new Map(
      AuditorWorkloadResponseSchema.parse(
        (await qa.request({ method: 'GET', url: '/api/auditors' })).json(),
      ).auditors.map((a) => [a.id, a]),
    );

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: testClock(new Date('2026-05-10T10:00:00Z')) });
    qa = await server.signIn('qa.lead@demo.example');
    health = await server.signIn('health.auditor@demo.example');
    plans = new Map(
      PlanListResponseSchema.parse((await qa.request({ method: 'GET', url: '/api/plans' })).json()).plans.map((p) => [
        p.ref,
        p,
      ]),
    );
    earlier = await createCycle('Autumn term 2025', '2025-09-01', ['PLN-0001', 'PLN-0002', 'PLN-0003', 'PLN-0004']);
    current = await createCycle('Summer term 2026', '2026-04-13', ['PLN-0005', 'PLN-0006', 'PLN-0007']);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('tracks each plan and assignment from assigned to signed off, with overdue work and workload', async () => {
    const before = await workload();
    assignments = await assign(current.id, [
      { planRef: 'PLN-0005', auditorId: 'user-health-auditor', dueDate: '2026-05-01' },
      { planRef: 'PLN-0005', auditorId: 'user-education-auditor', dueDate: '2026-05-01' },
      { planRef: 'PLN-0006', auditorId: 'user-health-auditor', dueDate: '2026-06-30' },
    ]);
    const fresh = await progressOf(current.id);
    expect(fresh.today).toBe('2026-05-10');
    expect(fresh.plans.map((p) => [p.planRef, p.status, p.overdue])).toEqual([
      ['PLN-0005', 'assigned', true],
      ['PLN-0006', 'assigned', false],
      ['PLN-0007', 'unassigned', false],
    ]);
    expect(fresh.plans[0]?.assignments.map((a) => [a.agency, a.dueDate, a.overdue, a.auditorName.length > 0])).toEqual([
      ['education', '2026-05-01', true, true],
      ['health', '2026-05-01', true, true],
    ]);
    const after = await workload();
    expect(after.get('user-health-auditor')!.openAssignments - before.get('user-health-auditor')!.openAssignments).toBe(
      2,
    );
    expect(
      after.get('user-health-auditor')!.overdueAssignments - before.get('user-health-auditor')!.overdueAssignments,
    ).toBe(1);
    expect(after.has('user-parent-rep')).toBe(false);

    const byPlan = (ref: string, auditorId: string) =>
      assignments.find((a) => a.planRef === ref && a.auditorId === auditorId)!;
    await submit(health, byPlan('PLN-0005', 'user-health-auditor'));
    await submit(health, byPlan('PLN-0006', 'user-health-auditor'), false);
    const working = await progressOf(current.id);
    expect(working.plans.map((p) => [p.planRef, p.status, p.overdue])).toEqual([
      ['PLN-0005', 'in-progress', true],
      ['PLN-0006', 'in-progress', false],
      ['PLN-0007', 'unassigned', false],
    ]);
    expect(working.plans[0]?.assignments.map((a) => [a.agency, a.status, a.overdue])).toEqual([
      ['education', 'assigned', true],
      ['health', 'submitted', false],
    ]);
    expect((await workload()).get('user-health-auditor')!.openAssignments).toBe(
      after.get('user-health-auditor')!.openAssignments - 1,
    );

    const education = await server.signIn('education.auditor@demo.example');
    await submit(education, byPlan('PLN-0005', 'user-education-auditor'));
    expect((await progressOf(current.id)).plans[0]).toMatchObject({ status: 'submitted', overdue: false });
    await moderate(current.id, 'PLN-0005', 'agreed', 3);
    const moderated = await progressOf(current.id);
    expect(moderated.plans[0]?.status).toBe('moderated');
    expect(moderated.plans[0]?.assignments.map((a) => a.status)).toEqual(['moderated', 'moderated']);
    expect(moderated.planCounts).toEqual({
      total: 3,
      overdue: 0,
      byStatus: { unassigned: 1, assigned: 0, 'in-progress': 1, submitted: 0, moderated: 1, 'signed-off': 0 },
    });
    expect(moderated.assignmentCounts).toMatchObject({ total: 3, overdue: 0 });

    const summaries = CycleSummaryListResponseSchema.parse(
      (await qa.request({ method: 'GET', url: '/api/cycle-summaries' })).json(),
    );
    expect(summaries.cycles.find((s) => s.cycle.id === current.id)?.planCounts).toEqual(moderated.planCounts);
    expect((await qa.request({ method: 'GET', url: '/api/cycles/nope/progress' })).statusCode).toBe(404);
    expect((await health.request({ method: 'GET', url: `/api/cycles/${current.id}/progress` })).statusCode).toBe(403);
    expect((await health.request({ method: 'GET', url: '/api/auditors' })).statusCode).toBe(403);
  });

  it('lists which plans of an earlier cycle may be re-audited, and why not the others', async () => {
    await moderate(earlier.id, 'PLN-0001', 'signed-off', 2, { A: 3, F: 1 });
    await moderate(earlier.id, 'PLN-0002', 'signed-off', 1, { A: 2, F: 1 });
    await moderate(earlier.id, 'PLN-0003', 'signed-off', 3, { A: 3, F: 3 });
    await moderate(earlier.id, 'PLN-0004', 'agreed', 1);
    const response = await qa.request({
      method: 'GET',
      url: `/api/cycles/${current.id}/re-audit-candidates?from=${earlier.id}`,
    });
    expect(response.statusCode).toBe(200);
    const { candidates } = ReAuditCandidatesResponseSchema.parse(response.json());
    expect(candidates.map((c) => [c.planRef, c.gradeLabel, c.eligible])).toEqual([
      ['PLN-0001', 'Requires improvement', true],
      ['PLN-0002', 'Inadequate', true],
      ['PLN-0003', 'Good', false],
      ['PLN-0004', null, false],
    ]);
    expect(candidates[2]?.reason).toMatch(/judged Good/);
    expect(candidates[3]?.reason).toMatch(/no signed-off moderation/);
    const backwards = await qa.request({
      method: 'GET',
      url: `/api/cycles/${earlier.id}/re-audit-candidates?from=${current.id}`,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ issues: [{ path: 'fromCycleId' }] });
  });

  it('refuses a re-audit request whole when any plan is not eligible, storing nothing', async () => {
    const logBefore = await server.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    const response = await qa.request({
      method: 'POST',
      url: `/api/cycles/${current.id}/re-audits`,
      payload: { fromCycleId: earlier.id, planRefs: ['PLN-0001', 'PLN-0003', 'PLN-0004', 'PLN-0099'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual([
      'planRefs[1]',
      'planRefs[2]',
      'planRefs[3]',
    ]);
    const stored = await server.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM re_audits');
    expect(stored[0]?.n).toBe(0);
    const cycle = CycleDetailResponseSchema.parse(
      (await qa.request({ method: 'GET', url: `/api/cycles/${current.id}` })).json(),
    ).cycle;
    expect(cycle.sampledPlans).toEqual(current.sampledPlans);
    const logAfter = await server.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(logAfter[0]?.n).toBe(logBefore[0]?.n);
    const missing = await qa.request({
      method: 'POST',
      url: `/api/cycles/${current.id}/re-audits`,
      payload: { fromCycleId: 'no-such-cycle', planRefs: ['PLN-0001'] },
    });
    expect(missing.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'fromCycleId' }] });
    expect(
      (
        await qa.request({
          method: 'POST',
          url: '/api/cycles/nope/re-audits',
          payload: { fromCycleId: earlier.id, planRefs: ['PLN-0001'] },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('schedules eligible plans into the later cycle, logged, and an assigned auditor receives them', async () => {
    const { cursor } = await health.pullAll();
    const response = await qa.request({
      method: 'POST',
      url: `/api/cycles/${current.id}/re-audits`,
      payload: { fromCycleId: earlier.id, planRefs: ['PLN-0001', 'PLN-0002'] },
    });
    expect(response.statusCode).toBe(201);
    const result = ReAuditResponseSchema.parse(response.json());
    expect(result.added).toEqual(['PLN-0001', 'PLN-0002']);
    expect(result.cycle.sampledPlans).toEqual(['PLN-0001', 'PLN-0002', 'PLN-0005', 'PLN-0006', 'PLN-0007']);
    const [entry] = await server.store.db.query<{
      actor_id: string;
      after: { reAudits: { planRef: string; fromCycleName: string }[] };
    }>("SELECT actor_id, after FROM audit_log WHERE action = 'cycle.re-audit' AND entity_id = $1", [current.id]);
    expect(entry?.actor_id).toBe('user-qa-lead');
    expect(entry?.after.reAudits.map((r) => r.planRef)).toEqual(['PLN-0001', 'PLN-0002']);
    expect(entry?.after.reAudits.map((r) => r.fromCycleName)).toEqual(['Autumn term 2025', 'Autumn term 2025']);
    // Each link names the signed-off moderation its grade came from.
    const links = await server.store.db.query<{ plan_ref: string; linked: boolean }>(
      `SELECT r.plan_ref, EXISTS (SELECT 1 FROM moderations m WHERE m.id = r.source_moderation_id
         AND m.cycle_id = r.source_cycle_id AND m.plan_ref = r.plan_ref AND m.status = 'signed-off') AS linked
       FROM re_audits r WHERE r.cycle_id = $1 ORDER BY r.plan_ref`,
      [current.id],
    );
    expect(links).toEqual([
      { plan_ref: 'PLN-0001', linked: true },
      { plan_ref: 'PLN-0002', linked: true },
    ]);

    const again = await qa.request({
      method: 'POST',
      url: `/api/cycles/${current.id}/re-audits`,
      payload: { fromCycleId: earlier.id, planRefs: ['PLN-0001'] },
    });
    expect(again.json()).toMatchObject({
      issues: [{ path: 'planRefs[0]', message: expect.stringMatching(/already in/) as string }],
    });

    const progress = await progressOf(current.id);
    expect(progress.plans[0]).toMatchObject({
      planRef: 'PLN-0001',
      status: 'unassigned',
      reAuditOf: {
        fromCycleId: earlier.id,
        fromCycleName: 'Autumn term 2025',
        grade: 2,
        gradeLabel: 'Requires improvement',
      },
    });

    await assign(current.id, [{ planRef: 'PLN-0001', auditorId: 'user-health-auditor', dueDate: '2026-07-01' }]);
    const { changes } = await health.pullAll(cursor);
    const cycles = changes.flatMap((c: Change) => (c.kind === 'cycle' && !c.deleted && c.data ? [c.data] : []));
    expect(cycles.find((c) => c.id === current.id)?.sampledPlans).toContain('PLN-0001');
    expect(changes.some((c: Change) => c.kind === 'plan' && c.id === 'PLN-0001')).toBe(true);
    expect(changes.some((c: Change) => c.kind === 'assignment' && !c.deleted && c.data?.planRef === 'PLN-0001')).toBe(
      true,
    );
  });

  it('reports the movement between the two audits, overall and per section', async () => {
    await moderate(current.id, 'PLN-0001', 'signed-off', 3, { A: 3, F: 2 });
    const response = await qa.request({ method: 'GET', url: `/api/cycles/${current.id}/movement` });
    expect(response.statusCode).toBe(200);
    const movement = CycleMovementResponseSchema.parse(response.json());
    expect(movement.summary).toEqual({ improved: 1, same: 0, declined: 0, 'not-comparable': 1 });
    const [first, second] = movement.plans;
    expect(first).toMatchObject({
      planRef: 'PLN-0001',
      fromCycleName: 'Autumn term 2025',
      afterStatus: 'signed-off',
      overall: {
        before: { value: 2, label: 'Requires improvement' },
        after: { value: 3, label: 'Good' },
        movement: 'improved',
      },
    });
    expect(first?.sections.map((s) => [s.sectionId, s.before.label, s.after.label, s.movement])).toEqual([
      ['A', 'Good', 'Good', 'same'],
      ['F', 'Inadequate', 'Requires improvement', 'improved'],
    ]);
    expect(first?.sections[1]?.title).toMatch(/^Section F/);
    expect(second).toMatchObject({
      planRef: 'PLN-0002',
      afterStatus: 'not-moderated',
      overall: { before: { label: 'Inadequate' }, after: { value: null }, movement: 'not-comparable' },
    });
    expect((await qa.request({ method: 'GET', url: '/api/cycles/nope/movement' })).statusCode).toBe(404);
  });
});

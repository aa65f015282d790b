// Moderation through sync on both engines: opening once every assigned audit is submitted,
// field-level patches and conflicts, agreeing, signing off, amending, and who sees and writes what
// (QA leads; auditors once signed off; invited parent-carer representatives, redacted; nobody else).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '#shared/protocol/sync.ts';
import { gradeAudit } from '#shared/domain/grading.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import { sectionsNeedingGrades } from '#shared/domain/moderation-patch.ts';
import { WITHHELD_TEXT, type Moderation } from '#shared/schemas/moderation.ts';
import type { Plan, PlanAttributes } from '#shared/schemas/plan.ts';
import { seedDemo } from '#server/demo/seed-demo.ts';
import { FrameworkCache } from '#server/store/frameworks.ts';
import { listModerations } from '#server/store/moderations.ts';
import { openStore } from '#server/store/store.ts';
import {
  agreeAll,
  amendModeration,
  completeResponses,
  fromBlank,
  openModeration,
  patchAudit,
  patchModeration,
  signOffModeration,
  startAudit,
  submitAudit,
} from '../setup/audits.ts';
import { AGENCY_AUDITORS, EMAIL, WHO, type Who } from '../setup/demo-people.ts';
import { loadShippedFramework } from '../fixtures/shipped-frameworks.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const framework = loadShippedFramework();
const gradedSections = sectionsNeedingGrades(framework);
const grade = framework.gradeScale.grades[1]!.value;
const firstCriterion = framework.sections[1]!.criteria[0]!.id;
const NHS_COMMENT = 'The plan quotes NHS number 943 476 5919 in Section C.';
const PLAIN_EVIDENCE = 'Section B lists needs under each area of need.';

type Change = PullResponse['changes'][number];
const moderationsIn = (changes: Change[]): Moderation[] =>
  changes.flatMap((c) => (c.kind === 'moderation' && !c.deleted && c.data ? [c.data] : []));
const idsOf = (changes: Change[], kind: Change['kind']): string[] =>
  [...new Set(changes.filter((c) => c.kind === kind && !c.deleted).map((c) => c.id))].sort();

describe.each(ENGINES)('moderation on %s', (engine) => {
  let server: TestServer;
  const clients = {} as Record<Who, TestClient>;
  let cycle: Cycle;
  let assignments: Assignment[];
  let plans: Plan[];
  let planA: string;
  let planB: string;
  const moderationId = randomUUID();
  const audits = new Map<string, string>();

  /** Starts, completes and submits this auditor's audit of the plan; the social care one carries an NHS number. */
  async function auditPlan(who: (typeof AGENCY_AUDITORS)[number], planRef: string): Promise<void> {
    const assignment = assignments.find((a) => a.planRef === planRef && a.agency === who)!;
    const plan = plans.find((p) => p.ref === planRef)!;
    const auditId = randomUUID();
    audits.set(`${who}:${planRef}`, auditId);
    const responses = completeResponses(framework, plan.attributes);
    if (who === 'social-care') {
      responses[firstCriterion] = { rating: 'met', comment: NHS_COMMENT, evidence: PLAIN_EVIDENCE };
    }
    const result = await clients[who].push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, fromBlank(responses)),
      submitAudit(auditId),
    ]);
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  }

  const pullModerations = async (who: Who): Promise<Moderation[]> =>
    moderationsIn((await clients[who].pullAll()).changes);

  beforeAll(async () => {
    server = await startTestServer(engine);
    for (const who of WHO) clients[who] = await server.signIn(EMAIL[who]);
    const qa = clients['qa-lead'];
    const cycles = (await qa.request({ method: 'GET', url: '/api/cycles' })).json<{ cycles: Cycle[] }>().cycles;
    cycle = cycles.find((c) => c.frameworkId === 'ehcp-quality')!;
    assignments = (await qa.request({ method: 'GET', url: `/api/cycles/${cycle.id}` })).json<{
      assignments: Assignment[];
    }>().assignments;
    plans = (await qa.request({ method: 'GET', url: '/api/plans' })).json<{ plans: Plan[] }>().plans;
    [planA, planB] = cycle.sampledPlans as [string, string];
  });
  afterAll(async () => {
    await server?.close();
  });

  it('opens only once every assigned audit is submitted, naming the agencies still to submit', async () => {
    await auditPlan('education', planA);
    await auditPlan('health', planA);
    const early = await clients['qa-lead'].push([openModeration(cycle.id, planA, moderationId)]);
    expect(early.results[0]).toMatchObject({ status: 'rejected', reason: 'incomplete', fields: ['social-care'] });
    await auditPlan('social-care', planA);
    const opened = await clients['qa-lead'].push([openModeration(cycle.id, planA, moderationId)]);
    expect(opened.results[0]?.status).toBe('applied');
    const [moderation] = await pullModerations('qa-lead');
    expect(moderation).toMatchObject({
      id: moderationId,
      cycleId: cycle.id,
      planRef: planA,
      frameworkId: 'ehcp-quality',
      frameworkVersion: 1,
      status: 'open',
      revision: 1,
      openedBy: 'user-qa-lead',
      sections: {},
      overall: { agreedGrade: null, rationale: '' },
      participants: { chair: { userId: 'user-qa-lead', role: 'chair', name: 'Quinn QA Lead' } },
    });
    expect(moderation!.auditRefs.map((r) => r.auditId).sort()).toEqual(
      AGENCY_AUDITORS.map((who) => audits.get(`${who}:${planA}`)).sort(),
    );
    const logged = await server.store.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE entity_kind = 'moderation' AND action = 'moderation.open'",
    );
    expect(logged[0]?.n).toBe(1);
  });

  it('answers a second open of the same plan with the moderation already open', async () => {
    const again = await clients['qa-lead'].push([openModeration(cycle.id, planA)]);
    expect(again.results[0]).toMatchObject({
      status: 'conflict',
      fields: ['moderationId'],
      serverModeration: { id: moderationId },
    });
    const duplicate = await clients['qa-lead'].push([openModeration(cycle.id, planA, moderationId)]);
    expect(duplicate.results[0]?.status).toBe('duplicate');
  });

  it('refuses every moderation mutation from anyone but a QA lead', async () => {
    for (const who of ['admin', 'education', 'sendat', 'parent-rep'] as const) {
      const result = await clients[who].push([
        openModeration(cycle.id, planA),
        patchModeration(moderationId, { strengths: { from: '', to: 'Clear outcomes.' } }),
        signOffModeration(moderationId),
        amendModeration(moderationId),
      ]);
      expect([who, result.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))]).toEqual([
        who,
        ['forbidden', 'forbidden', 'forbidden', 'forbidden'],
      ]);
    }
  });

  it('merges two devices changing different fields and reports a field changed on both as a conflict', async () => {
    const qa = clients['qa-lead'];
    const laptop = await qa.push([patchModeration(moderationId, { strengths: { from: '', to: 'Clear outcomes.' } })]);
    expect(laptop.results[0]?.status).toBe('applied');
    const tablet = await qa.push([
      patchModeration(moderationId, { areasForDevelopment: { from: '', to: 'Health advice is dated.' } }),
    ]);
    expect(tablet.results[0]?.status).toBe('applied');
    const stale = await qa.push([
      patchModeration(moderationId, {
        strengths: { from: '', to: 'Strong voice of the child.' },
        sections: { B: { rationale: { from: '', to: 'Needs are specific.' } } },
      }),
    ]);
    const result = stale.results[0]!;
    expect(result).toMatchObject({ status: 'conflict', fields: ['strengths'] });
    if (result.status !== 'conflict') return;
    expect(result.serverModeration).toMatchObject({
      strengths: 'Clear outcomes.',
      areasForDevelopment: 'Health advice is dated.',
    });
    expect(result.serverModeration?.sections.B).toBeUndefined();
  });

  it('refuses what the framework does not allow and participants who are not what they claim', async () => {
    const actionId = randomUUID();
    const result = await clients['qa-lead'].push([
      patchModeration(moderationId, { sections: { B: { agreedGrade: { from: null, to: 99 } } } }),
      patchModeration(moderationId, { sections: { ZZ: { rationale: { from: '', to: 'No such section.' } } } }),
      patchModeration(moderationId, {
        actions: {
          [actionId]: {
            from: null,
            to: {
              id: actionId,
              description: 'Update the health advice',
              ownerRole: 'Designated Clinical Officer',
              dueDate: '2026-09-01',
              criterionId: 'NOPE',
              status: 'open',
            },
          },
        },
      }),
      patchModeration(moderationId, {
        participants: {
          p1: { from: null, to: { userId: 'user-education-auditor', name: 'Not a parent rep', role: 'parent-rep' } },
        },
      }),
      patchModeration(moderationId, {
        participants: { p2: { from: null, to: { userId: 'user-nobody', name: 'Nobody', role: 'other' } } },
      }),
    ]);
    expect(result.results.map((r) => (r.status === 'rejected' ? [r.reason, r.fields] : r.status))).toEqual([
      ['invalid', ['sections.B.agreedGrade']],
      ['invalid', ['sections.ZZ']],
      ['invalid', [`actions.${actionId}`]],
      ['invalid', ['participants.p1']],
      ['invalid', ['participants.p2']],
    ]);
  });

  it('shows an uninvited parent-carer representative nothing and refuses their perspective', async () => {
    const { changes } = await clients['parent-rep'].pullAll();
    expect(idsOf(changes, 'moderation')).toEqual([]);
    expect(idsOf(changes, 'audit')).toEqual([]);
    expect(idsOf(changes, 'plan')).toEqual([]);
    const result = await clients['parent-rep'].push([
      patchModeration(moderationId, { sections: { B: { parentPerspective: { from: null, to: 'We agree.' } } } }),
    ]);
    expect(result.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
  });

  it('shows an invited parent-carer representative the moderation and its audits, redacted and pseudonymous', async () => {
    const invite = await clients['qa-lead'].push([
      patchModeration(moderationId, {
        participants: {
          rep: {
            from: null,
            to: { userId: 'user-parent-rep', name: 'Parent carer forum representative', role: 'parent-rep' },
          },
        },
        sections: { C: { rationale: { from: '', to: `Discussed: ${NHS_COMMENT}` } } },
      }),
    ]);
    expect(invite.results[0]?.status).toBe('applied');
    const { changes } = await clients['parent-rep'].pullAll();
    const [moderation] = moderationsIn(changes);
    expect(moderation).toMatchObject({
      id: moderationId,
      strengths: 'Clear outcomes.',
      openedBy: 'panel-chair',
      participants: {
        chair: { name: 'Panel member 1', role: 'chair' },
        rep: { userId: 'user-parent-rep', name: 'Parent carer forum representative', role: 'parent-rep' },
      },
    });
    expect(moderation!.participants.chair?.userId).toBeUndefined();
    expect(moderation!.sections.C?.rationale).toBe(WITHHELD_TEXT);
    const pulledAudits = changes.flatMap((c) => (c.kind === 'audit' && c.data ? [c.data] : []));
    expect(pulledAudits.map((a) => a.id).sort()).toEqual(moderation!.auditRefs.map((r) => r.auditId).sort());
    expect(pulledAudits.map((a) => [a.agency, a.auditorId]).sort()).toEqual([
      ['education', 'auditor-1'],
      ['health', 'auditor-2'],
      ['social-care', 'auditor-3'],
    ]);
    const social = pulledAudits.find((a) => a.agency === 'social-care')!;
    expect(social.responses[firstCriterion]).toEqual({
      rating: 'met',
      comment: WITHHELD_TEXT,
      evidence: PLAIN_EVIDENCE,
    });
    expect(idsOf(changes, 'user')).toEqual(['user-parent-rep']);
    expect(idsOf(changes, 'plan')).toEqual([planA]);
    expect(idsOf(changes, 'framework')).toEqual(['ehcp-quality@1']);
    const cycles = changes.flatMap((c) => (c.kind === 'cycle' && c.data ? [c.data] : []));
    expect(cycles.map((c) => [c.id, c.sampledPlans, c.samplingFrame])).toEqual([[cycle.id, [planA], undefined]]);
    // The QA lead still sees everything as written.
    const [full] = await pullModerations('qa-lead');
    expect(full!.sections.C?.rationale).toBe(`Discussed: ${NHS_COMMENT}`);
  });

  it('lets an invited parent-carer representative write perspectives and nothing else', async () => {
    const rep = clients['parent-rep'];
    const result = await rep.push([
      patchModeration(moderationId, {
        sections: { B: { parentPerspective: { from: null, to: 'We recognise this.' } } },
      }),
      patchModeration(moderationId, { overall: { parentPerspective: { from: null, to: 'A fair picture.' } } }),
      patchModeration(moderationId, { sections: { B: { rationale: { from: '', to: 'Changed.' } } } }),
      patchModeration(moderationId, {
        sections: { B: { parentPerspective: { from: 'We recognise this.', to: 'Mostly.' } } },
        strengths: { from: 'Clear outcomes.', to: 'Changed.' },
      }),
    ]);
    expect(result.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
      'applied',
      'applied',
      'forbidden',
      'forbidden',
    ]);
    const [moderation] = await pullModerations('qa-lead');
    expect(moderation!.sections.B).toEqual({
      agreedGrade: null,
      rationale: '',
      parentPerspective: 'We recognise this.',
    });
    expect(moderation!.overall.parentPerspective).toBe('A fair picture.');
  });

  it('agrees only with every grade agreed, signs off once, and never changes after', async () => {
    const qa = clients['qa-lead'];
    for (const who of [...AGENCY_AUDITORS, 'sendat', 'admin'] as const) {
      expect([who, await pullModerations(who)]).toEqual([who, []]);
    }
    const early = await qa.push([
      patchModeration(moderationId, { status: { from: 'open', to: 'agreed' } }),
      signOffModeration(moderationId),
    ]);
    expect(early.results[0]).toMatchObject({ status: 'rejected', reason: 'incomplete' });
    expect(early.results[0]?.status === 'rejected' && early.results[0].fields).toContain('overall.agreedGrade');
    expect(early.results[1]).toMatchObject({ status: 'rejected', reason: 'incomplete' });
    expect(early.results[1]?.status === 'rejected' && early.results[1].fields?.slice(0, 2)).toEqual([
      'status',
      `sections.${gradedSections[0]}.agreedGrade`,
    ]);
    const agreed = await qa.push([patchModeration(moderationId, agreeAll(gradedSections, grade))]);
    expect(agreed.results[0]?.status).toBe('applied');
    const signOff = signOffModeration(moderationId);
    const signed = await qa.push([signOffModeration(moderationId, 2), signOff]);
    expect(signed.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['invalid', 'applied']);
    const after = await qa.push([
      signOffModeration(moderationId),
      patchModeration(moderationId, { strengths: { from: 'Clear outcomes.', to: 'Later.' } }),
    ]);
    expect(after.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
      'duplicate',
      'immutable',
    ]);
    const late = await clients['parent-rep'].push([
      patchModeration(moderationId, { sections: { D: { parentPerspective: { from: null, to: 'Too late.' } } } }),
    ]);
    expect(late.results[0]).toMatchObject({ status: 'rejected', reason: 'immutable' });
    await expect(
      server.store.db.query("UPDATE moderations SET status = 'open' WHERE id = $1::uuid", [moderationId]),
    ).rejects.toThrow(/signed-off moderation never changes/);
    // Auditors of the plan now see the moderated result; others still see nothing.
    for (const who of AGENCY_AUDITORS) {
      const seen = await pullModerations(who);
      expect([who, seen.map((m) => [m.id, m.status, m.openedBy])]).toEqual([
        who,
        [[moderationId, 'signed-off', 'user-qa-lead']],
      ]);
    }
    expect(await pullModerations('sendat')).toEqual([]);
    expect(await pullModerations('admin')).toEqual([]);
  });

  it('amends a signed-off moderation as a new revision, which replaces it for auditors once signed off', async () => {
    const qa = clients['qa-lead'];
    const { cursor } = await clients.education.pullAll();
    const newId = randomUUID();
    const amended = await qa.push([
      amendModeration(moderationId, newId),
      amendModeration(moderationId),
      amendModeration(newId),
    ]);
    expect(amended.results[0]?.status).toBe('applied');
    expect(amended.results[1]).toMatchObject({
      status: 'conflict',
      fields: ['newModerationId'],
      serverModeration: { id: newId, revision: 2 },
    });
    expect(amended.results[2]).toMatchObject({ status: 'rejected', reason: 'invalid', fields: ['moderationId'] });
    const all = await pullModerations('qa-lead');
    const revision2 = all.find((m) => m.id === newId)!;
    expect(revision2).toMatchObject({
      revision: 2,
      status: 'open',
      supersedes: { moderationId, reason: 'The panel misread the health advice' },
      strengths: 'Clear outcomes.',
    });
    expect(revision2.signedOffAt).toBeUndefined();
    expect(all.find((m) => m.id === moderationId)?.status).toBe('signed-off');
    // Until it is signed off, auditors keep the signed-off revision.
    const meanwhile = await clients.education.pullAll(cursor);
    expect(meanwhile.changes.filter((c) => c.kind === 'moderation')).toEqual([]);
    const fixed = await qa.push([
      patchModeration(newId, {
        overall: { agreedGrade: { from: grade, to: grade + 1 } },
        status: { from: 'open', to: 'agreed' },
      }),
      signOffModeration(newId, 2),
    ]);
    expect(fixed.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const after = await clients.education.pullAll(meanwhile.cursor);
    const moderationChanges = after.changes.filter((c) => c.kind === 'moderation');
    expect(moderationChanges.map((c) => [c.id, c.deleted]).sort()).toEqual(
      [
        [moderationId, true],
        [newId, false],
      ].sort(),
    );
    // The parent-carer representative was on the panel of both revisions.
    expect((await pullModerations('parent-rep')).map((m) => m.revision).sort()).toEqual([1, 2]);
  });

  it('opens one moderation when two QA lead devices open the same plan at once', async () => {
    for (const who of AGENCY_AUDITORS) await auditPlan(who, planB);
    const qa = clients['qa-lead'];
    const [a, b] = await Promise.all([
      qa.push([openModeration(cycle.id, planB)]),
      qa.push([openModeration(cycle.id, planB)]),
    ]);
    expect([a.results[0]?.status, b.results[0]?.status].sort()).toEqual(['applied', 'conflict']);
    const rows = await server.store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM moderations WHERE cycle_id = $1 AND plan_ref = $2',
      [cycle.id, planB],
    );
    expect(rows[0]?.n).toBe(1);
  });
});

// The demo history goes through the same handlers, so it is checked here, on the embedded engine.
describe('seedDemo with history', () => {
  it('adds the previous term audited by three agencies and moderated, with overdue actions', async () => {
    const store = await openStore({});
    try {
      const today = new Date('2026-11-22T10:00:00Z');
      await seedDemo(store.db, today, { history: true });
      const cycles = await store.db.query<{ id: string; period_end: string }>(
        "SELECT id, doc->>'periodEnd' AS period_end FROM cycles WHERE framework_id = 'ehcp-quality' ORDER BY doc->>'periodStart'",
      );
      expect(cycles.map((c) => c.period_end)).toEqual(['2026-10-31', '2026-12-31']);
      const previous = cycles[0]!.id;
      const count = async (sql: string) =>
        (await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, [previous]))[0]?.n;
      expect(await count("audits WHERE cycle_id = $1 AND status = 'submitted'")).toBe(24);
      expect(await count("moderations WHERE cycle_id = $1 AND status = 'signed-off'")).toBe(8);
      const moderations = await listModerations(store.db, previous);
      const actions = moderations.flatMap((m) => Object.values(m.actions));
      expect(actions.some((a) => a.status !== 'done' && a.dueDate < '2026-11-22')).toBe(true);
      expect(actions.some((a) => a.status === 'done')).toBe(true);
      // The auditors do not always agree: some plan has two different overall grades among its audits.
      const framework = (await new FrameworkCache().get(store.db, 'ehcp-quality', 1))!;
      const audits = await store.db.query<{ plan_ref: string; doc: Audit; attributes: PlanAttributes }>(
        'SELECT a.plan_ref, a.doc, p.attributes FROM audits a JOIN plans p ON p.ref = a.plan_ref WHERE a.cycle_id = $1',
        [previous],
      );
      const grades = new Map<string, Set<number | null>>();
      for (const row of audits) {
        const overall = gradeAudit(framework, row.doc, row.attributes).overall.grade;
        grades.set(row.plan_ref, (grades.get(row.plan_ref) ?? new Set()).add(overall));
      }
      expect([...grades.values()].some((set) => set.size > 1)).toBe(true);
      // The current cycle is untouched: nothing is audited there yet.
      expect(await count('audits WHERE cycle_id <> $1')).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});

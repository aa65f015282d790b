// Corrections of submitted audits (audit.revise) on both engines: a new draft revision that copies
// the submitted one, which stays as it was; one open correction at a time; idempotent like every
// mutation; and who sees which revision on pull.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationResult, PullResponse } from '#shared/protocol/sync.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { completeResponses, fromBlank, patchAudit, reviseAudit, startAudit, submitAudit } from '../setup/audits.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

type Change = PullResponse['changes'][number];
const auditsIn = (changes: Change[]): Audit[] =>
  changes.flatMap((c) => (c.kind === 'audit' && !c.deleted && c.data ? [c.data] : []));
const auditIdsIn = (changes: Change[]): string[] => auditsIn(changes).map((a) => a.id);
const outcomes = (results: MutationResult[]): string[] =>
  results.map((r) => (r.status === 'rejected' ? r.reason : r.status));

type AuditorView = {
  client: TestClient;
  assignments: Assignment[];
  plans: Map<string, Plan>;
  framework: Framework;
};

async function viewAs(server: TestServer, email: string): Promise<AuditorView> {
  const client = await server.signIn(email);
  const { changes } = await client.pullAll();
  const plans = changes.flatMap((c) => (c.kind === 'plan' && c.data ? [c.data] : []));
  const assignments = changes.flatMap((c) => (c.kind === 'assignment' && c.data ? [c.data] : []));
  const frameworks = changes.flatMap((c) => (c.kind === 'framework' && c.data ? [c.data] : []));
  // Only assignments scored on the framework the complete patch is built from.
  const framework = frameworks[0]!;
  return {
    client,
    assignments: assignments.filter((a) =>
      changes.some((c) => c.kind === 'cycle' && c.id === a.cycleId && c.data?.frameworkId === framework.id),
    ),
    plans: new Map(plans.map((p) => [p.ref, p])),
    framework,
  };
}

function take(view: AuditorView, planRef?: string): Assignment {
  const i = planRef === undefined ? 0 : view.assignments.findIndex((a) => a.planRef === planRef);
  const [assignment] = view.assignments.splice(i, 1);
  if (!assignment) throw new Error('no assignment left');
  return assignment;
}

/** Starts, completes and submits an audit of the assignment; answers with its id. */
async function submitted(view: AuditorView, assignment: Assignment): Promise<string> {
  const auditId = randomUUID();
  const plan = view.plans.get(assignment.planRef)!;
  const result = await view.client.push([
    startAudit(assignment.id, auditId),
    patchAudit(auditId, fromBlank(completeResponses(view.framework, plan.attributes))),
    submitAudit(auditId),
  ]);
  expect(outcomes(result.results)).toEqual(['applied', 'applied', 'applied']);
  return auditId;
}

describe.each(ENGINES)('audit revisions on %s', (engine) => {
  let server: TestServer;
  let education: AuditorView;
  let health: AuditorView;
  let qaLead: TestClient;
  /** A plan both auditors are assigned, kept for the pull test. */
  let sharedPlan: string;

  const auditRow = async (id: string): Promise<{ status: string; revision: number; doc: Audit } | undefined> =>
    (
      await server.store.db.query<{ status: string; revision: number; doc: Audit }>(
        'SELECT status, revision, doc FROM audits WHERE id = $1',
        [id],
      )
    )[0];

  beforeAll(async () => {
    server = await startTestServer(engine);
    education = await viewAs(server, 'education.auditor@demo.example');
    health = await viewAs(server, 'health.auditor@demo.example');
    qaLead = await server.signIn('qa.lead@demo.example');
    sharedPlan = education.assignments.find((e) => health.assignments.some((h) => h.planRef === e.planRef))!.planRef;
    // The shared plan goes last, so the other tests leave it for the pull test.
    education.assignments = [
      ...education.assignments.filter((a) => a.planRef !== sharedPlan),
      ...education.assignments.filter((a) => a.planRef === sharedPlan),
    ];
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('a correction of a submitted audit', () => {
    let first: string;
    const second = randomUUID();
    let before: Audit;

    beforeAll(async () => {
      first = await submitted(education, take(education));
      before = (await auditRow(first))!.doc;
    });

    it('opens a new draft revision that copies the submitted one and says what it supersedes', async () => {
      const reason = 'B1 was rated against the wrong plan section';
      const result = await education.client.push([reviseAudit(first, second, reason)]);
      expect(outcomes(result.results)).toEqual(['applied']);

      const revision = (await auditRow(second))!;
      expect(revision.status).toBe('draft');
      expect(revision.revision).toBe(2);
      expect(revision.doc).toMatchObject({
        status: 'draft',
        revision: 2,
        cycleId: before.cycleId,
        planRef: before.planRef,
        frameworkId: before.frameworkId,
        frameworkVersion: before.frameworkVersion,
        agency: before.agency,
        auditorId: before.auditorId,
        responses: before.responses,
        sectionOverrides: before.sectionOverrides,
        supersedes: { auditId: first, revision: 1, reason },
      });
      expect(revision.doc.submittedAt).toBeUndefined();

      // The submitted revision is untouched, and the database still refuses to change it.
      expect(await auditRow(first)).toEqual({ status: 'submitted', revision: 1, doc: before });
      await expect(server.store.db.query("UPDATE audits SET status = 'draft' WHERE id = $1", [first])).rejects.toThrow(
        /submitted audit never changes/,
      );

      const [log] = await server.store.db.query<{ actor_id: string; before: unknown; after: Audit }>(
        "SELECT actor_id, before, after FROM audit_log WHERE action = 'audit.revise' AND entity_id = $1",
        [second],
      );
      expect(log).toMatchObject({
        actor_id: 'user-education-auditor',
        before: { auditId: first, revision: 1, status: 'submitted' },
        after: { id: second, revision: 2, supersedes: { auditId: first } },
      });
    });

    it('refuses a second correction of the same revision while the first is open, handing over the open one', async () => {
      const result = await education.client.push([reviseAudit(first)]);
      expect(result.results[0]).toMatchObject({
        status: 'conflict',
        fields: ['newAuditId'],
        serverRecord: { id: second, revision: 2, status: 'draft' },
      });
    });

    it('patches and submits the revision like a first submission, then keeps it', async () => {
      const someCriterion = Object.keys(before.responses)[0]!;
      const withConcern = await education.client.push([
        patchAudit(second, { concern: { from: null, to: { raised: true, note: 'Outcomes copied from last year.' } } }),
        // Take one answer away: the completeness check applies to a revision as to a first submission.
        patchAudit(second, { responses: { [someCriterion]: { from: before.responses[someCriterion]!, to: null } } }),
        submitAudit(second, 2),
      ]);
      expect(outcomes(withConcern.results)).toEqual(['applied', 'applied', 'incomplete']);

      const completed = await education.client.push([
        patchAudit(second, { responses: { [someCriterion]: { from: null, to: before.responses[someCriterion]! } } }),
        submitAudit(second, 2),
        submitAudit(second, 2),
        patchAudit(second, { concern: { from: { raised: true, note: 'Outcomes copied from last year.' }, to: null } }),
      ]);
      expect(outcomes(completed.results)).toEqual(['applied', 'applied', 'duplicate', 'immutable']);
      expect(await auditRow(second)).toMatchObject({ status: 'submitted', revision: 2 });
      await expect(server.store.db.query('DELETE FROM audits WHERE id = $1', [second])).rejects.toThrow(
        /submitted audit never changes/,
      );
      // The first revision is still as it was.
      expect((await auditRow(first))?.doc).toEqual(before);
    });

    it('revises only the latest revision: an older one gets a conflict with the newer record', async () => {
      const stale = await education.client.push([reviseAudit(first)]);
      expect(stale.results[0]).toMatchObject({ status: 'conflict', serverRecord: { id: second, revision: 2 } });
      const third = randomUUID();
      const latest = await education.client.push([reviseAudit(second, third)]);
      expect(outcomes(latest.results)).toEqual(['applied']);
      expect((await auditRow(third))?.doc).toMatchObject({ revision: 3, supersedes: { auditId: second, revision: 2 } });
    });
  });

  it('refuses to revise a draft', async () => {
    const assignment = take(education);
    const auditId = randomUUID();
    await education.client.push([startAudit(assignment.id, auditId)]);
    const result = await education.client.push([reviseAudit(auditId)]);
    expect(result.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid', fields: ['auditId'] });
    expect(result.results[0]).toHaveProperty('message', expect.stringMatching(/not submitted/));
  });

  it("refuses another auditor's or a QA lead's correction, and an unknown audit", async () => {
    const auditId = await submitted(education, take(education));
    const byHealth = await health.client.push([reviseAudit(auditId)]);
    const byQaLead = await qaLead.push([reviseAudit(auditId)]);
    const unknown = await education.client.push([reviseAudit(randomUUID())]);
    expect([...outcomes(byHealth.results), ...outcomes(byQaLead.results), ...outcomes(unknown.results)]).toEqual([
      'forbidden',
      'forbidden',
      'not-found',
    ]);
    expect(
      await server.store.db.query('SELECT id FROM audits WHERE doc @> $1::jsonb', [
        JSON.stringify({ supersedes: { auditId } }),
      ]),
    ).toEqual([]);
  });

  it('makes one revision of the same correction sent twice, or from two devices at once', async () => {
    const auditId = await submitted(education, take(education));
    const newAuditId = randomUUID();
    const revise = reviseAudit(auditId, newAuditId);
    const clientId = randomUUID();
    const once = await education.client.push([revise], clientId);
    const again = await education.client.push([revise], clientId);
    // The same correction queued again under a new mutation id, as a rebuilt outbox would.
    const resent = await education.client.push([reviseAudit(auditId, newAuditId)]);
    expect([...outcomes(once.results), ...outcomes(again.results), ...outcomes(resent.results)]).toEqual([
      'applied',
      'duplicate',
      'duplicate',
    ]);

    const other = await submitted(education, take(education));
    const racing = await Promise.all([
      education.client.push([reviseAudit(other)]),
      education.client.push([reviseAudit(other)]),
    ]);
    expect(racing.map((r) => r.results[0]?.status).sort()).toEqual(['applied', 'conflict']);

    const rows = await server.store.db.query<{ auditor_id: string; n: number; drafts: number }>(
      `SELECT auditor_id, count(*)::int AS n, count(*) FILTER (WHERE status = 'draft')::int AS drafts FROM audits
       WHERE id IN ($1, $2) OR doc->'supersedes'->>'auditId' IN ($1, $2) GROUP BY auditor_id`,
      [auditId, other],
    );
    expect(rows).toEqual([{ auditor_id: 'user-education-auditor', n: 4, drafts: 2 }]);
  });

  it('pulls both revisions to the author, and only the latest submitted one to QA leads and colleagues', async () => {
    const healthAudit = await submitted(health, take(health, sharedPlan));
    const first = await submitted(education, take(education, sharedPlan));
    const second = randomUUID();
    const qaCursor = (await qaLead.pullAll()).cursor;
    expect(outcomes((await education.client.push([reviseAudit(first, second)])).results)).toEqual(['applied']);

    // While the correction is a draft: the author sees both revisions and, having submitted once,
    // still sees the colleague's audit; QA leads and the colleague still see the first revision.
    expect(auditIdsIn((await education.client.pullAll()).changes)).toEqual(
      expect.arrayContaining([first, second, healthAudit]),
    );
    const qaDuring = auditIdsIn((await qaLead.pullAll()).changes);
    expect(qaDuring).toContain(first);
    expect(qaDuring).not.toContain(second);
    const healthDuring = auditIdsIn((await health.client.pullAll()).changes);
    expect(healthDuring).toContain(first);
    expect(healthDuring).not.toContain(second);

    expect(outcomes((await education.client.push([submitAudit(second, 2)])).results)).toEqual(['applied']);

    // Once it is submitted, the correction replaces the first revision for everyone but its author.
    expect(auditIdsIn((await education.client.pullAll()).changes)).toEqual(
      expect.arrayContaining([first, second, healthAudit]),
    );
    const qaAfter = await qaLead.pullAll(qaCursor);
    expect(auditIdsIn(qaAfter.changes)).toContain(second);
    expect(qaAfter.changes).toContainEqual({ kind: 'audit', id: first, deleted: true });
    const qaAll = auditIdsIn((await qaLead.pullAll()).changes);
    expect(qaAll).toContain(second);
    expect(qaAll).not.toContain(first);
    const healthAfter = auditIdsIn((await health.client.pullAll()).changes);
    expect(healthAfter).toContain(second);
    expect(healthAfter).not.toContain(first);
  });

  it('keeps one draft per assignment in the database, whatever the code does', async () => {
    const auditId = await submitted(education, take(education));
    await education.client.push([reviseAudit(auditId)]);
    const [row] = await server.store.db.query<{ assignment_id: string; doc: Audit }>(
      'SELECT assignment_id, doc FROM audits WHERE id = $1',
      [auditId],
    );
    await expect(
      server.store.db.query(
        `INSERT INTO audits (id, doc, status, revision, assignment_id, cycle_id, plan_ref, auditor_id)
         VALUES ($1, $2::jsonb, 'draft', 3, $3, $4, $5, 'user-education-auditor')`,
        [randomUUID(), JSON.stringify(row!.doc), row!.assignment_id, row!.doc.cycleId, row!.doc.planRef],
      ),
    ).rejects.toThrow(/audits_one_draft_per_assignment/);
  });
});

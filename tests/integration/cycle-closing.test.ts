// Closing and reopening a cycle on both engines, with the demo council's last term (audited,
// moderated, signed off) and this term (open): who may close and reopen, why an unfinished cycle
// is refused, the audit-log entries, a device refused a new audit in a closed cycle, and retention
// acting on a cycle closed through the endpoint, after which it cannot be reopened.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoHistory } from '#server/demo/seed-demo.ts';
import { assignAuditors } from '#server/services/cycle-assignments.ts';
import { createCycle } from '#server/services/cycles.ts';
import { applyRetention } from '#server/services/retention.ts';
import { claimAssignment, writeAudit } from '#server/store/audits.ts';
import { startedAudit } from '#shared/records/audit.ts';
import {
  CycleClosingResponseSchema,
  CycleDetailResponseSchema,
  CycleSummaryListResponseSchema,
} from '#shared/protocol/api.ts';
import { CLOSED_CYCLE_MODERATION_REFUSAL, CLOSED_CYCLE_REFUSAL } from '#shared/domain/cycle-closing.ts';
import { ApiErrorSchema } from '#shared/protocol/sync.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import { amendModeration, openModeration, reviseAudit, startAudit } from '../setup/audits.ts';
import { EMAIL, WHO, type Who } from '../setup/demo-people.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

describe.each(ENGINES)('closing a cycle on %s', (engine) => {
  let server: TestServer;
  const clients = {} as Record<Who, TestClient>;
  let lastTerm: Cycle;
  let thisTerm: Cycle;

  const close = (who: Who, cycleId: string) =>
    clients[who].request({ method: 'POST', url: `/api/cycles/${cycleId}/close`, payload: {} });
  const reopen = (who: Who, cycleId: string) =>
    clients[who].request({ method: 'POST', url: `/api/cycles/${cycleId}/reopen`, payload: {} });
  const closing = async (cycleId: string) =>
    CycleClosingResponseSchema.parse(
      (await clients['qa-lead'].request({ method: 'GET', url: `/api/cycles/${cycleId}/closing` })).json(),
    );
  const logged = (cycleId: string) =>
    server.store.db.query<{ actor_id: string; action: string; before: unknown; after: unknown }>(
      `SELECT actor_id, action, before, after FROM audit_log
       WHERE entity_id = $1 AND action IN ('cycle.close', 'cycle.reopen') ORDER BY id`,
      [cycleId],
    );

  beforeAll(async () => {
    server = await startTestServer(engine);
    await seedDemoHistory(server.store.db, new Date());
    for (const who of WHO) clients[who] = await server.signIn(EMAIL[who]);
    const cycles = (await clients['qa-lead'].request({ method: 'GET', url: '/api/cycles' })).json<{
      cycles: Cycle[];
    }>().cycles;
    const today = new Date().toISOString().slice(0, 10);
    lastTerm = cycles.find((c) => c.periodEnd < today)!;
    thisTerm = cycles.find((c) => c.frameworkId === 'ehcp-quality' && c.periodEnd >= today)!;
    expect([lastTerm.status, thisTerm.status]).toEqual(['open', 'open']);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets only a QA lead or an admin close, and only an admin reopen', async () => {
    for (const who of ['education', 'health', 'social-care', 'sendat', 'parent-rep'] as const) {
      const refused = await close(who, lastTerm.id);
      expect([who, refused.statusCode]).toEqual([who, 403]);
    }
    const anonymous = await server.app.inject({ method: 'POST', url: `/api/cycles/${lastTerm.id}/close` });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await close('qa-lead', 'no-such-cycle');
    expect(unknown.statusCode).toBe(404);
    expect((await closing(lastTerm.id)).status).toBe('open');
    expect(await logged(lastTerm.id)).toEqual([]);

    const closed = await close('qa-lead', lastTerm.id);
    expect(closed.statusCode).toBe(200);
    expect(CycleDetailResponseSchema.parse(closed.json()).cycle.status).toBe('closed');
    const again = await close('admin', lastTerm.id);
    expect([again.statusCode, ApiErrorSchema.parse(again.json()).message]).toEqual([
      409,
      'the cycle is already closed',
    ]);

    for (const who of ['qa-lead', 'education', 'parent-rep'] as const) {
      const refused = await reopen(who, lastTerm.id);
      expect([who, refused.statusCode]).toEqual([who, 403]);
    }
    const reopened = await reopen('admin', lastTerm.id);
    expect(reopened.statusCode).toBe(200);
    expect(CycleDetailResponseSchema.parse(reopened.json()).cycle.status).toBe('open');
    expect((await reopen('admin', lastTerm.id)).statusCode).toBe(409);

    const byAdmin = await close('admin', lastTerm.id);
    expect(byAdmin.statusCode).toBe(200);
    expect(await logged(lastTerm.id)).toEqual([
      { actor_id: 'user-qa-lead', action: 'cycle.close', before: { status: 'open' }, after: { status: 'closed' } },
      { actor_id: 'user-admin', action: 'cycle.reopen', before: { status: 'closed' }, after: { status: 'open' } },
      { actor_id: 'user-admin', action: 'cycle.close', before: { status: 'open' }, after: { status: 'closed' } },
    ]);
    // Every list of cycles says so, and so does the record devices pull.
    const summaries = CycleSummaryListResponseSchema.parse(
      (await clients['qa-lead'].request({ method: 'GET', url: '/api/cycle-summaries' })).json(),
    );
    expect(summaries.cycles.find((s) => s.cycle.id === lastTerm.id)?.cycle.status).toBe('closed');
    expect(summaries.cycles.find((s) => s.cycle.id === thisTerm.id)?.cycle.status).toBe('open');
    const { changes: pulled } = await clients.education.pullAll();
    const cycleRecord = pulled.find((c) => c.kind === 'cycle' && c.id === lastTerm.id);
    expect(cycleRecord?.data).toMatchObject({ status: 'closed' });
    // Admins can read cycles (to reopen one); other roles still cannot.
    expect((await clients.admin.request({ method: 'GET', url: `/api/cycles/${lastTerm.id}` })).statusCode).toBe(200);
    expect((await clients.education.request({ method: 'GET', url: '/api/cycles' })).statusCode).toBe(403);
  });

  it('refuses to close while a moderation is unsigned or an audit is a draft, saying which', async () => {
    const assignments = (await clients['qa-lead'].request({ method: 'GET', url: `/api/cycles/${thisTerm.id}` })).json<{
      assignments: Assignment[];
    }>().assignments;
    const mine = assignments.find((a) => a.auditorId === 'user-education-auditor')!;
    const draftId = randomUUID();
    const started = await clients.education.push([startAudit(mine.id, draftId)]);
    expect(started.results[0]?.status).toBe('applied');
    // An amendment of one of this term's plans' moderations, still open.
    await server.store.db.query(
      `INSERT INTO moderations (id, cycle_id, plan_ref, revision, status, doc) VALUES ($1::uuid, $2, $3, 1, 'open', '{}')`,
      [randomUUID(), thisTerm.id, thisTerm.sampledPlans[0]!],
    );
    const state = await closing(thisTerm.id);
    expect(state.blockers).toMatchObject({ openModerations: 1, draftAudits: expect.any(Number) as number });
    expect(state.closeRefusal).toMatch(
      /^the cycle cannot be closed yet: 1 moderation is still open and \d+ audits? (is|are) still a draft$/,
    );

    const refused = await close('qa-lead', thisTerm.id);
    expect(refused.statusCode).toBe(409);
    expect(ApiErrorSchema.parse(refused.json())).toEqual({ error: 'conflict', message: state.closeRefusal });
    expect((await closing(thisTerm.id)).status).toBe('open');
    expect(await logged(thisTerm.id)).toEqual([]);
  });

  it("refuses a device's new audit in a closed cycle, and new assignments or re-audits in it", async () => {
    // An assignment nobody started does not stop the cycle closing; the auditor cannot start it after.
    const [row] = await server.store.db.query<{ id: string }>(
      `SELECT s.id FROM assignments s WHERE s.cycle_id = $1
         AND NOT EXISTS (SELECT 1 FROM audits a WHERE a.assignment_id = s.id) LIMIT 1`,
      [lastTerm.id],
    );
    let assignmentId = row?.id;
    if (!assignmentId) {
      await reopen('admin', lastTerm.id);
      const made = await clients['qa-lead'].request({
        method: 'POST',
        url: `/api/cycles/${lastTerm.id}/assignments`,
        payload: { assignments: [{ planRef: lastTerm.sampledPlans[0], auditorId: 'user-sendat-auditor' }] },
      });
      expect(made.statusCode).toBe(201);
      assignmentId = CycleDetailResponseSchema.parse(made.json()).assignments.find(
        (a) => a.auditorId === 'user-sendat-auditor',
      )!.id;
      expect((await close('qa-lead', lastTerm.id)).statusCode).toBe(200);
    }
    const pushed = await clients.sendat.push([startAudit(assignmentId, randomUUID())]);
    expect(pushed.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(pushed.results[0]).toHaveProperty('message', expect.stringContaining('closed'));

    const assign = await clients['qa-lead'].request({
      method: 'POST',
      url: `/api/cycles/${lastTerm.id}/assignments`,
      payload: { assignments: [{ planRef: lastTerm.sampledPlans[1], auditorId: 'user-sendat-auditor' }] },
    });
    expect([assign.statusCode, ApiErrorSchema.parse(assign.json()).message]).toEqual([
      409,
      'the cycle is closed, so no auditors can be assigned to it',
    ]);
    const reAudit = await clients['qa-lead'].request({
      method: 'POST',
      url: `/api/cycles/${lastTerm.id}/re-audits`,
      payload: { fromCycleId: thisTerm.id, planRefs: [thisTerm.sampledPlans[0]] },
    });
    expect([reAudit.statusCode, ApiErrorSchema.parse(reAudit.json()).message]).toEqual([
      409,
      'the cycle is closed, so no re-audits can be scheduled into it',
    ]);
  });

  it('refuses a run of starts, a correction, and a moderation opened or amended in a closed cycle, writing nothing', async () => {
    expect((await closing(lastTerm.id)).status).toBe('closed');
    const counts = async () =>
      (
        await server.store.db.query<{ audits: number; moderations: number }>(
          `SELECT (SELECT count(*)::int FROM audits WHERE cycle_id = $1) AS audits,
             (SELECT count(*)::int FROM moderations WHERE cycle_id = $1) AS moderations`,
          [lastTerm.id],
        )
      )[0];
    const before = await counts();
    const refusal = (message: string) => ({ status: 'rejected', reason: 'forbidden', message });

    // Two starts side by side go set-based (a run): each is refused as the one-at-a-time path refuses it.
    const [unstarted] = await server.store.db.query<{ id: string; auditor_id: string }>(
      `SELECT s.id, s.auditor_id FROM assignments s WHERE s.cycle_id = $1
         AND NOT EXISTS (SELECT 1 FROM audits a WHERE a.assignment_id = s.id) LIMIT 1`,
      [lastTerm.id],
    );
    // (The test before left one: the assignment whose start it saw refused.)
    const starter = WHO.find((who) => `user-${who}-auditor` === unstarted?.auditor_id);
    expect(starter).toBeDefined();
    const run = await clients[starter!].push([startAudit(unstarted!.id), startAudit(unstarted!.id)]);
    expect(run.results).toEqual([
      expect.objectContaining(refusal(CLOSED_CYCLE_REFUSAL)),
      expect.objectContaining(refusal(CLOSED_CYCLE_REFUSAL)),
    ]);

    // A correction of a submitted audit is a new revision in the cycle: refused too.
    const [submitted] = await server.store.db.query<{ id: string; auditor_id: string }>(
      `SELECT a.id, a.auditor_id FROM audits a WHERE a.cycle_id = $1 AND a.status = 'submitted'
         AND NOT EXISTS (SELECT 1 FROM audits l WHERE l.assignment_id = a.assignment_id AND l.revision > a.revision)
       LIMIT 1`,
      [lastTerm.id],
    );
    const author = WHO.find((who) => `user-${who}-auditor` === submitted?.auditor_id);
    expect(author).toBeDefined();
    const revised = await clients[author!].push([reviseAudit(submitted!.id)]);
    expect(revised.results[0]).toMatchObject(refusal(CLOSED_CYCLE_REFUSAL));

    // The QA lead can neither open a moderation of a plan that has none nor amend a signed-off one.
    // (Every plan audited last term was moderated: any other plan will do, refused before its audits are looked at.)
    const [unmoderated] = await server.store.db.query<{ plan_ref: string }>(
      `SELECT p.ref AS plan_ref FROM plans p
       WHERE NOT EXISTS (SELECT 1 FROM moderations m WHERE m.cycle_id = $1 AND m.plan_ref = p.ref) LIMIT 1`,
      [lastTerm.id],
    );
    const [signedOff] = await server.store.db.query<{ id: string }>(
      `SELECT m.id::text AS id FROM moderations m WHERE m.cycle_id = $1 AND m.status = 'signed-off'
         AND NOT EXISTS (SELECT 1 FROM moderations l
           WHERE l.cycle_id = m.cycle_id AND l.plan_ref = m.plan_ref AND l.revision > m.revision)
       LIMIT 1`,
      [lastTerm.id],
    );
    expect(unmoderated).toBeDefined();
    expect(signedOff).toBeDefined();
    const moderated = await clients['qa-lead'].push([
      openModeration(lastTerm.id, unmoderated!.plan_ref),
      amendModeration(signedOff!.id),
    ]);
    expect(moderated.results).toEqual([
      expect.objectContaining(refusal(CLOSED_CYCLE_MODERATION_REFUSAL)),
      expect.objectContaining(refusal(CLOSED_CYCLE_MODERATION_REFUSAL)),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('makes a close wait for a push starting an audit in the cycle, then refuses it for the new draft', async () => {
    // A cycle that may close: one plan assigned, nothing started.
    const planRef = thisTerm.sampledPlans[0]!;
    const cycle = await createCycle(server.store.db, null, {
      name: 'Closing race',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      frameworkId: thisTerm.frameworkId,
      frameworkVersion: thisTerm.frameworkVersion,
      sample: { method: 'chosen', size: 1, seed: 1 },
      chosenPlans: [planRef],
    });
    const [assignment] = await assignAuditors(server.store.db, null, cycle.id, {
      assignments: [{ planRef, auditorId: 'user-education-auditor' }],
    });
    expect((await closing(cycle.id)).closeRefusal).toBeNull();

    // The push's audit.start, as its handler runs it: it reads the cycle's status, and between that
    // read and its write the close arrives. Without a lock the close would count no draft and close.
    let closed: ReturnType<typeof close> | undefined;
    let isClosedEarly = false;
    const mutation = startAudit(assignment!.id);
    const user = clients.education.session.user;
    await server.store.db.transaction(async (tx) => {
      const found = await claimAssignment(tx, ['race-client', mutation.id, user.id, mutation.name, 1], assignment!.id);
      expect(found).toMatchObject({ claimed: 1, cycle_status: 'open' });
      closed = close('qa-lead', cycle.id);
      void closed.then(() => (isClosedEarly = true));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const audit = startedAudit({
        id: randomUUID(),
        assignment: { cycleId: cycle.id, planRef, agency: assignment!.agency },
        framework: { id: cycle.frameworkId, version: cycle.frameworkVersion },
        auditorId: user.id,
        startedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      });
      await writeAudit(tx, audit, { action: 'audit.start', after: audit }, { assignmentId: assignment!.id });
    });
    // The close waited for the push's transaction, then counted its draft.
    expect(isClosedEarly).toBe(false);
    const refused = await closed!;
    expect([refused.statusCode, ApiErrorSchema.parse(refused.json()).message]).toEqual([
      409,
      'the cycle cannot be closed yet: 1 audit is still a draft',
    ]);
    expect((await closing(cycle.id)).status).toBe('open');
  });

  it('lets retention act on the cycle closed through the endpoint, and then refuses to reopen it', async () => {
    const periods = { auditsMonths: 24, moderationsMonths: 24, auditLogMonths: null };
    expect(
      (await clients.admin.request({ method: 'PUT', url: '/api/settings/retention', payload: periods })).statusCode,
    ).toBe(200);
    const count = (table: 'audits' | 'moderations', cycleId: string) =>
      server.store.db
        .query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE cycle_id = $1`, [cycleId])
        .then((rows) => rows[0]?.n ?? 0);
    const thisTermAudits = await count('audits', thisTerm.id);
    expect(await count('audits', lastTerm.id)).toBeGreaterThan(0);
    expect((await closing(lastTerm.id)).reopenRefusal).toBeNull();

    const later = new Date(Date.now() + 3 * YEAR_MS);
    const report = await server.store.db.transaction((tx) => applyRetention(tx, later, { trigger: 'command' }));
    expect(report.audits.length).toBeGreaterThan(0);
    expect(new Set(report.audits.map((a) => a.cycleId))).toEqual(new Set([lastTerm.id]));
    expect(await count('audits', lastTerm.id)).toBe(0);
    expect(await count('moderations', lastTerm.id)).toBe(0);
    expect(await count('audits', thisTerm.id)).toBe(thisTermAudits);

    const state = await closing(lastTerm.id);
    expect(state.reopenRefusal).toBe(
      'the cycle cannot be reopened: retention has already deleted some of its audits or moderations',
    );
    const refused = await reopen('admin', lastTerm.id);
    expect([refused.statusCode, ApiErrorSchema.parse(refused.json()).message]).toEqual([409, state.reopenRefusal]);
    expect((await closing(lastTerm.id)).status).toBe('closed');
  });
});

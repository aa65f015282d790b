// Retention and subject access on both engines. The demo council with last term's cycle (audited,
// moderated, signed off) closed, and this term's cycle open with a submitted audit: a dry run lists
// the closed cycle's records and changes nothing; a real run removes them (and old log entries),
// logs what it did and leaves the open cycle alone; an admin's export of one plan holds that plan's
// records and only that plan's, and nobody else may ask for it.
import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetentionCommand } from '#server/cli/retention.ts';
import { applyRetention } from '#server/services/retention.ts';
import { startJobRunner } from '#server/services/job-runner.ts';
import { retentionJob } from '#server/services/retention-job.ts';
import { seedDemoHistory } from '#server/demo/seed-demo.ts';
import { RetentionReportSchema, SubjectAccessManifestSchema } from '#shared/protocol/data-protection-api.ts';
import { ApiErrorSchema } from '#shared/protocol/sync.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { completeResponses, fromBlank, patchAudit, startAudit, submitAudit } from '../setup/audits.ts';
import { EMAIL, WHO, type Who } from '../setup/demo-people.ts';
import { loadShippedFramework } from '../fixtures/shipped-frameworks.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const framework = loadShippedFramework();
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const PERIODS = { auditsMonths: 24, moderationsMonths: 24, auditLogMonths: 24 };

type Counts = Record<'audits' | 'moderations' | 'participants' | 'links' | 'reAudits' | 'log', number>;

describe.each(ENGINES)('data protection on %s', (engine) => {
  let server: TestServer;
  const clients = {} as Record<Who, TestClient>;
  let closedCycle: Cycle;
  let openCycle: Cycle;
  let openAuditId: string;
  let reAuditSource: string;

  const count = async (): Promise<Counts> => {
    const [row] = await server.store.db.query<Counts>(
      `SELECT (SELECT count(*)::int FROM audits) AS audits, (SELECT count(*)::int FROM moderations) AS moderations,
         (SELECT count(*)::int FROM moderation_participants) AS participants,
         (SELECT count(*)::int FROM moderation_audits) AS links, (SELECT count(*)::int FROM re_audits) AS "reAudits",
         (SELECT count(*)::int FROM audit_log WHERE action NOT LIKE 'session.%') AS log`,
    );
    return row!;
  };
  const byCycle = (table: 'audits' | 'moderations', cycleId: string) =>
    server.store.db
      .query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE cycle_id = $1`, [cycleId])
      .then((rows) => rows[0]?.n ?? 0);

  beforeAll(async () => {
    server = await startTestServer(engine);
    await seedDemoHistory(server.store.db, new Date());
    for (const who of WHO) clients[who] = await server.signIn(EMAIL[who]);
    const qa = clients['qa-lead'];
    const cycles = (await qa.request({ method: 'GET', url: '/api/cycles' })).json<{ cycles: Cycle[] }>().cycles;
    const today = new Date().toISOString().slice(0, 10);
    closedCycle = cycles.find((c) => c.periodEnd < today)!;
    openCycle = cycles.find((c) => c.frameworkId === 'ehcp-quality' && c.periodEnd >= today)!;
    // Last term's cycle is over and signed off: the QA lead closes it.
    const closed = await qa.request({ method: 'POST', url: `/api/cycles/${closedCycle.id}/close`, payload: {} });
    expect(closed.statusCode).toBe(200);
    // This term: one submitted audit in the open cycle.
    const assignments = (await qa.request({ method: 'GET', url: `/api/cycles/${openCycle.id}` })).json<{
      assignments: Assignment[];
    }>().assignments;
    const plans = (await qa.request({ method: 'GET', url: '/api/plans' })).json<{ plans: Plan[] }>().plans;
    const assignment = assignments.find((a) => a.agency === 'education')!;
    const plan = plans.find((p) => p.ref === assignment.planRef)!;
    openAuditId = randomUUID();
    const pushed = await clients.education.push([
      startAudit(assignment.id, openAuditId),
      patchAudit(openAuditId, fromBlank(completeResponses(framework, plan.attributes))),
      submitAudit(openAuditId),
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    // A re-audit in the open cycle of a plan moderated last term points at that moderation.
    const [source] = await server.store.db.query<{ id: string; plan_ref: string }>(
      `SELECT id::text AS id, plan_ref FROM moderations WHERE cycle_id = $1 ORDER BY plan_ref LIMIT 1`,
      [closedCycle.id],
    );
    reAuditSource = source!.id;
    await server.store.db.query(
      `INSERT INTO re_audits (cycle_id, plan_ref, source_cycle_id, source_moderation_id, source_grade)
       VALUES ($1, $2, $3, $4::uuid, 3)`,
      [openCycle.id, source!.plan_ref, closedCycle.id, source!.id],
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('subject access', () => {
    it("exports one plan's plan, audits, moderations, actions and log entries, and nothing of any other plan", async () => {
      const [withActions] = await server.store.db.query<{ plan_ref: string }>(
        `SELECT plan_ref FROM moderations WHERE cycle_id = $1 AND doc->'actions' <> '{}'::jsonb ORDER BY plan_ref LIMIT 1`,
        [closedCycle.id],
      );
      const planRef = withActions!.plan_ref;
      const response = await clients.admin.request({ method: 'GET', url: `/api/subject-access/${planRef}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/zip');
      expect(response.headers['content-disposition']).toContain(`subject-access-${planRef}-`);
      const files = unzipSync(new Uint8Array(response.rawPayload));
      const json = (name: string): unknown => JSON.parse(strFromU8(files[name]!));
      const manifest = SubjectAccessManifestSchema.parse(json('manifest.json'));
      expect(Object.keys(files).sort()).toEqual([...manifest.files].sort());
      expect(manifest.files).toEqual(
        expect.arrayContaining([
          'plan.json',
          'audits.json',
          'audits.csv',
          'moderations.json',
          'actions.csv',
          'audit-log.csv',
        ]),
      );
      expect(json('plan.json')).toMatchObject({ ref: planRef });

      const audits = json('audits.json') as { id: string; planRef: string }[];
      const expectedAudits = await server.store.db.query<{ id: string }>(
        'SELECT id FROM audits WHERE plan_ref = $1 ORDER BY id',
        [planRef],
      );
      expect(audits.map((a) => a.id).sort()).toEqual(expectedAudits.map((a) => a.id));
      expect(audits.length).toBeGreaterThanOrEqual(3);
      expect(new Set(audits.map((a) => a.planRef))).toEqual(new Set([planRef]));
      const moderations = json('moderations.json') as { id: string; planRef: string }[];
      expect(moderations.length).toBeGreaterThanOrEqual(1);
      expect(new Set(moderations.map((m) => m.planRef))).toEqual(new Set([planRef]));
      const actions = json('actions.json') as { moderationId: string; description: string }[];
      expect(actions.length).toBe(manifest.counts.actions);
      expect(actions.length).toBeGreaterThan(0);
      expect(strFromU8(files['actions.csv']!)).toContain(actions[0]!.description.slice(0, 30));

      // Every log entry is about this plan or one of its records; each audit's start is among them.
      const ownIds = new Set([planRef, ...audits.map((a) => a.id), ...moderations.map((m) => m.id)]);
      const assignments = json('assignments.json') as { id: string }[];
      for (const a of assignments) ownIds.add(a.id);
      const log = json('audit-log.json') as { entityId: string; action: string }[];
      expect(log.length).toBe(manifest.counts.auditLogEntries);
      expect(log.filter((l) => !ownIds.has(l.entityId))).toEqual([]);
      expect(log.filter((l) => l.action === 'audit.start').length).toBe(audits.length);
      const otherRefs = await server.store.db.query<{ ref: string }>('SELECT ref FROM plans WHERE ref <> $1', [
        planRef,
      ]);
      const everything = Object.values(files)
        .map((bytes) => strFromU8(bytes))
        .join('\n');
      expect(otherRefs.filter((p) => everything.includes(`"${p.ref}"`)).map((p) => p.ref)).toEqual([]);

      const logged = await server.store.db.query<{ actor_id: string }>(
        "SELECT actor_id FROM audit_log WHERE action = 'subject-access.export' AND entity_id = $1",
        [planRef],
      );
      expect(logged).toEqual([{ actor_id: 'user-admin' }]);
    });

    it('refuses everyone but an admin, and says why an unknown reference has nothing', async () => {
      const planRef = closedCycle.sampledPlans[0]!;
      for (const who of WHO.filter((w) => w !== 'admin')) {
        const refused = await clients[who].request({ method: 'GET', url: `/api/subject-access/${planRef}` });
        expect([who, refused.statusCode]).toEqual([who, 403]);
      }
      const anonymous = await server.app.inject({ method: 'GET', url: `/api/subject-access/${planRef}` });
      expect(anonymous.statusCode).toBe(401);
      const unknown = await clients.admin.request({ method: 'GET', url: '/api/subject-access/NO-SUCH-PLAN' });
      expect(unknown.statusCode).toBe(404);
      expect(ApiErrorSchema.parse(unknown.json())).toMatchObject({
        error: 'not-found',
        message: expect.stringContaining('NO-SUCH-PLAN') as string,
      });
      const malformed = await clients.admin.request({ method: 'GET', url: '/api/subject-access/x' });
      expect(malformed.statusCode).toBe(400);
    });
  });

  describe('retention', () => {
    it('keeps everything until an admin sets periods, and only an admin may', async () => {
      const get = await clients.admin.request({ method: 'GET', url: '/api/settings/retention' });
      expect(get.json()).toEqual({ auditsMonths: null, moderationsMonths: null, auditLogMonths: null });
      const preview = await clients.admin.request({ method: 'GET', url: '/api/retention/preview' });
      const report = RetentionReportSchema.parse(preview.json());
      expect([report.audits, report.moderations, report.auditLog.entries]).toEqual([[], [], 0]);
      for (const who of WHO.filter((w) => w !== 'admin')) {
        const put = await clients[who].request({ method: 'PUT', url: '/api/settings/retention', payload: PERIODS });
        expect([who, put.statusCode]).toEqual([who, 403]);
      }
      const tooShort = await clients.admin.request({
        method: 'PUT',
        url: '/api/settings/retention',
        payload: { ...PERIODS, auditsMonths: 1 },
      });
      expect(tooShort.statusCode).toBe(400);
      const saved = await clients.admin.request({ method: 'PUT', url: '/api/settings/retention', payload: PERIODS });
      expect([saved.statusCode, saved.json()]).toEqual([200, PERIODS]);
      const logged = await server.store.db.query<{ after: unknown }>(
        "SELECT after FROM audit_log WHERE action = 'settings.update' AND entity_id = 'retention'",
      );
      expect(logged).toEqual([{ after: PERIODS }]);
      // The council settings that sync to devices are not touched.
      const council = await clients.education.request({ method: 'GET', url: '/api/settings' });
      expect(Object.keys(council.json<object>())).not.toContain('auditsMonths');
    });

    it('lists in a dry run what is past its period in the closed cycle, and changes nothing', async () => {
      const before = await count();
      // Three years on, last term's cycle ended more than 24 months ago; today's log entries are old too.
      const later = new Date(Date.now() + 3 * YEAR_MS);
      const command = await runRetentionCommand(
        [],
        {},
        () => Promise.resolve({ ...server.store, close: async () => {} }),
        later,
      );
      expect(command.code).toBe(0);
      expect(command.output).toContain('Dry run: nothing has been changed.');
      const closedAudits = await byCycle('audits', closedCycle.id);
      const closedModerations = await byCycle('moderations', closedCycle.id);
      expect(closedAudits).toBe(24);
      expect(command.output).toContain(`would remove ${closedAudits} audit(s), ${closedModerations - 1} moderation(s)`);
      expect(command.output).toContain(`kept: moderation ${reAuditSource}`);
      expect(command.output).not.toContain(openAuditId);

      // The server's clock moves on too (its sessions expire with it: sign in again).
      server.clock.advance(3 * YEAR_MS);
      for (const who of ['admin', 'qa-lead'] as const) clients[who] = await server.signIn(EMAIL[who]);
      const preview = RetentionReportSchema.parse(
        (await clients.admin.request({ method: 'GET', url: '/api/retention/preview' })).json(),
      );
      expect(preview.isDryRun).toBe(true);
      expect(preview.audits).toHaveLength(closedAudits);
      expect(new Set(preview.audits.map((a) => a.cycleId))).toEqual(new Set([closedCycle.id]));
      expect(preview.moderations.map((m) => m.id)).not.toContain(reAuditSource);
      expect(preview.keptForOpenReAudits).toEqual([reAuditSource]);
      expect(preview.moderations.reduce((n, m) => n + m.actions, 0)).toBeGreaterThan(0);
      expect(preview.auditLog.entries).toBeGreaterThan(0);
      expect(await count()).toEqual(before);
    });

    it('removes them for real, logs the run, tells devices, and leaves the open cycle alone', async () => {
      const later = new Date(Date.now() + 3 * YEAR_MS);
      const qaBefore = await clients['qa-lead'].pullAll();
      const openBefore = {
        audits: await byCycle('audits', openCycle.id),
        log: await server.store.db.query<{ id: number }>(
          'SELECT id::int AS id FROM audit_log WHERE entity_id = $1 ORDER BY id',
          [openAuditId],
        ),
      };
      expect(openBefore.log.length).toBe(3);
      // The daily job's path: the job runner, its transaction and lock, as the server runs it.
      const runner = startJobRunner(server.store.db, [retentionJob], { now: () => later });
      const [outcome] = await runner.runDue();
      await runner.stop();
      expect(outcome?.status).toBe('ran');
      const summary = outcome?.status === 'ran' ? outcome.result : '';
      expect(summary).toMatch(
        /^retention removed 24 audit\(s\), 7 moderation\(s\) with \d+ action\(s\), \d+ audit-log entries$/,
      );

      expect(await byCycle('audits', closedCycle.id)).toBe(0);
      expect(await byCycle('moderations', closedCycle.id)).toBe(1);
      const after = await count();
      expect(after.participants).toBe(
        (
          await server.store.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM moderation_participants WHERE moderation_id = $1::uuid',
            [reAuditSource],
          )
        )[0]!.n,
      );
      expect(after.links).toBe(0);
      expect(after.reAudits).toBe(1);
      // The open cycle's audit and its log entries are untouched.
      expect(await byCycle('audits', openCycle.id)).toBe(openBefore.audits);
      const [openAudit] = await server.store.db.query<{ status: string }>('SELECT status FROM audits WHERE id = $1', [
        openAuditId,
      ]);
      expect(openAudit?.status).toBe('submitted');
      expect(
        await server.store.db.query<{ id: number }>(
          'SELECT id::int AS id FROM audit_log WHERE entity_id = $1 ORDER BY id',
          [openAuditId],
        ),
      ).toEqual(openBefore.log);

      // The run is in the log, with what it removed, and is all that remains of the old log but the open cycle's.
      const runs = await server.store.db.query<{
        actor_id: string | null;
        after: { audits: { id: string }[]; trigger: string };
      }>("SELECT actor_id, after FROM audit_log WHERE action = 'retention.apply'");
      expect(runs).toHaveLength(1);
      expect(runs[0]?.actor_id).toBeNull();
      expect(runs[0]?.after.audits).toHaveLength(24);
      expect(runs[0]?.after.trigger).toBe('schedule');
      expect(
        await server.store.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM audit_log WHERE entity_id IN (SELECT id FROM audits WHERE cycle_id = $1)',
          [closedCycle.id],
        ),
      ).toEqual([{ n: 0 }]);

      // A QA lead's device hears that last term's audits are gone.
      const qaAfter = await clients['qa-lead'].pullAll(qaBefore.cursor);
      const gone = qaAfter.changes.filter((c) => c.kind === 'audit' && c.deleted).map((c) => c.id);
      expect(gone.sort()).toEqual(runs[0]!.after.audits.map((a) => a.id).sort());

      // A second run finds no more audits or moderations to remove.
      const again = await server.store.db.transaction((tx) => applyRetention(tx, later, { trigger: 'schedule' }));
      expect([again.audits, again.moderations]).toEqual([[], []]);
    });

    it('still refuses any change to a submitted audit or the log outside a retention run, and any update inside one', async () => {
      const change = (sql: string, params: string[] = []) =>
        server.store.db.transaction(async (tx) => {
          await tx.query(sql, params);
        });
      await expect(change('DELETE FROM audits WHERE id = $1', [openAuditId])).rejects.toThrow(
        /a submitted audit never changes/,
      );
      await expect(change('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      await expect(
        server.store.db.transaction(async (tx) => {
          await tx.query("SELECT set_config('app.retention', 'on', true)");
          await tx.query('UPDATE audits SET doc = doc WHERE id = $1', [openAuditId]);
        }),
      ).rejects.toThrow(/a submitted audit never changes/);
      await expect(
        server.store.db.transaction(async (tx) => {
          await tx.query("SELECT set_config('app.retention', 'on', true)");
          await tx.query('UPDATE audit_log SET before = NULL');
        }),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('privacy notice', () => {
    it('is readable without signing in, a template until an admin completes it', async () => {
      const template = await server.app.inject({ method: 'GET', url: '/api/privacy-notice' });
      expect(template.statusCode).toBe(200);
      expect(template.json()).toMatchObject({ isCompleted: false, updatedAt: null });
      const notice = {
        ...template.json<{ notice: Record<string, string> }>().notice,
        controllerName: 'Riverside Council',
      };
      const refused = await clients['qa-lead'].request({
        method: 'PUT',
        url: '/api/settings/privacy-notice',
        payload: notice,
      });
      expect(refused.statusCode).toBe(403);
      const empty = await clients.admin.request({
        method: 'PUT',
        url: '/api/settings/privacy-notice',
        payload: { ...notice, dpoContact: ' ' },
      });
      expect(empty.statusCode).toBe(400);
      const saved = await clients.admin.request({
        method: 'PUT',
        url: '/api/settings/privacy-notice',
        payload: notice,
      });
      expect(saved.statusCode).toBe(200);
      const read = await server.app.inject({ method: 'GET', url: '/api/privacy-notice' });
      expect(read.json()).toMatchObject({ isCompleted: true, notice: { controllerName: 'Riverside Council' } });
    });
  });
});

// The council's settings on both engines: everyone reads them, only admins change them (checked,
// logged, synced to every device), and showing auditors' names to parent-carer representatives
// changes what those representatives' devices hold on their next pull.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, type PullResponse } from '#shared/protocol/sync.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { DEFAULT_COUNCIL_SETTINGS, type CouncilSettings } from '#shared/schemas/settings.ts';
import {
  completeResponses,
  fromBlank,
  openModeration,
  patchAudit,
  patchModeration,
  startAudit,
  submitAudit,
} from '../setup/audits.ts';
import { AGENCY_AUDITORS, EMAIL, WHO, type Who } from '../setup/demo-people.ts';
import { loadShippedFramework } from '../fixtures/shipped-frameworks.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const framework = loadShippedFramework();

type Change = PullResponse['changes'][number];
const live = (changes: Change[], kind: Change['kind']): string[] =>
  changes
    .filter((c) => c.kind === kind && !c.deleted)
    .map((c) => c.id)
    .sort();

describe.each(ENGINES)('council settings on %s', (engine) => {
  let server: TestServer;
  const clients = {} as Record<Who, TestClient>;
  const put = (who: Who, payload: unknown, omitCsrf = false) =>
    clients[who].request({ method: 'PUT', url: '/api/settings', payload, omitCsrf });
  const settings: CouncilSettings = {
    councilName: 'Riverside Council',
    showAuditorNamesToParentReps: false,
    smallNumberThreshold: 3,
    logoDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
  };

  beforeAll(async () => {
    server = await startTestServer(engine);
    for (const who of WHO) clients[who] = await server.signIn(EMAIL[who]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers everyone signed in with the defaults until an admin sets them', async () => {
    for (const who of WHO) {
      const response = await clients[who].request({ method: 'GET', url: '/api/settings' });
      expect([who, response.statusCode, response.json()]).toEqual([who, 200, DEFAULT_COUNCIL_SETTINGS]);
    }
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/settings' });
    expect(anonymous.statusCode).toBe(401);
    const { changes } = await clients.education.pullAll();
    expect(changes.filter((c) => c.kind === 'settings')).toEqual([
      { kind: 'settings', id: 'council', deleted: false, data: DEFAULT_COUNCIL_SETTINGS },
    ]);
  });

  it('lets only an admin change them, with the CSRF token and a valid body', async () => {
    for (const who of WHO.filter((w) => w !== 'admin')) {
      expect([who, (await put(who, settings)).statusCode]).toEqual([who, 403]);
    }
    const noCsrf = await put('admin', settings, true);
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ error: 'csrf-failed' });
    const bad = await put('admin', { ...settings, councilName: '', smallNumberThreshold: 0, extra: true });
    expect(bad.statusCode).toBe(400);
    const problem = ApiErrorSchema.parse(bad.json());
    expect(problem.error).toBe('validation-failed');
    expect(problem.issues?.map((i) => i.path).sort()).toEqual(['(top level)', 'councilName', 'smallNumberThreshold']);
    const badLogo = await put('admin', { ...settings, logoDataUrl: 'data:image/gif;base64,R0lGOD' });
    expect(badLogo.statusCode).toBe(400);
    expect((await clients.admin.request({ method: 'GET', url: '/api/settings' })).json()).toEqual(
      DEFAULT_COUNCIL_SETTINGS,
    );
  });

  it('stores, logs and syncs a change to every device', async () => {
    const before = await clients.health.pullAll();
    const saved = await put('admin', settings);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual(settings);
    expect((await clients.sendat.request({ method: 'GET', url: '/api/settings' })).json()).toEqual(settings);
    const after = await clients.health.pullAll(before.cursor);
    expect(after.changes).toEqual([{ kind: 'settings', id: 'council', deleted: false, data: settings }]);
    const log = await server.store.db.query<{ actor_id: string; after: unknown }>(
      "SELECT actor_id, after FROM audit_log WHERE action = 'settings.update'",
    );
    expect(log).toEqual([{ actor_id: 'user-admin', after: settings }]);
  });

  it("re-sends parent-carer representatives' audits and moderations when auditors' names are shown or hidden", async () => {
    const qa = clients['qa-lead'];
    const cycle = (await qa.request({ method: 'GET', url: '/api/cycles' }))
      .json<{ cycles: Cycle[] }>()
      .cycles.find((c) => c.frameworkId === 'ehcp-quality')!;
    const assignments = (await qa.request({ method: 'GET', url: `/api/cycles/${cycle.id}` })).json<{
      assignments: Assignment[];
    }>().assignments;
    const plans = (await qa.request({ method: 'GET', url: '/api/plans' })).json<{ plans: Plan[] }>().plans;
    const planRef = cycle.sampledPlans[0]!;
    const plan = plans.find((p) => p.ref === planRef)!;
    for (const who of AGENCY_AUDITORS) {
      const assignment = assignments.find((a) => a.planRef === planRef && a.agency === who)!;
      const auditId = randomUUID();
      const done = await clients[who].push([
        startAudit(assignment.id, auditId),
        patchAudit(auditId, fromBlank(completeResponses(framework, plan.attributes))),
        submitAudit(auditId),
      ]);
      expect(done.results.every((r) => r.status === 'applied')).toBe(true);
    }
    const moderationId = randomUUID();
    const opened = await qa.push([
      openModeration(cycle.id, planRef, moderationId),
      patchModeration(moderationId, {
        participants: {
          rep: { from: null, to: { userId: 'user-parent-rep', name: 'Forum representative', role: 'parent-rep' } },
        },
      }),
    ]);
    expect(opened.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const rep = clients['parent-rep'];
    const hidden = await rep.pullAll();
    const auditorIds = (changes: Change[]) =>
      changes.flatMap((c) => (c.kind === 'audit' && c.data ? [c.data.auditorId] : [])).sort();
    expect(auditorIds(hidden.changes)).toEqual(['auditor-1', 'auditor-2', 'auditor-3']);
    expect(live(hidden.changes, 'user')).toEqual(['user-parent-rep']);

    expect((await put('admin', { ...settings, showAuditorNamesToParentReps: true })).statusCode).toBe(200);
    const shown = await rep.pullAll(hidden.cursor);
    expect(auditorIds(shown.changes)).toEqual([
      'user-education-auditor',
      'user-health-auditor',
      'user-social-care-auditor',
    ]);
    expect(live(shown.changes, 'user')).toEqual([
      'user-education-auditor',
      'user-health-auditor',
      'user-qa-lead',
      'user-social-care-auditor',
    ]);
    const moderation = shown.changes.find((c) => c.kind === 'moderation');
    expect(moderation?.kind === 'moderation' && moderation.data?.participants.chair).toEqual({
      userId: 'user-qa-lead',
      name: 'Quinn QA Lead',
      role: 'chair',
    });

    expect((await put('admin', settings)).statusCode).toBe(200);
    const hiddenAgain = await rep.pullAll(shown.cursor);
    expect(auditorIds(hiddenAgain.changes)).toEqual(['auditor-1', 'auditor-2', 'auditor-3']);
    expect(
      hiddenAgain.changes
        .filter((c) => c.kind === 'user' && c.deleted)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['user-education-auditor', 'user-health-auditor', 'user-qa-lead', 'user-social-care-auditor']);
  });
});

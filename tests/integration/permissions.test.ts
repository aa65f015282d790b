// The permission matrix: every role and agency against every endpoint (allowed or refused), every
// kind of record a pull can carry (seen or not), and every mutation (applied or refused).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY_NOTICE, DEFAULT_RETENTION_SETTINGS } from '#shared/schemas/data-protection.ts';
import type { PullResponse } from '#shared/protocol/sync.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { completeResponses, fromBlank, patchAudit, reviseAudit, startAudit, submitAudit } from '../setup/audits.ts';
import { EMAIL, WHO, type Who } from '../setup/demo-people.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const USER_ID: Record<Who, string> = {
  admin: 'user-admin',
  'qa-lead': 'user-qa-lead',
  education: 'user-education-auditor',
  health: 'user-health-auditor',
  'social-care': 'user-social-care-auditor',
  sendat: 'user-sendat-auditor',
  'parent-rep': 'user-parent-rep',
};
const AUDITORS = ['education', 'health', 'social-care', 'sendat'] as const;

type Change = PullResponse['changes'][number];
const idsOf = (changes: Change[], kind: Change['kind']): string[] =>
  changes
    .filter((c) => c.kind === kind && !c.deleted)
    .map((c) => c.id)
    .sort();

const frameworkFile = JSON.parse(readFileSync('audit-frameworks/ehcp-quality-audit.json', 'utf8')) as Framework;

describe.each(ENGINES)('permissions on %s', (engine) => {
  let server: TestServer;
  const clients = {} as Record<Who, TestClient>;
  let planAudit: Cycle;
  let reviews: Cycle;
  let assignments: Assignment[];
  let plans: Plan[];
  /** Audit ids by who and plan. */
  const audits = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer(engine);
    for (const who of WHO) clients[who] = await server.signIn(EMAIL[who]);
    const qa = clients['qa-lead'];
    const cycles = (await qa.request({ method: 'GET', url: '/api/cycles' })).json<{ cycles: Cycle[] }>().cycles;
    planAudit = cycles.find((c) => c.frameworkId === 'ehcp-quality')!;
    reviews = cycles.find((c) => c.frameworkId === 'annual-review-visit')!;
    assignments = [
      ...(await qa.request({ method: 'GET', url: `/api/cycles/${planAudit.id}` })).json<{ assignments: Assignment[] }>()
        .assignments,
      ...(await qa.request({ method: 'GET', url: `/api/cycles/${reviews.id}` })).json<{ assignments: Assignment[] }>()
        .assignments,
    ];
    plans = (await qa.request({ method: 'GET', url: '/api/plans' })).json<{ plans: Plan[] }>().plans;

    // Plan 1: education and social care submit, health keeps a draft.
    // Plan 2: health submits; education has not started.
    const [p1, p2] = planAudit.sampledPlans;
    const framework = { ...frameworkFile };
    const act = async (who: Who, planRef: string, submit: boolean) => {
      const assignment = assignments.find((a) => a.planRef === planRef && a.auditorId === USER_ID[who])!;
      const plan = plans.find((p) => p.ref === planRef)!;
      const auditId = randomUUID();
      audits.set(`${who}:${planRef}`, auditId);
      const result = await clients[who].push([
        startAudit(assignment.id, auditId),
        patchAudit(auditId, fromBlank(completeResponses(framework, plan.attributes))),
        ...(submit ? [submitAudit(auditId)] : []),
      ]);
      expect(result.results.every((r) => r.status === 'applied')).toBe(true);
    };
    await act('education', p1!, true);
    await act('social-care', p1!, true);
    await act('health', p1!, false);
    await act('health', p2!, true);
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('endpoints', () => {
    type Call = {
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      url: string;
      payload?: unknown;
      headers?: Record<string, string>;
    };
    const newFramework = (who: Who): unknown => ({ ...frameworkFile, id: `perm-${who}`, version: 1, status: 'draft' });
    const ENDPOINTS: { name: string; call: (who: Who) => Call; allowed: readonly Who[]; status: number }[] = [
      { name: 'GET /api/session', call: () => ({ method: 'GET', url: '/api/session' }), allowed: WHO, status: 200 },
      {
        name: 'GET /api/sync/pull',
        call: () => ({ method: 'GET', url: '/api/sync/pull', headers: { 'x-sync-protocol': '1' } }),
        allowed: WHO,
        status: 200,
      },
      {
        name: 'POST /api/sync/push',
        call: () => ({
          method: 'POST',
          url: '/api/sync/push',
          payload: { protocolVersion: 1, clientId: randomUUID(), mutations: [submitAudit(randomUUID())] },
        }),
        allowed: WHO,
        status: 200,
      },
      {
        name: 'GET /api/users',
        call: () => ({ method: 'GET', url: '/api/users' }),
        allowed: ['admin', 'qa-lead'],
        status: 200,
      },
      {
        name: 'POST /api/users',
        call: (who) => ({
          method: 'POST',
          url: '/api/users',
          payload: {
            name: 'New Person',
            email: `new.${who}.${engine}@demo.example`,
            roles: ['parent-rep'],
            password: 'correct horse battery',
          },
        }),
        // QA leads may add parent-carer representatives (and no other role: see people.test.ts).
        allowed: ['admin', 'qa-lead'],
        status: 201,
      },
      {
        name: 'GET /api/users/:id',
        call: () => ({ method: 'GET', url: '/api/users/user-parent-rep' }),
        allowed: ['admin', 'qa-lead'],
        status: 200,
      },
      {
        name: 'POST /api/users/:id/password-link',
        call: () => ({ method: 'POST', url: '/api/users/user-parent-rep/password-link' }),
        allowed: ['admin'],
        status: 201,
      },
      {
        name: 'PUT /api/session/password',
        call: () => ({
          method: 'PUT',
          url: '/api/session/password',
          payload: { currentPassword: 'wrong password', newPassword: 'correct horse battery' },
        }),
        // Anyone may change their own password; a wrong current password is refused (passwords.test.ts).
        allowed: WHO,
        status: 400,
      },
      {
        name: 'PATCH /api/users/:id',
        call: () => ({ method: 'PATCH', url: '/api/users/user-parent-rep', payload: { name: 'Pat Parent Rep' } }),
        allowed: ['admin'],
        status: 200,
      },
      {
        name: 'GET /api/audit-log',
        call: () => ({ method: 'GET', url: '/api/audit-log' }),
        allowed: ['admin', 'qa-lead'],
        status: 200,
      },
      {
        name: 'GET /api/audit-log (filtered, newest first)',
        call: () => ({ method: 'GET', url: '/api/audit-log?actor=user-admin&action=user.update&limit=50' }),
        allowed: ['admin', 'qa-lead'],
        status: 200,
      },
      {
        name: 'GET /api/audit-log.csv',
        call: () => ({ method: 'GET', url: '/api/audit-log.csv?entityKind=user' }),
        allowed: ['admin', 'qa-lead'],
        status: 200,
      },
      {
        name: 'GET /api/frameworks',
        call: () => ({ method: 'GET', url: '/api/frameworks' }),
        allowed: WHO,
        status: 200,
      },
      {
        name: 'GET /api/frameworks/:id/:version',
        call: () => ({ method: 'GET', url: '/api/frameworks/ehcp-quality/1' }),
        allowed: WHO,
        status: 200,
      },
      {
        name: 'POST /api/frameworks',
        call: (who) => ({ method: 'POST', url: '/api/frameworks', payload: newFramework(who) }),
        allowed: ['admin', 'qa-lead'],
        status: 201,
      },
      {
        name: 'POST /api/frameworks/:id/:version/publish',
        call: (who) => ({ method: 'POST', url: `/api/frameworks/perm-${who}/1/publish` }),
        allowed: ['admin', 'qa-lead'],
        status: 200,
      },
      { name: 'GET /api/plans', call: () => ({ method: 'GET', url: '/api/plans' }), allowed: ['qa-lead'], status: 200 },
      {
        name: 'POST /api/plans/import',
        call: () => ({
          method: 'POST',
          url: '/api/plans/import',
          payload:
            'ref,keyStage,yearGroup,primaryNeed,settingType,planType,lookedAfter\nPERM-1,ks2,4,ASD,mainstream,new,no\n',
          headers: { 'content-type': 'text/csv' },
        }),
        allowed: ['qa-lead'],
        status: 200,
      },
      {
        name: 'GET /api/cycles',
        call: () => ({ method: 'GET', url: '/api/cycles' }),
        // Admins read cycles to reopen one (closing and reopening: cycle-closing.test.ts).
        allowed: ['admin', 'qa-lead'],
        status: 200,
      },
      {
        name: 'POST /api/cycles',
        call: () => ({
          method: 'POST',
          url: '/api/cycles',
          payload: {
            name: 'Permission check',
            periodStart: '2026-04-01',
            periodEnd: '2026-06-30',
            frameworkId: 'ehcp-quality',
            frameworkVersion: 1,
            sample: { method: 'random', size: 2, seed: 7 },
          },
        }),
        allowed: ['qa-lead'],
        status: 201,
      },
      {
        name: 'GET /api/cycles/:id',
        call: () => ({ method: 'GET', url: `/api/cycles/${planAudit.id}` }),
        allowed: ['admin', 'qa-lead'],
        status: 200,
      },
      {
        name: 'POST /api/cycles/:id/assignments',
        call: () => ({
          method: 'POST',
          url: `/api/cycles/${planAudit.id}/assignments`,
          payload: { assignments: [{ planRef: planAudit.sampledPlans[0], auditorId: 'user-education-auditor' }] },
        }),
        allowed: ['qa-lead'],
        status: 201,
      },
      ...(
        [
          ['GET /api/auditors', () => '/api/auditors'],
          ['GET /api/cycles/:id/movement', () => `/api/cycles/${planAudit.id}/movement`],
        ] as const
      ).map(([name, url]) => ({
        name,
        call: (): Call => ({ method: 'GET', url: url() }),
        allowed: ['qa-lead'] as const,
        status: 200,
      })),
      ...(
        [
          ['GET /api/cycle-summaries', () => '/api/cycle-summaries'],
          ['GET /api/cycles/:id/progress', () => `/api/cycles/${planAudit.id}/progress`],
          ['GET /api/cycles/:id/closing', () => `/api/cycles/${planAudit.id}/closing`],
        ] as const
      ).map(([name, url]) => ({
        name,
        call: (): Call => ({ method: 'GET', url: url() }),
        allowed: ['admin', 'qa-lead'] as const,
        status: 200,
      })),
      // Data protection: admins only (the privacy notice itself is public: see data-protection.test.ts).
      {
        name: 'GET /api/settings/retention',
        call: () => ({ method: 'GET', url: '/api/settings/retention' }),
        allowed: ['admin'],
        status: 200,
      },
      {
        name: 'PUT /api/settings/retention',
        call: () => ({ method: 'PUT', url: '/api/settings/retention', payload: DEFAULT_RETENTION_SETTINGS }),
        allowed: ['admin'],
        status: 200,
      },
      {
        name: 'GET /api/retention/preview',
        call: () => ({ method: 'GET', url: '/api/retention/preview' }),
        allowed: ['admin'],
        status: 200,
      },
      {
        name: 'PUT /api/settings/privacy-notice',
        call: () => ({ method: 'PUT', url: '/api/settings/privacy-notice', payload: DEFAULT_PRIVACY_NOTICE }),
        allowed: ['admin'],
        status: 200,
      },
      {
        name: 'GET /api/subject-access/:planRef',
        call: () => ({ method: 'GET', url: `/api/subject-access/${planAudit.sampledPlans[0]}` }),
        allowed: ['admin'],
        status: 200,
      },
    ];

    it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s: allowed roles only', async (_name, endpoint) => {
      const outcome: Record<string, number> = {};
      const expected: Record<string, number> = {};
      const anonymous = endpoint.call('admin');
      outcome.anonymous = (
        await server.app.inject({
          method: anonymous.method,
          url: anonymous.url,
          ...(anonymous.payload === undefined ? {} : { payload: anonymous.payload as object }),
          ...(anonymous.headers ? { headers: anonymous.headers } : {}),
        })
      ).statusCode;
      expected.anonymous = 401;
      for (const who of WHO) {
        const call = endpoint.call(who);
        const response = await clients[who].request(call);
        outcome[who] = response.statusCode;
        expected[who] = endpoint.allowed.includes(who) ? endpoint.status : 403;
        if (response.statusCode === 403) expect(response.json()).toMatchObject({ error: 'forbidden' });
      }
      expect(outcome).toEqual(expected);
    });

    it.each(ENDPOINTS.filter((e) => !e.name.startsWith('GET')).map((e) => [e.name, e] as const))(
      '%s: refused without the CSRF token for every role',
      async (_name, endpoint) => {
        for (const who of WHO) {
          const response = await clients[who].request({ ...endpoint.call(who), omitCsrf: true });
          expect([who, response.statusCode, response.json<{ error: string }>().error]).toEqual([
            who,
            403,
            'csrf-failed',
          ]);
        }
      },
    );
  });

  describe('records in a pull', () => {
    const pulled = {} as Record<Who, Change[]>;
    beforeAll(async () => {
      const draft = await clients['qa-lead'].request({
        method: 'POST',
        url: '/api/frameworks',
        payload: { ...frameworkFile, id: 'perm-draft', version: 1 },
      });
      expect(draft.statusCode).toBe(201);
      for (const who of WHO) pulled[who] = (await clients[who].pullAll()).changes;
    });

    const allUsers = Object.values(USER_ID);
    const auditId = (who: Who, plan: number) => audits.get(`${who}:${planAudit.sampledPlans[plan]}`)!;
    const assignedTo = (who: Who) => assignments.filter((a) => a.auditorId === USER_ID[who]);

    it('users: everyone sees themselves; admins and QA leads see every account', () => {
      for (const who of WHO) {
        const seen = idsOf(pulled[who], 'user');
        if (who === 'admin' || who === 'qa-lead') expect(seen).toEqual(expect.arrayContaining(allUsers));
        else expect([who, seen]).toEqual([who, [USER_ID[who]]]);
      }
    });

    it('frameworks: admins and QA leads see every published version; auditors those of their cycles; parent reps none', () => {
      const published = ['advice-quality@1', 'annual-review-visit@1', 'ehcp-quality@1'];
      expect(idsOf(pulled.admin, 'framework')).toEqual(expect.arrayContaining(published));
      expect(idsOf(pulled['qa-lead'], 'framework')).toEqual(expect.arrayContaining(published));
      for (const who of ['education', 'health', 'social-care'] as const) {
        expect([who, idsOf(pulled[who], 'framework')]).toEqual([who, ['ehcp-quality@1']]);
      }
      expect(idsOf(pulled.sendat, 'framework')).toEqual(['annual-review-visit@1']);
      expect(idsOf(pulled['parent-rep'], 'framework')).toEqual([]);
      // Drafts never travel; published ones reach admins and QA leads.
      for (const who of WHO) expect(idsOf(pulled[who], 'framework')).not.toContain('perm-draft@1');
      expect(idsOf(pulled['qa-lead'], 'framework')).toEqual(expect.arrayContaining(['perm-admin@1', 'perm-qa-lead@1']));
    });

    it('plans: QA leads see all; an auditor only the plans assigned to them; admins and parent reps none', () => {
      expect(idsOf(pulled['qa-lead'], 'plan')).toEqual(
        plans
          .map((p) => p.ref)
          .concat(['PERM-1'])
          .sort(),
      );
      for (const who of AUDITORS) {
        const mine = [...new Set(assignedTo(who).map((a) => a.planRef))].sort();
        expect([who, idsOf(pulled[who], 'plan')]).toEqual([who, mine]);
      }
      expect(idsOf(pulled.admin, 'plan')).toEqual([]);
      expect(idsOf(pulled['parent-rep'], 'plan')).toEqual([]);
    });

    it('cycles: QA leads see them whole; an auditor only their cycles, with only their plans and no frame', () => {
      expect(idsOf(pulled['qa-lead'], 'cycle')).toEqual(expect.arrayContaining([planAudit.id, reviews.id].sort()));
      const whole = pulled['qa-lead'].find((c) => c.id === planAudit.id);
      expect(whole?.kind === 'cycle' && whole.data?.samplingFrame?.length).toBeGreaterThan(12);
      for (const who of AUDITORS) {
        const cycleIds = [...new Set(assignedTo(who).map((a) => a.cycleId))].sort();
        expect([who, idsOf(pulled[who], 'cycle')]).toEqual([who, cycleIds]);
        for (const change of pulled[who].filter((c) => c.kind === 'cycle')) {
          if (change.kind !== 'cycle' || !change.data) continue;
          const mine = assignedTo(who)
            .filter((a) => a.cycleId === change.id)
            .map((a) => a.planRef)
            .sort();
          expect(change.data.sampledPlans).toEqual(mine);
          expect(change.data.samplingFrame).toBeUndefined();
          expect(change.data.sample).toBeUndefined();
        }
      }
      expect(idsOf(pulled.admin, 'cycle')).toEqual([]);
      expect(idsOf(pulled['parent-rep'], 'cycle')).toEqual([]);
    });

    it('assignments: QA leads see all; an auditor only their own', () => {
      expect(idsOf(pulled['qa-lead'], 'assignment')).toEqual(assignments.map((a) => a.id).sort());
      for (const who of AUDITORS) {
        expect([who, idsOf(pulled[who], 'assignment')]).toEqual([
          who,
          assignedTo(who)
            .map((a) => a.id)
            .sort(),
        ]);
      }
      expect(idsOf(pulled.admin, 'assignment')).toEqual([]);
      expect(idsOf(pulled['parent-rep'], 'assignment')).toEqual([]);
    });

    it('audits: blind scoring; QA leads see submitted audits only; admins and parent reps none', () => {
      const sorted = (ids: string[]) => [...ids].sort();
      expect(idsOf(pulled.education, 'audit')).toEqual(sorted([auditId('education', 0), auditId('social-care', 0)]));
      expect(idsOf(pulled['social-care'], 'audit')).toEqual(
        sorted([auditId('social-care', 0), auditId('education', 0)]),
      );
      // Health has not submitted plan 1: sees neither colleague's audit of it; sees its own plan 2 audit.
      expect(idsOf(pulled.health, 'audit')).toEqual(sorted([auditId('health', 0), auditId('health', 1)]));
      expect(idsOf(pulled['qa-lead'], 'audit')).toEqual(
        sorted([auditId('education', 0), auditId('social-care', 0), auditId('health', 1)]),
      );
      expect(idsOf(pulled.sendat, 'audit')).toEqual([]);
      expect(idsOf(pulled.admin, 'audit')).toEqual([]);
      expect(idsOf(pulled['parent-rep'], 'audit')).toEqual([]);
    });

    it('a disabled account loses its session and sees nothing', async () => {
      const admin = clients.admin;
      const created = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          name: 'Short Stay',
          email: `short.stay.${engine}@demo.example`,
          roles: ['auditor'],
          agency: 'health',
          password: 'correct horse battery',
        },
      });
      expect(created.statusCode).toBe(201);
      const client = await server.signIn(`short.stay.${engine}@demo.example`, 'correct horse battery');
      expect(idsOf((await client.pullAll()).changes, 'user')).toHaveLength(1);
      const id = created.json<{ user: { id: string } }>().user.id;
      const disabled = await admin.request({ method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: true } });
      expect(disabled.statusCode).toBe(200);
      const ended = await client.request({ method: 'GET', url: '/api/session' });
      expect([ended.statusCode, ended.json<{ error: string }>().error]).toEqual([403, 'account-deactivated']);
      const signIn = await server.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: `short.stay.${engine}@demo.example`, password: 'correct horse battery' },
      });
      expect(signIn.statusCode).toBe(401);
    });
  });

  describe('mutations', () => {
    it('only the assigned auditor may start, change, submit or revise an audit', async () => {
      const [, , p3] = planAudit.sampledPlans;
      const own = assignments.find((a) => a.planRef === p3 && a.auditorId === USER_ID.education)!;
      const outcome: Record<string, string[]> = {};
      for (const who of WHO) {
        if (who === 'education') continue;
        const result = await clients[who].push([
          startAudit(own.id),
          patchAudit(auditId('education', 0), {
            responses: { B1: { from: { rating: 'met' }, to: { rating: 'not-met' } } },
          }),
          submitAudit(audits.get(`health:${planAudit.sampledPlans[0]}`)!),
          reviseAudit(auditId('education', 0)),
        ]);
        outcome[who] = result.results.map((r) => (r.status === 'rejected' ? r.reason : r.status));
      }
      const refusedAll = ['forbidden', 'forbidden', 'forbidden', 'forbidden'];
      expect(outcome).toEqual({
        admin: refusedAll,
        'qa-lead': refusedAll,
        // Health's own draft of plan 1 is the one submitted here: allowed.
        health: ['forbidden', 'forbidden', 'applied', 'forbidden'],
        'social-care': refusedAll,
        sendat: refusedAll,
        'parent-rep': refusedAll,
      });
      const mine = await clients.education.push([startAudit(own.id), reviseAudit(auditId('education', 0))]);
      expect(mine.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    });

    function auditId(who: Who, plan: number): string {
      return audits.get(`${who}:${planAudit.sampledPlans[plan]}`)!;
    }
  });
});

// People administration on both engines: role and agency changes and deactivation take effect on
// the very next request and the next sync; a deactivated person's queued push is refused with a
// reason (their device keeps it) and lands after reactivation; QA leads add parent-carer
// representatives only; every change is in the audit log with who made it, before and after.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManagedUserSchema, type AuditLogPage } from '#shared/protocol/api.ts';
import { CreatePersonResponseSchema } from '#shared/protocol/people-api.ts';
import { SYNC_PROTOCOL_VERSION } from '#shared/protocol/sync.ts';
import { patchAudit, startAudit } from '../setup/audits.ts';
import { EMAIL } from '../setup/demo-people.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const PASSWORD = 'a long enough passphrase';

describe.each(ENGINES)('people on %s', (engine) => {
  let server: TestServer;
  let admin: TestClient;
  let qa: TestClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await server.signIn(EMAIL.admin);
    qa = await server.signIn(EMAIL['qa-lead']);
  });
  afterAll(async () => {
    await server?.close();
  });

  const addPerson = async (payload: Record<string, unknown>) => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { password: PASSWORD, ...payload },
    });
    expect(response.statusCode, response.body).toBe(201);
    return CreatePersonResponseSchema.parse(response.json());
  };

  const logOf = async (userId: string) =>
    (
      await admin.request({ method: 'GET', url: `/api/audit-log?entityId=${userId}&entityKind=user` })
    ).json<AuditLogPage>().entries;

  it('a role change takes effect on the same session at its next request and its next pull', async () => {
    const created = await addPerson({
      name: 'Robin Rolechange',
      email: `robin.${engine}@demo.example`,
      roles: ['parent-rep'],
    });
    const robin = await server.signIn(`robin.${engine}@demo.example`, PASSWORD);
    expect((await robin.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    const before = await robin.pullAll();
    expect(before.changes.filter((c) => c.kind === 'plan')).toHaveLength(0);

    const promoted = await admin.request({
      method: 'PATCH',
      url: `/api/users/${created.user.id}`,
      payload: { roles: ['qa-lead'] },
    });
    expect(promoted.statusCode).toBe(200);
    // The very next request: no sign-in again, the session reads the roles as they are now.
    expect((await robin.request({ method: 'GET', url: '/api/session' })).json()).toMatchObject({
      user: { roles: ['qa-lead'] },
    });
    expect((await robin.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
    const after = await robin.pullAll(before.cursor);
    expect(after.changes.filter((c) => c.kind === 'plan' && !c.deleted).length).toBeGreaterThan(10);

    await admin.request({ method: 'PATCH', url: `/api/users/${created.user.id}`, payload: { roles: ['parent-rep'] } });
    expect((await robin.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    const demoted = await robin.pullAll(after.cursor);
    expect(demoted.changes.filter((c) => c.kind === 'plan').every((c) => c.deleted)).toBe(true);

    const log = await logOf(created.user.id);
    const changes = log.filter((e) => e.action === 'user.update');
    expect(changes).toHaveLength(2);
    expect(changes.every((e) => e.actorId === 'user-admin' && e.actorName === 'Alex Admin')).toBe(true);
    expect(
      changes.map((e) => [(e.before as { roles: string[] }).roles, (e.after as { roles: string[] }).roles]),
    ).toEqual([
      [['qa-lead'], ['parent-rep']],
      [['parent-rep'], ['qa-lead']],
    ]);
  });

  it('an agency change reaches the next request, and a new assignment takes the new agency', async () => {
    const created = await addPerson({
      name: 'Ash Agencychange',
      email: `ash.${engine}@demo.example`,
      roles: ['auditor'],
      agency: 'health',
    });
    const ash = await server.signIn(`ash.${engine}@demo.example`, PASSWORD);
    const changed = await admin.request({
      method: 'PATCH',
      url: `/api/users/${created.user.id}`,
      payload: { agency: 'social-care' },
    });
    expect(changed.json()).toMatchObject({ user: { agency: 'social-care' } });
    expect((await ash.request({ method: 'GET', url: '/api/session' })).json()).toMatchObject({
      user: { agency: 'social-care' },
    });
    const { changes } = await ash.pullAll();
    expect(changes.find((c) => c.kind === 'user' && c.id === created.user.id)).toMatchObject({
      data: { agency: 'social-care' },
    });
  });

  it('deactivation ends the sessions at once; the queued push is refused with a reason, and lands after reactivation', async () => {
    const auditor = await server.signIn(EMAIL.education);
    const secondDevice = await server.signIn(EMAIL.education);
    const pulled = await auditor.pullAll();
    const assignment = pulled.changes.find((c) => c.kind === 'assignment')!;
    const auditId = randomUUID();
    const clientId = randomUUID();
    expect((await auditor.push([startAudit(assignment.id, auditId)], clientId)).results[0]?.status).toBe('applied');

    const deactivated = await admin.request({
      method: 'PATCH',
      url: '/api/users/user-education-auditor',
      payload: { disabled: true },
    });
    expect(ManagedUserSchema.parse(deactivated.json()).disabled).toBe(true);
    const sessions = await server.store.db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM sessions WHERE user_id = 'user-education-auditor'",
    );
    expect(sessions[0]?.count).toBe(0);

    // Both devices hear why on their next request, sync or otherwise.
    const queued = patchAudit(auditId, {
      responses: { B1: { from: null, to: { rating: 'met', comment: 'Queued offline.' } } },
    });
    const push = await auditor.request({
      method: 'POST',
      url: '/api/sync/push',
      payload: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId, mutations: [queued] },
    });
    expect(push.statusCode).toBe(403);
    const refusal = push.json<{ error: string; message: string }>();
    expect(refusal.error).toBe('account-deactivated');
    expect(refusal.message).toMatch(/deactivated/);
    const pull = await secondDevice.request({
      method: 'GET',
      url: '/api/sync/pull',
      headers: { 'x-sync-protocol': String(SYNC_PROTOCOL_VERSION) },
    });
    expect([pull.statusCode, pull.json<{ error: string }>().error]).toEqual([403, 'account-deactivated']);
    // Nothing of the refused push was stored; their audit stays.
    const audits = await server.store.db.query<{ doc: { responses: Record<string, unknown> } }>(
      'SELECT doc FROM audits WHERE id = $1',
      [auditId],
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]?.doc.responses).toEqual({});
    // A password sign-in is refused too.
    const signIn = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: EMAIL.education, password: 'demo-audit-2026' },
      remoteAddress: '10.9.9.9',
    });
    expect(signIn.statusCode).toBe(401);
    const listed = (await admin.request({ method: 'GET', url: '/api/users/user-education-auditor' })).json<unknown>();
    expect(listed).toMatchObject({ disabled: true });

    // Reactivated: the old device is asked to sign in again, and then its queued change lands.
    await admin.request({ method: 'PATCH', url: '/api/users/user-education-auditor', payload: { disabled: false } });
    const stale = await auditor.request({ method: 'GET', url: '/api/session' });
    expect([stale.statusCode, stale.json<{ error: string }>().error]).toEqual([401, 'unauthenticated']);
    const again = await server.signIn(EMAIL.education);
    expect((await again.push([queued], clientId)).results[0]?.status).toBe('applied');

    const log = (await logOf('user-education-auditor')).filter((e) => e.action === 'user.update');
    expect(
      log.map((e) => [(e.before as { disabled: boolean }).disabled, (e.after as { disabled: boolean }).disabled]),
    ).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('QA leads add parent-carer representatives only, invited by a one-time link; admins add anyone', async () => {
    const invited = await qa.request({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'Pip Parent', email: `pip.${engine}@demo.example`, roles: ['parent-rep'] },
    });
    expect(invited.statusCode).toBe(201);
    const body = CreatePersonResponseSchema.parse(invited.json());
    expect(body.hasPassword).toBe(false);
    expect(body.passwordLink?.url).toMatch(/^http:\/\/localhost(:\d+)?\/set-password#token=[\w-]{40,}$/);
    const auditor = await qa.request({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'Not Allowed', email: `na.${engine}@demo.example`, roles: ['auditor'], agency: 'health' },
    });
    expect([auditor.statusCode, auditor.json<{ error: string }>().error]).toEqual([403, 'forbidden']);
    const both = await qa.request({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'Not Allowed', email: `na.${engine}@demo.example`, roles: ['parent-rep', 'qa-lead'] },
    });
    expect(both.statusCode).toBe(403);
    expect(
      (await qa.request({ method: 'PATCH', url: `/api/users/${body.user.id}`, payload: { disabled: true } }))
        .statusCode,
    ).toBe(403);

    const log = await logOf(body.user.id);
    expect(log.map((e) => [e.action, e.actorId])).toEqual([
      ['user.password-link', 'user-qa-lead'],
      ['user.create', 'user-qa-lead'],
    ]);
    expect(JSON.stringify(log)).not.toContain(body.passwordLink?.url?.split('token=')[1] ?? 'no token');
  });

  it('lists people with their last sign-in, and never their password hash', async () => {
    const response = await admin.request({ method: 'GET', url: '/api/users' });
    const { users } = response.json<{ users: unknown[] }>();
    const people = users.map((u) => ManagedUserSchema.parse(u));
    const qaLead = people.find((p) => p.user.email === EMAIL['qa-lead']);
    expect(qaLead?.lastSignInAt).toBe(server.clock.now().toISOString());
    expect(qaLead?.hasPassword).toBe(true);
    expect(people.find((p) => p.user.email === EMAIL.sendat)?.lastSignInAt).toBeNull();
    expect(response.body).not.toMatch(/scrypt/);
  });
});

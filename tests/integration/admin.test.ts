// Accounts management, the append-only audit log, and the user:add command, on both engines.
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '#server/cli/user-add.ts';
import { parseCsv } from '#shared/domain/csv.ts';
import { AuditLogPageSchema, UserListResponseSchema } from '#shared/protocol/api.ts';
import { patchAudit, startAudit } from '../setup/audits.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

describe.each(ENGINES)('administration on %s', (engine) => {
  let server: TestServer;
  let admin: TestClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await server.signIn('admin@demo.example');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists every account to admins and QA leads', async () => {
    const response = await admin.request({ method: 'GET', url: '/api/users' });
    const { users } = UserListResponseSchema.parse(response.json());
    expect(users.map((u) => u.user.email)).toEqual(
      expect.arrayContaining(['admin@demo.example', 'qa.lead@demo.example', 'sendat@demo.example']),
    );
    // No hash and no password field (hasPassword only says whether one is set).
    expect(JSON.stringify(users)).not.toMatch(/scrypt|"password"|password_?hash/i);
  });

  it('creates an account that can sign in, and refuses a duplicate email or an auditor without an agency', async () => {
    const payload = {
      name: 'Dana Therapist',
      email: `Dana.Therapist.${engine}@Demo.Example`,
      roles: ['auditor'],
      agency: 'health',
      password: 'a long enough passphrase',
    };
    const created = await admin.request({ method: 'POST', url: '/api/users', payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      user: { email: payload.email.toLowerCase(), agency: 'health' },
      disabled: false,
    });
    const client = await server.signIn(payload.email.toLowerCase(), payload.password);
    expect(client.session.user.roles).toEqual(['auditor']);
    expect((await admin.request({ method: 'POST', url: '/api/users', payload })).statusCode).toBe(409);
    const noAgency = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { ...payload, email: 'x@demo.example', agency: undefined },
    });
    expect(noAgency.statusCode).toBe(400);
    expect(noAgency.json()).toMatchObject({ issues: [{ path: 'agency' }] });
    const shortPassword = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { ...payload, email: 'y@demo.example', password: 'short' },
    });
    expect(shortPassword.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'password' }] });
  });

  it('changes roles, which changes what the account pulls at once', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: 'Riley Promoted',
        email: `riley.${engine}@demo.example`,
        roles: ['parent-rep'],
        password: 'a long enough passphrase',
      },
    });
    const id = created.json<{ user: { id: string } }>().user.id;
    const riley = await server.signIn(`riley.${engine}@demo.example`, 'a long enough passphrase');
    const before = await riley.pullAll();
    expect(before.changes.filter((c) => c.kind === 'plan')).toHaveLength(0);
    const promoted = await admin.request({ method: 'PATCH', url: `/api/users/${id}`, payload: { roles: ['qa-lead'] } });
    expect(promoted.statusCode).toBe(200);
    const after = await riley.pullAll(before.cursor);
    expect(after.changes.filter((c) => c.kind === 'plan' && !c.deleted).length).toBeGreaterThanOrEqual(40);
    const demoted = await admin.request({
      method: 'PATCH',
      url: `/api/users/${id}`,
      payload: { roles: ['parent-rep'] },
    });
    expect(demoted.statusCode).toBe(200);
    const gone = await riley.pullAll(after.cursor);
    const plans = gone.changes.filter((c) => c.kind === 'plan');
    expect(plans.length).toBeGreaterThanOrEqual(40);
    expect(plans.every((c) => c.deleted && !('data' in c && c.data))).toBe(true);
  });

  it('does not let an admin lock themselves out', async () => {
    const self = await admin.request({ method: 'PATCH', url: '/api/users/user-admin', payload: { disabled: true } });
    expect(self.statusCode).toBe(409);
    const unknown = await admin.request({
      method: 'PATCH',
      url: '/api/users/no-such-user',
      payload: { name: 'Nobody' },
    });
    expect(unknown.statusCode).toBe(404);
    const empty = await admin.request({ method: 'PATCH', url: '/api/users/user-parent-rep', payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('logs every change with who, when, what, before and after, readable by page', async () => {
    const education = await server.signIn('education.auditor@demo.example');
    const assignment = (await education.pullAll()).changes.find((c) => c.kind === 'assignment')!;
    const auditId = randomUUID();
    await education.push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'met', comment: 'Clear.' } } } }),
      patchAudit(auditId, {
        responses: { B1: { from: { rating: 'met', comment: 'Clear.' }, to: { rating: 'partly-met' } } },
      }),
    ]);
    const entries = [];
    let after = 0;
    for (;;) {
      const page = AuditLogPageSchema.parse(
        (await admin.request({ method: 'GET', url: `/api/audit-log?after=${after}&limit=100` })).json(),
      );
      entries.push(...page.entries);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    const actions = new Set(entries.map((e) => e.action));
    for (const action of [
      'user.create',
      'framework.import',
      'framework.publish',
      'plan.create',
      'cycle.create',
      'assignment.create',
      'session.create',
      'audit.start',
      'audit.patch',
    ]) {
      expect(actions).toContain(action);
    }
    const patches = entries.filter((e) => e.entityId === auditId && e.action === 'audit.patch');
    expect(patches.map((e) => [e.actorId, e.before, e.after])).toEqual([
      ['user-education-auditor', {}, { 'responses.B1': { rating: 'met', comment: 'Clear.' } }],
      [
        'user-education-auditor',
        { 'responses.B1': { rating: 'met', comment: 'Clear.' } },
        { 'responses.B1': { rating: 'partly-met' } },
      ],
    ]);
    // A patch's entry lists in `before` only fields that had a value; the CSV export shows the
    // field the first patch filled in as blank (null), as entries listing it as null always read.
    const csv = await admin.request({
      method: 'GET',
      url: `/api/audit-log.csv?entityId=${auditId}&action=audit.patch`,
    });
    const [header, ...rows] = parseCsv(csv.body);
    const beforeAt = header?.indexOf('before') ?? -1;
    expect(rows.map((row) => JSON.parse(row[beforeAt] ?? 'undefined') as unknown).reverse()).toEqual([
      { 'responses.B1': null },
      { 'responses.B1': { rating: 'met', comment: 'Clear.' } },
    ]);
    expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it('refuses to change or delete the audit log, in the database itself', async () => {
    await expect(server.store.db.query("UPDATE audit_log SET action = 'forged'")).rejects.toThrow(/append-only/);
    await expect(server.store.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(server.store.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('npm run user:add', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ehcp-user-add-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds an account to the configured database, printing a generated password once', async () => {
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const added = await addUser(
      ['--email', 'jo@council.example', '--name', 'Jo Bloggs', '--role', 'auditor', '--agency', 'sendat'],
      env,
    );
    expect(added.code).toBe(0);
    expect(added.output).toMatch(
      /^Added jo@council\.example \(auditor, sendat\) with id [\w-]+\.\nPassword \(shown once\): \S{16,}$/,
    );
    const again = await addUser(
      ['--email', 'jo@council.example', '--name', 'Jo', '--role', 'admin', '--password', 'another long passphrase'],
      env,
    );
    expect(again).toEqual({ code: 1, output: 'jo@council.example already has an account' });
    const bad = await addUser(['--email', 'not-an-email', '--role', 'auditor'], env);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(/--email: /);
    expect(bad.output).toMatch(/--agency: an auditor needs an agency|--name: /);
  });

  it('refuses to open a DATA_DIR another running process holds', async () => {
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dataDir, 'ehcp-server.lock'), String(holder.pid));
      await expect(
        addUser(['--email', 'kim@council.example', '--name', 'Kim', '--role', 'admin'], { DATA_DIR: dataDir }),
      ).rejects.toThrow(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((resolve) => holder.once('exit', resolve));
    // Its holder gone, the lock is stale and taken over.
    const added = await addUser(['--email', 'kim@council.example', '--name', 'Kim', '--role', 'admin'], {
      DATA_DIR: dataDir,
    });
    expect(added.code).toBe(0);
  });
});

// Migrations on both engines: forward-only and numbered, applied once (even by two servers starting
// together), refusing an edited or unknown migration, and carrying data written under the old
// shape into the new one (records written before the sync feed existed reach devices).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '#server/app.ts';
import { testConfig } from '#server/config.ts';
import { hashPassword } from '#server/services/passwords.ts';
import { countHit } from '#server/store/limit-counters.ts';
import { loadMigrations, migrate, MigrationError } from '#server/store/migrate.ts';
import { openSqlClient, storeFor } from '#server/store/store.ts';
import { writeAudit } from '#server/store/audits.ts';
import type { SqlClient } from '#server/store/sql-client.ts';
import { useThrowawayPostgres, type ThrowawayPostgres } from '../setup/postgres.ts';
import { ENGINES, signInTo, type Engine } from '../setup/test-server.ts';
import type { Audit } from '#shared/schemas/audit.ts';

/**
 * An auditor `<tag>-auditor`, a published framework `<tag>-fw`, a cycle `<tag>-cycle` and plans
 * `<TAG>-0001`… each assigned to the auditor as `<tag>-1`…, and an audit of the first: written as
 * raw rows so that they fit the migration a test stops at.
 */
async function seedAssignments(
  db: SqlClient,
  tag: string,
  cycleStatus: 'open' | 'closed',
  plans: number,
  firstAudit: { id: string; status: 'draft' | 'submitted'; doc: string },
) {
  const refs = Array.from({ length: plans }, (_, i) => `${tag.toUpperCase()}-${String(i + 1).padStart(4, '0')}`);
  await db.exec(`
    INSERT INTO users (id, email, name, roles, agency, password_hash)
      VALUES ('${tag}-auditor', '${tag}@demo.example', 'Auditor ${tag}', ARRAY['auditor'], 'health', 'x');
    INSERT INTO frameworks (id, version, status, kind, title, doc)
      VALUES ('${tag}-fw', 1, 'published', 'plan-audit', '${tag}', '{"id":"${tag}-fw","version":1}');
    INSERT INTO plans (ref, attributes) VALUES ${refs.map((ref) => `('${ref}', '{}')`).join(', ')};
    INSERT INTO cycles (id, doc, framework_id, framework_version, status, frame_snapshot)
      VALUES ('${tag}-cycle', '{}', '${tag}-fw', 1, '${cycleStatus}', '[]');
    INSERT INTO assignments (id, cycle_id, plan_ref, auditor_id, agency) VALUES
      ${refs.map((ref, i) => `('${tag}-${i + 1}', '${tag}-cycle', '${ref}', '${tag}-auditor', 'health')`).join(', ')};
    INSERT INTO audits (id, assignment_id, cycle_id, plan_ref, auditor_id, status, revision, doc)
      VALUES ('${firstAudit.id}', '${tag}-1', '${tag}-cycle', '${refs[0]}', '${tag}-auditor', '${firstAudit.status}', 1,
        '${firstAudit.doc}');
  `);
}

describe.each(ENGINES)('migrations on %s', (engine: Engine) => {
  let postgres: ThrowawayPostgres | undefined;
  const clients: SqlClient[] = [];
  const open = async (): Promise<SqlClient> => {
    const client =
      engine === 'pglite'
        ? await openSqlClient({})
        : await openSqlClient({ databaseUrl: await postgres!.createDatabase() });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    if (engine === 'postgres') postgres = await useThrowawayPostgres();
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    postgres?.release();
  });

  it('applies every migration once, in order', async () => {
    const db = await open();
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(await migrate(db)).toEqual({ applied: migrations.map((m) => m.version), current: migrations.length });
    expect(await migrate(db)).toEqual({ applied: [], current: migrations.length });
  });

  it('reads data written under the first shape after the later migrations', async () => {
    const db = await open();
    await migrate(db, { toVersion: 1 });
    const hash = await hashPassword('old shape password');
    await db.exec(`
      INSERT INTO users (id, email, name, roles, agency, password_hash)
        VALUES ('old-auditor', 'old@demo.example', 'Old Auditor', ARRAY['auditor'], 'health', '${hash}');
      INSERT INTO frameworks (id, version, status, kind, title, doc)
        VALUES ('old-fw', 1, 'published', 'plan-audit', 'Old', '{"id":"old-fw","version":1}');
      INSERT INTO plans (ref, attributes) VALUES ('OLD-0001',
        '{"keyStage":"ks2","yearGroup":4,"primaryNeed":"ASD","settingType":"mainstream","planType":"new","lookedAfter":false}');
      INSERT INTO cycles (id, doc, framework_id, framework_version, status, frame_snapshot)
        VALUES ('old-cycle', '{"id":"old-cycle","name":"Old","periodStart":"2025-01-01","periodEnd":"2025-03-31","frameworkId":"old-fw","frameworkVersion":1,"status":"open","sampledPlans":["OLD-0001"]}',
          'old-fw', 1, 'open', '[]');
      INSERT INTO assignments (id, cycle_id, plan_ref, auditor_id, agency) VALUES ('old-assignment', 'old-cycle', 'OLD-0001', 'old-auditor', 'health');
      INSERT INTO audits (id, assignment_id, cycle_id, plan_ref, auditor_id, status, revision, doc)
        VALUES ('00000000-0000-4000-8000-000000000001', 'old-assignment', 'old-cycle', 'OLD-0001', 'old-auditor', 'draft', 1,
          '{"id":"00000000-0000-4000-8000-000000000001","status":"draft","responses":{"B1":{"rating":"met","comment":"Written – before 0011."}}}');
    `);
    const result = await migrate(db);
    expect(result.applied).toEqual(
      loadMigrations()
        .slice(1)
        .map((m) => m.version),
    );
    const app = await buildServer(testConfig(), storeFor(db));
    try {
      const client = await signInTo(app, 'old@demo.example', 'old shape password');
      const { changes } = await client.pullAll();
      expect(changes.map((c) => `${c.kind}:${c.id}`).sort()).toEqual([
        'assignment:old-assignment',
        'audit:00000000-0000-4000-8000-000000000001',
        'cycle:old-cycle',
        'framework:old-fw@1',
        'plan:OLD-0001',
        'settings:council',
        'user:old-auditor',
      ]);
      // An audit written before 0011 is pulled from the text 0011 keeps beside it, whole.
      expect(changes.find((c) => c.kind === 'audit')?.data).toEqual({
        id: '00000000-0000-4000-8000-000000000001',
        status: 'draft',
        responses: { B1: { rating: 'met', comment: 'Written – before 0011.' } },
      });
    } finally {
      await app.close();
    }
  });

  it('adds the shared limit counters and job runs (0007) to a database in use', async () => {
    const db = await open();
    await migrate(db, { toVersion: 6 });
    expect(await migrate(db, { toVersion: 7 })).toMatchObject({ applied: [7] });
    const now = new Date('2026-03-02T09:00:00Z');
    expect((await countHit(db, 'sign-in-failures', '10.0.0.1|a@b.example', 60_000, now)).count).toBe(1);
    expect((await countHit(db, 'sign-in-failures', '10.0.0.1|a@b.example', 60_000, now)).count).toBe(2);
    // A hit after the window starts a new one; the key is stored only as a hash.
    const later = await countHit(
      db,
      'sign-in-failures',
      '10.0.0.1|a@b.example',
      60_000,
      new Date(now.getTime() + 60_000),
    );
    expect(later).toEqual({ count: 1, resetAt: new Date(now.getTime() + 120_000) });
    const stored = await db.query<{ key_hash: string }>('SELECT key_hash FROM limit_counters');
    expect(stored.map((r) => r.key_hash).join()).not.toContain('a@b.example');
    expect(await db.query('SELECT * FROM scheduled_jobs')).toEqual([]);
  });

  it('lets only a retention transaction delete (never update) a submitted audit or a log entry (0008)', async () => {
    const db = await open();
    await migrate(db, { toVersion: 7 });
    await seedAssignments(db, 'kept', 'closed', 1, { id: 'kept-audit', status: 'submitted', doc: '{}' });
    await db.exec(`
      INSERT INTO audit_log (actor_id, action, entity_kind, entity_id) VALUES (NULL, 'audit.submit', 'audit', 'kept-audit');
    `);
    expect(await migrate(db, { toVersion: 8 })).toMatchObject({ applied: [8] });
    const inRetention = (sql: string) =>
      db.transaction(async (tx) => {
        await tx.query("SELECT set_config('app.retention', 'on', true)");
        await tx.exec(sql);
      });
    await expect(db.exec("DELETE FROM audits WHERE id = 'kept-audit'")).rejects.toThrow(/never changes/);
    await expect(db.exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(inRetention("UPDATE audits SET doc = '{\"x\":1}' WHERE id = 'kept-audit'")).rejects.toThrow(
      /never changes/,
    );
    await expect(inRetention('UPDATE audit_log SET after = NULL')).rejects.toThrow(/append-only/);
    await expect(inRetention('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await inRetention("DELETE FROM audits WHERE id = 'kept-audit'; DELETE FROM audit_log");
    // The setting ends with its transaction: the next statement is refused again.
    await db.exec(`INSERT INTO audit_log (actor_id, action, entity_kind, entity_id) VALUES (NULL, 'x', 'x', 'x')`);
    await expect(db.exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await db.query('SELECT id FROM audits')).toEqual([]);
  });

  it('marks the cycles an earlier retention run deleted from, so they cannot reopen (0010)', async () => {
    const db = await open();
    await migrate(db, { toVersion: 9 });
    await db.exec(`
      INSERT INTO frameworks (id, version, status, kind, title, doc)
        VALUES ('old-fw', 1, 'published', 'plan-audit', 'Old', '{"id":"old-fw","version":1}');
      INSERT INTO cycles (id, doc, framework_id, framework_version, status, frame_snapshot) VALUES
        ('emptied', '{}', 'old-fw', 1, 'closed', '[]'),
        ('moderations-only', '{}', 'old-fw', 1, 'closed', '[]'),
        ('untouched', '{}', 'old-fw', 1, 'closed', '[]');
      INSERT INTO audit_log (at, actor_id, action, entity_kind, entity_id, after) VALUES
        ('2026-01-02T03:00:00Z', NULL, 'retention.apply', 'retention', '2026-01-02',
          '{"audits": [{"id": "a1", "cycleId": "emptied"}], "moderations": []}'),
        ('2026-02-02T03:00:00Z', NULL, 'retention.apply', 'retention', '2026-02-02',
          '{"audits": [{"id": "a2", "cycleId": "emptied"}], "moderations": [{"id": "m1", "cycleId": "moderations-only"}]}');
    `);
    expect(await migrate(db, { toVersion: 10 })).toMatchObject({ applied: [10] });
    const rows = await db.query<{ id: string; retention_applied_at: Date | null }>(
      'SELECT id, retention_applied_at FROM cycles ORDER BY id',
    );
    expect(rows.map((r) => [r.id, r.retention_applied_at && new Date(r.retention_applied_at).toISOString()])).toEqual([
      ['emptied', '2026-01-02T03:00:00.000Z'],
      ['moderations-only', '2026-02-02T03:00:00.000Z'],
      ['untouched', null],
    ]);
  });

  it("keeps an audit's text as the store wrote it, and PostgreSQL's print for any other write (0012)", async () => {
    const db = await open();
    await migrate(db, { toVersion: 11 });
    await seedAssignments(db, 'text', 'open', 2, { id: 'before-0012', status: 'draft', doc: '{"b":1,"a":2}' });
    expect(await migrate(db, { toVersion: 12 })).toMatchObject({ applied: [12] });
    const text = async (id: string) =>
      (await db.query<{ doc_json: string }>('SELECT doc_json FROM audits WHERE id = $1', [id]))[0]?.doc_json;
    // Written before: the text 0011 computed stays.
    expect(await text('before-0012')).toBe('{"a": 2, "b": 1}');
    // The store's writer: the text as written, keys in its order and no spaces.
    const audit = {
      id: 'after-0012',
      cycleId: 'text-cycle',
      planRef: 'TEXT-0002',
      frameworkId: 'text-fw',
      frameworkVersion: 1,
      auditorId: 'text-auditor',
      agency: 'health',
      responses: { B1: { rating: 'met', comment: 'Kept – as written.' } },
      sectionOverrides: {},
      status: 'draft',
      revision: 1,
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
    } satisfies Audit;
    await db.transaction((tx) => writeAudit(tx, audit, { action: 'audit.start' }, { assignmentId: 'text-2' }));
    expect(await text('after-0012')).toBe(JSON.stringify(audit));
    const changed: Audit = {
      ...audit,
      responses: { B1: { rating: 'not-met' } },
      updatedAt: '2026-03-02T09:05:00.000Z',
    };
    await db.transaction((tx) => writeAudit(tx, changed, { action: 'audit.patch' }));
    expect(await text('after-0012')).toBe(JSON.stringify(changed));
    // Any other write of the document: PostgreSQL's print of it, never the stale text.
    await db.exec(`UPDATE audits SET doc = doc || '{"status":"x"}' WHERE id = 'after-0012'`);
    expect(JSON.parse((await text('after-0012')) ?? '')).toEqual({ ...changed, status: 'x' });
    await db.exec(`UPDATE audits SET revision = 2 WHERE id = 'before-0012'`);
    expect(await text('before-0012')).toBe('{"a": 2, "b": 1}');
  });

  it('refuses to start when an applied migration was edited, or the database is newer', async () => {
    const db = await open();
    const migrations = loadMigrations();
    await migrate(db, { migrations });
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(db, { migrations: edited })).rejects.toThrow(/0001-core was changed after it was applied/);
    await expect(migrate(db, { migrations: migrations.slice(0, 1) })).rejects.toThrow(MigrationError);
  });

  it.runIf(engine === 'postgres')('applies each migration once when two servers start at the same moment', async () => {
    const url = await postgres!.createDatabase();
    const a = await openSqlClient({ databaseUrl: url });
    const b = await openSqlClient({ databaseUrl: url });
    clients.push(a, b);
    const [first, second] = await Promise.all([migrate(a), migrate(b)]);
    expect([...first.applied, ...second.applied].sort((x, y) => x - y)).toEqual(loadMigrations().map((m) => m.version));
    const rows = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]?.n).toBe(loadMigrations().length);
  });
});

// The audit log viewer's API on both engines: newest first, keyset-paged without gaps or repeats,
// filtered by person, record, action and date; the CSV export of a filtered set (byte-order mark,
// CRLF, formula-looking cells escaped); QA leads read it, nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '#shared/domain/csv.ts';
import { AuditLogPageSchema, type AuditLogEntry } from '#shared/protocol/api.ts';
import { EMAIL } from '../setup/demo-people.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const SEEDED = 2_500;

describe.each(ENGINES)('the audit log on %s', (engine) => {
  let server: TestServer;
  let admin: TestClient;
  let qa: TestClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    // Entries by three people on 25 records over ten days, in one statement.
    await server.store.db.query(
      `INSERT INTO audit_log (at, actor_id, action, entity_kind, entity_id, before, after)
       SELECT timestamptz '2026-03-01T09:00:00Z' + (n % 10) * interval '1 day',
              (ARRAY['user-admin', 'user-qa-lead', 'user-health-auditor'])[n % 3 + 1],
              (ARRAY['plan.update', 'cycle.create', 'user.update', 'audit.patch'])[n % 4 + 1],
              'plan', 'PLN-T' || lpad((n % 25)::text, 3, '0'),
              jsonb_build_object('n', n), jsonb_build_object('n', n + 1)
       FROM generate_series(1, $1::int) AS n`,
      [SEEDED],
    );
    // A record whose id would be a spreadsheet formula, and text needing quotes.
    await server.store.db.query(
      `INSERT INTO audit_log (actor_id, action, entity_kind, entity_id, after)
       VALUES ('user-admin', 'plan.update', 'plan', '=HYPERLINK("http://evil.example")', '{"note": "a, \\"quoted\\"\\nline"}')`,
    );
    admin = await server.signIn(EMAIL.admin);
    qa = await server.signIn(EMAIL['qa-lead']);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function allPages(client: TestClient, query: string, limit: number): Promise<AuditLogEntry[]> {
    const entries: AuditLogEntry[] = [];
    let before: number | null | undefined;
    for (let pages = 0; pages < 1000; pages += 1) {
      const url = `/api/audit-log?order=newest&limit=${limit}${query}${before ? `&before=${before}` : ''}`;
      const response = await client.request({ method: 'GET', url });
      expect(response.statusCode, response.body).toBe(200);
      const page = AuditLogPageSchema.parse(response.json());
      expect(page.entries.length).toBeLessThanOrEqual(limit);
      entries.push(...page.entries);
      before = page.nextBefore;
      if (before === null || before === undefined) return entries;
    }
    throw new Error('paging never ended');
  }

  it('pages newest first by keyset: every entry once, in order, whatever the page size', async () => {
    const total = (await server.store.db.query<{ count: number }>('SELECT count(*)::int AS count FROM audit_log'))[0]!
      .count;
    const entries = await allPages(admin, '', 200);
    expect(entries).toHaveLength(total);
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(total);
    const first = AuditLogPageSchema.parse(
      (await admin.request({ method: 'GET', url: '/api/audit-log?order=newest&limit=50' })).json(),
    );
    expect(first.entries.map((e) => e.id)).toEqual(ids.slice(0, 50));
    expect(first.nextBefore).toBe(ids[49]);
    expect(first.entries.find((e) => e.actorId === 'user-admin')?.actorName).toBe('Alex Admin');
  });

  it('filters by person, record, action and date range, each alone and together', async () => {
    const byActor = await allPages(admin, '&actor=user-qa-lead', 100);
    expect(byActor.length).toBeGreaterThanOrEqual(Math.floor(SEEDED / 3));
    expect(byActor.every((e) => e.actorId === 'user-qa-lead')).toBe(true);
    const byRecord = await allPages(admin, '&entityId=PLN-T007', 50);
    expect(byRecord).toHaveLength(SEEDED / 25);
    expect(byRecord.every((e) => e.entityId === 'PLN-T007')).toBe(true);
    const byAction = await allPages(admin, '&action=cycle.create&entityKind=plan', 500);
    expect(byAction).toHaveLength(SEEDED / 4);
    const byDays = await allPages(admin, '&from=2026-03-03&to=2026-03-04&entityKind=plan', 500);
    expect(byDays).toHaveLength(SEEDED / 5);
    expect(byDays.every((e) => e.at >= '2026-03-03' && e.at < '2026-03-05')).toBe(true);
    const together = await allPages(admin, '&actor=user-admin&action=plan.update&from=2026-03-01&to=2026-03-10', 50);
    // n % 3 = 0 (admin) and n % 4 = 0 (plan.update): every twelfth entry.
    expect(together).toHaveLength(Math.floor(SEEDED / 12));
    const backwards = await admin.request({ method: 'GET', url: '/api/audit-log?from=2026-03-05&to=2026-03-01' });
    expect(backwards.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'to' }] });
    const mixed = await admin.request({ method: 'GET', url: '/api/audit-log?after=3&before=9' });
    expect(mixed.statusCode).toBe(400);
  });

  it('exports a filtered set as CSV: BOM, CRLF, one row per entry, formulas neutralised', async () => {
    const response = await qa.request({ method: 'GET', url: '/api/audit-log.csv?entityKind=plan&actor=user-admin' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = response.body;
    expect(text.startsWith('\uFEFFid,at,actor_id,actor_name,action,record_kind,record_id,before,after\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(
      text
        .replace(/"[^"]*"/g, '')
        .split('\n')
        .every((line, i, all) => i === all.length - 1 || line.endsWith('\r')),
    ).toBe(true);
    const rows = parseCsv(text);
    const [header, ...body] = rows;
    expect(header?.[0]).toBe('id');
    const expected = await allPages(admin, '&entityKind=plan&actor=user-admin', 1000);
    expect(body.map((row) => Number(row[0]))).toEqual(expected.map((e) => e.id));
    const evil = body.find((row) => row[6]?.includes('HYPERLINK'));
    expect(evil?.[6]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(JSON.parse(evil?.[8] ?? 'null')).toEqual({ note: 'a, "quoted"\nline' });
    expect(body[1]?.[3]).toBe('Alex Admin');
  });

  it('QA leads read it; auditors and parent-carer representatives do not; nobody can write to it', async () => {
    expect((await qa.request({ method: 'GET', url: '/api/audit-log?order=newest' })).statusCode).toBe(200);
    for (const who of ['education', 'parent-rep'] as const) {
      const client = await server.signIn(EMAIL[who]);
      expect((await client.request({ method: 'GET', url: '/api/audit-log' })).statusCode).toBe(403);
      expect((await client.request({ method: 'GET', url: '/api/audit-log.csv' })).statusCode).toBe(403);
    }
    for (const method of ['POST', 'DELETE', 'PATCH'] as const) {
      expect((await admin.request({ method, url: '/api/audit-log' })).statusCode).toBe(404);
    }
  });

  it(`stays readable oldest first with ?after= (the original paging)`, async () => {
    const page = AuditLogPageSchema.parse(
      (await admin.request({ method: 'GET', url: '/api/audit-log?limit=10' })).json(),
    );
    const ids = page.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(page.nextAfter).toBe(ids.at(-1));
  });
});

// Keyset paging of a pull on both engines, over a view several pages long: every record arrives
// once, records that change or become visible between two pages arrive as they are now (a device
// that pulled page by page ends up with what a fresh device pulls), and the visibility rules
// (drafts stay with their author, blind scoring) hold on every page.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restampRecords, restampSubmitted } from '#server/store/feed.ts';
import { MAX_CHANGES_PER_PULL, type PullResponse } from '#shared/protocol/sync.ts';
import { createApiClient } from '#web/sync/api-client.ts';
import { pullPages as pullPagesAhead } from '#web/sync/pull-pages.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { completeResponses, fromBlank, patchAudit, startAudit, submitAudit } from '../setup/audits.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

type Change = PullResponse['changes'][number];
const key = (c: Pick<Change, 'kind' | 'id'>): string => `${c.kind}:${c.id}`;

const PLANS = 600;
/** Education has submitted plans [0, 400) and has drafts of the rest. */
const EDUCATION_SUBMITTED = (i: number): boolean => i < 400;
/** Health has submitted plans [200, 500) and has drafts of the rest. */
const HEALTH_SUBMITTED = (i: number): boolean => i >= 200 && i < 500;

type Pages = { pages: PullResponse[]; changes: Change[]; cursor: string };

/** Pulls page by page, as the device does, keeping every page. */
async function pullPages(client: TestClient, cursor = '0'): Promise<Pages> {
  const pages: PullResponse[] = [];
  let at = cursor;
  for (;;) {
    const page = await client.pull(at);
    pages.push(page);
    at = page.cursor;
    if (!page.hasMore) return { pages, changes: pages.flatMap((p) => p.changes), cursor: at };
  }
}

/** What a device holds after applying these changes in order: the last word on each record. */
function deviceView(changes: Change[]): Map<string, Change> {
  const view = new Map<string, Change>();
  for (const change of changes) {
    if (change.deleted) view.delete(key(change));
    else view.set(key(change), change);
  }
  return view;
}

const auditIds = (changes: Change[]): string[] =>
  changes.flatMap((c) => (c.kind === 'audit' && !c.deleted ? [c.id] : []));

describe.each(ENGINES)('pull paging on %s', (engine) => {
  let server: TestServer;
  let qaLead: TestClient;
  let education: TestClient;
  const refs = Array.from({ length: PLANS }, (_, i) => `PAGE-${engine.toUpperCase()}-${i}`);
  /** Audit ids by plan index. */
  const educationAudit: string[] = [];
  const healthAudit: string[] = [];
  let template: Audit;

  beforeAll(async () => {
    server = await startTestServer(engine);
    qaLead = await server.signIn('qa.lead@demo.example');
    education = await server.signIn('education.auditor@demo.example');

    // One audit through the real path, the template every bulk audit copies.
    const { changes } = await education.pullAll();
    const assignment = changes.find((c): c is Extract<Change, { kind: 'assignment' }> => c.kind === 'assignment')!
      .data as Assignment;
    const plan = changes.find((c) => c.kind === 'plan' && c.id === assignment.planRef)!.data as Plan;
    const framework = changes.find((c) => c.kind === 'framework')!.data as Framework;
    const auditId = randomUUID();
    const pushed = await education.push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, fromBlank(completeResponses(framework, plan.attributes))),
      submitAudit(auditId),
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const [stored] = await server.store.db.query<{ doc: Audit }>('SELECT doc FROM audits WHERE id = $1', [auditId]);
    template = stored!.doc;

    // 600 plans, each assigned to the education and the health auditor of the same cycle.
    const csv = ['ref,keyStage,yearGroup,primaryNeed,settingType,planType,lookedAfter'];
    for (const ref of refs) csv.push(`${ref},ks2,4,ASD,mainstream,new,no`);
    const imported = await qaLead.request({
      method: 'POST',
      url: '/api/plans/import',
      payload: csv.join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.statusCode).toBe(200);
    for (let i = 0; i < PLANS; i += 1) {
      educationAudit.push(randomUUID());
      healthAudit.push(randomUUID());
    }
    const rows = refs.flatMap((ref, i) => [
      {
        assignment: `page-e-${engine}-${i}`,
        audit: educationAudit[i]!,
        ref,
        auditor: 'user-education-auditor',
        agency: 'education',
        submitted: EDUCATION_SUBMITTED(i),
      },
      {
        assignment: `page-h-${engine}-${i}`,
        audit: healthAudit[i]!,
        ref,
        auditor: 'user-health-auditor',
        agency: 'health',
        submitted: HEALTH_SUBMITTED(i),
      },
    ]);
    const column = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => String(r[k]));
    await server.store.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO assignments (id, cycle_id, plan_ref, auditor_id, agency)
         SELECT a, $2, r, u, g FROM unnest($1::text[], $3::text[], $4::text[], $5::text[]) AS t(a, r, u, g)`,
        [column('assignment'), template.cycleId, column('ref'), column('auditor'), column('agency')],
      );
      // Copies of the template under their own ids; drafts lose the submission time.
      await tx.query(
        `INSERT INTO audits (id, assignment_id, cycle_id, plan_ref, auditor_id, status, revision, doc)
         SELECT t.id, t.a, $3, t.r, t.u, CASE WHEN t.s THEN 'submitted' ELSE 'draft' END, 1,
           (CASE WHEN t.s THEN $4::jsonb ELSE $4::jsonb - 'submittedAt' END)
             || jsonb_build_object('id', t.id, 'planRef', t.r, 'auditorId', t.u, 'agency', t.g,
                                   'status', CASE WHEN t.s THEN 'submitted' ELSE 'draft' END)
         FROM unnest($1::text[], $2::text[], $5::text[], $6::text[], $7::text[], $8::text[]::boolean[]) AS t(id, a, r, u, g, s)`,
        [
          column('audit'),
          column('assignment'),
          template.cycleId,
          JSON.stringify(template),
          column('ref'),
          column('auditor'),
          column('agency'),
          rows.map((r) => String(r.submitted)),
        ],
      );
      await restampRecords(tx, 'plan', refs);
      await restampRecords(tx, 'assignment', column('assignment'));
      await restampRecords(tx, 'audit', column('audit'));
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it("brings a QA lead's view of several pages whole: every submitted audit once, no draft", async () => {
    const { pages, changes } = await pullPages(qaLead);
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages.slice(0, -1)) {
      expect(page.hasMore).toBe(true);
      expect(page.changes).toHaveLength(MAX_CHANGES_PER_PULL);
    }
    expect(pages.at(-1)!.hasMore).toBe(false);
    expect(new Set(changes.map(key)).size).toBe(changes.length);
    const audits = new Set(auditIds(changes));
    const submitted = [
      ...educationAudit.filter((_, i) => EDUCATION_SUBMITTED(i)),
      ...healthAudit.filter((_, i) => HEALTH_SUBMITTED(i)),
    ];
    const drafts = [
      ...educationAudit.filter((_, i) => !EDUCATION_SUBMITTED(i)),
      ...healthAudit.filter((_, i) => !HEALTH_SUBMITTED(i)),
    ];
    expect(submitted.filter((id) => !audits.has(id))).toEqual([]);
    expect(drafts.filter((id) => audits.has(id))).toEqual([]);
    const plans = new Set(changes.flatMap((c) => (c.kind === 'plan' ? [c.id] : [])));
    expect(refs.filter((ref) => !plans.has(ref))).toEqual([]);
    // The records are whole: a pulled audit is the stored document, answers and all.
    const one = changes.find((c) => c.kind === 'audit' && c.id === educationAudit[0])!.data as Audit;
    expect(one).toEqual({
      ...template,
      id: educationAudit[0],
      planRef: refs[0],
      auditorId: 'user-education-auditor',
      agency: 'education',
    });
  });

  it("pulls through the device's own client the same view, asking for each next page before storing the one before", async () => {
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const log: string[] = [];
    const api = createApiClient({
      baseUrl: url,
      fetch: (input, init) => {
        log.push(`ask ${new URL(input).searchParams.get('cursor') ?? 'start'}`);
        return fetch(input, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), cookie: education.cookie },
        });
      },
    });
    const pages: PullResponse[] = [];
    for await (const page of pullPagesAhead(api, null)) {
      log.push(`store ${page.cursor}`);
      // Storing a page takes a while on a device; the next page is on its way meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 20));
      pages.push(page);
    }
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages.slice(0, -1)) {
      expect(log.indexOf(`ask ${page.cursor}`)).toBeGreaterThan(-1);
      expect(log.indexOf(`ask ${page.cursor}`)).toBeLessThan(log.indexOf(`store ${page.cursor}`));
    }
    // One request per page: the last page's headers say there is no more.
    expect(log.filter((line) => line.startsWith('ask'))).toHaveLength(pages.length);
    // The same changes, in the same order, as pulling one page at a time; blind scoring holds.
    const oneByOne = await pullPages(education);
    expect(pages.flatMap((p) => p.changes)).toEqual(oneByOne.changes);
    expect(pages.at(-1)!.cursor).toBe(oneByOne.cursor);
    const audits = new Set(auditIds(oneByOne.changes));
    expect(healthAudit.filter((id) => audits.has(id)).sort()).toEqual(healthAudit.slice(200, 400).sort());
  });

  it("keeps blind scoring on every page: a colleague's audit only once both are submitted", async () => {
    // The feed only says what to look at; the pull checks each record against the rules as they
    // are now. Feed entries that name health's hidden audits for education (as a feed gone stale
    // would) must bring nothing of them, only word that they are gone.
    const hidden = healthAudit.filter((_, i) => !(HEALTH_SUBMITTED(i) && EDUCATION_SUBMITTED(i)));
    await server.store.db.query(
      `INSERT INTO sync_feed (user_id, kind, record_id, visible)
       SELECT 'user-education-auditor', 'audit', id, true FROM unnest($1::text[]) AS t(id)
       ON CONFLICT (user_id, kind, record_id) DO NOTHING`,
      [hidden],
    );
    const { pages, changes } = await pullPages(education);
    expect(pages.length).toBeGreaterThan(1);
    expect(new Set(changes.map(key)).size).toBe(changes.length);
    const audits = new Set(auditIds(changes));
    expect(educationAudit.filter((id) => !audits.has(id))).toEqual([]);
    const colleagues = healthAudit.filter((id) => audits.has(id));
    // Health submitted [200, 500); education submitted [0, 400): both only on [200, 400).
    expect(colleagues.sort()).toEqual(healthAudit.slice(200, 400).sort());
    const stale = changes.filter((c) => hidden.includes(c.id));
    expect(stale).toHaveLength(hidden.length);
    expect(stale.every((c) => c.deleted && c.data === undefined)).toBe(true);
    const assignments = changes.flatMap((c) => (c.kind === 'assignment' ? [c.id] : []));
    expect(assignments.filter((id) => id.startsWith(`page-h-`))).toEqual([]);

    const parentRep = await server.signIn('parent.rep@demo.example');
    const theirs = (await pullPages(parentRep)).changes;
    expect(theirs.filter((c) => c.id.startsWith('PAGE-') || educationAudit.includes(c.id))).toEqual([]);
  });

  it('brings what changes between two pages as it is now, once, and misses nothing', async () => {
    const first = await education.pull('0');
    expect(first.hasMore).toBe(true);
    const delivered = new Set(first.changes.map(key));
    // Between this page and the next: a plan already delivered changes...
    const changedRef = refs.find((ref) => delivered.has(`plan:${ref}`))!;
    expect(changedRef).toBeDefined();
    const reimported = await qaLead.request({
      method: 'POST',
      url: '/api/plans/import',
      payload: `ref,keyStage,yearGroup,primaryNeed,settingType,planType,lookedAfter\n${changedRef},ks2,4,SLCN,mainstream,new,no`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(reimported.statusCode).toBe(200);
    // ...a draft not yet delivered is saved again by its author on another device...
    const draftIndex = educationAudit.findIndex((id, i) => !EDUCATION_SUBMITTED(i) && !delivered.has(`audit:${id}`));
    const draft = educationAudit[draftIndex]!;
    const [criterion, before] = Object.entries(template.responses)[0]!;
    const after = { ...before, comment: 'Saved again between two pages.' };
    const saved = await education.push([
      patchAudit(draft, { responses: { [criterion]: { from: before, to: after } } }),
    ]);
    expect(saved.results.map((r) => r.status)).toEqual(['applied']);
    // ...and a colleague's audit becomes visible: health submits plan 150, which education submitted.
    const colleagueIndex = 150;
    const colleague = healthAudit[colleagueIndex]!;
    expect(delivered.has(`audit:${colleague}`)).toBe(false);
    await server.store.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE audits SET status = 'submitted', doc = doc || '{"status": "submitted"}'::jsonb WHERE id = $1`,
        [colleague],
      );
      await restampSubmitted(tx, { id: colleague });
    });

    const rest = await pullPages(education, first.cursor);
    expect(new Set(rest.changes.map(key)).size).toBe(rest.changes.length);
    const pulled = [...first.changes, ...rest.changes];
    // A record appears twice only when it changed after it was delivered.
    const twice = pulled.map(key).filter((k, i, all) => all.indexOf(k) !== i);
    expect(twice).toEqual([`plan:${changedRef}`]);
    const view = deviceView(pulled);
    expect((view.get(`plan:${changedRef}`)!.data as Plan).attributes.primaryNeed).toBe('SLCN');
    expect((view.get(`audit:${draft}`)!.data as Audit).responses[criterion]?.comment).toBe(
      'Saved again between two pages.',
    );
    expect(view.has(`audit:${colleague}`)).toBe(true);
    // The device that pulled page by page holds exactly what a fresh device pulls now.
    const fresh = deviceView((await pullPages(education)).changes);
    expect([...view.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [k, change] of fresh) expect(view.get(k)).toEqual(change);
  });
});

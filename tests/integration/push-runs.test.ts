// Issue 15: a push applies each run of audit mutations (start, patch, submit next to each other in
// the batch) set-based. These check, on both engines, that a run answers every mutation exactly as
// the mutation-by-mutation path does, in order, with refused mutations leaving nothing behind, and
// that replaying a batch, or pushing it twice at once, applies each mutation once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult, PullResponse } from '#shared/protocol/sync.ts';
import type { Assignment } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import type { SqlParam } from '#server/store/sql-client.ts';
import { completeResponses, fromBlank, patchAudit, startAudit, submitAudit } from '../setup/audits.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

type Change = PullResponse['changes'][number];

type AuditorView = { client: TestClient; assignments: Assignment[]; plans: Map<string, Plan>; framework: Framework };

async function viewAs(server: TestServer, email: string): Promise<AuditorView> {
  const client = await server.signIn(email);
  const { changes } = await client.pullAll();
  const data = <K extends Change['kind']>(kind: K) =>
    changes.flatMap((c) =>
      c.kind === kind && !c.deleted && c.data ? [c.data as NonNullable<Extract<Change, { kind: K }>['data']>] : [],
    );
  const started = new Set(data('audit').map((a) => `${a.cycleId}/${a.planRef}`));
  return {
    client,
    // Only assignments nobody has started, so each test starts its own.
    assignments: data('assignment').filter((a) => !started.has(`${a.cycleId}/${a.planRef}`)),
    plans: new Map(data('plan').map((p) => [p.ref, p])),
    framework: data('framework')[0]!,
  };
}

function takeAssignment(view: AuditorView): Assignment {
  const assignment = view.assignments.shift();
  if (!assignment) throw new Error('no assignment left');
  return assignment;
}

/**
 * What a device is told about a mutation, without what differs between two audits: ids, records,
 * and which criteria an incomplete audit misses (that depends on its plan).
 */
const outcome = (result: MutationResult) =>
  result.status === 'rejected'
    ? result.reason === 'incomplete'
      ? { status: result.status, reason: result.reason }
      : { status: result.status, reason: result.reason, message: result.message, fields: result.fields }
    : result.status === 'conflict'
      ? { status: result.status, fields: result.fields }
      : { status: result.status };

/**
 * One audit's life with refusals in between: each step's expected answer is the per-mutation
 * path's (the same mutations pushed one at a time must be answered the same way).
 */
function mixedRun(view: AuditorView, assignment: Assignment, foreignAssignmentId: string, auditId: string) {
  const plan = view.plans.get(assignment.planRef)!;
  const complete = fromBlank(completeResponses(view.framework, plan.attributes));
  const start = startAudit(assignment.id, auditId);
  const mutations: Mutation[] = [
    start,
    patchAudit(auditId, { responses: { NOPE: { from: null, to: { rating: 'met' } } } }),
    submitAudit(auditId),
    patchAudit(auditId, complete),
    patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'not-met', comment: 'Other device.' } } } }),
    patchAudit(randomUUID(), { responses: { B1: { from: null, to: { rating: 'met' } } } }),
    startAudit(foreignAssignmentId),
    submitAudit(auditId, 2),
    submitAudit(auditId),
    patchAudit(auditId, { responses: { B2: { from: null, to: { rating: 'met' } } } }),
    submitAudit(auditId),
    { ...startAudit(assignment.id, auditId) },
    start,
  ];
  const expected = [
    'applied',
    'rejected:invalid',
    'rejected:incomplete',
    'applied',
    'conflict',
    'rejected:not-found',
    'rejected:forbidden',
    'rejected:invalid',
    'applied',
    'rejected:immutable',
    'duplicate',
    'duplicate',
    'duplicate',
  ];
  return { mutations, expected, assignment };
}

const summary = (results: MutationResult[]) =>
  results.map((r) => (r.status === 'rejected' ? `rejected:${r.reason}` : r.status));

describe.each(ENGINES)('a push with runs of audit mutations, on %s', (engine) => {
  let server: TestServer;
  let education: AuditorView;
  let health: AuditorView;

  beforeAll(async () => {
    server = await startTestServer(engine);
    education = await viewAs(server, 'education.auditor@demo.example');
    health = await viewAs(server, 'health.auditor@demo.example');
  });
  afterAll(async () => {
    await server?.close();
  });

  async function count(sql: string, params: SqlParam[]): Promise<number> {
    const rows = await server.store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return rows[0]?.n ?? 0;
  }
  const logOf = (auditId: string) =>
    server.store.db.query<{ action: string; before: unknown; after: unknown }>(
      'SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [auditId],
    );

  it('applies the valid mutations of a run and refuses the others, in order, as one at a time would', async () => {
    const foreign = health.assignments[0]!.id;
    const batched = mixedRun(education, takeAssignment(education), foreign, randomUUID());
    const batch = await education.client.push(batched.mutations);
    expect(summary(batch.results)).toEqual(batched.expected);
    expect(batch.results.map((r) => r.mutationId)).toEqual(batched.mutations.map((m) => m.id));

    // The same life of another audit, pushed one mutation at a time (each its own batch).
    const singleId = randomUUID();
    const single = mixedRun(education, takeAssignment(education), foreign, singleId);
    const oneByOne: MutationResult[] = [];
    const clientId = randomUUID();
    for (const mutation of single.mutations)
      oneByOne.push(...(await education.client.push([mutation], clientId)).results);
    expect(summary(oneByOne)).toEqual(single.expected);
    expect(batch.results.map(outcome)).toEqual(oneByOne.map(outcome));

    // The batched audit ends submitted with the complete patch, logged as one at a time would log it.
    const batchedId = (batched.mutations[0] as Extract<Mutation, { name: 'audit.start' }>).args.auditId;
    const [row] = await server.store.db.query<{ doc: { status: string; responses: unknown }; doc_json: string }>(
      'SELECT doc, doc_json FROM audits WHERE id = $1',
      [batchedId],
    );
    expect(row?.doc.status).toBe('submitted');
    // The text pulls send is the document as the run wrote it: the same, printed without spaces.
    expect(JSON.parse(row?.doc_json ?? '')).toEqual(row?.doc);
    expect(row?.doc_json).toBe(JSON.stringify(JSON.parse(row?.doc_json ?? '')));
    const plan = education.plans.get(batched.assignment.planRef)!;
    expect(row?.doc.responses).toEqual(completeResponses(education.framework, plan.attributes));
    const batchedLog = await logOf(batchedId);
    const singleLog = await logOf(singleId);
    expect(batchedLog.map((l) => l.action)).toEqual(['audit.start', 'audit.patch', 'audit.submit']);
    expect(singleLog.map((l) => l.action)).toEqual(batchedLog.map((l) => l.action));
    expect(Object.keys(batchedLog[1]?.after as object).sort()).toEqual(
      Object.keys(completeResponses(education.framework, plan.attributes))
        .map((id) => `responses.${id}`)
        .sort(),
    );
    expect(batchedLog[2]).toMatchObject({ before: { status: 'draft', revision: 1 }, after: { status: 'submitted' } });
    // Only the applied mutations are claimed: the refused ones, resent, are decided afresh.
    expect(
      await count('applied_mutations WHERE mutation_id = ANY ($1::text[])', [batched.mutations.map((m) => m.id)]),
    ).toBe(3);
  });

  it('falls back to one at a time when the database refuses a value in the run, refusing only that mutation', async () => {
    // The HTTP edge already refuses what PostgreSQL cannot store (NUL characters), so a trigger
    // stands in for such a value: it refuses, as a data exception, the log entry of one comment.
    await server.store.db.exec(`CREATE FUNCTION refuse_unstorable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.after::text LIKE '%Unstorable.%' THEN
          RAISE EXCEPTION 'cannot store this' USING ERRCODE = '22023';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_unstorable BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_unstorable()`);
    try {
      const assignment = takeAssignment(education);
      const auditId = randomUUID();
      const mutations = [
        startAudit(assignment.id, auditId),
        patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'met', comment: 'Unstorable.' } } } }),
        patchAudit(auditId, { responses: { B2: { from: null, to: { rating: 'not-met', comment: 'Stored.' } } } }),
      ];
      const { results } = await education.client.push(mutations);
      expect(summary(results)).toEqual(['applied', 'rejected:invalid', 'applied']);
      expect(results[1]).toMatchObject({ message: 'a value in this change cannot be stored' });
      const [row] = await server.store.db.query<{ doc: { responses: Record<string, unknown> } }>(
        'SELECT doc FROM audits WHERE id = $1',
        [auditId],
      );
      expect(Object.keys(row?.doc.responses ?? {})).toEqual(['B2']);
      expect((await logOf(auditId)).map((l) => l.action)).toEqual(['audit.start', 'audit.patch']);
      expect(await count('applied_mutations WHERE mutation_id = ANY ($1::text[])', [mutations.map((m) => m.id)])).toBe(
        2,
      );
    } finally {
      await server.store.db.exec('DROP TRIGGER refuse_unstorable ON audit_log; DROP FUNCTION refuse_unstorable()');
    }
  });

  it('answers the whole batch sent again as duplicates, changing nothing', async () => {
    const mutations = [takeAssignment(education), takeAssignment(education)].flatMap((assignment) => {
      const auditId = randomUUID();
      const plan = education.plans.get(assignment.planRef)!;
      return [
        startAudit(assignment.id, auditId),
        patchAudit(auditId, fromBlank(completeResponses(education.framework, plan.attributes))),
        submitAudit(auditId),
      ];
    });
    const auditIds = mutations.flatMap((m) => (m.name === 'audit.start' ? [m.args.auditId] : []));
    const clientId = randomUUID();
    const first = await education.client.push(mutations, clientId);
    expect(first.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
    const state = () =>
      server.store.db.query(
        `SELECT (SELECT json_agg(doc ORDER BY id) FROM audits WHERE id = ANY ($1::text[])) AS docs,
           (SELECT count(*)::int FROM audit_log WHERE entity_id = ANY ($1::text[])) AS logged,
           (SELECT json_agg(json_build_object('user', user_id, 'record', record_id, 'seq', seq) ORDER BY user_id, record_id)
            FROM sync_feed WHERE record_id = ANY ($1::text[])) AS feed`,
        [auditIds],
      );
    const before = await state();
    const replay = await education.client.push(mutations, clientId);
    expect(replay.results.map((r) => r.status)).toEqual(mutations.map(() => 'duplicate'));
    expect(replay.results.map((r) => r.mutationId)).toEqual(mutations.map((m) => m.id));
    expect(await state()).toEqual(before);
    expect(await count('audit_log WHERE entity_id = ANY ($1::text[])', [auditIds])).toBe(6);
  });

  it('applies each mutation once when the same batch is pushed twice at once', async () => {
    const assignment = takeAssignment(education);
    const auditId = randomUUID();
    const plan = education.plans.get(assignment.planRef)!;
    const mutations = [
      startAudit(assignment.id, auditId),
      patchAudit(auditId, fromBlank(completeResponses(education.framework, plan.attributes))),
      submitAudit(auditId),
    ];
    const clientId = randomUUID();
    const other = await viewAs(server, 'education.auditor@demo.example');
    const [a, b] = await Promise.all([
      education.client.push(mutations, clientId),
      other.client.push(mutations, clientId),
    ]);
    const statuses = [a.results.map((r) => r.status), b.results.map((r) => r.status)];
    expect(statuses).toContainEqual(['applied', 'applied', 'applied']);
    expect(statuses).toContainEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await count('audits WHERE assignment_id = $1', [assignment.id])).toBe(1);
    expect((await logOf(auditId)).map((l) => l.action)).toEqual(['audit.start', 'audit.patch', 'audit.submit']);
  });
});

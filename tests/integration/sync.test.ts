// The sync protocol end to end on both engines: applying pushes (idempotent, per-mutation outcomes,
// conflicts, validation against the pinned framework, completeness, immutability) and pulling.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHANGES_PER_PULL, type Mutation, type PullResponse } from '#shared/protocol/sync.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { restampRecord } from '#server/store/feed.ts';
import { completeResponses, fromBlank, patchAudit, startAudit, submitAudit } from '../setup/audits.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

type Change = PullResponse['changes'][number];
const dataOf = <K extends Change['kind']>(changes: Change[], kind: K) =>
  changes.flatMap((c) =>
    c.kind === kind && !c.deleted && c.data ? [c.data as NonNullable<Extract<Change, { kind: K }>['data']>] : [],
  );

type AuditorView = {
  client: TestClient;
  assignments: Assignment[];
  plans: Map<string, Plan>;
  frameworks: Map<string, Framework>;
  cursor: string;
};

async function viewAs(server: TestServer, email: string): Promise<AuditorView> {
  const client = await server.signIn(email);
  const { changes, cursor } = await client.pullAll();
  return {
    client,
    assignments: dataOf(changes, 'assignment'),
    plans: new Map(dataOf(changes, 'plan').map((p) => [p.ref, p])),
    frameworks: new Map(dataOf(changes, 'framework').map((f) => [`${f.id}@${f.version}`, f])),
    cursor,
  };
}

/** Takes the next unused assignment of this auditor, so tests never share one. */
function takeAssignment(view: AuditorView): Assignment {
  const assignment = view.assignments.shift();
  if (!assignment) throw new Error('no assignment left');
  return assignment;
}

function completePatchFor(view: AuditorView, assignment: Assignment) {
  const framework = [...view.frameworks.values()][0]!;
  const plan = view.plans.get(assignment.planRef)!;
  return fromBlank(completeResponses(framework, plan.attributes));
}

async function count(server: TestServer, sql: string, params: string[] = []): Promise<number> {
  const rows = await server.store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return rows[0]?.n ?? 0;
}

describe.each(ENGINES)('sync on %s', (engine) => {
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

  it('takes an audit from start to submitted and hands it back on pull', async () => {
    const assignment = takeAssignment(education);
    const auditId = randomUUID();
    const result = await education.client.push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, completePatchFor(education, assignment)),
      submitAudit(auditId),
    ]);
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const { changes } = await education.client.pullAll(education.cursor);
    const audit = dataOf(changes, 'audit').find((a) => a.id === auditId);
    expect(audit).toMatchObject({
      status: 'submitted',
      revision: 1,
      cycleId: assignment.cycleId,
      planRef: assignment.planRef,
      frameworkId: 'ehcp-quality',
      frameworkVersion: 1,
      auditorId: 'user-education-auditor',
      agency: 'education',
    });
    expect(Object.keys(audit!.responses).length).toBeGreaterThan(60);
  });

  it('applies the same push sent three times once', async () => {
    const assignment = takeAssignment(education);
    const auditId = randomUUID();
    const clientId = randomUUID();
    const batch = [
      startAudit(assignment.id, auditId),
      patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'met' } } } }),
    ];
    const first = await education.client.push(batch, clientId);
    const second = await education.client.push(batch, clientId);
    const third = await education.client.push(batch, clientId);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(second.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(third.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await count(server, 'audits WHERE assignment_id = $1', [assignment.id])).toBe(1);
    expect(await count(server, "audit_log WHERE entity_id = $1 AND action = 'audit.patch'", [auditId])).toBe(1);
  });

  it('applies the same mutation pushed at once over two connections once', async () => {
    const assignment = takeAssignment(education);
    const auditId = randomUUID();
    const clientId = randomUUID();
    const start = startAudit(assignment.id, auditId);
    const second = await viewAs(server, 'education.auditor@demo.example');
    const [a, b] = await Promise.all([education.client.push([start], clientId), second.client.push([start], clientId)]);
    expect([a.results[0]?.status, b.results[0]?.status].sort()).toEqual(['applied', 'duplicate']);
    expect(await count(server, 'audits WHERE assignment_id = $1', [assignment.id])).toBe(1);
    expect(await count(server, 'applied_mutations WHERE mutation_id = $1', [start.id])).toBe(1);
  });

  it('starts one audit per assignment when two devices start it at once', async () => {
    const assignment = takeAssignment(education);
    const [a, b] = await Promise.all([
      education.client.push([startAudit(assignment.id)]),
      education.client.push([startAudit(assignment.id)]),
    ]);
    const results = [a.results[0]!, b.results[0]!];
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'conflict']);
    const conflict = results.find((r) => r.status === 'conflict');
    expect(conflict).toMatchObject({ fields: ['auditId'], serverRecord: { status: 'draft' } });
    expect(await count(server, 'audits WHERE assignment_id = $1', [assignment.id])).toBe(1);
  });

  describe('field-level patches', () => {
    let auditId: string;
    beforeAll(async () => {
      auditId = randomUUID();
      await education.client.push([startAudit(takeAssignment(education).id, auditId)]);
    });

    it('merges changes to different criteria and reports a field changed on both sides as a conflict', async () => {
      const laptop = await education.client.push([
        patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'met' } } } }),
      ]);
      expect(laptop.results[0]?.status).toBe('applied');
      // The tablet last saw B1 blank and changes both B1 and B2: B1 conflicts, so none of it applies.
      const tablet = await education.client.push([
        patchAudit(auditId, {
          responses: {
            B1: { from: null, to: { rating: 'not-met' } },
            B2: { from: null, to: { rating: 'met' } },
          },
        }),
      ]);
      const result = tablet.results[0]!;
      expect(result.status).toBe('conflict');
      if (result.status !== 'conflict') return;
      expect(result.fields).toEqual(['responses.B1']);
      expect(result.serverRecord?.responses).toEqual({ B1: { rating: 'met' } });
      const merged = await education.client.push([
        patchAudit(auditId, { responses: { B2: { from: null, to: { rating: 'partly-met' } } } }),
      ]);
      expect(merged.results[0]?.status).toBe('applied');
    });

    it('takes a change that is already on the server as applied', async () => {
      const again = await education.client.push([
        patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'met' } } } }),
      ]);
      expect(again.results[0]?.status).toBe('applied');
    });

    it('removes a field set to null and conflicts on overrides and concerns too', async () => {
      const cleared = await education.client.push([
        patchAudit(auditId, {
          responses: { B2: { from: { rating: 'partly-met' }, to: null } },
          sectionOverrides: { B: { from: null, to: { grade: 2, reason: 'Needs are vague.' } } },
          concern: { from: null, to: { raised: true, note: 'Provision not in place.' } },
        }),
      ]);
      expect(cleared.results[0]?.status).toBe('applied');
      const stale = await education.client.push([
        patchAudit(auditId, {
          sectionOverrides: { B: { from: null, to: { grade: 3, reason: 'Fine.' } } },
          concern: { from: null, to: { raised: false, note: '' } },
        }),
      ]);
      expect(stale.results[0]).toMatchObject({ status: 'conflict', fields: ['sectionOverrides.B', 'concern'] });
    });

    it('refuses what the pinned framework does not allow, naming the fields', async () => {
      const invalid = await education.client.push([
        patchAudit(auditId, { responses: { ZZ9: { from: null, to: { rating: 'met' } } } }),
        patchAudit(auditId, { sectionOverrides: { F: { from: null, to: { grade: 7, reason: 'Off the scale.' } } } }),
        patchAudit(auditId, { sectionOverrides: { Q: { from: null, to: { grade: 2, reason: 'No such section.' } } } }),
        patchAudit(auditId, { overallOverride: { from: null, to: { grade: 0, reason: 'Off the scale.' } } }),
        patchAudit(auditId, {
          responses: { B3: { from: null, to: { rating: 'met', measure: { numerator: 1, denominator: 2 } } } },
        }),
      ]);
      expect(invalid.results.map((r) => (r.status === 'rejected' ? [r.reason, r.fields] : r.status))).toEqual([
        ['invalid', ['responses.ZZ9']],
        ['invalid', ['sectionOverrides.F']],
        ['invalid', ['sectionOverrides.Q']],
        ['invalid', ['overallOverride']],
        ['invalid', ['responses.B3']],
      ]);
    });

    it('refuses a rating the criterion does not allow', async () => {
      const framework = [...education.frameworks.values()][0]!;
      const limited = framework.sections.flatMap((s) => s.criteria).find((c) => c.allowedRatings);
      expect(limited).toBeDefined();
      const notAllowed = ['met', 'partly-met', 'not-met', 'na-stated', 'na-not-relevant', 'cannot-judge'].find(
        (r) => !limited!.allowedRatings!.includes(r as never) && framework.ratingOptions.some((o) => o.meaning === r),
      );
      expect(notAllowed).toBeDefined();
      const result = await education.client.push([
        patchAudit(auditId, { responses: { [limited!.id]: { from: null, to: { rating: notAllowed as 'met' } } } }),
      ]);
      expect(result.results[0]).toMatchObject({
        status: 'rejected',
        reason: 'invalid',
        fields: [`responses.${limited!.id}`],
      });
    });
  });

  it('refuses to submit an incomplete audit, listing what is missing', async () => {
    const assignment = takeAssignment(education);
    const auditId = randomUUID();
    const patch = completePatchFor(education, assignment);
    delete patch.responses!.F2;
    delete patch.responses!.B1;
    const result = await education.client.push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, { ...patch, overallOverride: { from: null, to: { grade: 2, reason: 'x' } } }),
      submitAudit(auditId),
    ]);
    const refused = result.results[2]!;
    expect(refused).toMatchObject({ status: 'rejected', reason: 'incomplete' });
    if (refused.status !== 'rejected') return;
    expect(refused.fields).toEqual(expect.arrayContaining(['responses.B1', 'responses.F2']));
    expect(refused.message).toMatch(/unanswered: .*B1/);
    expect(await count(server, "audits WHERE id = $1 AND status = 'draft'", [auditId])).toBe(1);
  });

  it('keeps a submitted audit as it is', async () => {
    const assignment = takeAssignment(education);
    const auditId = randomUUID();
    await education.client.push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, completePatchFor(education, assignment)),
      submitAudit(auditId),
    ]);
    const after = await education.client.push([
      patchAudit(auditId, { responses: { B1: { from: { rating: 'met' }, to: { rating: 'not-met' } } } }),
      submitAudit(auditId, 1),
      submitAudit(auditId, 2),
    ]);
    expect(after.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
      'immutable',
      'duplicate',
      'immutable',
    ]);
    // The database refuses it too, whatever the application code does.
    await expect(server.store.db.query("UPDATE audits SET status = 'draft' WHERE id = $1", [auditId])).rejects.toThrow(
      /submitted audit never changes/,
    );
  });

  it('answers each mutation of a batch on its own: one bad mutation never fails the others', async () => {
    const assignment = takeAssignment(education);
    const auditId = randomUUID();
    const result = await education.client.push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, { responses: { NOPE: { from: null, to: { rating: 'met' } } } }),
      patchAudit(randomUUID(), { responses: { B1: { from: null, to: { rating: 'met' } } } }),
      startAudit(health.assignments[0]!.id),
      patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'met' } } } }),
    ]);
    expect(result.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
      'applied',
      'invalid',
      'not-found',
      'forbidden',
      'applied',
    ]);
    expect(result.results.map((r) => r.mutationId)).toHaveLength(5);
  });

  it('refuses another auditor changing or submitting an audit that is not theirs', async () => {
    const assignment = takeAssignment(education);
    const auditId = randomUUID();
    await education.client.push([startAudit(assignment.id, auditId)]);
    const result = await health.client.push([
      patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'not-met' } } } }),
      submitAudit(auditId),
    ]);
    expect(result.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
      'forbidden',
      'forbidden',
    ]);
  });

  it('tells a client too old from a server too old', async () => {
    const push = (protocolVersion: number) =>
      education.client.request({
        method: 'POST',
        url: '/api/sync/push',
        payload: { protocolVersion, clientId: randomUUID(), mutations: [] },
      });
    expect((await push(0)).statusCode).toBe(426);
    expect((await push(0)).json()).toMatchObject({ error: 'client-too-old' });
    expect((await push(2)).statusCode).toBe(409);
    expect((await push(2)).json()).toMatchObject({ error: 'server-too-old' });
    const pull = (version?: string) =>
      education.client.request({
        method: 'GET',
        url: '/api/sync/pull?cursor=0',
        ...(version ? { headers: { 'x-sync-protocol': version } } : {}),
      });
    expect((await pull('0')).json()).toMatchObject({ error: 'client-too-old' });
    expect((await pull('0')).statusCode).toBe(426);
    expect((await pull('2')).statusCode).toBe(409);
    expect((await pull('2')).json()).toMatchObject({ error: 'server-too-old' });
    expect((await pull()).statusCode).toBe(400);
    expect((await pull('1')).statusCode).toBe(200);
  });

  it('pages a pull by cursor with hasMore, and refuses a cursor it did not hand out', async () => {
    const qaLead = await server.signIn('qa.lead@demo.example');
    const first = await qaLead.pull();
    const all = await qaLead.pullAll();
    expect(first.changes.length).toBeLessThanOrEqual(MAX_CHANGES_PER_PULL);
    expect(new Set(all.changes.map((c) => `${c.kind}:${c.id}`)).size).toBe(all.changes.length);
    const again = await qaLead.pull(all.cursor);
    expect(again).toMatchObject({ changes: [], hasMore: false, cursor: all.cursor });
    for (const cursor of ['abc', '1-', '-1-2', '1.5-2', "1-2'; DROP TABLE audits; --"]) {
      const response = await qaLead.request({
        method: 'GET',
        url: `/api/sync/pull?cursor=${encodeURIComponent(cursor)}`,
        headers: { 'x-sync-protocol': '1' },
      });
      expect(response.statusCode).toBe(400);
    }
  });

  it('pages through more changes than one pull holds', async () => {
    const qaLead = await server.signIn('qa.lead@demo.example');
    const before = await qaLead.pullAll();
    const csv = ['ref,keyStage,yearGroup,primaryNeed,settingType,planType,lookedAfter'];
    for (let i = 0; i < MAX_CHANGES_PER_PULL + 20; i += 1)
      csv.push(`BULK-${engine.toUpperCase()}-${i},ks2,4,ASD,mainstream,new,no`);
    const imported = await qaLead.request({
      method: 'POST',
      url: '/api/plans/import',
      payload: csv.join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.statusCode).toBe(200);
    const page = await qaLead.pull(before.cursor);
    expect(page.hasMore).toBe(true);
    expect(page.changes).toHaveLength(MAX_CHANGES_PER_PULL);
    const rest = await qaLead.pullAll(page.cursor);
    expect(rest.changes).toHaveLength(20);
  });

  it('delivers records that become visible later even though they are older than the cursor', async () => {
    // The social care auditor's device is up to date...
    const socialCare = await viewAs(server, 'social-care.auditor@demo.example');
    const qaLead = await server.signIn('qa.lead@demo.example');
    const cycles = (await qaLead.request({ method: 'GET', url: '/api/cycles' })).json<{
      cycles: { id: string; frameworkId: string; sampledPlans: string[] }[];
    }>().cycles;
    const reviews = cycles.find((c) => c.frameworkId === 'annual-review-visit')!;
    const planRef = reviews.sampledPlans.find((ref) => !socialCare.plans.has(ref))!;
    expect(planRef).toBeDefined();
    expect(socialCare.frameworks.has('annual-review-visit@1')).toBe(false);
    // ...then is assigned a plan (and a framework) created long before its cursor.
    const assigned = await qaLead.request({
      method: 'POST',
      url: `/api/cycles/${reviews.id}/assignments`,
      payload: { assignments: [{ planRef, auditorId: 'user-social-care-auditor' }] },
    });
    expect(assigned.statusCode).toBe(201);
    const { changes } = await socialCare.client.pullAll(socialCare.cursor);
    const kinds = changes.map((c) => `${c.kind}:${c.id}`);
    expect(kinds).toEqual(
      expect.arrayContaining([`plan:${planRef}`, `cycle:${reviews.id}`, 'framework:annual-review-visit@1']),
    );
    expect(dataOf(changes, 'assignment').map((a) => a.planRef)).toEqual([planRef]);
    const cycle = dataOf(changes, 'cycle').find((c) => c.id === reviews.id)!;
    expect(cycle.sampledPlans).toEqual([planRef]);
    expect(cycle.samplingFrame).toBeUndefined();
  });

  it("delivers a colleague's earlier audit once the auditor submits their own (blind scoring)", async () => {
    const planRef = health.assignments.find((h) => education.assignments.some((e) => e.planRef === h.planRef))!.planRef;
    const healthAssignment = health.assignments.find((a) => a.planRef === planRef)!;
    const educationAssignment = education.assignments.find((a) => a.planRef === planRef)!;
    education.assignments = education.assignments.filter((a) => a !== educationAssignment);
    const healthAudit = randomUUID();
    await health.client.push([
      startAudit(healthAssignment.id, healthAudit),
      patchAudit(healthAudit, completePatchFor(health, healthAssignment)),
      submitAudit(healthAudit),
    ]);
    const educationAudit = randomUUID();
    await education.client.push([
      startAudit(educationAssignment.id, educationAudit),
      patchAudit(educationAudit, completePatchFor(education, educationAssignment)),
    ]);
    const beforeSubmit = await education.client.pullAll(education.cursor);
    expect(beforeSubmit.changes.some((c) => c.id === healthAudit)).toBe(false);
    expect(await education.client.push([submitAudit(educationAudit)])).toMatchObject({
      results: [{ status: 'applied' }],
    });
    const afterSubmit = await education.client.pullAll(beforeSubmit.cursor);
    const seen = dataOf(afterSubmit.changes, 'audit').map((a: Audit) => a.id);
    expect(seen).toEqual(expect.arrayContaining([healthAudit, educationAudit]));
    // And the health auditor, who submitted first, now sees the education audit.
    const healthPull = await health.client.pullAll(health.cursor);
    expect(dataOf(healthPull.changes, 'audit').map((a) => a.id)).toContain(educationAudit);
  });

  it.runIf(engine === 'postgres')(
    'never skips a change that commits after a later one: the cursor waits for the older transaction',
    async () => {
      const view = await viewAs(server, 'education.auditor@demo.example');
      const planRef = [...view.plans.keys()][0]!;
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let written = (): void => undefined;
      const hasWritten = new Promise<void>((resolve) => (written = resolve));
      // An older transaction re-stamps the auditor's user record and stays open...
      const older = server.store.db.transaction(async (tx) => {
        await restampRecord(tx, 'user', 'user-education-auditor');
        written();
        await held;
      });
      await hasWritten;
      try {
        // ...while a newer one re-stamps a plan and commits first.
        await server.store.db.transaction((tx) => restampRecord(tx, 'plan', planRef));
        const during = await view.client.pull(view.cursor);
        expect(during.changes).toEqual([]);
        expect(during.cursor).toBe(view.cursor);
      } finally {
        release();
        await older;
      }
      const after = await view.client.pullAll(view.cursor);
      expect(after.changes.map((c) => `${c.kind}:${c.id}`).sort()).toEqual([
        `plan:${planRef}`,
        'user:user-education-auditor',
      ]);
    },
  );

  it('stores nothing of a push it refuses as a whole', async () => {
    const before = await count(server, 'applied_mutations');
    const bad: unknown[] = [
      { protocolVersion: 1, clientId: 'not-a-uuid', mutations: [startAudit(randomUUID())] },
      { protocolVersion: 1, clientId: randomUUID(), mutations: [] },
      {
        protocolVersion: 1,
        clientId: randomUUID(),
        mutations: [{ ...startAudit(randomUUID()), name: 'audit.delete' }],
      },
      { protocolVersion: 1, clientId: randomUUID(), mutations: [startAudit(randomUUID())], extra: true },
    ];
    for (const payload of bad) {
      const response = await education.client.request({ method: 'POST', url: '/api/sync/push', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'validation-failed' });
    }
    expect(await count(server, 'applied_mutations')).toBe(before);
  });

  it('answers a mutation list with one result per mutation, in order', async () => {
    const mutations: Mutation[] = Array.from({ length: 5 }, () => submitAudit(randomUUID()));
    const result = await education.client.push(mutations);
    expect(result.results.map((r) => r.mutationId)).toEqual(mutations.map((m) => m.id));
  });
});

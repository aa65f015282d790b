// Frameworks, the plan list and cycles through the API on both engines: import and publish with
// problems by path, CSV import refusing identifiers and idempotent on re-import, reproducible samples.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawSample } from '#shared/domain/sampling.ts';
import {
  CycleDetailResponseSchema,
  FrameworkListResponseSchema,
  PlanImportResponseSchema,
  PlanListResponseSchema,
} from '#shared/protocol/api.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const EHCP = JSON.parse(readFileSync('audit-frameworks/ehcp-quality-audit.json', 'utf8')) as Framework;

describe.each(ENGINES)('frameworks, plans and cycles on %s', (engine) => {
  let server: TestServer;
  let qa: TestClient;
  beforeAll(async () => {
    server = await startTestServer(engine);
    qa = await server.signIn('qa.lead@demo.example');
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('frameworks', () => {
    it('imports a framework as a draft, then publishes it; a published version never changes', async () => {
      const imported = await qa.request({
        method: 'POST',
        url: '/api/frameworks',
        payload: { ...EHCP, id: 'local-audit', status: 'draft', version: undefined },
      });
      expect(imported.statusCode).toBe(201);
      expect(imported.json()).toMatchObject({ framework: { id: 'local-audit', version: 1, status: 'draft' } });
      const replaced = await qa.request({
        method: 'POST',
        url: '/api/frameworks',
        payload: { ...EHCP, id: 'local-audit', version: 1, title: 'Local audit (revised)' },
      });
      expect(replaced.statusCode).toBe(201);
      const published = await qa.request({ method: 'POST', url: '/api/frameworks/local-audit/1/publish' });
      expect(published.statusCode).toBe(200);
      expect(published.json()).toMatchObject({ framework: { status: 'published', title: 'Local audit (revised)' } });
      expect((await qa.request({ method: 'POST', url: '/api/frameworks/local-audit/1/publish' })).statusCode).toBe(409);
      const overwrite = await qa.request({
        method: 'POST',
        url: '/api/frameworks',
        payload: { ...EHCP, id: 'local-audit', version: 1 },
      });
      expect(overwrite.statusCode).toBe(409);
      expect(overwrite.json()).toMatchObject({
        error: 'conflict',
        message: expect.stringMatching(/new version/) as string,
      });
      const next = await qa.request({
        method: 'POST',
        url: '/api/frameworks',
        payload: { ...EHCP, id: 'local-audit', status: 'draft', version: undefined },
      });
      expect(next.json()).toMatchObject({ framework: { version: 2, status: 'draft' } });
      await expect(
        server.store.db.query("UPDATE frameworks SET title = 'x' WHERE id = 'local-audit' AND version = 1"),
      ).rejects.toThrow(/never changes/);
      const list = FrameworkListResponseSchema.parse(
        (await qa.request({ method: 'GET', url: '/api/frameworks' })).json(),
      );
      expect(list.frameworks.filter((f) => f.id === 'local-audit').map((f) => [f.version, f.status])).toEqual([
        [1, 'published'],
        [2, 'draft'],
      ]);
      const auditor = await server.signIn('health.auditor@demo.example');
      const seen = FrameworkListResponseSchema.parse(
        (await auditor.request({ method: 'GET', url: '/api/frameworks' })).json(),
      );
      expect(seen.frameworks.every((f) => f.status === 'published')).toBe(true);
      expect((await auditor.request({ method: 'GET', url: '/api/frameworks/local-audit/2' })).statusCode).toBe(404);
    });

    it('reports every problem in a framework by its path inside the file', async () => {
      const broken = structuredClone(EHCP) as unknown as {
        sections: { criteria: { id: string; statutory: unknown }[] }[];
        overall: { rules: { when: { section?: string } }[] };
      };
      broken.sections[1]!.criteria[0]!.statutory = 'yes';
      const response = await qa.request({ method: 'POST', url: '/api/frameworks', payload: broken });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: 'validation-failed',
        issues: [{ path: 'sections[1].criteria[0].statutory', message: 'expected true or false, got the text "yes"' }],
      });
      const duplicate = structuredClone(EHCP);
      duplicate.sections[1]!.criteria[1]!.id = duplicate.sections[1]!.criteria[0]!.id;
      const second = await qa.request({ method: 'POST', url: '/api/frameworks', payload: duplicate });
      expect(second.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual([
        'sections[1].criteria[1].id',
      ]);
      expect((await qa.request({ method: 'POST', url: '/api/frameworks', payload: [] })).statusCode).toBe(400);
    });
  });

  describe('plan import', () => {
    const csv = [
      'ref,keyStage,yearGroup,primaryNeed,settingType,planType,lookedAfter,team,Child name,Notes',
      'IMP-0001,ks2,4,ASD,mainstream,new,no,North team,,',
      'IMP-0002,ks4,10,SEMH,special,annual-review,yes,South team,,',
      'IMP-0003,ks3,8,MLD,mainstream,amended,no,East team,Alex Jones,',
      'IMP-0004,ks1,2,SLCN,mainstream,new,no,West team,,NHS number 943 476 5919',
      'IMP-0005,ks5,14,XYZ,mainstream,new,no,West team,,',
    ].join('\r\n');
    const importCsv = (text: string) =>
      qa.request({ method: 'POST', url: '/api/plans/import', payload: text, headers: { 'content-type': 'text/csv' } });

    it('imports the clean rows and refuses each row with an identifier, saying why', async () => {
      const response = await importCsv(csv);
      expect(response.statusCode).toBe(200);
      const result = PlanImportResponseSchema.parse(response.json());
      expect(result.created).toEqual(['IMP-0001', 'IMP-0002']);
      expect(result.refused.map((r) => [r.line, r.ref, r.reasons])).toEqual([
        [4, 'IMP-0003', ['column "Child name" holds a name']],
        [5, 'IMP-0004', ['column "Notes" looks like an NHS number']],
        [
          6,
          'IMP-0005',
          [
            expect.stringMatching(/^keyStage: "ks5" is not valid/),
            expect.stringMatching(/^primaryNeed: "XYZ" is not valid/),
          ],
        ],
      ]);
      const plans = PlanListResponseSchema.parse((await qa.request({ method: 'GET', url: '/api/plans' })).json()).plans;
      expect(JSON.stringify(plans)).not.toMatch(/Alex|943 476/);
    });

    it('changes nothing when the same file is imported again', async () => {
      const logBefore = await server.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      const feedBefore = await server.store.db.query<{ n: number }>('SELECT max(seq)::int AS n FROM sync_feed');
      const result = PlanImportResponseSchema.parse((await importCsv(csv)).json());
      expect(result).toMatchObject({ created: [], updated: [], unchanged: 2 });
      const logAfter = await server.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      const feedAfter = await server.store.db.query<{ n: number }>('SELECT max(seq)::int AS n FROM sync_feed');
      expect(logAfter).toEqual(logBefore);
      expect(feedAfter).toEqual(feedBefore);
    });

    it('updates a plan whose attributes changed, and logs before and after', async () => {
      const changed = csv.replace('IMP-0001,ks2,4,', 'IMP-0001,ks2,5,');
      const result = PlanImportResponseSchema.parse((await importCsv(changed)).json());
      expect(result).toMatchObject({ created: [], updated: ['IMP-0001'], unchanged: 1 });
      const [entry] = await server.store.db.query<{ before: { yearGroup: number }; after: { yearGroup: number } }>(
        "SELECT before, after FROM audit_log WHERE entity_id = 'IMP-0001' AND action = 'plan.update'",
      );
      expect([entry?.before.yearGroup, entry?.after.yearGroup]).toEqual([4, 5]);
    });

    it('refuses a file without a reference column, or sent as JSON', async () => {
      const response = await importCsv('name,keyStage\nJo,ks2\n');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: 'validation-failed',
        message: expect.stringMatching(/reference/) as string,
      });
      expect((await qa.request({ method: 'POST', url: '/api/plans/import', payload: { csv } })).statusCode).toBe(415);
    });
  });

  describe('cycles', () => {
    const createCycle = (payload: Record<string, unknown>) =>
      qa.request({
        method: 'POST',
        url: '/api/cycles',
        payload: {
          name: 'Summer term 2026',
          periodStart: '2026-04-13',
          periodEnd: '2026-07-22',
          frameworkId: 'ehcp-quality',
          frameworkVersion: 1,
          ...payload,
        },
      });

    it('draws a stratified sample with its seed and frame recorded, so it can be drawn again', async () => {
      const response = await createCycle({
        sample: { method: 'stratified', size: 8, seed: 99, strata: ['keyStage'] },
        frame: { planTypes: ['annual-review', 'amended'] },
      });
      expect(response.statusCode).toBe(201);
      const { cycle } = CycleDetailResponseSchema.parse(response.json());
      const plans = PlanListResponseSchema.parse((await qa.request({ method: 'GET', url: '/api/plans' })).json()).plans;
      const frame = plans.filter((p) => ['annual-review', 'amended'].includes(p.attributes.planType));
      expect(cycle.samplingFrame).toEqual(frame.map((p) => p.ref).sort());
      expect(cycle.sampledPlans).toHaveLength(8);
      expect(drawSample(frame, cycle.sample!).sample).toEqual(cycle.sampledPlans);
      const [snapshot] = await server.store.db.query<{ frame_snapshot: unknown[] }>(
        'SELECT frame_snapshot FROM cycles WHERE id = $1',
        [cycle.id],
      );
      expect(snapshot?.frame_snapshot).toHaveLength(frame.length);
    });

    it('refuses an unpublished framework, an empty frame or a chosen plan outside it', async () => {
      const draft = await createCycle({
        frameworkId: 'ehcp-quality',
        frameworkVersion: 9,
        sample: { method: 'random', size: 2, seed: 1 },
      });
      expect(draft.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'frameworkVersion' }] });
      const empty = await createCycle({
        sample: { method: 'random', size: 2, seed: 1 },
        frame: { keyStages: ['post-19'], lookedAfter: true, settingTypes: ['early-years'] },
      });
      expect(empty.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'frame' }] });
      const chosen = await createCycle({ sample: { method: 'chosen', size: 1, seed: 1 }, chosenPlans: ['NOT-A-PLAN'] });
      expect(chosen.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'sample' }] });
      const backwards = await createCycle({ periodEnd: '2026-01-01', sample: { method: 'random', size: 2, seed: 1 } });
      expect(backwards.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'periodEnd' }] });
    });

    it('assigns auditors by agency to sampled plans only, once each', async () => {
      const { cycle } = CycleDetailResponseSchema.parse(
        (
          await createCycle({ sample: { method: 'chosen', size: 2, seed: 1 }, chosenPlans: ['PLN-0001', 'PLN-0002'] })
        ).json(),
      );
      const assign = (assignments: unknown[]) =>
        qa.request({ method: 'POST', url: `/api/cycles/${cycle.id}/assignments`, payload: { assignments } });
      const first = await assign([
        { planRef: 'PLN-0001', auditorId: 'user-health-auditor', dueDate: '2026-05-01' },
        { planRef: 'PLN-0001', auditorId: 'user-sendat-auditor' },
      ]);
      expect(first.statusCode).toBe(201);
      const detail = CycleDetailResponseSchema.parse(first.json());
      expect(detail.assignments.map((a) => [a.planRef, a.auditorId, a.agency, a.dueDate])).toEqual([
        ['PLN-0001', 'user-health-auditor', 'health', '2026-05-01'],
        ['PLN-0001', 'user-sendat-auditor', 'sendat', undefined],
      ]);
      const again = CycleDetailResponseSchema.parse(
        (await assign([{ planRef: 'PLN-0001', auditorId: 'user-health-auditor' }])).json(),
      );
      expect(again.assignments).toHaveLength(2);
      const refused = await assign([
        { planRef: 'PLN-0003', auditorId: 'user-health-auditor' },
        { planRef: 'PLN-0002', auditorId: 'user-parent-rep' },
        { planRef: 'PLN-0002', auditorId: 'nobody' },
      ]);
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual([
        'assignments[0].planRef',
        'assignments[1].auditorId',
        'assignments[2].auditorId',
      ]);
      expect((await qa.request({ method: 'GET', url: '/api/cycles/nope' })).statusCode).toBe(404);
      expect(
        (
          await qa.request({
            method: 'POST',
            url: '/api/cycles/nope/assignments',
            payload: { assignments: [{ planRef: 'PLN-0001', auditorId: 'user-health-auditor' }] },
          })
        ).statusCode,
      ).toBe(404);
    });
  });
});

// The published figures on both engines: a public page and CSV that need no sign-in, show only the
// figures the council chose, withhold any figure over fewer signed-off plans than the threshold,
// and give nothing else away (no plan, no criterion, no person; framing only by the chosen origin).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriterionResponse } from '#shared/schemas/audit.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import { loadShippedFramework, REVIEW_FRAMEWORK_FILE } from '../fixtures/shipped-frameworks.ts';
import {
  agreeAll,
  completeResponses,
  fromBlank,
  openModeration,
  patchModeration,
  signOffModeration,
  startAudit,
  submitAudit,
  patchAudit,
} from '../setup/audits.ts';
import { EMAIL } from '../setup/demo-people.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const review = loadShippedFramework(REVIEW_FRAMEWORK_FILE);
const LOCAL_OFFER = 'https://localoffer.riverside.example.gov.uk';

describe.each(ENGINES)('published figures on %s', (engine) => {
  let server: TestServer;
  let admin: TestClient;
  let qa: TestClient;
  let sendat: TestClient;
  let cycle: Cycle;
  let assignments: Assignment[];
  let plans: Plan[];

  const settings: CouncilSettings = {
    councilName: 'Riverside Council',
    showAuditorNamesToParentReps: false,
    smallNumberThreshold: 3,
    publication: {
      figures: ['measure:review-within-12-months', 'measure:attainment-against-outcomes', 'good-or-better-overall'],
      embedOrigin: LOCAL_OFFER,
    },
  };

  /** The SEND advisory teacher audits a review, and the panel agrees and signs it off. */
  async function signOffReview(planRef: string, override: Record<string, CriterionResponse> = {}): Promise<void> {
    const plan = plans.find((p) => p.ref === planRef)!;
    const assignment = assignments.find((a) => a.planRef === planRef)!;
    const auditId = randomUUID();
    const audited = await sendat.push([
      startAudit(assignment.id, auditId),
      patchAudit(auditId, fromBlank({ ...completeResponses(review, plan.attributes), ...override })),
      submitAudit(auditId),
    ]);
    expect(audited.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const moderationId = randomUUID();
    const moderated = await qa.push([
      openModeration(cycle.id, planRef, moderationId),
      patchModeration(
        moderationId,
        agreeAll(
          review.sections.map((s) => s.id),
          3,
        ),
      ),
      signOffModeration(moderationId),
    ]);
    expect(moderated.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  }

  const anonymous = (url: string) => server.app.inject({ method: 'GET', url });
  const csvRows = async () =>
    (await anonymous('/api/public/figures.csv')).body.replace('\uFEFF', '').trim().split('\r\n');

  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await server.signIn(EMAIL.admin);
    qa = await server.signIn(EMAIL['qa-lead']);
    sendat = await server.signIn(EMAIL.sendat);
    cycle = (await qa.request({ method: 'GET', url: '/api/cycles' }))
      .json<{ cycles: Cycle[] }>()
      .cycles.find((c) => c.frameworkId === 'annual-review-visit')!;
    assignments = (await qa.request({ method: 'GET', url: `/api/cycles/${cycle.id}` })).json<{
      assignments: Assignment[];
    }>().assignments;
    plans = (await qa.request({ method: 'GET', url: '/api/plans' })).json<{ plans: Plan[] }>().plans;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('publishes nothing, and may not be framed, until the council chooses figures', async () => {
    const page = await anonymous('/public/figures');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The council has not published any figures yet.');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(await csvRows()).toHaveLength(1);
  });

  it('lets only an admin choose the figures, and only figures that can be published', async () => {
    const put = (client: TestClient, payload: unknown) =>
      client.request({ method: 'PUT', url: '/api/settings', payload });
    expect((await put(qa, settings)).statusCode).toBe(403);
    const choices = await admin.request({ method: 'GET', url: '/api/publication/choices' });
    expect(choices.json<{ choices: { id: string }[] }>().choices.map((c) => c.id)).toEqual([
      'plans-moderated',
      'good-or-better-overall',
      'measure:review-within-12-months',
      'measure:attainment-against-outcomes',
      'measure:views-before-review',
      'measure:section-f-in-place',
    ]);
    expect((await qa.request({ method: 'GET', url: '/api/publication/choices' })).statusCode).toBe(403);
    const bad = await put(admin, {
      ...settings,
      publication: { figures: ['plan:PLN-0001'], embedOrigin: 'https://x.example/path' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await put(admin, settings)).statusCode).toBe(200);
  });

  it('withholds every chosen figure while fewer plans than the threshold are signed off', async () => {
    for (const planRef of cycle.sampledPlans.slice(0, 2)) await signOffReview(planRef);
    const page = await anonymous('/public/figures');
    expect(page.body.match(/Not published: based on fewer than 3 plans/g)).toHaveLength(3);
    expect((await csvRows()).slice(1).map((row) => row.split(',').slice(0, 3))).toEqual([
      ['measure:review-within-12-months', 'Reviews held within 12 months', ''],
      ['measure:attainment-against-outcomes', 'Reviews that compared attainment with the Section E outcomes', ''],
      ['good-or-better-overall', 'EHC plans judged good or better overall', ''],
    ]);
  });

  it('shows the chosen figures once enough plans are signed off, and still withholds a share a small group would give away', async () => {
    const [third, fourth] = cycle.sampledPlans.slice(2, 4);
    await signOffReview(third!);
    // One review in four did not compare attainment with the outcomes: 3 of 4 would point at that one.
    await signOffReview(fourth!, { PROG1: { rating: 'not-met' } });
    const page = await anonymous('/public/figures');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const cells = [
      ...page.body.matchAll(
        /<tr class="govuk-table__row"><th scope="row"[^>]*>([^<]*)<\/th><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td>/g,
      ),
    ].map((m) => m.slice(1));
    expect(cells).toEqual([
      ['Reviews held within 12 months', '100%', 'About 5 reviews'],
      [
        'Reviews that compared attainment with the Section E outcomes',
        'Not published: based on fewer than 3 plans',
        '',
      ],
      ['EHC plans judged good or better overall', '100%', 'About 5 plans'],
    ]);
    expect(page.body).not.toContain('EHC plans audited and moderated');
    expect(page.body).not.toContain('views of the parent');
    const rows = await csvRows();
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(
      /^measure:review-within-12-months,Reviews held within 12 months,100,percent,5,reviews,published,/,
    );
  });

  it('needs no sign-in, may be framed by the Local Offer site only, and gives away no plan, criterion or person', async () => {
    const page = await anonymous('/public/figures');
    const csv = await anonymous('/api/public/figures.csv');
    expect(page.headers['content-security-policy']).toContain(`frame-ancestors ${LOCAL_OFFER}`);
    expect(page.headers['content-security-policy']).not.toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    for (const body of [page.body, csv.body]) {
      expect(body).not.toMatch(/PLN-\d{4}/);
      expect(body).not.toMatch(/TIME1|PROG1|VOICE1/);
      expect(body).not.toMatch(/Sasha|Quinn|auditor|demo\.example/i);
      expect(body).not.toContain(cycle.id);
    }
    expect(page.body).not.toContain('<script');
    const styles = await anonymous('/public/figures.css');
    expect(styles.statusCode).toBe(200);
    expect(styles.body).toContain('.govuk-table');
    expect(styles.body).not.toContain('GDS Transport');
    // Everything else still needs a session.
    for (const url of ['/api/settings', '/api/plans', '/api/cycles']) {
      expect([url, (await anonymous(url)).statusCode]).toEqual([url, 401]);
    }
    expect((await anonymous('/api/public/figures.json')).statusCode).toBe(404);
  });
});

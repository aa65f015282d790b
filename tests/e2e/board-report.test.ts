// Reports in Debian's chromium against the real server: three auditors submit audits of two plans
// and the QA lead agrees one of them (over the API); the QA lead signs in, syncs, goes offline, and
// makes the board report and a plan report as PDFs in the report worker, downloads them, and finds
// the same figures in the PDF (read back with pdftotext) as in the HTML version, then opens the agreement
// between auditors. Axe checks each screen.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SYNC_PROTOCOL_VERSION, type Mutation, type PushResponse } from '#shared/protocol/sync.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import {
  agreeAll,
  completeResponses,
  fromBlank,
  openModeration,
  patchAudit,
  patchModeration,
  startAudit,
  submitAudit,
} from '../setup/audits.ts';
import { firstPage, waitForServiceWorker } from './support/browser.ts';
import { e2eBuildDir } from './support/build.ts';
import { apiSession } from './support/server.ts';
import { signIn } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const QA_LEAD = 'qa.lead@demo.example';
const AUDITORS = {
  education: 'education.auditor@demo.example',
  health: 'health.auditor@demo.example',
  'social-care': 'social-care.auditor@demo.example',
} as const;

const suite = useAppSuite({ outDir: e2eBuildDir('reports-dist') });

type ApiUser = { cookie: string; csrfToken: string };

async function api<T>(user: ApiUser, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${suite.server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie: user.cookie,
      'x-csrf-token': user.csrfToken,
      'x-sync-protocol': String(SYNC_PROTOCOL_VERSION),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function push(user: ApiUser, mutations: Mutation[]): Promise<void> {
  const result = await api<PushResponse>(user, '/api/sync/push', {
    protocolVersion: SYNC_PROTOCOL_VERSION,
    clientId: randomUUID(),
    mutations,
  });
  const refused = result.results.filter((r) => r.status !== 'applied');
  if (refused.length > 0) throw new Error(`push refused: ${JSON.stringify(refused)}`);
}

/** Two plans audited by all three agencies; the first one moderated and agreed Good throughout. */
async function seedResults(): Promise<{ moderatedPlan: string }> {
  const framework = JSON.parse(readFileSync('audit-frameworks/ehcp-quality-audit.json', 'utf8')) as Framework;
  const qa = await apiSession(suite.server.url, QA_LEAD);
  const cycles = (await api<{ cycles: Cycle[] }>(qa, '/api/cycles')).cycles;
  const cycle = cycles.find((c) => c.frameworkId === framework.id)!;
  const { assignments } = await api<{ assignments: Assignment[] }>(qa, `/api/cycles/${cycle.id}`);
  const { plans } = await api<{ plans: Plan[] }>(qa, '/api/plans');
  const [planA, planB] = cycle.sampledPlans as [string, string];
  for (const [agency, email] of Object.entries(AUDITORS)) {
    const auditor = await apiSession(suite.server.url, email);
    for (const planRef of [planA, planB]) {
      const assignment = assignments.find((a) => a.planRef === planRef && a.agency === agency)!;
      const attributes = plans.find((p) => p.ref === planRef)!.attributes;
      const auditId = randomUUID();
      await push(auditor, [
        startAudit(assignment.id, auditId),
        patchAudit(auditId, fromBlank(completeResponses(framework, attributes))),
        submitAudit(auditId),
      ]);
    }
  }
  const moderationId = randomUUID();
  const good = framework.gradeScale.goodOrBetterFrom;
  const sections = framework.sections.filter((s) => s.criteria.length > 0).map((s) => s.id);
  await push(qa, [
    openModeration(cycle.id, planA, moderationId),
    patchModeration(moderationId, {
      ...agreeAll(sections, good),
      strengths: { from: '', to: 'Outcomes are specific and measurable.' },
    }),
  ]);
  return { moderatedPlan: planA };
}

function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** Clicks Create PDF, waits for the worker, downloads the file; returns its path. */
async function createAndDownload(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create PDF' }).click();
  const link = page.getByRole('link', { name: /^Download .*\.pdf$/ });
  await link.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
    console.error('generator:', await page.locator('.app-pdf-generator').innerText());
    throw error;
  });
  await expect.poll(() => page.locator('.app-pdf-generator [role=status]').innerText()).toMatch(/Your PDF is ready/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  expect(readFileSync(path).subarray(0, 4).toString()).toBe('%PDF');
  return path;
}

const summary = (page: Page, key: string) =>
  page.getByTestId('board-summary').locator('.govuk-summary-list__row', { hasText: key }).locator('dd').innerText();

describe('reports offline', () => {
  it('makes the board report and a plan report as PDFs with no connection', async () => {
    const { moderatedPlan } = await seedResults();
    const context = await suite.openBrowser();
    const page = await firstPage(context);
    page.on('pageerror', (error) => console.error('page error:', error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') console.error('console:', message.text());
    });

    await page.goto('/');
    await signIn(page, QA_LEAD);
    // Signing in ends on My audits; only then is the navigation the signed-in one.
    await page.getByRole('heading', { level: 1, name: 'My audits' }).waitFor();
    await page.getByRole('link', { name: 'Reports' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Reports dashboard' })
      .waitFor()
      .catch(async (error: unknown) => {
        console.error(
          await page
            .locator('main')
            .innerText()
            .catch(() => 'no main'),
        );
        throw error;
      });
    // The first sync brings the submitted audits and the moderation down to the device.
    await expect.poll(() => summary(page, 'Plans audited'), { timeout: 30_000 }).toBe('2');
    await expect.poll(() => summary(page, 'Plans moderated')).toBe('1');
    await suite.checkAxe(page, 'dashboard');
    await waitForServiceWorker(page);

    await context.setOffline(true);
    await page.goto('/reports/board');
    await page.getByRole('heading', { level: 1, name: /Board report/ }).waitFor();
    await expect.poll(() => summary(page, 'Plans audited')).toBe('2');
    await suite.checkAxe(page, 'board report');
    const goodOverall = await summary(page, 'Good or better overall');
    expect(goodOverall).toBe('100% (1 of 1)');
    const boardPdf = pdfText(await createAndDownload(page));
    expect(boardPdf).toContain('Partnership board report: EHC plan quality');
    expect(boardPdf).toContain('Plans audited 2');
    expect(boardPdf).toContain('Plans moderated 1');
    expect(boardPdf).toContain(`Good or better overall ${goodOverall}`);
    expect(boardPdf).toContain(
      `Section F provision delivered as specified ${await summary(page, 'Section F provision')}`,
    );
    await suite.checkAxe(page, 'board report with download');

    await page.getByRole('link', { name: 'Plan reports' }).click();
    await page.getByRole('link', { name: moderatedPlan }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Plan report: ${moderatedPlan}`) }).waitFor();
    await page.getByRole('table', { name: /Each auditor’s grade/ }).waitFor();
    await suite.checkAxe(page, 'plan report');
    const planPdf = pdfText(await createAndDownload(page));
    expect(planPdf).toContain(`Plan report: ${moderatedPlan}`);
    expect(planPdf).toContain('Outcomes are specific and measurable.');
    expect(planPdf).toMatch(/Overall (Outstanding|Good|Requires improvement|Inadequate) .*Good/);

    await page.getByRole('link', { name: 'CSV exports' }).click();
    await page.getByRole('button', { name: 'Download audit responses' }).waitFor();
    await suite.checkAxe(page, 'exports');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download audit responses' }).click(),
    ]);
    const bytes = readFileSync(await csv.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('cycle_id,plan_ref,audit_id');

    // Still offline: the agreement statistics of the three agencies' audits, worked out on the device.
    await page.getByRole('link', { name: 'Agreement between auditors' }).click();
    await page.getByRole('heading', { level: 1, name: /Agreement between auditors/ }).waitFor();
    await page.getByRole('table', { name: 'Overall agreement before moderation' }).waitFor();
    await page
      .getByRole('table', { name: 'Agreement between agencies' })
      .getByRole('row', { name: /^Education–Health/ })
      .waitFor();
    await suite.checkAxe(page, 'agreement');

    expect(suite.axeFindings).toEqual({
      dashboard: [],
      'board report': [],
      'board report with download': [],
      'plan report': [],
      exports: [],
      agreement: [],
    });
  });
});

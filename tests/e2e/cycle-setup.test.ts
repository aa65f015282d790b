// A QA lead sets up a cycle in the browser: imports a plan list (two bad rows reported), creates a
// cycle on a newly published framework version with a seeded stratified sample and its preview,
// assigns auditors round-robin by agency; an auditor already signed in on another device receives
// the new assignment on their next sync and scores it against the new version's wording.
// A QA lead then closes a cycle through the confirmation step (refused, with the reason, while an
// audit in it is a draft), and the list shows it closed. Axe checks every cycle screen on the way. (Drafting that version in the editor is
// framework-authoring.test.ts; here it is published through the same API the editor uses.)
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const suite = useAppSuite({ devices: 2 });

const CSV = [
  'ref,keyStage,yearGroup,primaryNeed,settingType,planType,lookedAfter,Child name',
  'E2E-0001,ks2,4,ASD,mainstream,new,no,',
  'E2E-0002,ks3,8,SEMH,special,annual-review,yes,',
  'E2E-0003,ks1,1,SLCN,mainstream,new,no,',
  'E2E-0004,ks2,5,MLD,mainstream,new,no,Alex Jones',
  'E2E-0005,ks9,4,ASD,mainstream,new,no,',
].join('\n');

const CYCLE_NAME = 'Browser test cycle';
const REWORDED_A1 = "The child's own views are recorded in their words, with the date they were given.";

/** Publishes ehcp-quality version 2 with criterion A1 reworded, as the editor's Save and Publish do. */
async function publishReworded(qa: Page): Promise<void> {
  const { csrfToken } = (await (await qa.request.get('/api/session')).json()) as { csrfToken: string };
  const { framework } = (await (await qa.request.get('/api/frameworks/ehcp-quality/1')).json()) as {
    framework: {
      version?: number;
      status: string;
      sections: { id: string; criteria: { id: string; text: string }[] }[];
    };
  };
  const a1 = framework.sections.find((s) => s.id === 'A')?.criteria.find((c) => c.id === 'A1');
  if (!a1) throw new Error('ehcp-quality has no criterion A1');
  a1.text = REWORDED_A1;
  const headers = { 'x-csrf-token': csrfToken };
  const draft = await qa.request.post('/api/frameworks', {
    headers,
    data: { ...framework, version: 2, status: 'draft' },
  });
  expect(draft.status()).toBe(201);
  expect((await qa.request.post('/api/frameworks/ehcp-quality/2/publish', { headers })).status()).toBe(200);
}

describe('cycle setup', () => {
  it('imports, samples with a seed and assigns; the auditor receives the assignment on the next sync', async () => {
    const auditor = await suite.openDevice(0);
    await auditor.goto('/');
    await signIn(auditor, 'health.auditor@demo.example');
    await auditor.getByRole('heading', { level: 1, name: 'My audits' }).waitFor();
    expect(await auditor.getByText(CYCLE_NAME).count()).toBe(0);

    const qa = await suite.openDevice(1);
    await qa.goto('/');
    await signIn(qa, 'qa.lead@demo.example');
    // Signing in ends on My audits; a click before that lands is undone by the sign-in's own redirect.
    await qa.getByRole('heading', { level: 1, name: 'My audits' }).waitFor();
    await publishReworded(qa);
    await qa.getByRole('link', { name: 'Cycles' }).click();
    await qa.getByRole('heading', { level: 1, name: 'Audit cycles' }).waitFor();
    await qa.locator('#cycles').waitFor();
    await suite.checkAxe(qa, 'cycle list');

    await qa.getByRole('link', { name: 'Import plan list' }).click();
    await qa.getByRole('heading', { level: 1, name: /Import plan list/ }).waitFor();
    await qa.getByLabel('Or paste the CSV').fill(CSV);
    await qa.getByRole('button', { name: 'Import plans' }).click();
    await qa.locator('#refused-rows').waitFor();
    expect(await qa.locator('#import-result-heading').innerText()).toMatch(
      /3 plans created, 0 updated, 0 unchanged, 2 rows refused/,
    );
    expect(await qa.locator('#refused-rows tbody tr td:first-child').allInnerTexts()).toEqual(['5', '6']);
    expect(await qa.locator('.govuk-error-summary__title').innerText()).toBe('2 rows could not be imported');
    await suite.checkAxe(qa, 'import result');

    await qa.getByRole('link', { name: 'Back to cycles' }).click();
    await qa.getByRole('link', { name: 'Create a cycle' }).click();
    await qa.getByRole('heading', { level: 1, name: /Create a cycle/ }).waitFor();
    // Nothing filled in: the error summary lists what is missing.
    await qa.getByRole('button', { name: 'Create cycle and draw sample' }).click();
    await qa.locator('.govuk-error-summary').getByRole('link', { name: 'Enter a name for the cycle' }).waitFor();
    await suite.checkAxe(qa, 'create cycle with errors');

    await qa.getByLabel('Cycle name').fill(CYCLE_NAME);
    await qa.getByLabel('Start date').fill('2026-04-13');
    await qa.getByLabel('End date (when audits are due)').fill('2026-07-22');
    await qa.getByLabel('Framework version').selectOption('ehcp-quality@2');
    await qa.getByLabel('Stratified').check();
    await qa.getByLabel('Key stage').check();
    await qa.getByLabel('Sample size (plans)').fill('4');
    await qa.getByLabel('Seed').fill('4242');
    await expect.poll(() => qa.locator('#preview-summary').innerText()).toMatch(/^4 of 43 plans/);
    const previewed = (await qa.locator('#preview-plans').textContent())?.split(', ') ?? [];
    expect(previewed).toHaveLength(4);
    await suite.checkAxe(qa, 'create cycle with preview');
    await qa.getByRole('button', { name: 'Create cycle and draw sample' }).click();

    await qa.getByRole('heading', { level: 1, name: 'Assign auditors' }).waitFor();
    await qa.locator('#assignments').waitFor();
    await qa.getByRole('button', { name: 'Assign round-robin by agency' }).click();
    await suite.checkAxe(qa, 'assign auditors');
    await qa.getByRole('button', { name: /^Assign auditors \(12\)$/ }).click();

    await qa.getByRole('heading', { level: 1, name: CYCLE_NAME }).waitFor();
    await qa.locator('#progress').waitFor();
    // The server drew the very plans the preview showed.
    const planCells = await qa.locator('#progress tbody th').allInnerTexts();
    expect(planCells.map((text) => text.split('\n')[0]?.trim())).toEqual(previewed);
    expect(await qa.locator('#progress tbody tr').count()).toBe(12);
    await suite.checkAxe(qa, 'cycle progress');

    // The auditor's device gets the new assignment on its next sync.
    await auditor.getByRole('link', { name: 'Sync', exact: true }).click();
    await auditor.getByRole('button', { name: 'Sync now' }).click();
    await auditor.getByRole('link', { name: 'My audits', exact: true }).click();
    const section = auditor.locator('section', { hasText: CYCLE_NAME });
    await section.waitFor({ timeout: 30_000 });
    for (const ref of previewed) {
      await section.getByRole('button', { name: `Start audit of ${ref}` }).waitFor();
    }
    // The new version's wording reached the auditor's device with the assignment.
    await section.getByRole('button', { name: `Start audit of ${previewed[0]}` }).click();
    await auditor.getByRole('heading', { level: 1, name: `Audit of plan ${previewed[0]}` }).waitFor();
    await auditor.goto(`${auditor.url()}/sections/A`);
    await auditor.locator('#criterion-A1').getByText(REWORDED_A1).waitFor();

    suite.expectNoAxeFindings();
  });

  it('closes a finished cycle after a confirmation, and says why an unfinished one cannot close', async () => {
    const qa = suite.pageOf(1);
    const auditor = suite.pageOf(0);
    const { csrfToken } = (await (await qa.request.get('/api/session')).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': csrfToken };
    const cycles = (await (await qa.request.get('/api/cycles')).json()) as { cycles: { id: string; name: string }[] };
    const started = cycles.cycles.find((c) => c.name === CYCLE_NAME)!;

    // The auditor's started audit reaches the server: the cycle it is in cannot close.
    await auditor.getByRole('link', { name: 'Sync', exact: true }).click();
    await auditor.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(
        async () =>
          (
            (await (await qa.request.get(`/api/cycles/${started.id}/closing`)).json()) as {
              blockers: { draftAudits: number };
            }
          ).blockers.draftAudits,
        { timeout: 30_000 },
      )
      .toBe(1);
    await qa.goto(`/cycles/${started.id}`);
    await qa.getByRole('link', { name: 'Close this cycle' }).click();
    await qa.getByRole('heading', { level: 1, name: 'You cannot close this cycle yet' }).waitFor();
    expect(await qa.locator('#change-refusal').innerText()).toBe(
      'The cycle cannot be closed yet: 1 audit is still a draft.',
    );
    expect(await qa.getByRole('button', { name: 'Yes, close this cycle' }).count()).toBe(0);
    await suite.checkAxe(qa, 'close refused');

    // A cycle with nothing unfinished closes once the QA lead confirms.
    const made = await qa.request.post('/api/cycles', {
      headers,
      data: {
        name: 'Cycle to close',
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        frameworkId: 'ehcp-quality',
        frameworkVersion: 1,
        sample: { method: 'chosen', size: 1, seed: 1 },
        chosenPlans: ['E2E-0001'],
      },
    });
    expect(made.status()).toBe(201);
    const { cycle } = (await made.json()) as { cycle: { id: string } };
    await qa.goto(`/cycles/${cycle.id}`);
    expect(await qa.locator('#cycle-status').innerText()).toBe('Open');
    await qa.getByRole('link', { name: 'Close this cycle' }).click();
    await qa.getByRole('heading', { level: 1, name: 'Are you sure you want to close this cycle?' }).waitFor();
    await qa.getByText('This cannot be undone by you; an admin can reopen it.').waitFor();
    await suite.checkAxe(qa, 'close confirmation');
    await qa.getByRole('button', { name: 'Yes, close this cycle' }).click();
    await qa.getByText('The cycle was closed.').waitFor();
    expect(await qa.locator('#cycle-status').innerText()).toBe('Closed');
    expect(await qa.getByRole('link', { name: 'Close this cycle' }).count()).toBe(0);
    expect(await qa.getByRole('link', { name: 'Assign auditors' }).count()).toBe(0);
    await suite.checkAxe(qa, 'closed cycle');

    await qa.getByRole('link', { name: 'Cycles', exact: true }).click();
    const row = qa.locator('#cycles tbody tr', { hasText: 'Cycle to close' });
    await row.waitFor();
    expect(await row.locator('td').first().innerText()).toBe('Closed');
    expect(await qa.locator('#cycles tbody tr', { hasText: CYCLE_NAME }).locator('td').first().innerText()).toBe(
      'Open',
    );
    suite.expectNoAxeFindings();
  });
});

// A QA lead brings the council's own Excel workbooks: the audit criteria (a title merged across the
// top, a two-row header with merged cells, blank rows, "LA" as a lead agency) become a draft after
// mapping only the lead-agency words, which is previewed and published; then a plan list in Excel
// with two bad rows, listed by line before and after the import. Axe checks every screen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPage } from './support/browser.ts';
import { apiSession } from './support/server.ts';
import { signIn } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const suite = useAppSuite({ isBrowserOpenedFirst: true });
const files = mkdtempSync(join(tmpdir(), 'ehcp-sheets-'));

const CRITERIA: SheetData = [
  [{ value: 'Anyshire EHCP audit criteria 2026', columnSpan: 4 }, null, null, null, null, null, null],
  [
    { value: 'Section', rowSpan: 2 },
    { value: 'Criterion', columnSpan: 3 },
    null,
    null,
    { value: 'Statutory', rowSpan: 2 },
    { value: 'Lead agency', rowSpan: 2 },
    { value: 'RAG', rowSpan: 2 },
  ],
  [null, 'ID', 'Text', 'Guidance', null, null, null],
  ['Section F', 'F1', 'Provision is specific and quantified', 'Look for hours, who and how often', 'Y', 'LA', 'G'],
  ['Section F', 'F2', 'Provision costs £ are shown', 'Look for a costed provision map', 'x', 'LA', null],
  [null, null, null, null, null, null, null],
  [
    'Whole plan',
    'W1',
    'The plan is written to the child',
    'Child’s voice throughout',
    'No',
    'Children’s social care',
    null,
  ],
  ['Whole plan', 'W2', 'Health needs are described', 'Look for the ICB’s advice', '', 'ICB', null],
];

const PLANS: SheetData = [
  ['Plan reference', 'Key stage', 'NC year', 'Primary need', 'Setting', 'Plan type', 'CLA', 'Caseworker notes'],
  ['XLS-0001', 'KS2', 4, 'ASD', 'mainstream', 'new', 'no', null],
  ['XLS-0002', 'KS3', 8, 'SEMH', 'special', 'amended', 'yes', null],
  [null, null, null, null, null, null, null, null],
  ['XLS-0003', 'KS3', 8, 'SEMH', 'special', 'amended', 'no', 'Born 12/03/2014'],
  ['XLS-0004', 'KS1', 1, 'SLCN', 'mainstream', 'new', 'no', null],
  ['XLS-0005', 'KS9', 4, 'ASD', 'mainstream', 'new', 'no', null],
];

beforeAll(async () => {
  await writeXlsxFile(CRITERIA, { sheet: 'Criteria' }).toFile(join(files, 'anyshire-criteria.xlsx'));
  await writeXlsxFile(PLANS, { sheet: 'Plans' }).toFile(join(files, 'plans.xlsx'));
});

afterAll(() => {
  rmSync(files, { recursive: true, force: true });
});

describe('councils’ own spreadsheets', () => {
  it('imports an Excel framework mapping only the lead-agency words, previews and publishes it', async () => {
    const page = await firstPage(suite.browserOf());
    await page.goto('/');
    await signIn(page, 'qa.lead@demo.example');
    await page.getByRole('heading', { level: 1, name: 'My audits' }).waitFor();
    await page.getByRole('link', { name: 'Frameworks', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Frameworks' }).waitFor();
    await page.getByRole('link', { name: 'Import from a spreadsheet (Excel or CSV)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import a framework from a spreadsheet' }).waitFor();

    await page.getByLabel('Framework id').fill('anyshire');
    await page.getByLabel('Title', { exact: true }).fill('Anyshire EHCP audit');
    await page.locator('#sheet-file').setInputFiles(join(files, 'anyshire-criteria.xlsx'));
    await page.getByText('Read anyshire-criteria.xlsx as Excel workbook, sheet "Criteria".').waitFor();
    await suite.checkAxe(page, 'framework file');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { level: 1, name: /Which column holds what/ }).waitFor();
    expect(await page.locator('#read-as').innerText()).toContain('The header is on line 3');
    expect(await page.getByLabel('Read column E (Statutory) as').inputValue()).toBe('statutory');
    expect(await page.locator('#ignored-columns').innerText()).toContain('Not imported: RAG');
    await suite.checkAxe(page, 'framework columns');
    await page.getByRole('button', { name: 'Continue' }).click();

    // "LA" is the only word without a guess; checking without it says so at the field.
    await page.getByRole('heading', { level: 1, name: /What the words in the file mean/ }).waitFor();
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.locator('.govuk-error-summary').getByText('Choose the lead agency "LA" means').waitFor();
    await suite.checkAxe(page, 'framework words with a problem');
    await page.getByLabel('Lead agency meant by "LA"').selectOption('education');
    expect(await page.getByLabel('Lead agency meant by "ICB"').inputValue()).toBe('health');
    await suite.checkAxe(page, 'framework words');
    await page.getByRole('button', { name: 'Check the file' }).click();

    await page.getByRole('heading', { level: 1, name: /Check the sections/ }).waitFor();
    expect(await page.locator('#import-sections tbody tr td:nth-child(2)').allInnerTexts()).toEqual([
      'section-f',
      'whole-plan',
    ]);
    await suite.checkAxe(page, 'framework sections');
    await page.getByRole('button', { name: 'Save as a draft' }).click();
    await page.getByText('Draft version 1 created.').waitFor();
    expect(page.url()).toMatch(/\/frameworks\/anyshire\/1$/);
    await suite.checkAxe(page, 'imported draft');

    // The rules are forms now, not JSON boxes; the defaults need nothing changed.
    await page.getByRole('link', { name: 'Rules and settings' }).click();
    await page.getByRole('heading', { level: 2, name: 'Limiting rules' }).waitFor();
    expect(await page.locator('#fw-limitingRules-0-capAt').inputValue()).toBe('1');
    await suite.checkAxe(page, 'rules forms');
    await page.getByRole('link', { name: 'Back to the framework' }).click();
    await page.getByRole('link', { name: 'Sections and criteria' }).click();
    await page.locator('#framework-sections').getByRole('link', { name: 'Whole plan' }).click();
    await page.getByRole('link', { name: 'Preview this section as an auditor' }).click();
    await page.getByRole('heading', { level: 1, name: /Whole plan/ }).waitFor();
    await expect.poll(() => page.locator('#criterion-W1 legend').textContent()).toContain('written to the child');
    await suite.checkAxe(page, 'imported preview');

    await page.getByRole('link', { name: 'Back to the framework' }).click();
    await page.getByRole('link', { name: 'Publish', exact: true }).click();
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Version 1 is published.').waitFor();

    const session = await apiSession(suite.server.url, 'qa.lead@demo.example');
    const response = await fetch(`${suite.server.url}/api/frameworks/anyshire/1`, {
      headers: { cookie: session.cookie },
    });
    const body = (await response.json()) as {
      framework: {
        status: string;
        sections: { id: string; leadAgency: string; criteria: { id: string; statutory: boolean; text: string }[] }[];
      };
    };
    expect(body.framework.status).toBe('published');
    expect(
      body.framework.sections.map((s) => [s.id, s.leadAgency, s.criteria.map((c) => `${c.id}:${String(c.statutory)}`)]),
    ).toEqual([
      ['section-f', 'education', ['F1:true', 'F2:true']],
      ['whole-plan', 'social-care', ['W1:false', 'W2:false']],
    ]);
    expect(body.framework.sections[0]?.criteria[1]?.text).toBe('Provision costs £ are shown');
  });

  it('imports an Excel plan list and lists its two bad rows by line', async () => {
    const page = await firstPage(suite.browserOf());
    await page.getByRole('link', { name: 'Cycles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit cycles' }).waitFor();
    await page.getByRole('link', { name: 'Import plan list' }).click();
    await page.getByRole('heading', { level: 1, name: /Import plan list/ }).waitFor();
    await page.locator('#csv-file').setInputFiles(join(files, 'plans.xlsx'));
    await page.getByText('Read plans.xlsx as Excel workbook, sheet "Plans".').waitFor();
    expect(await page.getByLabel('Read column C (NC year) as').inputValue()).toBe('yearGroup');
    expect(await page.getByLabel('Read column H (Caseworker notes) as').inputValue()).toBe('');
    // Before anything is sent: the two rows that will be refused, by the line the spreadsheet shows.
    const lines = await page.locator('#plan-check-lines li').allInnerTexts();
    expect(lines.map((line) => line.split(':')[0])).toEqual(['Line 5 (XLS-0003)', 'Line 7 (XLS-0005)']);
    await suite.checkAxe(page, 'plan list columns');

    await page.getByRole('button', { name: 'Import plans' }).click();
    await page.locator('#refused-rows').waitFor();
    expect(await page.locator('#import-result-heading').innerText()).toMatch(
      /3 plans created, 0 updated, 0 unchanged, 2 rows refused/,
    );
    expect(await page.locator('#refused-rows tbody tr td:first-child').allInnerTexts()).toEqual(['5', '7']);
    await suite.checkAxe(page, 'plan list result');

    suite.expectNoAxeFindings();
  });
});

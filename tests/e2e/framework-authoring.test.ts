// A QA lead drafts a new version of the published EHCP framework, rewords a criterion, previews
// the section as an auditor will see it, publishes, and compares the two versions. Axe checks
// every screen on the way.
import { describe, expect, it } from 'vitest';
import { firstPage } from './support/browser.ts';
import { e2eBuildDir } from './support/build.ts';
import { apiSession } from './support/server.ts';
import { signIn } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const suite = useAppSuite({ outDir: e2eBuildDir('framework-authoring'), isBrowserOpenedFirst: true });

const REWORDED = 'The child’s own views are recorded in their own words, and say who helped them give them';

describe('framework authoring', () => {
  it('drafts from the published version, changes a criterion, previews and publishes', async () => {
    const page = await firstPage(suite.browserOf());
    await page.goto('/');
    await signIn(page, 'qa.lead@demo.example');
    await page.getByRole('heading', { level: 1, name: 'My audits' }).waitFor();
    await page.getByRole('link', { name: 'Frameworks', exact: true }).first().click();
    await page
      .getByRole('heading', { level: 1, name: 'Frameworks' })
      .waitFor()
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${page.url()}\n${await page.locator('body').innerText()}`);
      });
    await page.locator('#framework-versions, #framework-list-failed').first().waitFor();
    expect(await page.locator('#framework-list-failed').count(), await page.locator('main').innerText()).toBe(0);
    await suite.checkAxe(page, 'framework list');

    const row = page.locator('#framework-versions tbody tr', { hasText: 'ehcp-quality' }).first();
    await row.getByRole('button', { name: /Create a draft from this version/ }).click();
    await page.getByText('Draft version 2 created.').waitFor();
    expect(page.url()).toMatch(/\/frameworks\/ehcp-quality\/2$/);
    await suite.checkAxe(page, 'framework overview');

    // Reword criterion A1: the field checks as the author types.
    await page.getByRole('link', { name: 'Sections and criteria' }).click();
    await page.locator('#framework-sections').waitFor();
    await suite.checkAxe(page, 'sections');
    await page
      .locator('#framework-sections')
      .getByRole('link', { name: /Section A:/ })
      .click();
    const text = page.locator('#fw-sections-1-criteria-0-text');
    await text.fill('');
    await page.getByText('Criterion text: must not be empty').first().waitFor();
    await suite.checkAxe(page, 'section editor with a problem');
    await text.fill(REWORDED);
    await expect.poll(() => page.getByText('Criterion text: must not be empty').count()).toBe(0);
    await suite.checkAxe(page, 'section editor');

    // The preview renders the section as the scoring screen does, with the new wording.
    await page.getByRole('link', { name: 'Preview this section as an auditor' }).click();
    await page.getByRole('heading', { level: 1, name: /Section A:/ }).waitFor();
    await expect.poll(() => page.locator('#criterion-A1 legend').textContent()).toContain(REWORDED);
    await page.locator('#criterion-A1').getByRole('radio', { name: 'Met', exact: true }).check();
    await suite.checkAxe(page, 'preview');

    await page.getByRole('link', { name: 'Back to the framework' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft version 2 saved.').waitFor();
    await page.getByRole('link', { name: 'Publish', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Publish version 2' }).waitFor();
    await suite.checkAxe(page, 'publish confirmation');
    await page.getByRole('button', { name: 'Publish version 2' }).click();
    await page.getByText('Version 2 is published.').waitFor();
    await suite.checkAxe(page, 'published framework');

    // The server holds the new version, published, with the reworded criterion.
    const session = await apiSession(suite.server.url, 'qa.lead@demo.example');
    const response = await fetch(`${suite.server.url}/api/frameworks/ehcp-quality/2`, {
      headers: { cookie: session.cookie },
    });
    const body = (await response.json()) as {
      framework: { status: string; sections: { criteria: { id: string; text: string }[] }[] };
    };
    expect(body.framework.status).toBe('published');
    expect(body.framework.sections[1]?.criteria[0]?.text).toBe(REWORDED);

    // The readable diff between the two versions names the reworded criterion.
    await page.getByRole('link', { name: 'Compare with another version' }).click();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.locator('#criteria-reworded').waitFor();
    expect(await page.locator('#criteria-reworded').textContent()).toContain(REWORDED);
    await suite.checkAxe(page, 'compare');

    suite.expectNoAxeFindings();
  });
});

// The data protection pages in a real browser: the accessibility statement and the privacy notice
// are reached from the footer without signing in; an admin completes the notice, sets retention
// periods and downloads a subject access export, with a clear error for an unknown plan. Axe on each.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, firstPage } from './support/browser.ts';
import { signIn } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const suite = useAppSuite({ isBrowserOpenedFirst: true });

const footer = (page: Page) => page.locator('footer');

describe('data protection pages', () => {
  it('reaches the accessibility statement and the privacy notice from the footer without signing in', async () => {
    const page = await firstPage(suite.browserOf());
    await page.goto('/');
    await page.getByLabel('Email address').waitFor();
    await footer(page).getByRole('link', { name: 'Accessibility statement' }).click();
    await page.getByRole('heading', { level: 1, name: /^Accessibility statement for / }).waitFor();
    expect(await page.title()).toBe('Accessibility statement – EHCP quality audit');
    await expect(page.getByText(/not tagged PDFs/).count()).resolves.toBe(1);
    await page.getByRole('heading', { name: 'Enforcement procedure' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await footer(page).getByRole('link', { name: 'Privacy notice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
    await page.getByText(/This is the template privacy notice/).waitFor();
    await page.getByRole('heading', { name: 'Our lawful basis' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lets an admin complete the notice, set retention periods and export a plan', async () => {
    const page = await suite.browserOf().newPage();
    await page.goto('/sign-in');
    await signIn(page, 'admin@demo.example');
    // Only once sign-in has set the device up: its redirect would otherwise overtake the click.
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: 'Signing in' }).waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Council settings' }).waitFor();

    await page.locator('main').getByRole('link', { name: 'Privacy notice', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Privacy notice/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/privacy-notice');
    const controller = page.getByLabel('Who is responsible for your information');
    await expect(controller.inputValue()).resolves.toBe('[Name of the council]');
    await controller.fill('');
    await page.getByRole('button', { name: 'Save the privacy notice' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByRole('link', { name: /Enter “Who is responsible/ })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await controller.fill('Demo Council');
    await page.getByRole('button', { name: 'Save the privacy notice' }).click();
    await page.getByText('The privacy notice was saved.').waitFor();
    await footer(page).getByRole('link', { name: 'Privacy notice' }).click();
    await page.getByText('How Demo Council uses information', { exact: false }).waitFor();
    await expect(page.getByText(/This is the template privacy notice/).count()).resolves.toBe(0);

    await page.goto('/settings/retention');
    await page.getByRole('heading', { level: 1, name: /Retention periods/ }).waitFor();
    await page.getByLabel('Audits (months)').fill('3');
    await page.getByRole('button', { name: 'Save retention periods' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByRole('link', { name: /from 6 to 1200 for audits/ })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Audits (months)').fill('72');
    await page.getByLabel('Audit log (months)').fill('84');
    await page.getByRole('button', { name: 'Save retention periods' }).click();
    await page.getByText('The retention periods were saved.').waitFor();
    // The demo cycle is open, so nothing is due for removal.
    await expect(page.locator('#preview-audits').textContent()).resolves.toBe('0');

    await page.goto('/subject-access');
    await page.getByRole('heading', { level: 1, name: /Subject access request/ }).waitFor();
    await page.getByLabel('Plan reference').fill('NOPE-0000');
    await page.getByRole('button', { name: 'Download the export' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByRole('link', { name: /No plan with the reference NOPE-0000 is held/ })
      .waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Plan reference').fill('pln-0001');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the export' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^subject-access-PLN-0001-\d{4}-\d{2}-\d{2}\.zip$/);
    await page.getByText(/The export was downloaded as subject-access-PLN-0001-/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});

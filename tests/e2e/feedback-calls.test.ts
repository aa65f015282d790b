// Parent-carer feedback calls in Debian's chromium against the real server: a SEND officer records
// a call offline (saved on the device at once), reconnects and syncs; a QA lead's dashboard shows the
// satisfaction figure withheld while fewer than the threshold (5) answered, and shown once five have.
// Axe finds nothing on the recording screens or the dashboard.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitForServiceWorker } from './support/browser.ts';
import { signIn, syncNow, waitUntilSynced } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const suite = useAppSuite({ devices: 2 });

async function open(index: number, email: string): Promise<Page> {
  const page = await suite.openDevice(index);
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto('/');
  await signIn(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 });
  await page.getByRole('heading', { level: 1, name: 'Signing in' }).waitFor({ state: 'detached' });
  return page;
}

async function recordCall(page: Page, planRef: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Feedback calls' }).click();
  await page.getByRole('heading', { level: 1, name: 'Parent-carer feedback calls' }).waitFor();
  await page.getByLabel('Plan reference').fill(planRef);
  await page.getByLabel('Date of the call').fill('2026-11-20');
  await page.getByRole('button', { name: 'Start the call' }).click();
  await page
    .getByRole('group', { name: /Overall, how satisfied/ })
    .getByLabel('Very satisfied')
    .check();
  await page
    .getByRole('group', { name: /kept informed/ })
    .getByLabel('Declined to answer')
    .check();
  await page.getByLabel('What went well?').fill('The officer phoned back every time.');
  await page.getByLabel('What went well?').blur();
  await page.getByRole('button', { name: 'Submit the call' }).click();
  await page.getByRole('heading', { name: 'Feedback call submitted' }).waitFor();
  // Submitted is final: the free text is shown, and can no longer be typed over.
  const wentWell = page.getByLabel('What went well?');
  expect(await wentWell.inputValue()).toBe('The officer phoned back every time.');
  expect(await wentWell.isEditable()).toBe(false);
}

async function satisfactionRow(page: Page): Promise<string> {
  const table = page.getByRole('table', { name: /Parent-carer satisfaction by term/ });
  await table.waitFor({ timeout: 30_000 });
  return table.locator('tbody tr').first().innerText();
}

describe('parent-carer feedback calls', () => {
  it('are recorded offline, synced, and reach the dashboard withheld below the threshold and shown above it', async () => {
    const officer = await open(0, 'sendat@demo.example');
    await waitForServiceWorker(officer);
    await officer.context().setOffline(true);
    await recordCall(officer, 'PLN-0001');
    await suite.checkAxe(officer, 'feedback call');
    // Saved on the device while offline: still there after a reload.
    await officer.reload();
    await officer.getByRole('heading', { name: 'Feedback call submitted' }).waitFor();
    await officer.context().setOffline(false);
    await syncNow(officer);
    await waitUntilSynced(officer);

    const lead = await open(1, 'qa.lead@demo.example');
    await lead.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Reports', exact: true }).click();
    await lead.getByRole('heading', { level: 1, name: 'Reports dashboard' }).waitFor();
    await expect.poll(() => satisfactionRow(lead), { timeout: 30_000 }).toMatch(/withheld \(fewer than 5 answered\)/);
    await suite.checkAxe(lead, 'dashboard, withheld');

    for (const ref of ['PLN-0002', 'PLN-0003', 'PLN-0004', 'PLN-0005']) await recordCall(officer, ref);
    await syncNow(officer);
    await waitUntilSynced(officer);
    await syncNow(lead);
    await expect.poll(() => satisfactionRow(lead), { timeout: 30_000 }).toMatch(/100% \(5 of 5 answered\)/);
    await suite.checkAxe(lead, 'dashboard, shown');

    expect(suite.axeFindings).toEqual({ 'feedback call': [], 'dashboard, withheld': [], 'dashboard, shown': [] });
  }, 300_000);
});

// The published figures in Debian's chromium against the real server, seeded with last term's
// signed-off moderations: the admin ticks two figures on the settings page, and the public page
// (opened in a browser that never signed in) shows those two and nothing else, in GOV.UK markup that
// axe finds clean; the CSV carries the same figures.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const ADMIN = 'admin@demo.example';
const CHOSEN = ['EHC plans audited and moderated', 'EHC plans judged good or better overall'];

const suite = useAppSuite({ devices: 2, server: { history: true } });

async function open(index: number): Promise<Page> {
  const page = await suite.openDevice(index);
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

describe('published figures', () => {
  it('shows the public only the figures the admin chose, with no sign-in, and passes axe', async () => {
    const admin = await open(0);
    await admin.goto('/');
    await signIn(admin, ADMIN);
    await admin.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 });
    await admin.getByRole('heading', { level: 1, name: 'Signing in' }).waitFor({ state: 'detached' });
    await admin.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'Council settings' }).waitFor();
    // The choices come from the published frameworks: the annual-review measures are offered too.
    await admin.getByLabel('Reviews held within 12 months').waitFor();
    for (const label of CHOSEN) await admin.getByLabel(label).check();
    await suite.checkAxe(admin, 'settings');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('The council settings were saved.').waitFor();

    const visitor = await open(1);
    const response = await visitor.goto('/public/figures');
    expect(response?.status()).toBe(200);
    await visitor.getByRole('heading', { level: 1, name: 'Quality of education, health and care plans' }).waitFor();
    const table = visitor.getByRole('table', { name: /Headline figures/ });
    const rowHeaders = await table.locator('tbody th').allInnerTexts();
    expect(rowHeaders).toEqual(CHOSEN);
    const values = await table.locator('tbody td:first-of-type').allInnerTexts();
    // Last term's eight signed-off plans: enough to publish their number, rounded to the nearest 5.
    expect(values[0]).toBe('About 10');
    expect(values[1]).toMatch(/^(\d{1,3}%|Not published: based on fewer than 5 plans)$/);
    const text = await visitor.locator('body').innerText();
    expect(text).not.toMatch(/PLN-\d{4}|Reviews held within 12 months|Sign in|My audits/);
    expect(await visitor.locator('script').count()).toBe(0);
    await suite.checkAxe(visitor, 'public figures');

    const csv = await (await fetch(`${suite.server.url}/api/public/figures.csv`)).text();
    expect(
      csv
        .replace('\uFEFF', '')
        .trim()
        .split('\r\n')
        .map((row) => row.split(',')[1]),
    ).toEqual(['label', ...CHOSEN]);

    expect(suite.axeFindings).toEqual({ settings: [], 'public figures': [] });
  }, 240_000);
});

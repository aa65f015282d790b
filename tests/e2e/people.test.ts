// The people screens and the audit log in Debian's chromium against the real server: an admin
// finds, adds (by invitation link, no mail set up), changes, deactivates and reactivates people;
// the invited person sets their password from the link; a deactivated auditor's device keeps its
// queued change and says why; the audit log filters, pages and exports CSV; a QA lead reads it and
// adds a parent-carer representative. Axe checks every screen on the way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queueOneChangeOffline, signIn } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const ADMIN = 'admin@demo.example';
const QA_LEAD = 'qa.lead@demo.example';
const AUDITOR = 'sendat@demo.example';
const NEW_EMAIL = 'morgan.new@demo.example';
const NEW_PASSWORD = 'kettle orchard lantern';

const suite = useAppSuite({ devices: 3 });

/** Follows a menu link once sign-in has finished setting the device up (it ends on its own page). */
async function nav(page: Page, name: string): Promise<void> {
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 });
  await page.getByRole('heading', { level: 1, name: 'Signing in' }).waitFor({ state: 'detached' });
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true }).click();
}

describe('people and the audit log', () => {
  let admin: Page;
  let auditor: Page;

  it('an admin finds, adds, changes, deactivates and reactivates people; the invited person sets a password', async () => {
    // The auditor is signed in on their own laptop, with a change queued while offline.
    auditor = await suite.openDevice(1);
    await auditor.goto('/');
    await signIn(auditor, AUDITOR);
    await queueOneChangeOffline(auditor);

    admin = await suite.openDevice(0);
    await admin.goto('/');
    await signIn(admin, ADMIN);
    await nav(admin, 'People');
    await admin.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await admin.locator('#people').waitFor();
    await suite.checkAxe(admin, 'people list');
    await admin.getByLabel('Role').selectOption('auditor');
    await admin.getByRole('button', { name: 'Show people' }).click();
    await expect.poll(() => admin.locator('#people tbody tr').count()).toBe(4);
    expect(admin.url()).toContain('role=auditor');
    await admin.getByLabel('Name or email address').fill('sendat');
    await admin.getByRole('button', { name: 'Show people' }).click();
    await expect.poll(() => admin.locator('#people tbody tr').count()).toBe(1);

    // Add a person: the empty form shows the error summary first.
    await admin.getByRole('button', { name: 'Add a person' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Add a person' }).waitFor();
    await admin.getByRole('button', { name: 'Add a person' }).click();
    await admin.locator('.govuk-error-summary').waitFor();
    await suite.checkAxe(admin, 'add a person with errors');
    await admin.getByLabel('Full name').fill('Morgan New');
    await admin.getByLabel('Email address').fill(NEW_EMAIL);
    await admin.getByLabel('Auditor').check();
    await admin.getByRole('button', { name: 'Add a person' }).click();
    await admin.getByText('Select the agency an auditor audits for').first().waitFor();
    await admin.getByLabel('Health').check();
    await suite.checkAxe(admin, 'add a person');
    await admin.getByRole('button', { name: 'Add a person' }).click();
    await admin.getByRole('heading', { level: 1, name: /Morgan New/ }).waitFor();
    await admin.locator('#person-notice').getByText('Morgan New has been added').waitFor();
    const link = (await admin.locator('#password-link').innerText()).trim();
    expect(link).toMatch(/\/set-password#token=[\w-]{40,}$/);
    await suite.checkAxe(admin, 'person added');

    // Change the agency.
    await admin.getByRole('button', { name: 'Change name, roles or agency' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Change Morgan New' }).waitFor();
    await suite.checkAxe(admin, 'change a person');
    await admin.getByLabel('Education').check();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.locator('#person-notice').getByText('Changes to Morgan New saved').waitFor();
    await expect.poll(() => admin.locator('#person-details').innerText()).toMatch(/Agency\s+Education/);

    // The invited person sets their password from the link, in their own browser.
    const invited = await suite.openDevice(2);
    await invited.goto(link);
    await invited.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    expect(invited.url()).not.toContain('token');
    await invited.getByLabel('New password', { exact: true }).fill('password1234');
    await invited.getByLabel('Confirm your new password').fill('password1234');
    await invited.getByRole('button', { name: 'Set password' }).click();
    await invited
      .locator('.govuk-error-summary')
      .getByText(/too common/)
      .waitFor();
    await suite.checkAxe(invited, 'set password with errors');
    await invited.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await invited.getByLabel('Confirm your new password').fill(NEW_PASSWORD);
    await invited.getByRole('button', { name: 'Set password' }).click();
    await invited.getByRole('heading', { level: 1, name: 'Your password is set' }).waitFor();
    await suite.checkAxe(invited, 'password set');
    const signedIn = await fetch(`${suite.server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: NEW_EMAIL, password: NEW_PASSWORD }),
    });
    expect(signedIn.status).toBe(200);

    // Deactivate the auditor whose laptop holds a queued change.
    await admin.goto('/people?status=active&search=sendat');
    await admin.locator('#people').getByRole('link').first().click();
    await admin.getByRole('button', { name: 'Deactivate' }).click();
    await admin.getByRole('heading', { level: 1, name: /Deactivate .*\?$/ }).waitFor();
    await suite.checkAxe(admin, 'deactivate a person');
    await admin.getByRole('button', { name: /^Deactivate / }).click();
    await admin
      .locator('#person-notice')
      .getByText(/has been deactivated/)
      .waitFor();
    await suite.checkAxe(admin, 'person deactivated');

    // Back online, the auditor's device is refused and says why; the change stays on it.
    await auditor.context().setOffline(false);
    await auditor.evaluate(() => window.dispatchEvent(new Event('online')));
    await auditor
      .locator('#sync-message')
      .getByText(/deactivated/)
      .waitFor({ timeout: 30_000 });
    expect(await auditor.locator('#sync-waiting').getAttribute('data-waiting')).toBe('1');
    await auditor.goto('/sync');
    await auditor.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
    await auditor
      .getByText(/deactivated, so this device cannot sync/)
      .first()
      .waitFor();
    await suite.checkAxe(auditor, 'sync page when deactivated');

    // Reactivated, the auditor signs in again and the queued change reaches the server.
    await admin.getByRole('button', { name: /^Reactivate / }).click();
    await admin
      .locator('#person-notice')
      .getByText(/has been reactivated/)
      .waitFor();
    await auditor.goto('/sign-in');
    await auditor.getByRole('heading', { level: 1, name: 'Sign in again' }).waitFor();
    await signIn(auditor, AUDITOR);
    await auditor.locator('#sync-waiting[data-waiting="0"]').waitFor({ timeout: 30_000 });
  });

  it('the audit log filters by person and action, pages by keyset, and exports CSV', async () => {
    await nav(admin, 'Audit log');
    await admin.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await admin.locator('#audit-log').waitFor();
    await suite.checkAxe(admin, 'audit log');
    expect(await admin.locator('#audit-log tbody tr').count()).toBe(50);
    const firstPageTop = await admin.locator('#audit-log tbody tr').first().getAttribute('id');
    await admin.getByRole('link', { name: 'Older entries' }).click();
    await expect.poll(() => admin.locator('#audit-log tbody tr').first().getAttribute('id')).not.toBe(firstPageTop);
    await admin.getByRole('link', { name: 'Newer entries' }).click();
    await expect.poll(() => admin.locator('#audit-log tbody tr').first().getAttribute('id')).toBe(firstPageTop);

    await admin.getByLabel('Who').selectOption({ label: `Alex Admin (${ADMIN})` });
    await admin.getByLabel('What').selectOption({ label: 'Person changed' });
    await admin.getByRole('button', { name: 'Show entries' }).click();
    // Agency change, deactivation and reactivation.
    await expect.poll(() => admin.locator('#audit-log tbody tr').count()).toBe(3);
    await admin.locator('#audit-log tbody tr').first().getByText('Before and after').click();
    await admin
      .locator('#audit-log tbody tr')
      .first()
      .getByText(/"disabled": false/)
      .waitFor();
    await suite.checkAxe(admin, 'audit log filtered');

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: 'Download these entries as CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFFid,at,actor_id,actor_name,action,record_kind,record_id,before,after\r\n')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(4);

    await admin.getByLabel('From').fill('2026-03-05');
    await admin.getByLabel('To').fill('2026-03-01');
    await admin.getByRole('button', { name: 'Show entries' }).click();
    await admin.locator('.govuk-error-summary').waitFor();
    await suite.checkAxe(admin, 'audit log with errors');

    await admin.goto('/account/password');
    await admin.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
    await suite.checkAxe(admin, 'change your password');
  });

  it('a QA lead reads the audit log and adds parent-carer representatives only', async () => {
    const qa = admin;
    await qa.goto('/sign-out');
    await qa.getByRole('button', { name: 'Sign out' }).click();
    await qa.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await signIn(qa, QA_LEAD);
    await nav(qa, 'Audit log');
    await qa.locator('#audit-log').waitFor();
    await nav(qa, 'People');
    await qa.getByRole('button', { name: 'Add a parent-carer representative' }).click();
    await qa.getByRole('heading', { level: 1, name: 'Add a parent-carer representative' }).waitFor();
    expect(await qa.getByRole('checkbox').count()).toBe(0);
    await suite.checkAxe(qa, 'add a parent-carer representative');
    await qa.getByLabel('Full name').fill('Jamie Parent');
    await qa.getByLabel('Email address').fill('jamie.parent@demo.example');
    await qa.getByRole('button', { name: 'Add a parent-carer representative' }).click();
    await qa.locator('#person-notice').getByText('Jamie Parent has been added').waitFor();
    expect(await qa.getByRole('button', { name: 'Change name, roles or agency' }).count()).toBe(0);

    suite.expectNoAxeFindings();
  });
});

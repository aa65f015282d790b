// A forgotten PIN in Debian's chromium against the real server: work done offline and not yet sent
// is still on the device after the auditor resets the PIN by signing in online again (the server's
// recovery key unwraps the old data key), the new PIN opens it, and it then reaches the server
// exactly once. Axe checks every screen of the reset.
import { describe, expect, it } from 'vitest';
import { firstPage } from './support/browser.ts';
import { apiSession, auditsOnServer, DEMO_PASSWORD } from './support/server.ts';
import { firstApplicableCriterion, signIn, startAuditOffline } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const AUDITOR = 'education.auditor@demo.example';
const ADMIN = 'admin@demo.example';
const PLAN = 'PLN-0005';
const NEW_PIN = '135790';
const COMMENT = 'Outcomes are specific but none says by when.';

const suite = useAppSuite();

describe('a forgotten PIN', () => {
  it('is reset by signing in online again, keeping the unsynced work, which then syncs exactly once', async () => {
    const context = await suite.openBrowser({ isUnlockedByHand: true });
    const page = await firstPage(context);

    // Online: sign in and set a PIN (the server's recovery key is wrapped in with it).
    await page.goto('/');
    await signIn(page, AUDITOR);

    // Offline: start the audit and rate one criterion with a comment. Both changes wait on the device.
    const { auditId } = await startAuditOffline(page, context, PLAN);
    const first = await firstApplicableCriterion(page);
    const criterion = first.id;
    const rating = first.offered.at(-1) ?? '';
    await page.locator(`#criterion-${criterion}`).getByRole('radio', { name: rating, exact: true }).check();
    await page.locator(`#${criterion}-comment`).fill(COMMENT);
    await page.locator(`#${criterion}-comment`).blur();
    await page.locator('#sync-waiting[data-waiting="2"]').waitFor();
    const sectionUrl = page.url();

    // The device locks (a reload starts locked) and the PIN is forgotten. Back online, the work
    // still cannot be sent: the queue is sealed.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Unlock this device' }).waitFor();
    await context.setOffline(false);
    await suite.checkAxe(page, 'unlock');
    await page.getByRole('link', { name: 'Forgotten your PIN?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in again' }).waitFor();
    await suite.checkAxe(page, 'sign in again');
    await page.getByLabel('Email address').fill(AUDITOR);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // A new PIN: the old data key is unwrapped by the server's recovery key, so nothing is lost.
    await page.getByRole('heading', { level: 1, name: 'Reset the PIN for this device' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Set new PIN' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await suite.checkAxe(page, 'reset the PIN with errors');
    await page.getByLabel('Create a PIN').fill(NEW_PIN);
    await page.getByLabel('Confirm your PIN').fill(NEW_PIN);
    await page.getByRole('button', { name: 'Set new PIN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your PIN has been reset' }).waitFor({ timeout: 60_000 });
    await page
      .getByText('Everything on this device has been kept, including 2 changes not yet sent to the server.')
      .waitFor();
    await suite.checkAxe(page, 'PIN reset');

    // The work is there, and goes to the server now the device is unlocked and online.
    await page.goto(sectionUrl);
    await page.getByRole('heading', { level: 1, name: 'Unlock this device' }).waitFor();
    await page.locator('#unlock-pin').fill(NEW_PIN);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.locator(`#criterion-${criterion}`).waitFor();
    await expect(
      page.locator(`#criterion-${criterion}`).getByRole('radio', { name: rating, exact: true }).isChecked(),
    ).resolves.toBe(true);
    expect(await page.locator(`#${criterion}-comment`).inputValue()).toBe(COMMENT);
    await page.locator('#sync-waiting[data-waiting="0"]').waitFor({ timeout: 60_000 });

    // Exactly once: one audit of the plan on the server, with the comment; each change logged once.
    const onServer = await auditsOnServer(suite.server.url, AUDITOR);
    const audits = onServer.filter((audit) => audit.data?.planRef === PLAN);
    expect(audits.map((change) => change.id)).toEqual([auditId]);
    expect(audits[0]?.data?.responses?.[criterion]?.comment).toBe(COMMENT);
    const admin = await apiSession(suite.server.url, ADMIN);
    const log = (await (
      await fetch(`${suite.server.url}/api/audit-log?entityId=${auditId}`, { headers: { cookie: admin.cookie } })
    ).json()) as { entries: { action: string }[] };
    expect(log.entries.map((entry) => entry.action).sort()).toEqual(['audit.patch', 'audit.start']);

    suite.expectNoAxeFindings();
  });
});

// A forgotten PIN in Debian's chromium against the real server: work done offline and not yet sent
// is still on the device after the auditor resets the PIN by signing in online again (the server's
// recovery key unwraps the old data key), the new PIN opens it, and it then reaches the server
// exactly once. Axe checks every screen of the reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, newProfileDir, openBrowser, waitForServiceWorker } from './support/browser.ts';
import { buildApp } from './support/build.ts';
import { apiSession, DEMO_PASSWORD, startServer, type RunningServer } from './support/server.ts';
import { openSection, sectionTitles, signIn } from './support/steps.ts';

const AUDITOR = 'education.auditor@demo.example';
const ADMIN = 'admin@demo.example';
const PLAN = 'PLN-0005';
const NEW_PIN = '135790';
const COMMENT = 'Outcomes are specific but none says by when.';

let server: RunningServer;
let profile: ReturnType<typeof newProfileDir>;
let context: BrowserContext | undefined;
const axeFindings: Record<string, unknown[]> = {};

async function checkAxe(page: Page, screen: string): Promise<void> {
  axeFindings[screen] = await axeViolations(page);
}

beforeAll(async () => {
  const dist = buildApp();
  server = await startServer(dist);
  profile = newProfileDir();
});

afterAll(async () => {
  await context?.close();
  await server?.stop();
  profile?.remove();
});

describe('a forgotten PIN', () => {
  it('is reset by signing in online again, keeping the unsynced work, which then syncs exactly once', async () => {
    context = await openBrowser(profile.path, server.url, { isUnlockedByHand: true });
    const page = context.pages()[0] ?? (await context.newPage());

    // Online: sign in and set a PIN (the server's recovery key is wrapped in with it).
    await page.goto('/');
    await signIn(page, AUDITOR);
    await page.locator(`#assignment-${PLAN}`).waitFor();
    await waitForServiceWorker(page);

    // Offline: start the audit and rate one criterion with a comment. Both changes wait on the device.
    await context.setOffline(true);
    await page.getByRole('button', { name: `Start audit of ${PLAN}` }).click();
    await page.getByRole('heading', { level: 1, name: `Audit of plan ${PLAN}` }).waitFor();
    const auditId = page.url().split('/audits/')[1] ?? '';
    const [firstTitle = ''] = await sectionTitles(page);
    await openSection(page, firstTitle);
    const [first] = await page.locator('.app-criterion:not(.app-criterion--not-applicable)').evaluateAll((elements) =>
      elements.map((element) => ({
        id: element.id.replace('criterion-', ''),
        offered: [...element.querySelectorAll('.govuk-radios__label')].map((label) => label.textContent ?? ''),
      })),
    );
    const criterion = first?.id ?? '';
    const rating = first?.offered.at(-1) ?? '';
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
    await checkAxe(page, 'unlock');
    await page.getByRole('link', { name: 'Forgotten your PIN?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in again' }).waitFor();
    await checkAxe(page, 'sign in again');
    await page.getByLabel('Email address').fill(AUDITOR);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // A new PIN: the old data key is unwrapped by the server's recovery key, so nothing is lost.
    await page.getByRole('heading', { level: 1, name: 'Reset the PIN for this device' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Set new PIN' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await checkAxe(page, 'reset the PIN with errors');
    await page.getByLabel('Create a PIN').fill(NEW_PIN);
    await page.getByLabel('Confirm your PIN').fill(NEW_PIN);
    await page.getByRole('button', { name: 'Set new PIN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your PIN has been reset' }).waitFor({ timeout: 60_000 });
    await page
      .getByText('Everything on this device has been kept, including 2 changes not yet sent to the server.')
      .waitFor();
    await checkAxe(page, 'PIN reset');

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
    const auditor = await apiSession(server.url, AUDITOR);
    const pulled = (await (
      await fetch(`${server.url}/api/sync/pull`, { headers: { cookie: auditor.cookie, 'x-sync-protocol': '1' } })
    ).json()) as {
      changes: {
        kind: string;
        id: string;
        data?: { planRef?: string; responses?: Record<string, { comment?: string }> };
      }[];
    };
    const audits = pulled.changes.filter((change) => change.kind === 'audit' && change.data?.planRef === PLAN);
    expect(audits.map((change) => change.id)).toEqual([auditId]);
    expect(audits[0]?.data?.responses?.[criterion]?.comment).toBe(COMMENT);
    const admin = await apiSession(server.url, ADMIN);
    const log = (await (
      await fetch(`${server.url}/api/audit-log?entityId=${auditId}`, { headers: { cookie: admin.cookie } })
    ).json()) as { entries: { action: string }[] };
    expect(log.entries.map((entry) => entry.action).sort()).toEqual(['audit.patch', 'audit.start']);

    expect(axeFindings).toEqual(Object.fromEntries(Object.keys(axeFindings).map((screen) => [screen, []])));
  });
});

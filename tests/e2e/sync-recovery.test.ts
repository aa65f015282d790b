// Sync going wrong, against the real server: a session that ends while the auditor is offline
// (work carries on; on reconnect the app asks them to sign in again, then syncs), and the same
// answer changed on two devices (the auditor chooses which to keep).
import { describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { axeViolations, firstPage, waitForServiceWorker } from './support/browser.ts';
import { auditsOnServer, type AuditOnServer } from './support/server.ts';
import { signIn, startFirstAudit } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const AUDITOR = 'sendat@demo.example';

const suite = useAppSuite({ devices: 2 });

async function serverAudit(auditId: string): Promise<AuditOnServer | undefined> {
  return (await auditsOnServer(suite.server.url, AUDITOR)).find((audit) => audit.id === auditId)?.data;
}

async function waiting(page: Page): Promise<number> {
  return Number(await page.locator('#sync-waiting').getAttribute('data-waiting'));
}

/** Rates a criterion and waits until the change is saved and queued (the waiting count goes up). */
async function rate(page: Page, criterionId: string, label: string): Promise<void> {
  const before = await waiting(page);
  await page.locator(`#criterion-${criterionId}`).getByRole('radio', { name: label, exact: true }).check();
  await expect.poll(() => waiting(page)).toBeGreaterThan(before);
}

async function waitUntilSynced(page: Page): Promise<void> {
  await page.locator('#sync-waiting[data-waiting="0"]').waitFor({ timeout: 30_000 });
}

let auditUrl = '';

describe('sync recovery', () => {
  it('keeps working when the session ends offline, and syncs after signing in again', async () => {
    const context = await suite.openBrowser({ device: 0 });
    const page = await firstPage(context);
    await page.goto('/');
    await signIn(page, AUDITOR);
    await startFirstAudit(page);
    auditUrl = page.url();
    await waitForServiceWorker(page);
    await page.locator('#section-tasks .govuk-task-list__link').nth(1).click();
    await page.locator('.app-criterion').first().waitFor();
    const firstTwo = await page
      .locator('.app-criterion:not(.app-criterion--not-applicable)')
      .evaluateAll((els) => els.slice(0, 2).map((el) => el.id.replace('criterion-', '')));
    const [first = '', second = ''] = firstTwo;
    await rate(page, first, 'Met');
    await waitUntilSynced(page);

    // Offline, the server session ends (its cookie is gone); the auditor keeps working.
    await context.setOffline(true);
    await context.clearCookies();
    await rate(page, second, 'Partly met');
    await page.reload();
    await page.locator(`#criterion-${second}`).getByRole('radio', { name: 'Partly met', exact: true }).waitFor();
    expect(
      await page.locator(`#criterion-${second}`).getByRole('radio', { name: 'Partly met', exact: true }).isChecked(),
    ).toBe(true);

    // Back online, the app asks for a new sign-in rather than failing silently.
    await context.setOffline(false);
    const signInAgain = page.locator('#sync-status').getByRole('link', { name: 'Sign in again' });
    await signInAgain.waitFor({ timeout: 30_000 });
    expect(Number(await page.locator('#sync-waiting').getAttribute('data-waiting'))).toBeGreaterThan(0);
    await signInAgain.click();
    await page.getByRole('heading', { level: 1, name: 'Sign in again' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, AUDITOR);
    await page.locator(`#criterion-${second}`).waitFor();
    await waitUntilSynced(page);

    const auditId = auditUrl.split('/audits/')[1] ?? '';
    const onServer = await serverAudit(auditId);
    expect(onServer?.responses?.[first]?.rating).toBe('met');
    expect(onServer?.responses?.[second]?.rating).toBe('partly-met');
  });

  it('shows an answer changed on two devices and lets the auditor choose', async () => {
    const pageA = suite.pageOf(0);
    const pageB = await suite.openDevice(1);

    // Device A rates PROG1 (annual-review framework); device B then changes the same answer.
    // Each full load starts the app locked: the PIN's key derivation comes first, slow on a busy machine.
    await pageA.goto(`${auditUrl}/sections/progress`);
    await pageA.locator('#criterion-PROG1').waitFor({ timeout: 60_000 });
    await rate(pageA, 'PROG1', 'Met');
    await waitUntilSynced(pageA);

    await pageB.goto('/');
    await signIn(pageB, AUDITOR);
    await pageB
      .locator('.app-audits-table')
      .getByRole('link', { name: /^Continue/ })
      .first()
      .waitFor();
    await pageB.goto(`${auditUrl}/sections/progress`);
    await pageB.locator('#criterion-PROG1').waitFor({ timeout: 60_000 });
    expect(await pageB.locator('#criterion-PROG1').getByRole('radio', { name: 'Met', exact: true }).isChecked()).toBe(
      true,
    );
    await rate(pageB, 'PROG1', 'Not met');
    await waitUntilSynced(pageB);

    // Device A, not having pulled since, changes PROG1 too: the server reports a conflict.
    await rate(pageA, 'PROG1', 'Partly met');
    const attention = pageA.locator('#sync-status').getByRole('link', { name: /need your attention/ });
    await attention.waitFor({ timeout: 30_000 });
    await attention.click();
    await pageA.getByRole('heading', { name: 'Answers changed in two places' }).waitFor();
    const card = pageA.locator('.app-conflict');
    expect(await card.innerText()).toContain('Rating: partly met');
    expect(await card.innerText()).toContain('Rating: not met');
    expect(await axeViolations(pageA)).toEqual([]);

    await card.getByRole('button', { name: /Keep this device’s answer/ }).click();
    await expect.poll(() => pageA.locator('.app-conflict').count()).toBe(0);
    const auditId = auditUrl.split('/audits/')[1] ?? '';
    await expect
      .poll(async () => (await serverAudit(auditId))?.responses?.PROG1?.rating, { timeout: 30_000 })
      .toBe('partly-met');
    await waitUntilSynced(pageA);
  }, 240_000);

  it('warns about unsynced work at sign-out, then leaves nothing behind for the next user', async () => {
    const page = suite.pageOf(1);
    await page.goto('/');
    await page.locator('.app-audits-table').waitFor({ timeout: 60_000 });
    await suite.browserOf(1).setOffline(true);
    await page.goto(`${auditUrl}/sections/progress`);
    await rate(page, 'PROG2', 'Met');

    await page.getByRole('link', { name: /^Sign out/ }).click();
    await page.getByText(/This device holds 1 change the server does not have yet/).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export unsynced work' }).click();
    const exported = JSON.parse(await readDownload(await download)) as { changes: { mutation: { name: string } }[] };
    expect(exported.changes.map((c) => c.mutation.name)).toEqual(['audit.patch']);

    await page.getByRole('button', { name: 'Delete unsynced work and sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const left = await page.evaluate(`new Promise((resolve, reject) => {
      const request = indexedDB.open('ehcp-audit');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const names = [...db.objectStoreNames];
        if (names.length === 0) { db.close(); resolve(0); return; }
        const tx = db.transaction(names, 'readonly');
        let total = 0;
        for (const name of names) tx.objectStore(name).count().onsuccess = (e) => { total += e.target.result; };
        tx.oncomplete = () => { db.close(); resolve(total); };
      };
    })`);
    expect(left).toBe(0);
    await suite.browserOf(1).setOffline(false);
  }, 240_000);
});

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

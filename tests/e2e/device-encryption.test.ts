// A device's PIN in Debian's chromium against the real server: set it at the first sign-in; audit
// offline; IndexedDB holds the comment only as ciphertext; reload and unlock offline; continue;
// sync the encrypted device's work to the server exactly once; lock when idle; and wipe after too
// many wrong PINs, with a warning before the last. Axe checks every PIN screen.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { E2E_PIN, firstPage } from './support/browser.ts';
import { auditsOnServer, DEMO_PASSWORD } from './support/server.ts';
import {
  expectSectionAnswers,
  firstApplicableCriterion,
  scoreOpenSection,
  setPin,
  startAuditOffline,
} from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const AUDITOR = 'education.auditor@demo.example';
const PLAN = 'PLN-0005';
const COMMENT = 'Needs are listed but two have no evidence in Section K.';

const suite = useAppSuite();

/** Every value IndexedDB holds for the app, as text (binary as its bytes), read past the app's code. */
function rawDeviceText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('ehcp-audit');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    const names = [...db.objectStoreNames];
    const tx = db.transaction(names, 'readonly');
    const all = await Promise.all(
      names.map(
        (name) =>
          new Promise<unknown[]>((resolve) => {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => resolve(request.result as unknown[]);
          }),
      ),
    );
    db.close();
    const flatten = (value: unknown): string => {
      if (value instanceof ArrayBuffer) return new TextDecoder('latin1').decode(value);
      if (ArrayBuffer.isView(value)) return new TextDecoder('latin1').decode(value);
      if (Array.isArray(value)) return value.map(flatten).join('\n');
      if (value && typeof value === 'object') return Object.values(value).map(flatten).join('\n');
      return String(value);
    };
    return flatten(all);
  });
}

async function unlock(page: Page, pin: string): Promise<void> {
  await page.locator('#unlock-pin').fill(pin, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
}

describe('a device guarded by a PIN', () => {
  it('audits offline encrypted, unlocks offline after a reload, syncs once, locks when idle and wipes after wrong PINs', async () => {
    const context = await suite.openBrowser({ isUnlockedByHand: true });
    const page = await firstPage(context);
    await page.clock.install();

    // First sign-in: the app asks for a PIN before anything else.
    await page.goto('/');
    await page.getByLabel('Email address').fill(AUDITOR);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Set a PIN for this device' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await suite.checkAxe(page, 'set a PIN with errors');
    await setPin(page, E2E_PIN);

    // Offline: start the audit and score its first section with a comment.
    const { auditId } = await startAuditOffline(page, context, PLAN);
    const { id: commented } = await firstApplicableCriterion(page);
    const answers = await scoreOpenSection(page, { [commented]: COMMENT });
    expect(answers[commented]?.comment).toBe(COMMENT);
    // The audit's row is there, by its id in the clear; its comment is not.
    await expect.poll(() => rawDeviceText(page).then((text) => text.includes(auditId))).toBe(true);
    expect(await rawDeviceText(page)).not.toContain(COMMENT);

    // Reload offline: locked; the right PIN opens it and the answers are all there.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Unlock this device' }).waitFor();
    await suite.checkAxe(page, 'unlock');
    await unlock(page, E2E_PIN);
    await page.locator('.app-criterion').first().waitFor();
    await expectSectionAnswers(page, answers);

    // Continue offline after the unlock, then back online: the work reaches the server once.
    await page.getByRole('link', { name: 'Back to audit tasks' }).click();
    await page.locator('#section-tasks').waitFor();
    await context.setOffline(false);
    await page.locator('#sync-waiting[data-waiting="0"]').waitFor({ timeout: 60_000 });
    const onServer = await auditsOnServer(suite.server.url, AUDITOR);
    const audits = onServer.filter((audit) => audit.data?.planRef === PLAN);
    expect(audits.map((change) => change.id)).toEqual([auditId]);
    expect(audits[0]?.data?.responses?.[commented]?.comment).toBe(COMMENT);

    // Left idle past the council's 15 minutes: locked, nothing lost.
    await page.clock.fastForward('16:00');
    await page.getByRole('heading', { level: 1, name: 'Unlock this device' }).waitFor();
    await unlock(page, E2E_PIN);
    await page.locator('#section-tasks').waitFor();

    // Wrong PINs: a warning before the last attempt, then the device is wiped.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Unlock this device' }).waitFor();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await unlock(page, '999999');
      await page
        .getByText(`You have ${5 - attempt} ${attempt === 4 ? 'attempt' : 'attempts'} left`)
        .first()
        .waitFor();
    }
    await page.getByText('This is your last attempt').waitFor();
    await suite.checkAxe(page, 'unlock, last attempt');
    await unlock(page, '999999');
    await page.getByText(/Too many wrong PINs were entered/).waitFor();
    await suite.checkAxe(page, 'wiped');
    expect(await rawDeviceText(page)).not.toContain(auditId);

    suite.expectNoAxeFindings();
  });
});

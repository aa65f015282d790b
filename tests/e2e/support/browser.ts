// Debian's chromium through playwright-core, with a persistent profile so a test can close the
// browser and open it again on the same data, as an auditor's laptop would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function newProfileDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'ehcp-e2e-profile-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The PIN the shared steps set on every device (steps.ts signIn) and unlock with after each page load. */
export const E2E_PIN = '246810';

/**
 * Opens the browser. Each full page load (goto, reload, a reopened browser) starts the app locked,
 * as on a real device; unless `isUnlockedByHand`, the browser enters E2E_PIN whenever the unlock
 * screen shows after a load, so suites about other things read as before. The device-encryption
 * suite unlocks by hand.
 */
export async function openBrowser(
  profileDir: string,
  baseURL: string,
  options: { isUnlockedByHand?: boolean } = {},
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  if (!options.isUnlockedByHand) {
    const watch = (page: Page) => void keepUnlocked(page);
    for (const page of context.pages()) watch(page);
    context.on('page', watch);
  }
  return context;
}

/** The page a browser opens with (a new one if it has none). */
export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? context.newPage();
}

/**
 * For the life of the page, enters E2E_PIN whenever the unlock screen shows. A watcher started by
 * each load, giving up after a while, left the page locked for good when the app started slowly or
 * re-rendered the form between the typing and the click (seen on a busy machine): this one keeps
 * looking, and tries again while the screen is still there.
 */
async function keepUnlocked(page: Page): Promise<void> {
  const heading = page.getByRole('heading', { level: 1, name: 'Unlock this device' });
  while (!page.isClosed()) {
    try {
      await heading.waitFor({ timeout: 0 });
      await page.getByLabel('PIN', { exact: true }).fill(E2E_PIN);
      await page.getByRole('button', { name: 'Unlock', exact: true }).click();
      await heading.waitFor({ state: 'detached', timeout: 20_000 });
    } catch {
      // The page navigated or closed mid-way, or the screen is still there: look again shortly.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Enters the PIN if the unlock screen shows soon after a load (generously: a loaded machine can take
 * many seconds to start the app); otherwise does nothing. It runs beside the test's own steps.
 */
export async function unlockIfAsked(page: Page, pin: string = E2E_PIN): Promise<boolean> {
  const heading = page.getByRole('heading', { level: 1, name: 'Unlock this device' });
  try {
    await heading.waitFor({ timeout: 25_000 });
  } catch {
    return false;
  }
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await heading.waitFor({ state: 'detached', timeout: 30_000 });
  return true;
}

/** Waits until the service worker is activated and controls the page: only then may the test go offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    // Polled from Node: waitForFunction treats an async predicate's promise as already truthy.
    const isReady = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return registration?.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
    });
    if (isReady) return;
    await page.waitForTimeout(200);
  }
  throw new Error('The service worker did not activate and take control within 30 s');
}

export type AxeViolation = { id: string; impact: string | null | undefined; help: string; nodes: string[] };

/** Axe with the WCAG 2.0, 2.1 and 2.2 A and AA rules; returns the violations in a readable form. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
  }));
}

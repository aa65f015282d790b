// A new version deployed while an auditor has an audit open: the app says an update is available,
// does not reload, and offers the update only once the auditor has left the audit.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { axeViolations, newProfileDir, openBrowser, waitForServiceWorker } from './support/browser.ts';
import { buildApp, E2E_DIST, e2eBuildDir } from './support/build.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { signIn } from './support/steps.ts';

let server: RunningServer;
let profile: ReturnType<typeof newProfileDir>;
let context: BrowserContext;
let served: string;
let dataDir: string;
const SECOND_DIST = e2eBuildDir('dist-second');

function deploy(from: string): void {
  for (const name of readdirSync(served)) rmSync(join(served, name), { recursive: true, force: true });
  cpSync(from, served, { recursive: true });
}

beforeAll(async () => {
  buildApp(E2E_DIST);
  buildApp(SECOND_DIST, { VITE_BUILD_ID: 'second-release' });
  served = mkdtempSync(join(tmpdir(), 'ehcp-e2e-static-'));
  dataDir = mkdtempSync(join(tmpdir(), 'ehcp-e2e-data-'));
  deploy(E2E_DIST);
  server = await startServer(served, { dataDir });
  profile = newProfileDir();
  context = await openBrowser(profile.path, server.url);
});

afterAll(async () => {
  await context?.close();
  await server?.stop();
  profile?.remove();
  if (served) rmSync(served, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a new version while an audit is open', () => {
  it('prompts, never reloads under the audit, and updates only when asked', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await signIn(page, 'social-care.auditor@demo.example');
    await page
      .getByRole('button', { name: /^Start audit of PLN-/ })
      .first()
      .click();
    await page.locator('#section-tasks').getByRole('link', { name: 'Section D: social care needs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Section D: social care needs' }).waitFor();
    await waitForServiceWorker(page);
    await page.locator('#criterion-D1').getByRole('radio', { name: 'Met', exact: true }).check();
    await page.locator('#D1-comment').fill('Half-typed comment');
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    expect(await page.locator('footer').innerText()).toContain('Version local');

    // Deploy the new build as a release would (files replaced, server restarted on the same address
    // and database); the browser finds it on its next update check.
    await server.stop();
    deploy(SECOND_DIST);
    server = await startServer(served, { port: server.port, dataDir });
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const prompt = page.locator('#update-prompt');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await prompt.innerText()).toContain('A new version is available.');
    expect(await prompt.innerText()).toContain('You can update when you leave this audit');
    expect(await prompt.getByRole('button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Give a would-be automatic reload every chance to happen: it must not.
    await page.waitForTimeout(3000);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await page.locator('#D1-comment').inputValue()).toBe('Half-typed comment');
    expect(await page.locator('#criterion-D1').getByRole('radio', { name: 'Met', exact: true }).isChecked()).toBe(true);

    // Out of the audit, the prompt offers the update; the reload happens only on that click.
    await page.getByRole('link', { name: 'My audits' }).click();
    await page.getByRole('heading', { level: 1, name: 'My audits' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await prompt.getByRole('button', { name: 'Update now' }).click();
    await expect
      .poll(() => page.locator('footer').innerText(), { timeout: 30_000 })
      .toContain('Version second-release');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBeUndefined();

    // Nothing typed was lost across the update.
    await page
      .getByRole('link', { name: /^Continue/ })
      .first()
      .click();
    await page.locator('#section-tasks').getByRole('link', { name: 'Section D: social care needs' }).click();
    expect(await page.locator('#D1-comment').inputValue()).toBe('Half-typed comment');
  });
});

// What an auditor does in the app, as steps the browser suites share.
import { expect } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { E2E_PIN, waitForServiceWorker } from './browser.ts';
import { DEMO_PASSWORD } from './server.ts';

/**
 * Signs in with the demo password; on a device with no PIN yet (the first sign-in, or after a
 * wipe) the app then asks for one, and this sets E2E_PIN. A refused sign-in returns on its error.
 */
export async function signIn(page: Page, email: string, options: { pin?: string } = {}): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const setPinHeading = page.getByRole('heading', { level: 1, name: 'Set a PIN for this device' });
  const signedIn = page.locator('h1').filter({ hasNotText: /^Sign in/ });
  await signedIn.or(page.locator('.govuk-error-summary')).first().waitFor({ timeout: 60_000 });
  if (await setPinHeading.isVisible()) await setPin(page, options.pin ?? E2E_PIN);
}

/** Fills the "Set a PIN" screen and waits until the app has moved on. */
export async function setPin(page: Page, pin: string = E2E_PIN): Promise<void> {
  const heading = page.getByRole('heading', { level: 1, name: 'Set a PIN for this device' });
  await heading.waitFor();
  await page.getByLabel('Create a PIN').fill(pin);
  await page.getByLabel('Confirm your PIN').fill(pin);
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await heading.waitFor({ state: 'detached', timeout: 60_000 });
}

/** The rating chosen for each criterion: mostly Met, a statutory Partly met, one Cannot judge. */
export function plannedRating(criterionId: string, offered: string[]): string {
  const wish =
    criterionId === 'B2'
      ? 'Partly met'
      : criterionId === 'K5'
        ? 'Cannot judge'
        : criterionId === 'F3'
          ? 'Not met'
          : 'Met';
  return offered.includes(wish) ? wish : 'Met';
}

export type SectionAnswers = Record<string, { rating: string | null; comment: string }>;

/** Every criterion with radios on the open section page, and what is chosen and written there. */
export async function readSectionAnswers(page: Page): Promise<SectionAnswers> {
  return page.evaluate(() => {
    const answers: Record<string, { rating: string | null; comment: string }> = {};
    for (const block of document.querySelectorAll<HTMLElement>('.app-criterion:not(.app-criterion--not-applicable)')) {
      const id = block.id.replace('criterion-', '');
      const checked = block.querySelector<HTMLInputElement>('input[type=radio]:checked');
      const label = checked ? (document.querySelector(`label[for="${checked.id}"]`)?.textContent ?? null) : null;
      const comment = block.querySelector<HTMLTextAreaElement>(`#${CSS.escape(id)}-comment`)?.value ?? '';
      answers[id] = { rating: label, comment };
    }
    return answers;
  });
}

export type ApplicableCriterion = { id: string; offered: string[] };

/** The criteria that apply on the open section page, in order, with the ratings each offers. */
export async function applicableCriteria(page: Page): Promise<ApplicableCriterion[]> {
  return page.locator('.app-criterion:not(.app-criterion--not-applicable)').evaluateAll((elements) =>
    elements.map((element) => ({
      id: element.id.replace('criterion-', ''),
      offered: [...element.querySelectorAll('.govuk-radios__label')].map((label) => label.textContent ?? ''),
    })),
  );
}

/** Rates every applicable criterion on the open section page (and fills any count pair); returns what it chose. */
export async function scoreOpenSection(page: Page, comments: Record<string, string> = {}): Promise<SectionAnswers> {
  const chosen: SectionAnswers = {};
  for (const { id, offered } of await applicableCriteria(page)) {
    const rating = plannedRating(id, offered);
    await page.locator(`#criterion-${id}`).getByRole('radio', { name: rating, exact: true }).check();
    if (await page.locator(`#${id}-delivered`).count()) {
      await page.locator(`#${id}-delivered`).fill('8');
      await page.locator(`#${id}-specified`).fill('10');
      await page.locator(`#${id}-specified`).blur();
    }
    const comment = comments[id] ?? '';
    if (comment) {
      await page.locator(`#${id}-comment`).fill(comment);
      await page.locator(`#${id}-comment`).blur();
    }
    chosen[id] = { rating, comment };
  }
  return chosen;
}

export async function expectSectionAnswers(page: Page, expected: SectionAnswers): Promise<void> {
  await page.locator('.app-criterion').first().waitFor();
  const actual = await readSectionAnswers(page);
  expect(actual).toEqual(expected);
}

/** The section titles in task-list order. */
export async function sectionTitles(page: Page): Promise<string[]> {
  return page.locator('#section-tasks .govuk-task-list__link').allTextContents();
}

export async function openSection(page: Page, title: string): Promise<void> {
  await page.locator('#section-tasks').getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** Opens the first section in the task list and gives its first applicable criterion. */
export async function firstApplicableCriterion(page: Page): Promise<ApplicableCriterion> {
  const [firstTitle = ''] = await sectionTitles(page);
  await openSection(page, firstTitle);
  const [first] = await applicableCriteria(page);
  if (!first) throw new Error(`${firstTitle} has no applicable criterion`);
  return first;
}

export async function backToTasks(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#section-tasks').waitFor();
}

/**
 * On My audits, signed in: waits for the plan's assignment and for the service worker (so the app
 * still opens offline), then takes the browser offline.
 */
export async function goOfflineWithAssignment(page: Page, context: BrowserContext, plan: string): Promise<void> {
  await page.locator(`#assignment-${plan}`).waitFor();
  await waitForServiceWorker(page);
  await context.setOffline(true);
}

/** An audit just started in the browser: the address of its task list, and its id. */
export type StartedAudit = { auditUrl: string; auditId: string };

/** On My audits: starts the audit of the plan and waits for its task list. */
export async function startAuditOf(page: Page, plan: string): Promise<StartedAudit> {
  await page.getByRole('button', { name: `Start audit of ${plan}` }).click();
  await page.getByRole('heading', { level: 1, name: `Audit of plan ${plan}` }).waitFor();
  const auditUrl = page.url();
  return { auditUrl, auditId: auditUrl.split('/audits/')[1] ?? '' };
}

/** On My audits: starts the first audit listed and waits for its task list. */
export async function startFirstAudit(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: /^Start audit of / })
    .first()
    .click();
  await page.locator('#section-tasks').waitFor();
}

/**
 * On My audits: starts the first audit listed; once the app works offline and has synced, goes
 * offline and rates the first section's first applicable criterion Met, so one change waits on the
 * device. Gives that criterion.
 */
export async function queueOneChangeOffline(page: Page): Promise<Locator> {
  await startFirstAudit(page);
  await waitForServiceWorker(page);
  await page.locator('#sync-waiting[data-waiting="0"]').waitFor({ timeout: 30_000 });
  await page.context().setOffline(true);
  await page.locator('#section-tasks .govuk-task-list__link').first().click();
  const first = page.locator('.app-criterion:not(.app-criterion--not-applicable)').first();
  await first.getByRole('radio', { name: 'Met', exact: true }).check();
  await page.locator('#sync-waiting[data-waiting="1"]').waitFor();
  return first;
}

/** The first steps of an offline audit, from My audits signed in: go offline, then start the plan's audit. */
export async function startAuditOffline(page: Page, context: BrowserContext, plan: string): Promise<StartedAudit> {
  await goOfflineWithAssignment(page, context, plan);
  return startAuditOf(page, plan);
}

/** Waits until the status line says nothing is waiting to sync. */
export async function waitUntilSynced(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('#sync-waiting[data-waiting="0"]').waitFor({ timeout });
}

/**
 * Syncs now from the sync page (push, then pull what others changed), then goes back in the app
 * (no reload). Callers then wait for what they expect to arrive: the screens update as a pull lands.
 */
export async function syncNow(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
  const button = page.getByRole('button', { name: 'Sync now' });
  await button.click();
  await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
  await waitUntilSynced(page);
  await page.goBack();
}

/** Scores every section of the open audit's task list with the planned ratings, then submits it. */
export async function scoreAndSubmitAudit(page: Page): Promise<void> {
  for (const title of await sectionTitles(page)) {
    await openSection(page, title);
    await scoreOpenSection(page);
    await backToTasks(page);
  }
  await page.getByRole('link', { name: 'Check and submit the audit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check your answers before submitting' }).waitFor();
  await page.getByRole('button', { name: 'Submit audit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit submitted' }).waitFor();
}

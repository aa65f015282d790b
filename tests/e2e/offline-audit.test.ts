// The auditor's day in a school with no connection, in Debian's chromium against the real server:
// sign in online once; go offline; reload; score a whole EHCP audit, reloading mid-way and closing
// and reopening the browser; then reconnect and see the audit reach the server. Axe checks every
// screen on the way.
import { describe, expect, it } from 'vitest';
import { firstPage } from './support/browser.ts';
import { auditsOnServer } from './support/server.ts';
import {
  backToTasks,
  expectSectionAnswers,
  goOfflineWithAssignment,
  openSection,
  scoreOpenSection,
  sectionTitles,
  signIn,
  startAuditOf,
  type SectionAnswers,
} from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const AUDITOR = 'education.auditor@demo.example';
const PLAN = 'PLN-0005';

const suite = useAppSuite();

describe('auditing offline', () => {
  it('keeps every answer through reloads and a browser restart, then syncs the audit to the server', async () => {
    let context = await suite.openBrowser();
    let page = await firstPage(context);

    // Sign in, online, once. The empty form shows the error summary first.
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await suite.checkAxe(page, 'sign in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')))
      .toBe(true);
    await suite.checkAxe(page, 'sign in with errors');
    await signIn(page, AUDITOR);
    await page.locator(`#assignment-${PLAN}`).waitFor();
    await suite.checkAxe(page, 'my audits');

    // From here on the device is offline, and a reload still opens the app.
    await goOfflineWithAssignment(page, context, PLAN);
    await page.reload();
    await page.locator(`#assignment-${PLAN}`).waitFor();
    await expect.poll(() => page.locator('#sync-status').innerText()).toContain('Offline');

    const { auditUrl, auditId } = await startAuditOf(page, PLAN);
    await suite.checkAxe(page, 'task list');
    const titles = await sectionTitles(page);
    expect(titles).toHaveLength(13);

    const answers: Record<string, SectionAnswers> = {};
    const comments = { B2: 'Needs are listed but two have no evidence in Section K.', F3: 'Staff roles not stated.' };
    const half = Math.ceil(titles.length / 2);

    for (const [index, title] of titles.entries()) {
      if (index === half) {
        // Mid-way: reload, and every answer so far is still there.
        await page.reload();
        await page.locator('#section-tasks').waitFor();
        for (const done of titles.slice(0, half)) {
          await openSection(page, done);
          await expectSectionAnswers(page, answers[done] ?? {});
          await page.getByRole('link', { name: 'Back to audit tasks' }).click();
        }
        // Close the browser altogether and open it again on the same profile, still offline.
        await context.close();
        context = await suite.openBrowser();
        await context.setOffline(true);
        page = await firstPage(context);
        await page.goto(auditUrl);
        await page.locator('#section-tasks').waitFor();
        for (const done of titles.slice(0, half)) {
          await openSection(page, done);
          await expectSectionAnswers(page, answers[done] ?? {});
          await page.getByRole('link', { name: 'Back to audit tasks' }).click();
        }
      }
      await openSection(page, title);
      answers[title] = await scoreOpenSection(page, comments);
      if (index === 0) await suite.checkAxe(page, 'section form');
      if (title.startsWith('Section F')) await suite.checkAxe(page, 'section form with count pair');
      await backToTasks(page);
    }

    await expect
      .poll(() => page.locator('#audit-progress').innerText())
      .toMatch(/You have completed 13 of 13 sections/);

    // The overall judgement: a different grade needs a reason (error summary first), and a concern.
    await page.getByRole('link', { name: 'Overall judgement and concerns' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overall judgement and concerns' }).waitFor();
    await page.getByRole('radio', { name: 'Choose a different grade' }).check();
    await page.getByRole('radio', { name: 'Requires improvement', exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await suite.checkAxe(page, 'overall with errors');
    await page
      .getByLabel('Why have you chosen a different grade?')
      .fill('Provision in F is not quantified throughout.');
    await page.getByLabel('Flag a concern about this plan').check();
    await page.getByLabel('Describe the concern').fill('Transport provision has lapsed since January.');
    await page.getByLabel('Describe the concern').blur();
    await suite.checkAxe(page, 'overall');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#section-tasks').waitFor();

    // Check answers and submit, still offline.
    await page.getByRole('link', { name: 'Check and submit the audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your answers before submitting' }).waitFor();
    await suite.checkAxe(page, 'check answers');
    await page.getByRole('button', { name: 'Submit audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit submitted' }).waitFor();
    await suite.checkAxe(page, 'submitted');
    const waiting = Number(await page.locator('#sync-waiting').getAttribute('data-waiting'));
    expect(waiting).toBeGreaterThan(0);

    // The submitted audit is read-only.
    await page.goto(`${auditUrl}/sections/B`);
    await page.locator('#submitted-notice').waitFor();
    expect(await page.locator('input[type=radio]').count()).toBe(0);
    await suite.checkAxe(page, 'read-only section');

    // The sync page lists what waits; the sign-out page warns before it wipes.
    await page.goto('/sync');
    await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
    await suite.checkAxe(page, 'sync');
    await page.goto('/sign-out');
    await page.getByText(/Signing out deletes them from this device/).waitFor();
    await suite.checkAxe(page, 'sign out with unsynced work');
    await page.goto('/no-such-page');
    await suite.checkAxe(page, 'not found');
    await page.goto('/');
    await page.locator(`#assignment-${PLAN}`).getByText('Submitted, waiting to sync').waitFor();

    // Back online: the sync status reaches zero waiting.
    await context.setOffline(false);
    await page.locator('#sync-waiting[data-waiting="0"]').waitFor({ timeout: 30_000 });
    await page.locator(`#assignment-${PLAN}`).getByText('Submitted and synced').waitFor();

    // The server holds the submitted audit: asked over its API as a separate client.
    const onServer = (await auditsOnServer(suite.server.url, AUDITOR)).find((audit) => audit.id === auditId)?.data;
    expect(onServer?.status).toBe('submitted');
    const expectedRatings = Object.fromEntries(
      Object.values(answers).flatMap((section) => Object.entries(section).map(([id, answer]) => [id, answer.rating])),
    );
    const labelOf: Record<string, string> = {
      met: 'Met',
      'partly-met': 'Partly met',
      'not-met': 'Not met',
      'cannot-judge': 'Cannot judge',
    };
    const serverRatings = Object.fromEntries(
      Object.entries(onServer?.responses ?? {}).map(([id, response]) => [
        id,
        labelOf[response.rating ?? ''] ?? response.rating,
      ]),
    );
    expect(serverRatings).toEqual(expectedRatings);
    expect(onServer?.responses?.B2?.comment).toBe(comments.B2);
    expect(onServer?.overallOverride).toEqual({ grade: 2, reason: 'Provision in F is not quantified throughout.' });
    expect(onServer?.concern).toEqual({ raised: true, note: 'Transport provision has lapsed since January.' });

    suite.expectNoAxeFindings();
  });
});

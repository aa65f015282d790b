// One section of an audit scored with the keyboard alone: Tab to move, Space and the arrow keys to
// rate, Enter to continue. Every control must be reachable, in order, with focus visible.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { firstPage } from './support/browser.ts';
import { readSectionAnswers, signIn } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const suite = useAppSuite({ isBrowserOpenedFirst: true });

type Focused = { tag: string; id: string; type: string; name: string; text: string; hasOutline: boolean };

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const style = element ? getComputedStyle(element) : null;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      id: element?.id ?? '',
      type: element?.getAttribute('type') ?? '',
      name: element?.getAttribute('name') ?? '',
      text: (element?.textContent ?? '').trim().slice(0, 80),
      // GOV.UK focus states: a yellow outline or box-shadow on every focused control.
      hasOutline: Boolean(style && (style.outlineStyle !== 'none' || style.boxShadow !== 'none')),
    };
  });
}

async function tabTo(page: Page, matches: (f: Focused) => boolean, limit = 60): Promise<Focused> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (matches(now)) return now;
  }
  throw new Error('The control was not reached with Tab');
}

describe('keyboard only', () => {
  it('scores a whole section without a mouse', async () => {
    const page = await firstPage(suite.browserOf());
    await page.goto('/');
    await signIn(page, 'health.auditor@demo.example');
    const start = page.getByRole('button', { name: /^Start audit of PLN-/ }).first();
    await start.waitFor();
    await start.click();
    await page.locator('#section-tasks').waitFor();

    // From the task list to Section C by keyboard.
    await tabTo(page, (f) => f.tag === 'a' && f.text === 'Section C: health needs');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Section C: health needs' }).waitFor();
    expect((await focused(page)).tag).toBe('h1');

    const ratings: Record<string, string> = {};
    const wanted = ['Met', 'Partly met', 'Met', 'Met', 'Met'];
    let index = 0;
    for (;;) {
      const now = await tabTo(
        page,
        (f) => (f.type === 'radio' && f.name.endsWith('-rating')) || f.id.endsWith('-choice'),
      );
      expect(now.hasOutline).toBe(true);
      if (now.id.endsWith('-choice')) {
        // The section grade question: keep the suggested grade.
        await page.keyboard.press('Space');
        break;
      }
      const criterionId = now.name.replace('-rating', '');
      await page.keyboard.press('Space'); // the first option, Met
      if (wanted[index] === 'Partly met') await page.keyboard.press('ArrowRight');
      ratings[criterionId] = wanted[index] ?? 'Met';
      index += 1;
      if (criterionId === 'C1') {
        // A comment typed from the keyboard too.
        await tabTo(page, (f) => f.id === 'C1-comment');
        await page.keyboard.type('Health needs are described and evidenced.');
      }
    }
    expect(Object.keys(ratings)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);

    const answers = await readSectionAnswers(page);
    expect(Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, a.rating]))).toEqual(ratings);
    expect(answers.C1?.comment).toBe('Health needs are described and evidenced.');

    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Continue');
    await page.keyboard.press('Enter');
    await page.locator('#section-tasks').waitFor();
    await expect.poll(() => page.locator('#task-C-status').innerText()).toBe('Completed');

    // The answers were saved, not just shown: they come back after a reload.
    await page.reload();
    await page.locator('#section-tasks').getByRole('link', { name: 'Section C: health needs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Section C: health needs' }).waitFor();
    const reloaded = await readSectionAnswers(page);
    expect(Object.fromEntries(Object.entries(reloaded).map(([id, a]) => [id, a.rating]))).toEqual(ratings);
  });
});

// The scoring form on real storage (fake-indexeddb): ratings, live grade suggestions with their
// reasons, overrides that need a reason, and the personal-identifier warning.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedStartedAudit, renderRoute } from '#tests/web-support/device-fixtures.tsx';
import { getAudit } from '#web/storage/audit-repository.ts';
import { listOutbox } from '#web/storage/outbox.ts';
import { SectionPage } from './section-page.tsx';

let auditId: string;

function renderSection(sectionId: string) {
  return renderRoute(<SectionPage />, {
    path: '/audits/:auditId/sections/:sectionId',
    url: `/audits/${auditId}/sections/${sectionId}`,
    extraRoutes: [{ path: '/audits/:auditId', element: <h1>Audit tasks</h1> }],
  });
}

function criterionGroup(criterionId: string): HTMLElement {
  const group = document.getElementById(`criterion-${criterionId}`);
  if (!group) throw new Error(`No criterion ${criterionId} on the page`);
  return group;
}

async function rate(criterionId: string, label: string) {
  await userEvent.click(within(criterionGroup(criterionId)).getByRole('radio', { name: label }));
}

beforeEach(async () => {
  auditId = await seedStartedAudit();
});

describe('the scoring form', () => {
  it('labels each criterion, its ratings and its guidance from the framework', async () => {
    renderSection('F');
    expect(
      await screen.findByRole('heading', { level: 1, name: /Section F: special educational provision/ }),
    ).toBeInTheDocument();
    const f2 = criterionGroup('F2');
    expect(within(f2).getByRole('group', { name: /F2 Provision is specified and quantified/ })).toBeInTheDocument();
    expect(within(f2).getByText('Statutory: limits the section grade.')).toBeInTheDocument();
    expect(
      within(f2)
        .getAllByRole('radio')
        .map((radio) => radio.nextSibling?.textContent),
    ).toEqual(['Met', 'Partly met', 'Not met', 'N/A – stated in the plan', 'N/A – not relevant', 'Cannot judge']);
    expect(within(f2).getByText('Guidance for F2').closest('details')).not.toHaveAttribute('open');
  });

  it('marks a criterion that does not apply to this plan, without hiding it', async () => {
    renderSection('F');
    const f8 = await waitFor(() => criterionGroup('F8'));
    expect(within(f8).getByText('Does not apply')).toBeVisible();
    expect(within(f8).getByText(/Applies to: Year 9 and above\. This plan: Year 5/)).toBeVisible();
    expect(within(f8).queryByRole('radio')).toBeNull();
  });

  it('saves a rating to the device at once, with its outbox entry', async () => {
    renderSection('F');
    await screen.findByRole('heading', { level: 1 });
    await rate('F1', 'Met');
    await waitFor(async () => expect((await getAudit(auditId))?.responses.F1).toEqual({ rating: 'met' }));
    const outbox = await listOutbox();
    expect(outbox.map((entry) => entry.mutation.name)).toEqual(['audit.start', 'audit.patch']);
    expect(outbox[1]?.mutation.args).toEqual({
      auditId,
      patch: { responses: { F1: { from: null, to: { rating: 'met' } } } },
    });
    expect(screen.getByRole('radio', { name: 'Met', checked: true })).toBeInTheDocument();
  });

  it('finds every answer again after the page is closed and reopened', async () => {
    const first = renderSection('B');
    await screen.findByRole('heading', { level: 1 });
    await rate('B1', 'Partly met');
    await userEvent.type(screen.getByLabelText('Comment on B1 (optional)'), 'Needs are listed but not evidenced.');
    await userEvent.tab();
    await waitFor(async () =>
      expect((await getAudit(auditId))?.responses.B1?.comment).toBe('Needs are listed but not evidenced.'),
    );
    first.unmount();

    renderSection('B');
    const b1 = await waitFor(() => criterionGroup('B1'));
    expect(within(b1).getByRole('radio', { name: 'Partly met' })).toBeChecked();
    expect(within(b1).getByLabelText('Comment on B1 (optional)')).toHaveValue('Needs are listed but not evidenced.');
  });

  it('queues one change for a comment typed in several bursts', async () => {
    renderSection('A');
    await screen.findByRole('heading', { level: 1 });
    const comment = screen.getByLabelText('Comment on A1 (optional)');
    await userEvent.type(comment, 'First thoughts');
    await userEvent.tab();
    await userEvent.type(comment, ', then more');
    await userEvent.tab();
    await waitFor(async () =>
      expect((await getAudit(auditId))?.responses.A1?.comment).toBe('First thoughts, then more'),
    );
    const patches = (await listOutbox()).filter((entry) => entry.mutation.name === 'audit.patch');
    expect(patches).toHaveLength(1);
  });
});

describe('grade suggestions', () => {
  it('suggests a grade as the auditor rates, with the reason', async () => {
    renderSection('F');
    const suggestion = await waitFor(() => {
      const element = document.getElementById('section-F-grade-suggestion');
      if (!element) throw new Error('no suggestion yet');
      return element;
    });
    expect(suggestion).toHaveTextContent('Suggested grade: No grade');
    expect(suggestion).toHaveTextContent('Not graded yet: no criterion answered.');

    await rate('F1', 'Met');
    expect(suggestion).toHaveTextContent('Suggested grade: Outstanding');
    expect(suggestion).toHaveTextContent('Provisional');

    await rate('F2', 'Not met');
    expect(suggestion).toHaveTextContent('Suggested grade: Inadequate');
    expect(suggestion).toHaveTextContent('Capped at Inadequate: statutory criterion F2 not met.');
  });

  it('drops "provisional" once every applicable criterion is answered', async () => {
    renderSection('C');
    await screen.findByRole('heading', { level: 1 });
    for (const id of ['C1', 'C2', 'C3', 'C4', 'C5']) await rate(id, 'Met');
    const suggestion = document.getElementById('section-C-grade-suggestion');
    expect(suggestion).toHaveTextContent('Suggested grade: Outstanding');
    expect(suggestion).not.toHaveTextContent('Provisional');
    expect(suggestion).toHaveTextContent('Outstanding from the criteria: 100% of the available score (5 met).');
  });

  it('lets the auditor choose another grade only with a reason', async () => {
    renderSection('C');
    await screen.findByRole('heading', { level: 1 });
    await rate('C1', 'Met');
    await userEvent.click(screen.getByRole('radio', { name: 'Choose a different grade' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Good' }));
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));

    const summary = await screen.findByRole('alert');
    expect(
      within(summary).getByRole('link', { name: 'Enter why you have chosen a different grade for Section C' }),
    ).toBeInTheDocument();
    expect(summary.closest('.govuk-error-summary')).toHaveFocus();
    expect((await getAudit(auditId))?.sectionOverrides.C).toBeUndefined();

    await userEvent.type(
      screen.getByLabelText('Why have you chosen a different grade?'),
      'Health needs are described well but not evidenced.',
    );
    await userEvent.tab();
    await waitFor(async () =>
      expect((await getAudit(auditId))?.sectionOverrides.C).toEqual({
        grade: 3,
        reason: 'Health needs are described well but not evidenced.',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { name: 'Audit tasks' })).toBeInTheDocument();
  });
});

describe('personal identifier warnings', () => {
  it('holds back a comment with an NHS number until the auditor removes it or confirms it', async () => {
    renderSection('C');
    await screen.findByRole('heading', { level: 1 });
    const comment = screen.getByLabelText('Comment on C1 (optional)');
    await userEvent.type(comment, 'NHS number 943 476 5919 is on the front page');
    await userEvent.tab();

    const warning = await screen.findByTestId('identifier-warning');
    expect(warning).toHaveTextContent(
      'This looks like it includes an NHS number (“943 476 5919”). It has not been saved.',
    );
    expect(comment).toHaveAccessibleDescription(expect.stringContaining('NHS number') as string);
    expect((await getAudit(auditId))?.responses.C1).toBeUndefined();

    await userEvent.clear(comment);
    await userEvent.type(comment, 'The NHS number is on the front page');
    await userEvent.tab();
    await waitFor(() => expect(screen.queryByTestId('identifier-warning')).toBeNull());
    await waitFor(async () =>
      expect((await getAudit(auditId))?.responses.C1?.comment).toBe('The NHS number is on the front page'),
    );
  });

  it('saves flagged text once the auditor says it is not personal information', async () => {
    renderSection('A');
    await screen.findByRole('heading', { level: 1 });
    const evidence = screen.getByLabelText('Evidence quote for A1 (optional)');
    await userEvent.type(evidence, 'Quote: "Jack Russell terriers are my favourite"');
    await userEvent.tab();
    expect(await screen.findByTestId('identifier-warning')).toHaveTextContent('a person’s full name (“Jack Russell”)');
    await userEvent.click(screen.getByRole('button', { name: 'It is not personal information: save it' }));
    await waitFor(async () =>
      expect((await getAudit(auditId))?.responses.A1?.evidence).toBe('Quote: "Jack Russell terriers are my favourite"'),
    );
    expect(screen.queryByTestId('identifier-warning')).toBeNull();
  });

  it('will not let the auditor continue past held-back text without saying so', async () => {
    renderSection('D');
    await screen.findByRole('heading', { level: 1 });
    await userEvent.type(screen.getByLabelText('Comment on D1 (optional)'), 'DOB 14/07/2015');
    await userEvent.tab();
    await screen.findByTestId('identifier-warning');
    await act(async () => {
      await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    });
    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent(
      'Check the text in the comment on D1: it may hold a personal identifier and has not been saved',
    );
  });
});

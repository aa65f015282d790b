// Check your answers and submit, on real storage: an incomplete audit cannot be submitted and the
// error summary says what is missing; a complete one is submitted and becomes read-only.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { applicableCriteria } from '#shared/domain/applicability.ts';
import { changeAudit, getAudit } from '#web/storage/audit-repository.ts';
import { listOutbox } from '#web/storage/outbox.ts';
import { EHCP_FRAMEWORK, PLAN_ATTRIBUTES, renderRoute, seedStartedAudit } from '#tests/web-support/device-fixtures.tsx';
import { CheckAnswersPage } from './check-answers-page.tsx';
import { SectionPage } from './section-page.tsx';

let auditId: string;

beforeEach(async () => {
  auditId = await seedStartedAudit();
});

function renderCheck() {
  return renderRoute(<CheckAnswersPage />, {
    path: '/audits/:auditId/check',
    url: `/audits/${auditId}/check`,
    extraRoutes: [
      { path: '/audits/:auditId/submitted', element: <h1>Submitted page</h1> },
      { path: '/audits/:auditId/sections/:sectionId', element: <SectionPage /> },
    ],
  });
}

describe('check your answers', () => {
  it('lists what is missing instead of submitting an incomplete audit', async () => {
    renderCheck();
    await userEvent.click(await screen.findByRole('button', { name: 'Submit audit' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByText('You cannot submit this audit yet')).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: /Rate criterion A1 in Section A/ })).toBeInTheDocument();
    expect((await getAudit(auditId))?.status).toBe('draft');
  });

  it('submits a complete audit, which is then read-only', async () => {
    for (const id of applicableCriteria(EHCP_FRAMEWORK, PLAN_ATTRIBUTES)) {
      const measure = id === 'F9' ? { numerator: 7, denominator: 9 } : undefined;
      await changeAudit(auditId, { kind: 'response', criterionId: id, to: { rating: 'met', measure } });
    }
    const view = renderCheck();
    expect(await screen.findByText('Grade for section F')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Submit audit' }));
    expect(await screen.findByRole('heading', { name: 'Submitted page' })).toBeInTheDocument();
    const audit = await getAudit(auditId);
    expect(audit?.status).toBe('submitted');
    expect((await listOutbox()).at(-1)?.mutation.name).toBe('audit.submit');
    view.unmount();

    renderRoute(<SectionPage />, {
      path: '/audits/:auditId/sections/:sectionId',
      url: `/audits/${auditId}/sections/F`,
    });
    await waitFor(() => expect(document.getElementById('submitted-notice')).toHaveTextContent('It is read-only.'));
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
  });
});

// The reports screens on a seeded device: the dashboard's figures and filters, small numbers
// withheld for parent-carer representatives, the plan report's HTML version and the exports.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '#tests/web-support/device-fixtures.tsx';
import { PARENT_REP, seedReportDevice } from '#tests/web-support/report-fixtures.ts';
import { ReportRoutes } from './report-routes.tsx';

function renderReports(url: string) {
  return renderRoute(<ReportRoutes />, { path: '/reports/*', url });
}

const summaryValue = async (key: string) => {
  const summary = await screen.findByTestId('board-summary');
  const term = within(summary).getByText(key);
  return term.nextElementSibling?.textContent;
};

describe('reports dashboard', () => {
  it('shows the board figures for every plan on the device', async () => {
    await seedReportDevice();
    renderReports('/reports');
    expect(await screen.findByRole('heading', { level: 1, name: 'Reports dashboard' })).toBeInTheDocument();
    expect(await summaryValue('Plans audited')).toBe('3');
    expect(await summaryValue('Good or better overall')).toBe('50% (1 of 2)');
    expect(await summaryValue('Section F provision delivered as specified')).toBe('75% (3 of 4 lines, 1 plans)');
    expect(screen.getByText(/Overall grades of 2 moderated plans: Outstanding 1/)).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Agreement between auditors before moderation' })).toHaveTextContent(
      'Exact agreement87.5%',
    );
  });

  it('applies filters, and refuses a date range that ends before it starts', async () => {
    await seedReportDevice();
    renderReports('/reports');
    await screen.findByTestId('board-summary');
    await userEvent.selectOptions(screen.getByLabelText('Setting type'), 'special');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(async () => expect(await summaryValue('Plans audited')).toBe('1'));
    expect(await summaryValue('Good or better overall')).toBe('100% (1 of 1)');

    await userEvent.type(screen.getByLabelText('From (date agreed)'), '2026-11-01');
    await userEvent.type(screen.getByLabelText('To (date agreed)'), '2026-10-01');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The end date must be the same as or after the start date');
    expect(screen.getByLabelText('From (date agreed)')).toHaveValue('2026-11-01');
  });

  it('withholds small numbers for a parent-carer representative', async () => {
    await seedReportDevice(PARENT_REP);
    renderReports('/reports');
    expect(await summaryValue('Good or better overall')).toBe('withheld (fewer than 5 of fewer than 5)');
    expect(screen.getByText(/Numbers below 5 are withheld/)).toBeInTheDocument();
    expect(screen.getByText('Agreement figures are not shown in this view.')).toBeInTheDocument();
  });
});

describe('plan report', () => {
  it('shows the HTML version with each auditor’s and the moderated grades', async () => {
    await seedReportDevice();
    renderReports('/reports/plans');
    await userEvent.click(await screen.findByRole('link', { name: 'PLN-0101' }));
    expect(await screen.findByRole('heading', { level: 1, name: /Plan report: PLN-0101/ })).toBeInTheDocument();
    const grades = await screen.findByRole('table', { name: /Each auditor’s grade/ });
    const f = within(grades).getByRole('row', { name: /^Section F / });
    expect(f).toHaveTextContent('OutstandingInadequateRequires improvementPanel view of F.');
    expect(screen.getByRole('button', { name: 'Create PDF' })).toBeInTheDocument();
  });

  it('explains when the PDF cannot be made in this browser', async () => {
    await seedReportDevice();
    renderReports('/reports/plans/cycle-autumn-2026/PLN-0101');
    await userEvent.click(await screen.findByRole('button', { name: 'Create PDF' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This browser cannot make PDF reports.');
  });
});

describe('exports', () => {
  it('offers the four CSV files to a QA lead, and none to a parent-carer representative', async () => {
    await seedReportDevice();
    const view = renderReports('/reports/exports');
    expect(await screen.findByRole('button', { name: 'Download audit responses' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Download/ })).toHaveLength(4);
    view.unmount();
    await seedReportDevice(PARENT_REP);
    renderReports('/reports/exports');
    expect(await screen.findByText(/for the QA lead and administrators/)).toBeInTheDocument();
  });
});

describe('agreement between auditors', () => {
  const rowOf = (table: HTMLElement, name: RegExp) => within(table).getByRole('row', { name });

  it('shows the agreement figures for the plans on the device, and follows the filters', async () => {
    await seedReportDevice();
    renderReports('/reports');
    await userEvent.click(await screen.findByRole('link', { name: 'Agreement between auditors' }));
    expect(await screen.findByRole('heading', { level: 1, name: /Agreement between auditors/ })).toBeInTheDocument();

    // 12 plan sections, 8 graded by both agencies, 7 of them alike; the one disagreement (4 against 1)
    // is the only grade that is not 4, so alpha is exactly 0.
    const overall = await screen.findByRole('table', { name: 'Overall agreement before moderation' });
    expect(rowOf(overall, /^All plans/)).toHaveTextContent(
      'All plans in this selection12 (8 graded by two or more)287.5%87.5%0.00 (None or poor)',
    );
    const sections = screen.getByRole('table', { name: 'Agreement by section' });
    expect(rowOf(sections, /^Section F /)).toHaveTextContent('3 (2 graded by two or more)250%50%0.00 (None or poor)');
    expect(rowOf(sections, /^Section B /)).toHaveTextContent(/100%100%Not enough data: Every grade compared is 4/);
    const cycles = screen.getByRole('table', { name: 'Agreement by cycle' });
    expect(rowOf(cycles, /^Autumn 2026/)).toHaveTextContent('87.5%');
    const pairs = screen.getByRole('table', { name: 'Agreement between agencies' });
    expect(rowOf(pairs, /^Education–Health/)).toHaveTextContent('Education–Health887.5%87.5%0.00 (None or poor)0.00');
    // Against the panel (PLN-0101 3,3,3,2; PLN-0102 4,3,4,4): education 4 throughout agrees on 3 of 8,
    // health (4,4,4,1 then 4,4,4,4) also on 3 of 8.
    const auditors = screen.getByRole('table', { name: 'Each auditor against the moderated grade' });
    expect(rowOf(auditors, /^Auditor 1 \(Education\)/)).toHaveTextContent('837.5%');
    expect(rowOf(auditors, /^Hana Health \(Health\)/)).toHaveTextContent('837.5%0.60 (Moderate)');

    // Only the special school plan (PLN-0102): every grade compared agrees.
    await userEvent.selectOptions(screen.getByLabelText('Setting type'), 'special');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(
        rowOf(screen.getByRole('table', { name: 'Overall agreement before moderation' }), /^All plans/),
      ).toHaveTextContent('4 (4 graded by two or more)2100%100%Not enough data'),
    );
  });

  it('is not shown to a parent-carer representative', async () => {
    await seedReportDevice(PARENT_REP);
    renderReports('/reports/agreement');
    expect(await screen.findByText(/it is not shown in this view/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

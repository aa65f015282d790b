// The reports screens: the dashboard, the board report, plan reports and CSV exports (agreement
// between auditors is in agreement-page.tsx).
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { auditResponsesCsv, actionsCsv, moderatedResultsCsv, sectionGradesCsv } from '#shared/domain/csv-export.ts';
import {
  buildBoardReport,
  buildPlanReport,
  filterReportPlans,
  type ReportFilters,
} from '#shared/domain/report-model.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { downloadBlob } from '#web/pdf/generate-report.ts';
import {
  councilBranding,
  exportInputs,
  planReportInputFrom,
  reportablePlans,
  satisfactionInput,
} from '#shared/domain/report-sources.ts';
import { BoardReportHtml } from './board-report-html.tsx';
import { PdfGenerator } from './pdf-generator.tsx';
import { PlanReportHtml } from './plan-report-html.tsx';
import { ReportFiltersForm } from './report-filters.tsx';
import {
  today,
  useFilters,
  useParentRepView,
  usePlanReportSources,
  useReportData,
  useReportSources,
} from './use-report-data.ts';
import './reports.css';
import { TableHead } from '#web/components/table-head.tsx';

function Loading() {
  return <p className="govuk-body">Loading the data on this device…</p>;
}

export function ReportsNav() {
  return (
    <ul className="govuk-list app-inline-list">
      <li>
        <Link className="govuk-link" to="/reports">
          Dashboard
        </Link>
      </li>
      <li>
        <Link className="govuk-link" to="/reports/board">
          Board report
        </Link>
      </li>
      <li>
        <Link className="govuk-link" to="/reports/plans">
          Plan reports
        </Link>
      </li>
      <li>
        <Link className="govuk-link" to="/reports/exports">
          CSV exports
        </Link>
      </li>
      <li>
        <Link className="govuk-link" to="/reports/agreement">
          Agreement between auditors
        </Link>
      </li>
    </ul>
  );
}

export function describeScope(filters: ReportFilters, cycles: Cycle[]): string {
  const parts: string[] = [];
  const cycle = cycles.find((c) => c.id === filters.cycleId);
  parts.push(cycle ? `Cycle: ${cycle.name}` : 'All cycles');
  if (filters.from && filters.to) parts.push(`${formatDate(filters.from)} to ${formatDate(filters.to)}`);
  else if (filters.from) parts.push(`from ${formatDate(filters.from)}`);
  else if (filters.to) parts.push(`up to ${formatDate(filters.to)}`);
  if (filters.keyStage) parts.push(`key stage ${filters.keyStage}`);
  if (filters.primaryNeed) parts.push(`primary need ${filters.primaryNeed}`);
  if (filters.settingType) parts.push(`setting ${filters.settingType}`);
  if (filters.agency) parts.push(`agency ${filters.agency}`);
  return parts.join(', ');
}

function useBoardModel(filters: ReportFilters) {
  const { data, threshold } = useReportData();
  const date = today();
  const model = useMemo(() => {
    if (!data) return undefined;
    return buildBoardReport(filterReportPlans(data.plans, filters), {
      council: councilBranding(data.sources.settings),
      today: date,
      scope: describeScope(filters, data.sources.cycles),
      suppressBelow: threshold,
      satisfaction: satisfactionInput(data.sources, filters),
    });
  }, [data, filters, date, threshold]);
  return { data, model, date };
}

const DASHBOARD_FIELDS = ['cycle', 'from', 'to', 'keyStage', 'need', 'setting', 'agency'] as const;
const BOARD_FIELDS = ['cycle', 'from', 'to'] as const;

export function DashboardPage() {
  usePageTitle('Reports dashboard');
  const [filters, setFilters] = useFilters();
  const { data, model } = useBoardModel(filters);
  return (
    <>
      <PageHeading>Reports dashboard</PageHeading>
      <ReportsNav />
      {data && model ? (
        <>
          <ReportFiltersForm
            key={JSON.stringify(filters)}
            cycles={data.sources.cycles}
            filters={filters}
            onApply={setFilters}
            fields={DASHBOARD_FIELDS}
          />
          <p className="govuk-body" aria-live="polite">
            Showing: {model.scope}.
          </p>
          <BoardReportHtml model={model} />
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}

export function BoardReportPage() {
  usePageTitle('Board report');
  const [filters, setFilters] = useFilters();
  const { data, model, date } = useBoardModel(filters);
  return (
    <>
      <PageHeading caption={data?.sources.settings.councilName}>Board report</PageHeading>
      <ReportsNav />
      {data && model ? (
        <>
          <p className="govuk-body">Choose a cycle, a date range or both, then create the PDF.</p>
          <ReportFiltersForm
            key={JSON.stringify(filters)}
            cycles={data.sources.cycles}
            filters={filters}
            onApply={setFilters}
            fields={BOARD_FIELDS}
          />
          <p className="govuk-body">Report for: {model.scope}.</p>
          <PdfGenerator label="Create PDF" request={{ kind: 'board', filters, scope: model.scope, today: date }} />
          <h2 className="govuk-heading-m">HTML version</h2>
          <BoardReportHtml model={model} headingLevel={3} />
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}

export function PlanReportsPage() {
  usePageTitle('Plan reports');
  const sources = useReportSources();
  const plans = useMemo(() => (sources ? reportablePlans(sources) : undefined), [sources]);
  return (
    <>
      <PageHeading>Plan reports</PageHeading>
      <ReportsNav />
      {!plans ? (
        <Loading />
      ) : plans.length === 0 ? (
        <p className="govuk-body">There are no audited plans on this device yet. Sync to fetch them.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Plans with a submitted audit</caption>
          <TableHead columns={['Plan', 'Cycle', 'Status']} />
          <tbody className="govuk-table__body">
            {plans.map((p) => (
              <tr className="govuk-table__row" key={`${p.cycleId}/${p.planRef}`}>
                <th scope="row" className="govuk-table__header">
                  <Link
                    className="govuk-link"
                    to={`/reports/plans/${encodeURIComponent(p.cycleId)}/${encodeURIComponent(p.planRef)}`}
                  >
                    {p.planRef}
                  </Link>
                </th>
                <td className="govuk-table__cell">{p.cycleName}</td>
                <td className="govuk-table__cell">{p.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function PlanReportPage() {
  const { cycleId = '', planRef = '' } = useParams();
  usePageTitle(`Plan report: ${planRef}`);
  const { sources, session } = usePlanReportSources(cycleId, planRef);
  const date = today();
  const model = useMemo(() => {
    if (!sources) return undefined;
    const input = planReportInputFrom(sources, cycleId, planRef, date, session?.user);
    return input ? buildPlanReport(input) : null;
  }, [sources, cycleId, planRef, date, session]);
  return (
    <>
      <PageHeading caption={sources?.settings.councilName}>Plan report: {planRef}</PageHeading>
      <ReportsNav />
      {model === undefined ? (
        <Loading />
      ) : model === null ? (
        <p className="govuk-body">
          There is no submitted audit or moderation of {planRef} on this device. Sync, or{' '}
          <Link className="govuk-link" to="/reports/plans">
            choose another plan
          </Link>
          .
        </p>
      ) : (
        <>
          <PdfGenerator label="Create PDF" request={{ kind: 'plan', cycleId, planRef, today: date }} />
          <h2 className="govuk-heading-m">HTML version</h2>
          <PlanReportHtml model={model} />
        </>
      )}
    </>
  );
}

export function ExportsPage() {
  usePageTitle('CSV exports');
  // The exports read the records as they are: no need to grade every audit as the dashboard does.
  const sources = useReportSources();
  const parentRep = useParentRepView();
  const date = today();
  const files = useMemo(() => {
    if (!sources) return [];
    const { audits, moderations } = exportInputs(sources);
    return [
      {
        name: `audit-responses-${date}.csv`,
        title: 'Audit responses',
        hint: `One row per criterion of each submitted audit (${audits.length} audits).`,
        make: () => auditResponsesCsv(audits),
      },
      {
        name: `section-grades-${date}.csv`,
        title: 'Section grades',
        hint: 'One row per section of each audit, and one for its overall judgement.',
        make: () => sectionGradesCsv(audits),
      },
      {
        name: `moderated-results-${date}.csv`,
        title: 'Moderated results',
        hint: `One row per section of each moderated plan, with the rationale (${moderations.length} plans).`,
        make: () => moderatedResultsCsv(moderations),
      },
      {
        name: `actions-${date}.csv`,
        title: 'Actions',
        hint: 'One row per action, with its owner, due date and whether it is overdue.',
        make: () =>
          actionsCsv(
            moderations.map((m) => m.moderation),
            date,
          ),
      },
    ];
  }, [sources, date]);
  return (
    <>
      <PageHeading>CSV exports</PageHeading>
      <ReportsNav />
      {!sources || parentRep === undefined ? (
        <Loading />
      ) : parentRep ? (
        <p className="govuk-body">
          Exports hold auditors’ comments and plan-level rows, so they are for the QA lead and administrators.
        </p>
      ) : (
        <>
          <p className="govuk-body">
            UTF-8 files with ISO dates and fixed column names, which Excel and Power BI open as they are.
          </p>
          <ul className="govuk-list">
            {files.map((f) => (
              <li key={f.name} className="govuk-!-margin-bottom-4">
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                  onClick={() => downloadBlob(new Blob([f.make()], { type: 'text/csv;charset=utf-8' }), f.name)}
                >
                  Download {f.title.toLowerCase()}
                </button>
                <p className="govuk-hint govuk-!-margin-0">{f.hint}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

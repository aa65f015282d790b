// Agreement between auditors before moderation, for QA leads and administrators: how often auditors
// of different agencies gave a plan section the same grade, and how each auditor compares with the
// panel's agreed grade. Parent-carer representatives get an explanation instead (figures about named
// auditors, resting on few plans).
import { useMemo } from 'react';
import type { AgreementResult } from '#shared/domain/agreement.ts';
import { LANDIS_KOCH_LABELS, landisKochBand } from '#shared/domain/agreement.ts';
import { buildAgreementReport, type MultiRaterAgreement } from '#shared/domain/agreement-report.ts';
import { agreementRows, filterReportPlans, sectionHeading, type ReportPlan } from '#shared/domain/report-model.ts';
import { AGENCY_LABELS, type Agency } from '#shared/schemas/framework.ts';
import type { User } from '#shared/schemas/user.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ReportFiltersForm } from './report-filters.tsx';
import { describeScope, ReportsNav } from './report-pages.tsx';
import { ReportTable } from './report-tables.tsx';
import { useFilters, useReportData } from './use-report-data.ts';
import './reports.css';

const FILTER_FIELDS = ['cycle', 'from', 'to', 'keyStage', 'need', 'setting', 'agency'] as const;

const notEnough = (result: AgreementResult) => `Not enough data: ${result.message ?? 'no value'}`;

/** "87.5%", or why there is no figure. */
export function percentCell(result: AgreementResult): string {
  return result.value === null ? notEnough(result) : `${Math.round(result.value * 1000) / 10}%`;
}

/** "0.61 (Substantial)": kappa and alpha with their Landis and Koch band, or why there is no figure. */
export function coefficientCell(result: AgreementResult): string {
  if (result.value === null) return notEnough(result);
  const band = landisKochBand(result.value);
  const shown = (Math.round(result.value * 100) / 100).toFixed(2);
  return band ? `${shown} (${LANDIS_KOCH_LABELS[band]})` : shown;
}

/** "12 (8 graded by two or more)": every plan section in the selection, and those compared. */
function unitsCell(a: MultiRaterAgreement): string {
  return `${a.nUnits} (${a.exact.nUnits} graded by two or more)`;
}

const multiRaterCells = (a: MultiRaterAgreement) => [
  unitsCell(a),
  String(a.nRaters),
  percentCell(a.exact),
  percentCell(a.withinOne),
  coefficientCell(a.alpha.ordinal),
];
const MULTI_RATER_HEAD = [
  'Plan sections',
  'Auditors',
  'Exact agreement',
  'Within one grade',
  "Krippendorff's alpha (ordinal)",
];

/**
 * Auditors by name where this device holds the user, else "Auditor N (Agency)", numbered in the order
 * they first appear among every plan on the device so a number does not change with the filters.
 */
function auditorLabeller(plans: readonly ReportPlan[], users: ReadonlyMap<string, User>) {
  const numbers = new Map<string, number>();
  for (const p of plans)
    for (const a of p.auditGrades) if (!numbers.has(a.raterId)) numbers.set(a.raterId, numbers.size + 1);
  return (raterId: string, agency: Agency) =>
    `${users.get(raterId)?.name ?? `Auditor ${numbers.get(raterId) ?? numbers.size + 1}`} (${AGENCY_LABELS[agency]})`;
}

function sectionTitles(plans: readonly ReportPlan[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const p of plans)
    for (const s of p.framework.sections) if (!titles.has(s.id)) titles.set(s.id, sectionHeading(s.id, s.title));
  return titles;
}

function Explanation() {
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">What these figures mean</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">
          Each section of each plan is graded by auditors from different agencies before the moderation panel meets.
          Exact agreement is the share of pairs of auditors who gave a section the same grade; within one grade also
          counts grades next to each other on the scale.
        </p>
        <p className="govuk-body">
          Krippendorff&apos;s alpha and Cohen&apos;s kappa go further: they allow for the agreement you would expect by
          chance if auditors graded at random with the same spread of grades. 1 is perfect agreement, 0 is no better
          than chance, and below 0 is worse than chance. The ordinal alpha and the linear and quadratic kappa treat a
          one-grade difference as a smaller disagreement than a three-grade one. The words in brackets are the Landis
          and Koch bands (slight, fair, moderate, substantial, almost perfect).
        </p>
        <p className="govuk-body">
          Where every grade compared is the same, or too few sections were graded by two people, a statistic cannot be
          worked out and the table says why. With few plans, treat every figure with care.
        </p>
      </div>
    </details>
  );
}

export function AgreementPage() {
  usePageTitle('Agreement between auditors');
  const [filters, setFilters] = useFilters();
  const { data, parentRep } = useReportData();
  const view = useMemo(() => {
    if (!data || parentRep) return undefined;
    const plans = filterReportPlans(data.plans, filters);
    const rows = agreementRows(plans);
    return {
      scope: describeScope(filters, data.sources.cycles),
      report: buildAgreementReport(rows.ratings, rows.scale, rows.moderated),
      auditor: auditorLabeller(data.plans, data.sources.users),
      sections: sectionTitles(plans),
      cycles: new Map(data.sources.cycles.map((c) => [c.id, c.name])),
    };
  }, [data, filters, parentRep]);

  let body;
  if (!data) body = <p className="govuk-body">Loading the data on this device…</p>;
  else if (parentRep)
    body = (
      <p className="govuk-body">
        Agreement between auditors is a check on how consistently auditors grade, used by the QA lead to plan training
        and moderation. It is about individual auditors and rests on small numbers, so it is not shown in this view. The
        dashboard and the board report show the moderated results.
      </p>
    );
  else if (view) {
    const { report, auditor, sections, cycles } = view;
    body = (
      <>
        <ReportFiltersForm
          key={JSON.stringify(filters)}
          cycles={data.sources.cycles}
          filters={filters}
          onApply={setFilters}
          fields={FILTER_FIELDS}
        />
        <p className="govuk-body" aria-live="polite">
          Showing: {view.scope}.
        </p>
        <Explanation />
        {report.overall.nUnits === 0 ? (
          <p className="govuk-body">
            No plan in this selection has a submitted audit on this device. Change the filters, or sync.
          </p>
        ) : (
          <>
            <ReportTable
              caption="Overall agreement before moderation"
              head={['Selection', ...MULTI_RATER_HEAD]}
              rows={[['All plans in this selection', ...multiRaterCells(report.overall)]]}
              numeric={[2, 3, 4]}
            />
            <ReportTable
              caption="Agreement by section"
              head={['Section', ...MULTI_RATER_HEAD]}
              rows={report.bySection.map((s) => [sections.get(s.sectionId) ?? s.sectionId, ...multiRaterCells(s)])}
              numeric={[2, 3, 4]}
            />
            <ReportTable
              caption="Agreement by cycle"
              head={['Cycle', ...MULTI_RATER_HEAD]}
              rows={report.byCycle.map((c) => [cycles.get(c.cycleId) ?? c.cycleId, ...multiRaterCells(c)])}
              numeric={[2, 3, 4]}
            />
            {report.byAgencyPair.length === 0 ? (
              <p className="govuk-body">No plan section in this selection was graded by auditors from two agencies.</p>
            ) : (
              <ReportTable
                caption="Agreement between agencies"
                head={[
                  'Agencies',
                  'Pairs of grades',
                  'Exact agreement',
                  'Within one grade',
                  "Cohen's kappa (linear)",
                  "Cohen's kappa (quadratic)",
                ]}
                rows={report.byAgencyPair.map((p) => [
                  `${AGENCY_LABELS[p.agencies[0]]}–${AGENCY_LABELS[p.agencies[1]]}`,
                  String(p.exact.nPairs),
                  percentCell(p.exact),
                  percentCell(p.withinOne),
                  coefficientCell(p.linearKappa),
                  coefficientCell(p.quadraticKappa),
                ])}
                numeric={[1, 2, 3]}
              />
            )}
            {report.byAuditor.length === 0 ? (
              <p className="govuk-body">
                No plan in this selection has been moderated yet, so auditors cannot be compared with the panel&apos;s
                agreed grades.
              </p>
            ) : (
              <ReportTable
                caption="Each auditor against the moderated grade"
                head={['Auditor', 'Sections compared', 'Exact agreement', "Cohen's kappa (quadratic)"]}
                rows={report.byAuditor.map((a) => [
                  auditor(a.raterId, a.agency),
                  String(a.exact.nPairs),
                  percentCell(a.exact),
                  coefficientCell(a.quadraticKappa),
                ])}
                numeric={[1, 2]}
              />
            )}
          </>
        )}
      </>
    );
  }
  return (
    <>
      <PageHeading caption={data?.sources.settings.councilName}>Agreement between auditors</PageHeading>
      <ReportsNav />
      {body}
    </>
  );
}

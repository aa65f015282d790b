// The plan report as HTML, from the same model as its PDF.
import { planTables, type PlanReportModel } from '#shared/domain/report-model.ts';
import { describePlan } from '#web/components/plan-labels.ts';
import { ReportTable } from './report-tables.tsx';

export function PlanReportHtml({ model }: { model: PlanReportModel }) {
  const tables = planTables(model);
  return (
    <div className="app-plan-report">
      <p className="govuk-body">
        {model.cycleName} · {model.frameworkLabel} · {model.moderationStatus}
      </p>
      <h3 className="govuk-heading-s">About the plan</h3>
      <dl className="govuk-summary-list">
        {describePlan(model.attributes).map((row) => (
          <div className="govuk-summary-list__row" key={row.key}>
            <dt className="govuk-summary-list__key">{row.key}</dt>
            <dd className="govuk-summary-list__value">{row.value}</dd>
          </div>
        ))}
      </dl>
      <h3 className="govuk-heading-s">Grades by section</h3>
      <ReportTable
        caption="Each auditor’s grade before moderation, and the grade the panel agreed"
        {...tables.grades}
      />
      <h3 className="govuk-heading-s">Statutory criteria not met</h3>
      {tables.statutory.rows.length === 0 ? (
        <p className="govuk-body">No auditor found a statutory criterion not met.</p>
      ) : (
        <ReportTable caption="Statutory criteria an auditor found not met" {...tables.statutory} />
      )}
      <h3 className="govuk-heading-s">Strengths</h3>
      <p className="govuk-body app-preserve-lines">{model.strengths || 'None recorded.'}</p>
      <h3 className="govuk-heading-s">Areas for development</h3>
      <p className="govuk-body app-preserve-lines">{model.areasForDevelopment || 'None recorded.'}</p>
      <h3 className="govuk-heading-s">Actions</h3>
      {tables.actions.rows.length === 0 ? (
        <p className="govuk-body">No actions were set.</p>
      ) : (
        <ReportTable caption="Actions, by due date" {...tables.actions} />
      )}
    </div>
  );
}

// The board report as HTML: the same model, figures, charts and text alternatives as the PDF, for
// the dashboard and as the accessible version beside the PDF.
import { boardHeadlineRows, boardTables, type BoardReportModel } from '#shared/domain/report-model.ts';
import { boardCharts } from '#web/pdf/board-charts.ts';
import { HtmlBarChart } from './html-chart.tsx';
import { ReportTable } from './report-tables.tsx';

export function BoardReportHtml({ model, headingLevel = 2 }: { model: BoardReportModel; headingLevel?: 2 | 3 }) {
  const t = model.suppressedBelow;
  const charts = boardCharts(model);
  const tables = boardTables(model);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const hClass = headingLevel === 2 ? 'govuk-heading-m' : 'govuk-heading-s';
  return (
    <div className="app-board-report">
      {t !== null ? (
        <div className="govuk-inset-text">
          Numbers below {t} are withheld and shown as “fewer than {t}”, so that no figure can point at a child.
        </div>
      ) : null}
      <dl className="govuk-summary-list" data-testid="board-summary">
        {boardHeadlineRows(model).map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>

      {tables.measures.rows.length > 0 ? (
        <>
          <H className={hClass}>Annual review measures</H>
          <ReportTable
            caption="Annual review measures by term: the share of reviews that could be judged, with the number behind it"
            {...tables.measures}
          />
        </>
      ) : null}

      {tables.satisfaction.rows.length > 0 ? (
        <>
          <H className={hClass}>Parent-carer satisfaction</H>
          <p className="govuk-body">
            From feedback calls after a new plan: “{model.satisfaction?.question}” Shares of fewer than{' '}
            {model.satisfactionThreshold} answers, and shares that would show fewer than {model.satisfactionThreshold}{' '}
            families either way, are withheld.
          </p>
          <ReportTable
            caption="Parent-carer satisfaction by term: the share of answers at or above satisfied, with the number behind it"
            {...tables.satisfaction}
          />
        </>
      ) : null}

      <H className={hClass}>Grade distribution</H>
      <HtmlBarChart chart={charts.distribution} alt={model.alt.distribution} id="chart-distribution" />

      <H className={hClass}>{model.goodOrBetterLabel} by term</H>
      <HtmlBarChart chart={charts.trend} alt={model.alt.trend} id="chart-trend" />
      <ReportTable caption={`${model.goodOrBetterLabel} by term`} {...tables.trend} numeric={[1, 2]} />

      <H className={hClass}>{model.goodOrBetterLabel} by section</H>
      <HtmlBarChart chart={charts.sections} alt={model.alt.sections} id="chart-sections" />
      <ReportTable caption={`${model.goodOrBetterLabel} by section`} {...tables.sections} numeric={[1, 2]} />

      <H className={hClass}>Statutory failures by criterion</H>
      {tables.statutory.rows.length === 0 ? (
        <p className="govuk-body">No statutory criterion was found not met.</p>
      ) : (
        <ReportTable
          caption="Statutory criteria found not met, by how many audits found them so"
          {...tables.statutory}
          numeric={[2, 3, 4]}
        />
      )}

      <H className={hClass}>Recurring themes</H>
      {tables.themes.rows.length === 0 ? (
        <p className="govuk-body">No criterion fell short.</p>
      ) : (
        <ReportTable caption="The criteria most often not or only partly met" {...tables.themes} numeric={[2, 3]} />
      )}

      <H className={hClass}>Agreement between auditors</H>
      {tables.agreement === null ? (
        <p className="govuk-body">Agreement figures are not shown in this view.</p>
      ) : (
        <ReportTable caption="Agreement between auditors before moderation" {...tables.agreement} numeric={[1]} />
      )}
    </div>
  );
}

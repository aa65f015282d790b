// The partnership board report as a PDF: headline figures, the grade distribution, the trend by
// term with framework changes marked, statutory failures, recurring themes, agreement between
// auditors, actions and Section F delivery. Each chart has its text alternative printed beside it.
import { Document, Page, Text, View } from '@react-pdf/renderer';
import {
  boardHeadlineRows,
  sectionHeading,
  showCount,
  showPercent,
  type BoardReportModel,
} from '#shared/domain/report-model.ts';
import { boardCharts } from './board-charts.ts';
import { H1, H2, Masthead, P, PageFooter, PdfBarChart, styles, Table } from './pdf-parts.tsx';

export function BoardReportPdf({ model }: { model: BoardReportModel }) {
  const f = model.figures;
  const t = model.suppressedBelow;
  const charts = boardCharts(model, 300);
  const chartWithAlt = (chart: (typeof charts)['trend'], alt: string) => (
    <View style={{ flexDirection: 'row', marginBottom: 6 }} wrap={false}>
      <PdfBarChart chart={chart} />
      <View style={{ flex: 1, marginLeft: 12 }}>
        <Text style={styles.alt}>Text alternative: {alt}</Text>
      </View>
    </View>
  );
  return (
    <Document
      title={model.title}
      author={model.council.councilName}
      subject={`${model.title}: ${model.scope}`}
      creator="EHCP quality audit"
      producer="EHCP quality audit"
      language="en-GB"
    >
      <Page size="A4" style={styles.page}>
        <Masthead council={model.council} subtitle="SEND Partnership Board" />
        <H1>{model.title}</H1>
        <Text style={styles.caption}>{model.scope}</Text>
        {t !== null ? <P>{`Numbers below ${t} are withheld and shown as "fewer than ${t}".`}</P> : null}
        <H2>Summary</H2>
        <Table head={['Measure', 'Figure']} widths={[3, 2]} rows={boardHeadlineRows(model)} />
        <H2>Grade distribution</H2>
        {chartWithAlt(charts.distribution, model.alt.distribution)}
        <H2>{`${model.goodOrBetterLabel} by term`}</H2>
        {chartWithAlt(charts.trend, model.alt.trend)}
        <Table
          head={['Term', 'Plans', model.goodOrBetterLabel, 'Framework']}
          widths={[2, 1, 1.5, 2.5]}
          rows={f.trend.map((term) => [
            term.term,
            showCount(term.plans, t),
            showPercent(term.goodOrBetter.percent, t),
            `${term.frameworkVersions.join(', ')}${term.isVersionChange ? ' (changed)' : ''}`,
          ])}
        />
        <H2>{`${model.goodOrBetterLabel} by section`}</H2>
        {chartWithAlt(charts.sections, model.alt.sections)}
        <Table
          head={['Section', 'Plans graded', model.goodOrBetterLabel]}
          widths={[4, 1, 1.5]}
          rows={f.goodOrBetterBySection.map((s) => [
            sectionHeading(s.sectionId, s.title),
            showCount(s.share.of, t),
            showPercent(s.share.percent, t),
          ])}
        />
        <H2>Statutory failures by criterion</H2>
        {f.statutoryFailures.length === 0 ? (
          <P>No statutory criterion was found not met.</P>
        ) : (
          <Table
            head={['Criterion', 'Text', 'Not met', 'Partly met', 'Judged']}
            widths={[1, 5, 1, 1, 1]}
            rows={f.statutoryFailures.map((s) => [
              s.criterionId,
              s.text,
              showCount(s.notMet, t),
              showCount(s.partlyMet, t),
              String(s.judged),
            ])}
          />
        )}
        <H2>Recurring themes</H2>
        {f.themes.length === 0 ? (
          <P>No criterion fell short.</P>
        ) : (
          <Table
            head={['Criterion', 'Text', 'Not or partly met', 'Share of judged']}
            widths={[1, 5, 1.3, 1.3]}
            rows={f.themes.map((th) => [
              th.criterionId,
              th.text,
              showCount(th.shortfalls, t),
              showPercent(th.percent, t),
            ])}
          />
        )}
        <H2>Agreement between auditors</H2>
        {model.agreement === null ? (
          <P>Agreement figures are not shown in this view.</P>
        ) : (
          <Table
            head={['Statistic', 'Value', 'Basis']}
            widths={[2, 1, 3]}
            rows={[model.agreement.exactPercent, model.agreement.withinOnePercent, model.agreement.alpha].map((a) => [
              a.label,
              a.value === null ? 'no figure' : a.label.startsWith('Krippendorff') ? String(a.value) : `${a.value}%`,
              a.note,
            ])}
          />
        )}
        <PageFooter generatedOn={model.generatedOn} />
      </Page>
    </Document>
  );
}

// The partnership board report as a PDF: headline figures, the grade distribution, the trend by
// term with framework changes marked, statutory failures, recurring themes, agreement between
// auditors, actions and Section F delivery. Each chart has its text alternative printed beside it.
import { Document, Page, Text, View } from '@react-pdf/renderer';
import { boardHeadlineRows, boardTables, type BoardReportModel } from '#shared/domain/report-model.ts';
import { boardCharts } from './board-charts.ts';
import { H1, H2, Masthead, P, PageFooter, PdfBarChart, styles, Table } from './pdf-parts.tsx';

export function BoardReportPdf({ model }: { model: BoardReportModel }) {
  const t = model.suppressedBelow;
  const charts = boardCharts(model, 300);
  const tables = boardTables(model);
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
        {tables.measures.rows.length > 0 ? (
          <>
            <H2>Annual review measures</H2>
            <Table {...tables.measures} widths={[3, 1.5, 2.5, 1.5, 2]} />
          </>
        ) : null}
        {tables.satisfaction.rows.length > 0 ? (
          <>
            <H2>Parent-carer satisfaction</H2>
            <Table {...tables.satisfaction} widths={[2, 3, 1.5, 2]} />
          </>
        ) : null}
        <H2>Grade distribution</H2>
        {chartWithAlt(charts.distribution, model.alt.distribution)}
        <H2>{`${model.goodOrBetterLabel} by term`}</H2>
        {chartWithAlt(charts.trend, model.alt.trend)}
        <Table {...tables.trend} widths={[2, 1, 1.5, 2.5]} />
        <H2>{`${model.goodOrBetterLabel} by section`}</H2>
        {chartWithAlt(charts.sections, model.alt.sections)}
        <Table {...tables.sections} widths={[4, 1, 1.5]} />
        <H2>Statutory failures by criterion</H2>
        {tables.statutory.rows.length === 0 ? (
          <P>No statutory criterion was found not met.</P>
        ) : (
          <Table {...tables.statutory} widths={[1, 5, 1, 1, 1]} />
        )}
        <H2>Recurring themes</H2>
        {tables.themes.rows.length === 0 ? (
          <P>No criterion fell short.</P>
        ) : (
          <Table {...tables.themes} widths={[1, 5, 1.3, 1.3]} />
        )}
        <H2>Agreement between auditors</H2>
        {tables.agreement === null ? (
          <P>Agreement figures are not shown in this view.</P>
        ) : (
          <Table {...tables.agreement} widths={[2, 1, 3]} />
        )}
        <PageFooter generatedOn={model.generatedOn} />
      </Page>
    </Document>
  );
}

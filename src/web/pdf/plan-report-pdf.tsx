// The plan report as a PDF: the plan's pseudonymous attributes, each auditor's section grades beside
// the moderated grades and rationale, statutory criteria not met, strengths, areas for development
// and actions. Loaded only by the report worker, with @react-pdf/renderer.
import { Document, Page, Text } from '@react-pdf/renderer';
import { planTables, type PlanReportModel } from '#shared/domain/report-model.ts';
import { describePlan } from '#web/components/plan-labels.ts';
import { H1, H2, Masthead, P, PageFooter, styles, Table } from './pdf-parts.tsx';

export function PlanReportPdf({ model }: { model: PlanReportModel }) {
  const tables = planTables(model);
  return (
    <Document
      title={model.title}
      author={model.council.councilName}
      subject={`EHC plan quality audit result for ${model.planRef}`}
      creator="EHCP quality audit"
      producer="EHCP quality audit"
      language="en-GB"
    >
      <Page size="A4" orientation="landscape" style={styles.page}>
        <Masthead council={model.council} subtitle="EHC plan quality audit" />
        <H1>{model.title}</H1>
        <Text style={styles.caption}>
          {model.cycleName} · {model.frameworkLabel} · {model.moderationStatus}
        </Text>
        <H2>About the plan</H2>
        <Table
          head={['Attribute', 'Value']}
          rows={describePlan(model.attributes).map((r) => [r.key, r.value])}
          widths={[1, 3]}
        />
        <H2>Grades by section</H2>
        <Table {...tables.grades} widths={[2, ...model.auditors.map(() => 1.2), 1.3, 3]} />
        <H2>Statutory criteria not met</H2>
        {tables.statutory.rows.length === 0 ? (
          <P>No auditor found a statutory criterion not met.</P>
        ) : (
          <Table {...tables.statutory} widths={[1, 5, 2]} />
        )}
        <H2>Strengths</H2>
        <P>{model.strengths || 'None recorded.'}</P>
        <H2>Areas for development</H2>
        <P>{model.areasForDevelopment || 'None recorded.'}</P>
        <H2>Actions</H2>
        {tables.actions.rows.length === 0 ? (
          <P>No actions were set.</P>
        ) : (
          <Table {...tables.actions} widths={[5, 2, 1.2, 1, 1.4]} />
        )}
        <PageFooter generatedOn={model.generatedOn} />
      </Page>
    </Document>
  );
}

// The one place a report model becomes a react-pdf document, for the worker and the tests.
import type { ReactElement } from 'react';
import type { DocumentProps } from '@react-pdf/renderer';
import type { BoardReportModel, PlanReportModel } from '#shared/domain/report-model.ts';
import { BoardReportPdf } from './board-report-pdf.tsx';
import { PlanReportPdf } from './plan-report-pdf.tsx';

export type ReportModel = PlanReportModel | BoardReportModel;

export function reportDocument(model: ReportModel): ReactElement<DocumentProps> {
  return model.kind === 'plan' ? <PlanReportPdf model={model} /> : <BoardReportPdf model={model} />;
}

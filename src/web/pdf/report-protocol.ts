// Messages between the page and the report worker. Plain, structured-cloneable objects.
import type { ReportFilters } from '#shared/domain/report-model.ts';

export type ReportRequest =
  | { kind: 'plan'; cycleId: string; planRef: string; today: string }
  | { kind: 'board'; filters: ReportFilters; scope: string; today: string };

export type ReportProgress = { step: string; done: number; total: number };

export type WorkerMessage =
  | ({ type: 'progress' } & ReportProgress)
  | { type: 'done'; bytes: ArrayBuffer; fileName: string; pages: number }
  | { type: 'error'; message: string };

export function reportFileName(request: ReportRequest): string {
  return request.kind === 'plan'
    ? `plan-report-${request.planRef}-${request.today}.pdf`
    : `board-report-${request.today}.pdf`;
}

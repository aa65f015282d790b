import type { SealState } from '#web/storage/seal-state.ts';
// Messages between the page and the report worker. Plain, structured-cloneable objects.
import type { ReportFilters } from '#shared/domain/report-model.ts';

export type ReportRequest =
  | { kind: 'plan'; cycleId: string; planRef: string; today: string }
  | { kind: 'board'; filters: ReportFilters; scope: string; today: string };

/**
 * What the page sends the worker: the request and the page's seal state. On a device with a PIN
 * the rows are encrypted, and the worker can read them only with the data key, handed over as the
 * same non-extractable CryptoKey (structured clone keeps it unusable outside WebCrypto).
 */
export type ReportJobMessage = { request: ReportRequest; seal: SealState };

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

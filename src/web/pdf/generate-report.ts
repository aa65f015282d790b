// The page's side of report generation: one worker per report, progress as it goes, and Cancel
// (terminating the worker) at any time. Resolves with the PDF as a Blob.
import { readSealState } from '#web/storage/seal-state.ts';
import type { ReportJobMessage, ReportProgress, ReportRequest, WorkerMessage } from './report-protocol.ts';

export type GeneratedReport = { blob: Blob; fileName: string; pages: number };

export type ReportJob = { result: Promise<GeneratedReport>; cancel: () => void };

export class ReportCancelledError extends Error {
  constructor() {
    super('Report cancelled.');
    this.name = 'ReportCancelledError';
  }
}

export function generateReport(request: ReportRequest, onProgress: (progress: ReportProgress) => void): ReportJob {
  if (typeof Worker === 'undefined') {
    return { result: Promise.reject(new Error('This browser cannot make PDF reports.')), cancel: () => undefined };
  }
  const worker = new Worker(new URL('./report.worker.ts', import.meta.url), { type: 'module', name: 'report' });
  let settle: { reject: (error: Error) => void } | undefined;
  const result = new Promise<GeneratedReport>((resolve, reject) => {
    settle = { reject };
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') {
        onProgress(message);
        return;
      }
      worker.terminate();
      if (message.type === 'done') {
        resolve({
          blob: new Blob([message.bytes], { type: 'application/pdf' }),
          fileName: message.fileName,
          pages: message.pages,
        });
      } else reject(new Error(message.message));
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The report could not be made.'));
    });
  });
  const message: ReportJobMessage = { request, seal: readSealState() };
  worker.postMessage(message);
  return {
    result,
    cancel: () => {
      worker.terminate();
      settle?.reject(new ReportCancelledError());
    },
  };
}

/** Saves a file through the browser's download, e.g. a PDF report or a CSV export. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

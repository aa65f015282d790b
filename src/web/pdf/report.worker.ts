// The report worker: reads the device's data, builds the report's figures and draws the PDF off the
// main thread, so the page stays responsive for a 500-plan board report. The PDF library is loaded
// on first use (its own chunk, precached by the service worker, so this works offline).
import { buildBoardReport, buildPlanReport } from '#shared/domain/report-model.ts';
import { filterReportPlans } from '#shared/domain/report-model.ts';
import { readsRedactedView } from '#shared/domain/redacted-view.ts';
import {
  councilBranding,
  planReportInputFrom,
  reportPlansFrom,
  satisfactionInput,
  suppressionThreshold,
} from '#shared/domain/report-sources.ts';
import { loadPlanReportSources, loadReportSources } from '#web/storage/report-data.ts';
import { getSession } from '#web/storage/meta.ts';
import { adoptSealState } from '#web/storage/seal-state.ts';
import { reportFileName, type ReportJobMessage, type ReportRequest, type WorkerMessage } from './report-protocol.ts';

const TOTAL_STEPS = 4;
const post = (message: WorkerMessage, transfer: Transferable[] = []): void =>
  (globalThis as unknown as { postMessage: (m: unknown, t: Transferable[]) => void }).postMessage(message, transfer);
const progress = (done: number, step: string) => post({ type: 'progress', step, done, total: TOTAL_STEPS });

async function generate(request: ReportRequest): Promise<void> {
  progress(0, 'Reading the data on this device');
  let model;
  if (request.kind === 'plan') {
    const [sources, session] = await Promise.all([
      loadPlanReportSources(request.cycleId, request.planRef),
      getSession(),
    ]);
    progress(1, 'Preparing figures');
    const input = planReportInputFrom(sources, request.cycleId, request.planRef, request.today, session?.user);
    if (!input) throw new Error(`There is no audit or moderation of ${request.planRef} on this device.`);
    model = buildPlanReport(input);
  } else {
    const [sources, session] = await Promise.all([loadReportSources(), getSession()]);
    progress(1, 'Preparing figures');
    model = buildBoardReport(filterReportPlans(reportPlansFrom(sources), request.filters), {
      council: councilBranding(sources.settings),
      today: request.today,
      scope: request.scope,
      suppressBelow: suppressionThreshold(sources.settings, readsRedactedView(session?.user)),
      satisfaction: satisfactionInput(sources, request.filters),
    });
  }
  progress(2, 'Loading the PDF library');
  const [{ pdf }, { reportDocument }] = await Promise.all([
    import('@react-pdf/renderer'),
    import('./report-document.tsx'),
  ]);
  progress(3, 'Drawing charts and pages');
  const blob = await pdf(reportDocument(model)).toBlob();
  const bytes = await blob.arrayBuffer();
  // The page count is in the trailer's /Count; read it for the completion message.
  const pages = Number(/\/Type \/Pages[^>]*\/Count (\d+)/.exec(new TextDecoder('latin1').decode(bytes))?.[1] ?? 0);
  post({ type: 'done', bytes, fileName: reportFileName(request), pages }, [bytes]);
}

globalThis.addEventListener('message', (event: MessageEvent<ReportJobMessage>) => {
  // The page's key, if it has one: without it an encrypted device's rows cannot be read here.
  adoptSealState(event.data.seal);
  generate(event.data.request).catch((error: unknown) =>
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});

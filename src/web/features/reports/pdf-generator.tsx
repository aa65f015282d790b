// "Create PDF": sends the request to the report worker, shows its progress in a polite live region
// with Cancel, then offers the file as a download. Works offline: the worker and the PDF library
// are precached.
import { useEffect, useRef, useState } from 'react';
import { formatBytes, plural } from '#web/components/format.ts';
import { generateReport, ReportCancelledError, type ReportJob } from '#web/pdf/generate-report.ts';
import type { ReportProgress, ReportRequest } from '#web/pdf/report-protocol.ts';

type State =
  | { kind: 'idle' }
  | { kind: 'working'; progress: ReportProgress }
  | { kind: 'done'; url: string; fileName: string; pages: number; size: number; seconds: number }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

type Props = { request: ReportRequest; label: string };

/** A new request (other filters) makes an earlier file stale, so it starts afresh. */
export function PdfGenerator(props: Props) {
  return <Generator key={JSON.stringify(props.request)} {...props} />;
}

function Generator({ request, label }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const job = useRef<ReportJob | null>(null);

  // Leaving the page stops the worker.
  useEffect(() => () => job.current?.cancel(), []);
  useEffect(
    () => () => {
      if (state.kind === 'done') URL.revokeObjectURL(state.url);
    },
    [state],
  );

  const start = () => {
    const began = performance.now();
    setState({ kind: 'working', progress: { step: 'Starting', done: 0, total: 4 } });
    const current = generateReport(request, (progress) => setState({ kind: 'working', progress }));
    job.current = current;
    current.result.then(
      (report) => {
        job.current = null;
        setState({
          kind: 'done',
          url: URL.createObjectURL(report.blob),
          fileName: report.fileName,
          pages: report.pages,
          size: report.blob.size,
          seconds: Math.round((performance.now() - began) / 100) / 10,
        });
      },
      (error: unknown) => {
        job.current = null;
        if (error instanceof ReportCancelledError) setState({ kind: 'cancelled' });
        else setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  };

  return (
    <div className="app-pdf-generator govuk-!-margin-bottom-6">
      {state.kind === 'working' ? (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => job.current?.cancel()}>
          Cancel
        </button>
      ) : (
        <button type="button" className="govuk-button" onClick={start}>
          {label}
        </button>
      )}
      <div role="status" aria-live="polite" className="govuk-body">
        {state.kind === 'working' ? (
          <>
            <p className="govuk-body govuk-!-margin-bottom-1">
              {state.progress.step} (step {state.progress.done + 1} of {state.progress.total})
            </p>
            <progress
              className="app-progress"
              max={state.progress.total}
              value={state.progress.done}
              aria-label="Report progress"
            />
          </>
        ) : null}
        {state.kind === 'done' ? (
          <>
            <p className="govuk-body">
              Your PDF is ready ({plural(state.pages, 'page')}, {formatBytes(state.size)}, made in {state.seconds}{' '}
              seconds).
            </p>
            <a className="govuk-button govuk-!-margin-bottom-0" href={state.url} download={state.fileName}>
              Download {state.fileName}
            </a>
          </>
        ) : null}
        {state.kind === 'cancelled' ? <p className="govuk-body">The report was cancelled.</p> : null}
      </div>
      {state.kind === 'failed' ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">The PDF could not be made</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{state.message} Try again, or use the HTML version below.</p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

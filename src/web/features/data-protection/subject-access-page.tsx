// Subject access (admins), at /subject-access: enter a plan reference and download everything held
// about it as a ZIP of JSON and CSV. The server checks the caller is an admin and logs the export.
import { useState, type FormEvent } from 'react';
import { ApiErrorSchema } from '#shared/protocol/sync.ts';
import { PlanRefSchema } from '#shared/schemas/plan.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';

const FIELD_ID = 'plan-ref';

function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Asks the server for the export; resolves to the file name saved, or rejects with a sentence for the user. */
async function downloadExport(planRef: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`/api/subject-access/${encodeURIComponent(planRef)}`, { credentials: 'same-origin' });
  } catch {
    throw new Error('The export could not be made because this device is offline: try again when you are online');
  }
  if (!response.ok) {
    const problem = ApiErrorSchema.safeParse(await response.json().catch(() => undefined));
    if (response.status === 404 && problem.success) {
      throw new Error(`${problem.data.message.charAt(0).toUpperCase()}${problem.data.message.slice(1)}`);
    }
    if (response.status === 401) throw new Error('Your session has ended: sign in again, then try again');
    if (response.status === 403) throw new Error('Only an administrator can export what is held about a plan');
    throw new Error(problem.success ? `The server refused: ${problem.data.message}` : 'The export failed. Try again');
  }
  const fileName =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
    `subject-access-${planRef}.zip`;
  saveFile(await response.blob(), fileName);
  return fileName;
}

export function SubjectAccessPage() {
  const [planRef, setPlanRef] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [downloaded, setDownloaded] = useState<string | undefined>();
  const [isWorking, setIsWorking] = useState(false);
  usePageTitle('Subject access request', errors.length > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDownloaded(undefined);
    const ref = planRef.trim().toUpperCase();
    if (ref === '') {
      setErrors([{ fieldId: FIELD_ID, message: 'Enter a plan reference' }]);
      return;
    }
    if (!PlanRefSchema.safeParse(ref).success) {
      setErrors([
        {
          fieldId: FIELD_ID,
          message: 'Enter a plan reference of 3 to 32 capital letters, digits or dashes, like PLN-0001',
        },
      ]);
      return;
    }
    setErrors([]);
    setIsWorking(true);
    try {
      const fileName = await downloadExport(ref);
      setDownloaded(fileName);
    } catch (error) {
      setErrors([
        { fieldId: FIELD_ID, message: error instanceof Error ? error.message : 'The export failed. Try again' },
      ]);
    } finally {
      setIsWorking(false);
    }
  };

  const error = errors[0]?.message;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {downloaded ? (
          <NotificationBanner type="success" id="export-downloaded">
            <p className="govuk-notification-banner__heading">The export was downloaded as {downloaded}.</p>
          </NotificationBanner>
        ) : null}
        <PageHeading caption="Settings">Subject access request</PageHeading>
        <p className="govuk-body">
          Download everything this service holds about one plan: the plan’s attributes, its assignments, every audit and
          moderation with their actions, and every audit log entry about them. The file is a ZIP of JSON and CSV files.
          Each export is recorded in the audit log.
        </p>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Staff names are given as account ids. Check the export with your data protection officer before you send it.
          </strong>
        </div>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor={FIELD_ID}>
              Plan reference
            </label>
            <div className="govuk-hint" id={`${FIELD_ID}-hint`}>
              The pseudonymous reference, for example PLN-0001
            </div>
            {error ? <ErrorMessage id={`${FIELD_ID}-error`}>{error}</ErrorMessage> : null}
            <input
              className={`govuk-input govuk-input--width-20${error ? ' govuk-input--error' : ''}`}
              id={FIELD_ID}
              name="planRef"
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={planRef}
              onChange={(e) => setPlanRef(e.target.value)}
              aria-describedby={`${FIELD_ID}-hint${error ? ` ${FIELD_ID}-error` : ''}`}
            />
          </div>
          <button type="submit" className="govuk-button" disabled={isWorking}>
            Download the export
          </button>
        </form>
      </div>
    </div>
  );
}

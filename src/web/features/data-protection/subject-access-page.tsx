// Subject access (admins), at /subject-access: enter a plan reference and download everything held
// about it as a ZIP of JSON and CSV. The server checks the caller is an admin and logs the export.
import { useState, type FormEvent } from 'react';
import { PlanRefSchema } from '#shared/schemas/plan.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useServices } from '#web/services/services-context.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';

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

/** The sentence a failed export shows. */
function describeExportFailure(error: unknown): string {
  if (!(error instanceof ApiFailure)) return 'The export failed. Try again';
  if (error.kind === 'network') {
    return 'The export could not be made because this device is offline: try again when you are online';
  }
  if (error.kind === 'not-found') return `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}`;
  if (error.status === 401) return 'Your session has ended: sign in again, then try again';
  if (error.status === 403) return 'Only an administrator can export what is held about a plan';
  return error.kind === 'server-error' ? 'The export failed. Try again' : `The server refused: ${error.message}`;
}

export function SubjectAccessPage() {
  const api = useServices().dataProtection;
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
      const { blob, fileName } = await api.downloadSubjectAccess(ref);
      saveFile(blob, fileName);
      setDownloaded(fileName);
    } catch (error) {
      setErrors([{ fieldId: FIELD_ID, message: describeExportFailure(error) }]);
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

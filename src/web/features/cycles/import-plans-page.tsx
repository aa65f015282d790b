// Import the plan list: a CSV file or pasted text. The clean rows are stored; each refused row is
// listed with its line number and reasons (the server refuses rows holding personal identifiers).
import { useState } from 'react';
import { Link } from 'react-router';
import type { PlanImportResponse } from '#shared/protocol/api.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { plural } from '#web/components/format.ts';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { describeCycleApiFailure } from '#web/sync/cycle-api.ts';
import { useCycleApi } from './use-cycle-api.ts';

const MAX_BYTES = 5 * 1024 * 1024;

function ImportResult({ result }: { result: PlanImportResponse }) {
  return (
    <section aria-labelledby="import-result-heading" id="import-result">
      <NotificationBanner
        type={result.refused.length > 0 ? 'important' : 'success'}
        id="import-banner"
        title="Import result"
      >
        <h2 className="govuk-notification-banner__heading" id="import-result-heading">
          {plural(result.created.length, 'plan')} created, {result.updated.length} updated, {result.unchanged} unchanged
          {result.refused.length > 0 ? `, ${plural(result.refused.length, 'row')} refused` : ''}
        </h2>
      </NotificationBanner>
      {result.ignoredColumns.length > 0 ? (
        <p className="govuk-body">Columns ignored (not used by the app): {result.ignoredColumns.join(', ')}.</p>
      ) : null}
      {result.refused.length > 0 ? (
        <table className="govuk-table" id="refused-rows">
          <caption className="govuk-table__caption govuk-table__caption--m">Rows not imported</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Line
              </th>
              <th scope="col" className="govuk-table__header">
                Plan reference
              </th>
              <th scope="col" className="govuk-table__header">
                Why
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {result.refused.map((row) => (
              <tr className="govuk-table__row" key={row.line} id={`refused-line-${row.line}`} tabIndex={-1}>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.line}</td>
                <td className="govuk-table__cell">{row.ref ?? 'None'}</td>
                <td className="govuk-table__cell">
                  <ul className="govuk-list">
                    {row.reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function ImportPlansPage() {
  const api = useCycleApi();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const [result, setResult] = useState<PlanImportResponse | null>(null);
  const [isSending, setIsSending] = useState(false);
  const summary: FieldError[] = [
    ...(fieldError ? [fieldError] : []),
    ...(result?.refused ?? []).map((row) => ({
      fieldId: `refused-line-${row.line}`,
      message: `Line ${row.line}${row.ref ? ` (${row.ref})` : ''}: ${row.reasons.join('; ')}`,
    })),
  ];
  usePageTitle('Import plan list', summary.length > 0);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFieldError({ fieldId: 'csv-file', message: 'The file must be smaller than 5 MB' });
      return;
    }
    setCsv(await file.text());
    setFileName(file.name);
    setFieldError(null);
  };

  const onSubmit = async () => {
    setResult(null);
    if (!csv.trim()) {
      setFieldError({ fieldId: 'csv-text', message: 'Choose a CSV file or paste the plan list' });
      return;
    }
    setFieldError(null);
    setIsSending(true);
    try {
      setResult(await api.importPlans(csv));
    } catch (error) {
      setFieldError({ fieldId: 'csv-text', message: describeCycleApiFailure(error) });
    } finally {
      setIsSending(false);
    }
  };

  const fileError = fieldError?.fieldId === 'csv-file' ? fieldError.message : null;
  const textError = fieldError?.fieldId === 'csv-text' ? fieldError.message : null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary
          errors={summary}
          title={
            result && result.refused.length > 0
              ? `${plural(result.refused.length, 'row')} could not be imported`
              : undefined
          }
        />
        <PageHeading caption="Audit cycles">Import plan list</PageHeading>
        {result ? <ImportResult result={result} /> : null}
        <p className="govuk-body">
          A CSV file with a header row: <code>ref</code>, <code>keyStage</code>, <code>yearGroup</code>,{' '}
          <code>primaryNeed</code>, <code>settingType</code>, <code>planType</code> and <code>lookedAfter</code>. Plans
          are matched by reference, so importing the same list again changes nothing. A row holding a name, date of
          birth, NHS number, UPN, address or contact details is refused.
        </p>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void onSubmit();
          }}
        >
          <div className={`govuk-form-group${fileError ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="csv-file">
              Upload a CSV file
            </label>
            {fileError ? <ErrorMessage id="csv-file-error">{fileError}</ErrorMessage> : null}
            <input
              className={`govuk-file-upload${fileError ? ' govuk-file-upload--error' : ''}`}
              id="csv-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={fileError ? 'csv-file-error' : undefined}
              onChange={(event) => void onFile(event.target.files?.[0])}
            />
            {fileName ? (
              <p className="govuk-body govuk-!-margin-top-2" id="csv-file-name">
                Loaded {fileName}: you can check it below before importing.
              </p>
            ) : null}
          </div>
          <div className={`govuk-form-group${textError ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="csv-text">
              Or paste the CSV
            </label>
            {textError ? <ErrorMessage id="csv-text-error">{textError}</ErrorMessage> : null}
            <textarea
              className={`govuk-textarea${textError ? ' govuk-textarea--error' : ''}`}
              id="csv-text"
              rows={10}
              spellCheck={false}
              value={csv}
              aria-describedby={textError ? 'csv-text-error' : undefined}
              onChange={(event) => setCsv(event.target.value)}
            />
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={isSending} aria-disabled={isSending}>
              {isSending ? 'Importing…' : 'Import plans'}
            </button>
            <Link className="govuk-link" to="/cycles">
              Back to cycles
            </Link>
          </div>
        </form>
      </div>
    </div>
  );
}

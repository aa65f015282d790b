// Import the plan list: an Excel workbook, a CSV file or pasted text. Its columns are mapped to the
// plan fields (guessed from the headings, unknown ones left out and listed), the rows that would be
// refused are listed by line before anything is sent, and the server's answer lists them again.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { PlanImportResponse } from '#shared/protocol/api.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { plural } from '#web/components/format.ts';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ColumnMappingTable, SpreadsheetFileField, type ChosenFile } from '#web/components/spreadsheet-import.tsx';
import type { ColumnMapping } from '#shared/domain/framework-import.ts';
import {
  checkPlanTable,
  guessPlanColumns,
  guessPlanField,
  mappedPlanCsv,
  PLAN_FIELD_LABELS,
  PLAN_FIELDS,
  type PlanField,
} from '#shared/domain/plan-import.ts';
import { findHeader, tableFromText } from '#shared/domain/tabular.ts';
import { describeCycleApiFailure } from '#web/sync/cycle-api.ts';
import { useCycleApi } from './use-cycle-api.ts';

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

/** The file or pasted rows, their header, and the columns as guessed or as the user chose them. */
function usePlanSource(chosen: ChosenFile | null, csv: string) {
  const source = useMemo(() => {
    const table = chosen?.table ?? (csv.trim() === '' ? null : tableFromText(csv));
    const header = table ? findHeader(table.rows, (heading) => guessPlanField(heading) !== null) : null;
    return table && header ? { table, header, signature: header.headings.join('\u0000') } : null;
  }, [chosen, csv]);
  const [chosenColumns, setChosenColumns] = useState<{ signature: string; columns: ColumnMapping<PlanField> } | null>(
    null,
  );
  const columns = useMemo(
    () =>
      source && chosenColumns?.signature === source.signature
        ? chosenColumns.columns
        : source
          ? guessPlanColumns(source.header.headings)
          : [],
    [source, chosenColumns],
  );
  const setColumns = (next: ColumnMapping<PlanField>) => {
    if (source) setChosenColumns({ signature: source.signature, columns: next });
  };
  const check = useMemo(
    () => (source ? checkPlanTable(source.table, source.header, columns) : null),
    [source, columns],
  );
  return { source, columns, setColumns, check };
}

export function ImportPlansPage() {
  const api = useCycleApi();
  const [csv, setCsv] = useState('');
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const [result, setResult] = useState<PlanImportResponse | null>(null);
  const [isSending, setIsSending] = useState(false);
  const { source, columns, setColumns, check } = usePlanSource(chosen, csv);
  const summary: FieldError[] = [
    ...(fieldError ? [fieldError] : []),
    ...(result?.refused ?? []).map((row) => ({
      fieldId: `refused-line-${row.line}`,
      message: `Line ${row.line}${row.ref ? ` (${row.ref})` : ''}: ${row.reasons.join('; ')}`,
    })),
  ];
  usePageTitle('Import plan list', summary.length > 0);

  const onSubmit = async () => {
    setResult(null);
    if (!source) {
      setFieldError({ fieldId: 'csv-text', message: 'Choose a CSV file or paste the plan list' });
      return;
    }
    if (!columns.includes('ref')) {
      setFieldError({ fieldId: 'column-A', message: 'Choose the column that holds the plan reference' });
      return;
    }
    setFieldError(null);
    setIsSending(true);
    try {
      setResult(await api.importPlans(mappedPlanCsv(source.table, source.header, columns)));
    } catch (error) {
      setFieldError({ fieldId: 'csv-text', message: describeCycleApiFailure(error) });
    } finally {
      setIsSending(false);
    }
  };

  const fileError = fieldError?.fieldId === 'csv-file' ? fieldError.message : undefined;
  const textError = fieldError?.fieldId === 'csv-text' ? fieldError.message : null;
  const columnError = fieldError?.fieldId === 'column-A' ? fieldError.message : undefined;
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
          <SpreadsheetFileField
            id="csv-file"
            label="Upload the plan list"
            hint="Excel (.xlsx) or CSV separated by commas, semicolons or tabs. Only the first sheet is read."
            error={fileError}
            chosen={chosen}
            onChosen={(file) => {
              setChosen(file);
              setFieldError(null);
            }}
            onError={(message) => setFieldError({ fieldId: 'csv-file', message })}
          />
          <div className={`govuk-form-group${textError ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="csv-text">
              Or paste the CSV
            </label>
            <div id="csv-text-hint" className="govuk-hint">
              Used only when no file is chosen.
            </div>
            {textError ? <ErrorMessage id="csv-text-error">{textError}</ErrorMessage> : null}
            <textarea
              className={`govuk-textarea${textError ? ' govuk-textarea--error' : ''}`}
              id="csv-text"
              rows={10}
              spellCheck={false}
              value={csv}
              aria-describedby={textError ? 'csv-text-hint csv-text-error' : 'csv-text-hint'}
              onChange={(event) => setCsv(event.target.value)}
            />
          </div>
          {source ? (
            <>
              <p className="govuk-body" id="plan-read-as">
                Read as {source.table.readAs}, header on line {source.header.rowIndex + 1}. Check which column holds
                what; columns not imported are still checked for names and other identifiers.
              </p>
              <ColumnMappingTable
                table={source.table}
                header={source.header}
                columns={columns}
                fields={PLAN_FIELDS}
                labels={PLAN_FIELD_LABELS}
                onChange={setColumns}
                errors={columnError ? { 0: columnError } : {}}
              />
              {!result && check && (check.refused.length > 0 || check.fileProblems.length > 0) ? (
                <PlanCheck check={check} />
              ) : null}
            </>
          ) : null}
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

/** The rows the server would refuse with the columns as mapped, by line, before anything is sent. */
function PlanCheck({ check }: { check: ReturnType<typeof checkPlanTable> }) {
  return (
    <div className="govuk-warning-text" id="plan-check">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <div className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {check.fileProblems.length > 0
          ? check.fileProblems.join('; ')
          : `${plural(check.refused.length, 'row')} will not be imported, ${plural(check.plans.length, 'plan')} will:`}
        {check.refused.length > 0 ? (
          <ul className="govuk-list govuk-!-font-weight-regular" id="plan-check-lines">
            {check.refused.map((row) => (
              <li key={row.line}>
                Line {row.line}
                {row.ref ? ` (${row.ref})` : ''}: {row.reasons.join('; ')}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

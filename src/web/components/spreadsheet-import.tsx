// The pieces both spreadsheet imports (frameworks and plan lists) share: choosing a file or pasting
// rows, the column-mapping table, and the list of problems by line, cell and value.
import { useState } from 'react';
import type { ColumnMapping } from '#shared/domain/framework-import.ts';
import { columnLetter, columnName, isBlankRow, type Header, type Table } from '#shared/domain/tabular.ts';
import { ErrorMessage } from './error-summary.tsx';
import { readSpreadsheetFile, SPREADSHEET_ACCEPT, SpreadsheetReadError } from './spreadsheet-file.ts';
import { TableHead } from './table-head.tsx';

const MAX_BYTES = 5 * 1024 * 1024;

export type ChosenFile = { name: string; table: Table };

/** A file input that reads .xlsx or CSV as soon as a file is chosen and says how it was read. */
export function SpreadsheetFileField({
  id,
  label,
  hint,
  error,
  chosen,
  onChosen,
  onError,
}: {
  id: string;
  label: string;
  hint: string;
  error?: string;
  chosen: ChosenFile | null;
  onChosen: (file: ChosenFile | null) => void;
  onError: (message: string) => void;
}) {
  const [isReading, setIsReading] = useState(false);
  const onFile = async (file: File | undefined) => {
    onChosen(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      onError('The file must be smaller than 5 MB');
      return;
    }
    setIsReading(true);
    try {
      onChosen({ name: file.name, table: await readSpreadsheetFile(file) });
    } catch (failure) {
      onError(
        failure instanceof SpreadsheetReadError ? failure.message : 'The file could not be read: choose it again',
      );
    } finally {
      setIsReading(false);
    }
  };
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null, chosen ? `${id}-read-as` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <div id={`${id}-hint`} className="govuk-hint">
        {hint}
      </div>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        className={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
        id={id}
        type="file"
        accept={SPREADSHEET_ACCEPT}
        aria-describedby={describedBy}
        onChange={(event) => void onFile(event.target.files?.[0])}
      />
      <p className="govuk-body govuk-!-margin-top-2" id={`${id}-read-as`} aria-live="polite">
        {isReading ? 'Reading the file…' : chosen ? `Read ${chosen.name} as ${chosen.table.readAs}.` : ''}
      </p>
    </div>
  );
}

/** The first value under the header in a column, to help the user recognise it. */
function example(table: Table, header: Header, index: number): string {
  for (const row of table.rows.slice(header.rowIndex + 1)) {
    if (isBlankRow(row)) continue;
    const value = row[index] ?? '';
    if (value !== '') return value.length > 60 ? `${value.slice(0, 57)}…` : value;
  }
  return '';
}

/** One row per column of the file with a select for the field it holds; the guesses come in pre-selected. */
export function ColumnMappingTable<Field extends string>({
  table,
  header,
  columns,
  fields,
  labels,
  onChange,
  errors,
}: {
  table: Table;
  header: Header;
  columns: ColumnMapping<Field>;
  fields: readonly Field[];
  labels: Record<Field, string>;
  onChange: (columns: ColumnMapping<Field>) => void;
  /** Messages by column index, shown at the select. */
  errors: Record<number, string>;
}) {
  return (
    <table className="govuk-table" id="column-mapping">
      <caption className="govuk-table__caption govuk-table__caption--m">Columns in the file</caption>
      <TableHead columns={['Column', 'First value', 'Read as']} />
      <tbody className="govuk-table__body">
        {header.headings.map((_, index) => {
          const selectId = `column-${columnLetter(index)}`;
          const error = errors[index];
          const name = columnName(header.headings, index);
          return (
            <tr className="govuk-table__row" key={selectId}>
              <th scope="row" className="govuk-table__header">
                {columnLetter(index)}: {name}
              </th>
              <td className="govuk-table__cell">{example(table, header, index)}</td>
              <td className="govuk-table__cell">
                <div className={`govuk-form-group govuk-!-margin-bottom-0${error ? ' govuk-form-group--error' : ''}`}>
                  <label className="govuk-label govuk-visually-hidden" htmlFor={selectId}>
                    Read column {columnLetter(index)} ({name}) as
                  </label>
                  {error ? <ErrorMessage id={`${selectId}-error`}>{error}</ErrorMessage> : null}
                  <select
                    className={`govuk-select${error ? ' govuk-select--error' : ''}`}
                    id={selectId}
                    value={columns[index] ?? ''}
                    aria-describedby={error ? `${selectId}-error` : undefined}
                    onChange={(event) => {
                      const next = [...columns];
                      const chosen = fields.find((field) => field === event.target.value);
                      next[index] = chosen ?? null;
                      onChange(next);
                    }}
                  >
                    <option value="">Not imported</option>
                    {fields.map((field) => (
                      <option key={field} value={field}>
                        {labels[field]}
                      </option>
                    ))}
                  </select>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export type LineProblem = { line: number; cell?: string; column?: string; value?: string; message: string };

/** Every problem at once, in line order, each with where it is and what the cell held. */
export function LineProblemTable({ id, caption, problems }: { id: string; caption: string; problems: LineProblem[] }) {
  return (
    <table className="govuk-table" id={id}>
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Line
          </th>
          <th scope="col" className="govuk-table__header">
            Cell
          </th>
          <th scope="col" className="govuk-table__header">
            Value
          </th>
          <th scope="col" className="govuk-table__header">
            Problem
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {problems.map((problem, i) => (
          <tr
            className="govuk-table__row"
            key={`${String(problem.line)}-${problem.cell ?? ''}-${String(i)}`}
            id={`${id}-${String(i)}`}
            tabIndex={-1}
          >
            <td className="govuk-table__cell govuk-table__cell--numeric">{problem.line}</td>
            <td className="govuk-table__cell">
              {problem.cell ?? 'Whole row'}
              {problem.column ? ` (${problem.column})` : ''}
            </td>
            <td className="govuk-table__cell">
              {problem.value === undefined ? '' : problem.value === '' ? '(blank)' : problem.value}
            </td>
            <td className="govuk-table__cell">{problem.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Importing a framework as a new draft: a JSON file (problems by path inside it) or a spreadsheet
// saved as CSV (one row per criterion; problems by line and column). The server checks again.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { checkFrameworkText, type FrameworkProblem } from '#shared/domain/framework-check.ts';
import { importFrameworkCsv, type FrameworkCsvRowError } from '#shared/domain/framework-csv.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { frameworkPath } from './editor-model.ts';
import { describeFailure, useFrameworkApi } from './editor-state.tsx';
import { TableHead } from '#web/components/table-head.tsx';

/** Stores the import as a draft and opens it; when the server refuses, what to show and the field's message. */
function useStoreDraft(subject: string) {
  const api = useFrameworkApi();
  const navigate = useNavigate();
  return async (framework: Framework): Promise<{ problems: FrameworkProblem[]; message: string | null }> => {
    try {
      const saved = await api.saveDraft(framework);
      void navigate(frameworkPath(saved.id, saved.version ?? 1), { state: { created: true } });
      return { problems: [], message: null };
    } catch (error) {
      if (error instanceof ApiFailure && error.issues && error.issues.length > 0) {
        return {
          problems: error.issues.map((i) => ({ file: 'server', ...i })),
          message: problemCount(error.issues.length, subject),
        };
      }
      return { problems: [], message: describeFailure(error) };
    }
  };
}

function FileOrText({
  id,
  label,
  hint,
  accept,
  text,
  onText,
  error,
}: {
  id: string;
  label: string;
  hint: string;
  accept: string;
  text: string;
  onText: (text: string) => void;
  error?: string;
}) {
  return (
    <>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor={`${id}-file`}>
          Choose a file
        </label>
        <input
          className="govuk-file-upload"
          id={`${id}-file`}
          type="file"
          accept={accept}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void file.text().then(onText);
          }}
        />
      </div>
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          {label}
        </label>
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
        {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
        <textarea
          className={`govuk-textarea app-json-field${error ? ' govuk-textarea--error' : ''}`}
          id={id}
          rows={10}
          spellCheck={false}
          value={text}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(event) => onText(event.target.value)}
        />
      </div>
    </>
  );
}

function ProblemTable({ problems }: { problems: FrameworkProblem[] }) {
  return (
    <table className="govuk-table" id="import-problems">
      <caption className="govuk-table__caption govuk-table__caption--m">Problems in the file</caption>
      <TableHead columns={['Where in the file', 'Problem']} />
      <tbody className="govuk-table__body">
        {problems.map((p) => (
          <tr className="govuk-table__row" key={`${p.path}-${p.message}`}>
            <td className="govuk-table__cell">
              <code>{p.path}</code>
            </td>
            <td className="govuk-table__cell">{p.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ImportJsonPage() {
  const store = useStoreDraft('The file');
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<FrameworkProblem[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Import a framework from JSON', errors.length > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkFrameworkText('file', text);
    if (!checked.ok) {
      setProblems(checked.problems);
      setErrors([{ fieldId: 'import-json', message: problemCount(checked.problems.length, 'The file') }]);
      return;
    }
    setBusy(true);
    // Without a version the server numbers the draft after the latest version of that id.
    const stored = await store({ ...checked.framework, status: 'draft' });
    setBusy(false);
    setProblems(stored.problems);
    setErrors(stored.message ? [{ fieldId: 'import-json', message: stored.message }] : []);
  };

  return (
    <>
      <Link to="/frameworks" className="govuk-back-link">
        Back to frameworks
      </Link>
      <ErrorSummary errors={errors} />
      <PageHeading>Import a framework from JSON</PageHeading>
      <p className="govuk-body">
        The framework is stored as a draft: its version number is kept, or the next one is used if it has none. A
        published version is never replaced.
      </p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <FileOrText
          id="import-json"
          label="Or paste the JSON"
          hint="A framework file, such as one exported from this app."
          accept=".json,application/json"
          text={text}
          onText={setText}
          error={errors[0]?.message}
        />
        {problems.length > 0 ? <ProblemTable problems={problems} /> : null}
        <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
          Import as a draft
        </button>
      </form>
    </>
  );
}

function problemCount(count: number, subject: string): string {
  return `${subject} has ${count === 1 ? 'a problem' : `${String(count)} problems`}: see the list below`;
}

export function ImportCsvPage() {
  const store = useStoreDraft('The spreadsheet');
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [rowErrors, setRowErrors] = useState<FrameworkCsvRowError[]>([]);
  const [problems, setProblems] = useState<FrameworkProblem[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Import a framework from a spreadsheet', errors.length > 0);
  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(id.trim()))
      found.push({ fieldId: 'csv-id', message: 'Enter an id of 1 to 40 letters, digits, dots, dashes or underscores' });
    if (title.trim() === '') found.push({ fieldId: 'csv-title', message: 'Enter a title' });
    if (text.trim() === '') found.push({ fieldId: 'csv-text', message: 'Choose a CSV file or paste its rows' });
    setRowErrors([]);
    setProblems([]);
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    const result = importFrameworkCsv(text, id.trim(), title.trim());
    if (!result.ok) {
      setRowErrors(result.rowErrors);
      setProblems(result.problems);
      const count = result.rowErrors.length + result.problems.length;
      setErrors([{ fieldId: 'csv-text', message: problemCount(count, 'The spreadsheet') }]);
      return;
    }
    setBusy(true);
    const stored = await store(result.framework);
    setBusy(false);
    setProblems(stored.problems);
    setErrors(stored.message ? [{ fieldId: 'csv-text', message: stored.message }] : []);
  };

  return (
    <>
      <Link to="/frameworks" className="govuk-back-link">
        Back to frameworks
      </Link>
      <ErrorSummary errors={errors} />
      <PageHeading>Import a framework from a spreadsheet</PageHeading>
      <p className="govuk-body">
        Save the spreadsheet as CSV with a header row and one row per criterion. The columns are <code>section</code>,{' '}
        <code>id</code>, <code>text</code>, <code>guidance</code>, <code>statutory</code> (yes or no) and{' '}
        <code>lead agency</code>, and optionally <code>section title</code> and <code>applies from year</code>. The
        draft gets the usual grade scale, ratings and limiting rules, which you can change in the editor.
      </p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <div className={`govuk-form-group${errorFor('csv-id') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="csv-id">
            Framework id
          </label>
          {errorFor('csv-id') ? <ErrorMessage id="csv-id-error">{errorFor('csv-id') ?? ''}</ErrorMessage> : null}
          <input
            className={`govuk-input govuk-input--width-20${errorFor('csv-id') ? ' govuk-input--error' : ''}`}
            id="csv-id"
            spellCheck={false}
            value={id}
            aria-describedby={errorFor('csv-id') ? 'csv-id-error' : undefined}
            onChange={(event) => setId(event.target.value)}
          />
        </div>
        <div className={`govuk-form-group${errorFor('csv-title') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="csv-title">
            Title
          </label>
          {errorFor('csv-title') ? (
            <ErrorMessage id="csv-title-error">{errorFor('csv-title') ?? ''}</ErrorMessage>
          ) : null}
          <input
            className={`govuk-input${errorFor('csv-title') ? ' govuk-input--error' : ''}`}
            id="csv-title"
            value={title}
            aria-describedby={errorFor('csv-title') ? 'csv-title-error' : undefined}
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
        <FileOrText
          id="csv-text"
          label="Or paste the rows"
          hint="Including the header row."
          accept=".csv,text/csv"
          text={text}
          onText={setText}
          error={errorFor('csv-text')}
        />
        {rowErrors.length > 0 ? (
          <table className="govuk-table" id="csv-row-errors">
            <caption className="govuk-table__caption govuk-table__caption--m">Rows that could not be read</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Line
                </th>
                <th scope="col" className="govuk-table__header">
                  Column
                </th>
                <th scope="col" className="govuk-table__header">
                  Problem
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rowErrors.map((row, i) => (
                <tr className="govuk-table__row" key={`${String(row.line)}-${String(i)}`}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{row.line}</td>
                  <td className="govuk-table__cell">{row.column ?? '(whole row)'}</td>
                  <td className="govuk-table__cell">{row.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {problems.length > 0 ? <ProblemTable problems={problems} /> : null}
        <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
          Import as a draft
        </button>
      </form>
    </>
  );
}

// Importing a framework as a new draft from a JSON file (problems by path inside it), and what the
// spreadsheet import shares with it: storing the draft and listing the server's problems.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { checkFrameworkText, type FrameworkProblem } from '#shared/domain/framework-check.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { frameworkPath } from './editor-model.ts';
import { describeFailure, useFrameworkApi } from './editor-state.tsx';
import { TableHead } from '#web/components/table-head.tsx';

/** Stores the import as a draft and opens it; when the server refuses, what to show and the field's message. */
export function useStoreDraft(subject: string) {
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

export function ProblemTable({ problems }: { problems: FrameworkProblem[] }) {
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

export function problemCount(count: number, subject: string): string {
  return `${subject} has ${count === 1 ? 'a problem' : `${String(count)} problems`}: see the list below`;
}

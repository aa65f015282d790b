// Importing a council's criteria spreadsheet (.xlsx or CSV) as a framework draft, in four steps on
// one route: the file, which column holds what, what the file's words mean, then every problem by
// line and cell, or the sections to rename and reorder before the draft is saved and opened.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { FrameworkProblem } from '#shared/domain/framework-check.ts';
import {
  assembleFramework,
  checkColumnMapping,
  FRAMEWORK_FIELD_LABELS,
  FRAMEWORK_FIELDS,
  frameworkValueChoices,
  guessFrameworkColumns,
  guessFrameworkField,
  ignoredColumns,
  LEAD_AGENCY_CHOICES,
  readFrameworkRows,
  type ColumnMapping,
  type DistinctValue,
  type DraftSection,
  type FrameworkField,
  type ImportProblem,
  type ValueMapping,
} from '#shared/domain/framework-import.ts';
import { columnLetter, findHeader, tableFromText, type Header, type Table } from '#shared/domain/tabular.ts';
import { AGENCY_LABELS, type LeadAgency } from '#shared/schemas/framework.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import {
  ColumnMappingTable,
  LineProblemTable,
  SpreadsheetFileField,
  type ChosenFile,
} from '#web/components/spreadsheet-import.tsx';
import { TableHead } from '#web/components/table-head.tsx';
import { ProblemTable, problemCount, useStoreDraft } from './import-pages.tsx';
import { readRememberedWords, rememberWords } from './value-memory.ts';

type Step = 'file' | 'columns' | 'values' | 'check';
type Choices = { leadAgency: DistinctValue<LeadAgency>[]; statutory: DistinctValue<boolean>[] };

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const shownWord = (word: string): string => (word === '' ? '(blank)' : word);

function TextInput({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  width,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  width?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        spellCheck={false}
        value={value}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

function WordSelect<Meaning extends string>({
  id,
  label,
  value,
  options,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: Meaning | null;
  options: { value: Meaning; label: string }[];
  error?: string;
  onChange: (value: Meaning | null) => void;
}) {
  return (
    <div className={`govuk-form-group govuk-!-margin-bottom-0${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-visually-hidden" htmlFor={id}>
        {label}
      </label>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        value={value ?? ''}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(options.find((o) => o.value === event.target.value)?.value ?? null)}
      >
        <option value="">Choose</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const AGENCY_OPTIONS = LEAD_AGENCY_CHOICES.map((agency) => ({ value: agency, label: AGENCY_LABELS[agency] }));
const STATUTORY_OPTIONS = [
  { value: 'yes' as const, label: 'Yes, statutory' },
  { value: 'no' as const, label: 'No' },
];

export function ImportSpreadsheetPage() {
  const store = useStoreDraft('The spreadsheet');
  const [step, setStep] = useState<Step>('file');
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [sectionListText, setSectionListText] = useState('');
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [pasted, setPasted] = useState('');
  const [source, setSource] = useState<{ table: Table; header: Header } | null>(null);
  const [columns, setColumns] = useState<ColumnMapping<FrameworkField>>([]);
  const [choices, setChoices] = useState<Choices>({ leadAgency: [], statutory: [] });
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [sections, setSections] = useState<DraftSection[]>([]);
  const [serverProblems, setServerProblems] = useState<FrameworkProblem[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  const stepTitle: Record<Step, string> = {
    file: 'Import a framework from a spreadsheet',
    columns: 'Which column holds what',
    values: 'What the words in the file mean',
    check: problems.length > 0 ? 'Problems in the file' : 'Check the sections',
  };
  usePageTitle(stepTitle[step], errors.length > 0);
  // The steps share one address, so the heading is focused here rather than by a navigation: a
  // keyboard or screen reader user starts each step at its top instead of on a removed button. A
  // step that opens with problems leaves focus to the error summary.
  const [headingFocus, setHeadingFocus] = useState(0);
  useEffect(() => {
    if (headingFocus > 0) document.querySelector<HTMLElement>('h1.app-page-heading')?.focus();
  }, [headingFocus]);
  const go = (next: Step) => {
    setErrors([]);
    setStep(next);
    setHeadingFocus((n) => n + 1);
  };

  const readFile = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!ID_PATTERN.test(id.trim()))
      found.push({
        fieldId: 'sheet-id',
        message: 'Enter an id of 1 to 40 letters, digits, dots, dashes or underscores',
      });
    if (title.trim() === '') found.push({ fieldId: 'sheet-title', message: 'Enter a title' });
    const table = chosen?.table ?? (pasted.trim() === '' ? null : tableFromText(pasted));
    if (!table) found.push({ fieldId: 'sheet-file', message: 'Choose an Excel or CSV file, or paste its rows' });
    const header = table ? findHeader(table.rows, (heading) => guessFrameworkField(heading) !== null) : null;
    if (table && !header) found.push({ fieldId: 'sheet-file', message: 'The file is empty: it needs a header row' });
    if (found.length > 0 || !table || !header) {
      setErrors(found);
      return;
    }
    setSource({ table, header });
    setColumns(guessFrameworkColumns(header.headings));
    go('columns');
  };

  const confirmColumns = (event: FormEvent) => {
    event.preventDefault();
    if (!source) return;
    const { missing, repeated } = checkColumnMapping(columns);
    const found: FieldError[] = [
      ...missing.map((field) => ({
        fieldId: 'column-A',
        message: `Choose the column that holds ${FRAMEWORK_FIELD_LABELS[field].toLowerCase()}`,
      })),
      ...repeated.flatMap((field) => {
        const index = columns.lastIndexOf(field);
        return [
          {
            fieldId: `column-${columnLetter(index)}`,
            message: `Only one column can hold ${FRAMEWORK_FIELD_LABELS[field].toLowerCase()}`,
          },
        ];
      }),
    ];
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setChoices(frameworkValueChoices(source.table, source.header, columns, readRememberedWords()));
    go('values');
  };

  const confirmValues = (event: FormEvent) => {
    event.preventDefault();
    if (!source) return;
    const found: FieldError[] = [
      ...choices.leadAgency.flatMap((v, i) =>
        v.meaning
          ? []
          : [{ fieldId: `agency-${String(i)}`, message: `Choose the lead agency "${shownWord(v.word)}" means` }],
      ),
      ...choices.statutory.flatMap((v, i) =>
        v.meaning === null
          ? [{ fieldId: `statutory-${String(i)}`, message: `Choose whether "${shownWord(v.word)}" means statutory` }]
          : [],
      ),
    ];
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    const values: ValueMapping = {
      leadAgency: Object.fromEntries(choices.leadAgency.flatMap((v) => (v.meaning ? [[v.key, v.meaning]] : []))),
      statutory: Object.fromEntries(choices.statutory.flatMap((v) => (v.meaning === null ? [] : [[v.key, v.meaning]]))),
    };
    rememberWords(values);
    const sectionList = sectionListText
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const read = readFrameworkRows(source.table, source.header, {
      columns,
      values,
      ...(sectionList.length > 0 ? { sectionList } : {}),
    });
    setProblems(read.problems);
    setSections(read.sections);
    setServerProblems([]);
    setStep('check');
    if (read.problems.length === 0) setHeadingFocus((n) => n + 1);
    setErrors(
      read.problems.length > 0
        ? [
            {
              fieldId: 'sheet-problems-0',
              message: `${problemCount(read.problems.length, 'The file')}. Nothing has been imported.`,
            },
          ]
        : [],
    );
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = sections.flatMap((section, i) =>
      section.title.trim() === ''
        ? [{ fieldId: `section-title-${String(i)}`, message: `Enter a title for section ${String(i + 1)}` }]
        : [],
    );
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    const assembled = assembleFramework(
      id.trim(),
      title.trim(),
      sections.map((section) => ({ ...section, title: section.title.trim() })),
    );
    if (!assembled.ok) {
      setServerProblems(assembled.problems);
      setErrors([{ fieldId: 'import-problems', message: problemCount(assembled.problems.length, 'The draft') }]);
      return;
    }
    setBusy(true);
    const stored = await store(assembled.framework);
    setBusy(false);
    setServerProblems(stored.problems);
    setErrors(stored.message ? [{ fieldId: 'import-problems', message: stored.message }] : []);
  };

  const moveSection = (from: number, to: number) => {
    const next = [...sections];
    const [moved] = next.splice(from, 1);
    if (!moved) return;
    next.splice(to, 0, moved);
    setSections(next);
  };

  const back = (to: Step, label: string) => (
    <button type="button" className="govuk-button govuk-button--secondary" onClick={() => go(to)}>
      {label}
    </button>
  );

  return (
    <>
      {step === 'file' ? (
        <Link to="/frameworks" className="govuk-back-link">
          Back to frameworks
        </Link>
      ) : null}
      <ErrorSummary errors={errors} />
      <PageHeading caption={step === 'file' ? undefined : `Importing ${title.trim()}`}>{stepTitle[step]}</PageHeading>

      {step === 'file' ? (
        <form noValidate onSubmit={readFile}>
          <p className="govuk-body">
            An Excel workbook (.xlsx) or a CSV file with one row per criterion, as your council keeps it. You will
            choose which column holds what and what its words mean next. The draft gets the usual grade scale, ratings
            and limiting rules, which you can change in the editor before publishing.
          </p>
          <TextInput
            id="sheet-id"
            label="Framework id"
            width="20"
            value={id}
            onChange={setId}
            error={errorFor('sheet-id')}
          />
          <TextInput id="sheet-title" label="Title" value={title} onChange={setTitle} error={errorFor('sheet-title')} />
          <SpreadsheetFileField
            id="sheet-file"
            label="Choose the spreadsheet"
            hint="Excel (.xlsx) or CSV separated by commas, semicolons or tabs. Only the first sheet is read."
            error={errorFor('sheet-file')}
            chosen={chosen}
            onChosen={(file) => {
              setChosen(file);
              setErrors([]);
            }}
            onError={(message) => setErrors([{ fieldId: 'sheet-file', message }])}
          />
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="sheet-paste">
              Or paste the rows
            </label>
            <div id="sheet-paste-hint" className="govuk-hint">
              Including the header row. Used only when no file is chosen.
            </div>
            <textarea
              className="govuk-textarea app-json-field"
              id="sheet-paste"
              rows={6}
              spellCheck={false}
              value={pasted}
              aria-describedby="sheet-paste-hint"
              onChange={(event) => setPasted(event.target.value)}
            />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="sheet-sections">
              Sections the framework has (optional)
            </label>
            <div id="sheet-sections-hint" className="govuk-hint">
              One a line, as the file names them, such as &quot;Section F&quot; or &quot;Whole plan&quot;. Any row
              naming another section is listed as a problem.
            </div>
            <textarea
              className="govuk-textarea"
              id="sheet-sections"
              rows={4}
              value={sectionListText}
              aria-describedby="sheet-sections-hint"
              onChange={(event) => setSectionListText(event.target.value)}
            />
          </div>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Continue
          </button>
        </form>
      ) : null}

      {step === 'columns' && source ? (
        <form noValidate onSubmit={confirmColumns}>
          <p className="govuk-body" id="read-as">
            Read as {source.table.readAs}. The header is on line {source.header.rowIndex + 1}. We have guessed which
            column holds what from its heading: check each one.
          </p>
          <ColumnMappingTable
            table={source.table}
            header={source.header}
            columns={columns}
            fields={FRAMEWORK_FIELDS}
            labels={FRAMEWORK_FIELD_LABELS}
            onChange={setColumns}
            errors={Object.fromEntries(
              errors.filter((e) => e.fieldId.startsWith('column-')).map((e) => [columnIndexOf(e.fieldId), e.message]),
            )}
          />
          <IgnoredColumns names={ignoredColumns(source.table, source.header, columns)} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Continue
            </button>
            {back('file', 'Choose another file')}
          </div>
        </form>
      ) : null}

      {step === 'values' ? (
        <form noValidate onSubmit={confirmValues}>
          <p className="govuk-body">
            These are the words the file uses. Say what each means; your answers are remembered on this device for the
            next import.
          </p>
          <WordTable
            id="agency-words"
            caption="Lead agency"
            values={choices.leadAgency}
            renderSelect={(value, i) => (
              <WordSelect
                id={`agency-${String(i)}`}
                label={`Lead agency meant by "${shownWord(value.word)}"`}
                value={value.meaning}
                options={AGENCY_OPTIONS}
                error={errorFor(`agency-${String(i)}`)}
                onChange={(meaning) =>
                  setChoices({
                    ...choices,
                    leadAgency: choices.leadAgency.map((v, j) => (j === i ? { ...v, meaning } : v)),
                  })
                }
              />
            )}
          />
          <WordTable
            id="statutory-words"
            caption="Statutory"
            values={choices.statutory}
            renderSelect={(value, i) => (
              <WordSelect
                id={`statutory-${String(i)}`}
                label={`Whether "${shownWord(value.word)}" means statutory`}
                value={value.meaning === null ? null : value.meaning ? 'yes' : 'no'}
                options={STATUTORY_OPTIONS}
                error={errorFor(`statutory-${String(i)}`)}
                onChange={(meaning) =>
                  setChoices({
                    ...choices,
                    statutory: choices.statutory.map((v, j) =>
                      j === i ? { ...v, meaning: meaning === null ? null : meaning === 'yes' } : v,
                    ),
                  })
                }
              />
            )}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Check the file
            </button>
            {back('columns', 'Change the columns')}
          </div>
        </form>
      ) : null}

      {step === 'check' && problems.length > 0 ? (
        <>
          <p className="govuk-body">
            Correct these in the spreadsheet and choose it again, or change the columns or the meaning of the words.
            Nothing is imported while any problem stands.
          </p>
          <LineProblemTable id="sheet-problems" caption="Every problem in the file" problems={problems} />
          <div className="govuk-button-group">
            {back('file', 'Choose the file again')}
            {back('columns', 'Change the columns')}
            {back('values', 'Change what the words mean')}
          </div>
        </>
      ) : null}

      {step === 'check' && problems.length === 0 ? (
        <form noValidate onSubmit={(event) => void save(event)}>
          <p className="govuk-body">
            The file reads without problems: {sections.reduce((n, s) => n + s.criteria.length, 0)} criteria in{' '}
            {sections.length} sections. Rename or reorder the sections, then save the draft; it opens in the editor so
            you can finish and publish it.
          </p>
          <table className="govuk-table" id="import-sections">
            <caption className="govuk-table__caption govuk-table__caption--m">Sections</caption>
            <TableHead columns={['Title', 'Id', 'Criteria']} hiddenLast="Order" />
            <tbody className="govuk-table__body">
              {sections.map((section, i) => {
                const fieldId = `section-title-${String(i)}`;
                const error = errorFor(fieldId);
                return (
                  <tr className="govuk-table__row" key={section.id}>
                    <td className="govuk-table__cell">
                      <div
                        className={`govuk-form-group govuk-!-margin-bottom-0${error ? ' govuk-form-group--error' : ''}`}
                      >
                        <label className="govuk-label govuk-visually-hidden" htmlFor={fieldId}>
                          Title of section {i + 1} (from &quot;{section.words}&quot;)
                        </label>
                        {error ? <ErrorMessage id={`${fieldId}-error`}>{error}</ErrorMessage> : null}
                        <input
                          className={`govuk-input${error ? ' govuk-input--error' : ''}`}
                          id={fieldId}
                          value={section.title}
                          aria-describedby={error ? `${fieldId}-error` : undefined}
                          onChange={(event) =>
                            setSections(sections.map((s, j) => (j === i ? { ...s, title: event.target.value } : s)))
                          }
                        />
                      </div>
                    </td>
                    <td className="govuk-table__cell">
                      <code>{section.id}</code>
                    </td>
                    <td className="govuk-table__cell">{section.criteria.map((c) => c.id).join(', ')}</td>
                    <td className="govuk-table__cell">
                      <div className="govuk-button-group govuk-!-margin-bottom-0">
                        {i > 0 ? (
                          <button
                            type="button"
                            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                            onClick={() => moveSection(i, i - 1)}
                          >
                            Move up<span className="govuk-visually-hidden">{` ${section.title}`}</span>
                          </button>
                        ) : null}
                        {i < sections.length - 1 ? (
                          <button
                            type="button"
                            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                            onClick={() => moveSection(i, i + 1)}
                          >
                            Move down<span className="govuk-visually-hidden">{` ${section.title}`}</span>
                          </button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div id="import-problems" tabIndex={-1}>
            {serverProblems.length > 0 ? <ProblemTable problems={serverProblems} /> : null}
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
              Save as a draft
            </button>
            {back('values', 'Change what the words mean')}
          </div>
        </form>
      ) : null}
    </>
  );
}

function IgnoredColumns({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  return (
    <div className="govuk-inset-text" id="ignored-columns">
      Not imported: {names.join(', ')}. Choose a field for a column above to import it.
    </div>
  );
}

function WordTable<Meaning>({
  id,
  caption,
  values,
  renderSelect,
}: {
  id: string;
  caption: string;
  values: DistinctValue<Meaning>[];
  renderSelect: (value: DistinctValue<Meaning>, index: number) => ReactNode;
}) {
  if (values.length === 0) return null;
  return (
    <table className="govuk-table" id={id}>
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <TableHead columns={['In the file', 'Rows', 'First on line', 'Means']} />
      <tbody className="govuk-table__body">
        {values.map((value, i) => (
          <tr className="govuk-table__row" key={value.key}>
            <th scope="row" className="govuk-table__header">
              {shownWord(value.word)}
            </th>
            <td className="govuk-table__cell">{value.count}</td>
            <td className="govuk-table__cell">{value.firstLine}</td>
            <td className="govuk-table__cell">{renderSelect(value, i)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const columnIndexOf = (fieldId: string): number =>
  [...fieldId.replace('column-', '')].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0) - 1;

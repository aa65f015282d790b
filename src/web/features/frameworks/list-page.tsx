// The list of framework versions, with what can be done to each, and the form for a new framework.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { FrameworkSummary } from '#shared/protocol/api.ts';
import { FRAMEWORK_KINDS, type Framework } from '#shared/schemas/framework.ts';
import { ErrorSummary, ErrorMessage, type FieldError } from '#web/components/error-summary.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { createDraftFrom } from './draft-actions.ts';
import {
  frameworkPath,
  listStoredDrafts,
  newFramework,
  readStoredDraft,
  versionRef,
  writeStoredDraft,
} from './editor-model.ts';
import { describeFailure, useFrameworkApi } from './editor-state.tsx';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

export const KIND_LABELS: Record<Framework['kind'], string> = {
  'plan-audit': 'Plan audit',
  'annual-review': 'Annual review and visit',
};

type ListState =
  { status: 'loading' } | { status: 'ready'; frameworks: FrameworkSummary[] } | { status: 'failed'; message: string };

export function useFrameworkList(): ListState {
  const api = useFrameworkApi();
  const [state, setState] = useState<ListState>({ status: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    api.list().then(
      (frameworks) => {
        if (isCurrent) setState({ status: 'ready', frameworks });
      },
      (error: unknown) => {
        if (isCurrent) setState({ status: 'failed', message: describeFailure(error) });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api]);
  return state;
}

export function FrameworkListPage() {
  usePageTitle('Frameworks');
  const api = useFrameworkApi();
  const navigate = useNavigate();
  const list = useFrameworkList();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const localDrafts = listStoredDrafts();

  const draftFrom = async (summary: FrameworkSummary) => {
    setBusy(versionRef(summary.id, summary.version));
    setProblem(null);
    try {
      const source = await api.get(summary.id, summary.version);
      const created = await createDraftFrom(api, source);
      void navigate(frameworkPath(created.id, created.version), { state: { created: true } });
    } catch (error) {
      setProblem(describeFailure(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {problem ? (
        <NotificationBanner title="There was a problem" id="framework-list-problem">
          <p className="govuk-notification-banner__heading">{problem}</p>
        </NotificationBanner>
      ) : null}
      <PageHeading>Frameworks</PageHeading>
      <p className="govuk-body">
        Each audit pins the framework version it was scored on. A published version never changes: to change a
        framework, create a draft from it, edit and preview the draft, then publish it as a new version.
      </p>
      <div className="govuk-button-group">
        <Link to="new" className="govuk-button" data-module="govuk-button">
          Create a new framework
        </Link>
        <Link to="import" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Import JSON
        </Link>
        <Link to="import-csv" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Import from a spreadsheet (Excel or CSV)
        </Link>
      </div>
      {list.status === 'loading' ? <p className="govuk-body">Loading frameworks…</p> : null}
      {list.status === 'failed' ? (
        <div className="govuk-inset-text" id="framework-list-failed">
          {list.message}
        </div>
      ) : null}
      {list.status === 'ready' ? (
        <table className="govuk-table" id="framework-versions">
          <caption className="govuk-table__caption govuk-table__caption--m">Framework versions</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Title
              </th>
              <th scope="col" className="govuk-table__header">
                Id
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Version
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Published
              </th>
              <th scope="col" className="govuk-table__header">
                Actions
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {list.frameworks.map((summary) => {
              const ref = versionRef(summary.id, summary.version);
              const isPublished = summary.status === 'published';
              return (
                <tr className="govuk-table__row" key={ref}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={frameworkPath(summary.id, summary.version)}>
                      {summary.title}
                      <span className="govuk-visually-hidden"> version {summary.version}</span>
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{summary.id}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{summary.version}</td>
                  <td className="govuk-table__cell">
                    <Tag colour={isPublished ? 'green' : 'yellow'}>{isPublished ? 'Published' : 'Draft'}</Tag>
                  </td>
                  <td className="govuk-table__cell">
                    {summary.publishedAt ? dateFormat.format(new Date(summary.publishedAt)) : 'Not yet'}
                  </td>
                  <td className="govuk-table__cell">
                    <ul className="govuk-list govuk-!-margin-bottom-0">
                      {isPublished ? (
                        <li>
                          <button
                            type="button"
                            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                            disabled={busy !== null}
                            onClick={() => void draftFrom(summary)}
                          >
                            Create a draft from this version
                            <span className="govuk-visually-hidden">
                              {' '}
                              ({summary.title}, version {summary.version})
                            </span>
                          </button>
                        </li>
                      ) : (
                        <li>
                          <Link className="govuk-link" to={frameworkPath(summary.id, summary.version)}>
                            Edit draft
                            <span className="govuk-visually-hidden"> version {summary.version}</span>
                          </Link>
                        </li>
                      )}
                      <li>
                        <Link className="govuk-link" to={`${frameworkPath(summary.id, summary.version)}/export`}>
                          Export JSON<span className="govuk-visually-hidden"> of version {summary.version}</span>
                        </Link>
                      </li>
                      <li>
                        <Link className="govuk-link" to={`compare?to=${encodeURIComponent(ref)}`}>
                          Compare with…<span className="govuk-visually-hidden"> (version {summary.version})</span>
                        </Link>
                      </li>
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {localDrafts.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Unsaved drafts on this device</h2>
          <ul className="govuk-list" id="local-drafts">
            {localDrafts.map((draft) => (
              <li key={versionRef(draft.id, draft.version)}>
                <Link className="govuk-link" to={frameworkPath(draft.id, draft.version)}>
                  {draft.title} ({draft.id}, version {draft.version})
                </Link>
                {draft.isLocalOnly ? ' – not on the server yet' : ' – changes not saved to the server'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export function NewFrameworkPage() {
  const navigate = useNavigate();
  const list = useFrameworkList();
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<Framework['kind']>('plan-audit');
  const [errors, setErrors] = useState<FieldError[]>([]);
  usePageTitle('Create a new framework', errors.length > 0);
  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const taken = list.status === 'ready' && list.frameworks.some((f) => f.id === id.trim());
    if (!ID_PATTERN.test(id.trim())) {
      found.push({
        fieldId: 'new-id',
        message: 'Enter an id of 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit',
      });
    } else if (taken || readStoredDraft(id.trim(), 1)) {
      found.push({
        fieldId: 'new-id',
        message: `A framework with the id ${id.trim()} already exists: create a draft from one of its versions instead`,
      });
    }
    if (title.trim() === '') found.push({ fieldId: 'new-title', message: 'Enter a title' });
    else if (title.trim().length > 160)
      found.push({ fieldId: 'new-title', message: 'Title must be 160 characters or fewer' });
    setErrors(found);
    if (found.length > 0) return;
    const doc = newFramework(id.trim(), title.trim(), kind);
    writeStoredDraft(doc.id, 1, { doc, jsonTexts: {}, isLocalOnly: true, updatedAt: new Date().toISOString() });
    void navigate(frameworkPath(doc.id, 1));
  };

  return (
    <>
      <Link to=".." relative="path" className="govuk-back-link">
        Back to frameworks
      </Link>
      <ErrorSummary errors={errors} />
      <PageHeading>Create a new framework</PageHeading>
      <p className="govuk-body">
        The new framework starts with the usual four-point grade scale, the six ratings and the statutory limiting
        rules. You then add its sections and criteria.
      </p>
      <form noValidate onSubmit={submit}>
        <div className={`govuk-form-group${errorFor('new-id') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="new-id">
            Framework id
          </label>
          <div id="new-id-hint" className="govuk-hint">
            For example, ehcp-quality-2027. It cannot be changed later.
          </div>
          {errorFor('new-id') ? <ErrorMessage id="new-id-error">{errorFor('new-id') ?? ''}</ErrorMessage> : null}
          <input
            className={`govuk-input govuk-input--width-20${errorFor('new-id') ? ' govuk-input--error' : ''}`}
            id="new-id"
            name="id"
            spellCheck={false}
            value={id}
            aria-describedby={`new-id-hint${errorFor('new-id') ? ' new-id-error' : ''}`}
            onChange={(event) => setId(event.target.value)}
          />
        </div>
        <div className={`govuk-form-group${errorFor('new-title') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="new-title">
            Title
          </label>
          {errorFor('new-title') ? (
            <ErrorMessage id="new-title-error">{errorFor('new-title') ?? ''}</ErrorMessage>
          ) : null}
          <input
            className={`govuk-input${errorFor('new-title') ? ' govuk-input--error' : ''}`}
            id="new-title"
            name="title"
            value={title}
            aria-describedby={errorFor('new-title') ? 'new-title-error' : undefined}
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Kind of audit</legend>
            <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
              {FRAMEWORK_KINDS.map((value) => (
                <div className="govuk-radios__item" key={value}>
                  <input
                    className="govuk-radios__input"
                    id={`new-kind-${value}`}
                    name="kind"
                    type="radio"
                    value={value}
                    checked={kind === value}
                    onChange={() => setKind(value)}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={`new-kind-${value}`}>
                    {KIND_LABELS[value]}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Create draft
        </button>
      </form>
    </>
  );
}

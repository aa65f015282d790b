// The audit log viewer (admins; QA leads read it too): who did what, when, to which record, with
// the record before and after. Filters by person, record, action and date live in the address;
// pages go newest first by keyset (the address holds where a page starts), and the CSV export
// takes the same filters.
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { AuditLogEntry } from '#shared/protocol/api.ts';
import { shownBefore } from '#shared/domain/log-entry-before.ts';
import { AUDIT_LOG_ACTIONS, AuditLogFilterSchema, type AuditLogFilter } from '#shared/protocol/people-api.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { formatDate, formatTime } from '#web/components/format.ts';
import { FilterSelect } from '#web/components/filter-select.tsx';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { TableHead } from '#web/components/table-head.tsx';
import { useServices } from '#web/services/services-context.tsx';
import { auditLogCsvUrl, describePeopleApiFailure } from '#web/sync/people-api.ts';
import './audit-log.css';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['actor', 'entityId', 'action', 'from', 'to'] as const;
type Draft = Record<(typeof FILTER_KEYS)[number], string>;

/** The filter in the address, or nothing where the address holds something the server would refuse. */
function filterFrom(params: URLSearchParams): AuditLogFilter {
  const raw = Object.fromEntries(FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key)]] : [])));
  const parsed = AuditLogFilterSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

function checkDraft(draft: Draft): FieldError[] {
  const errors: FieldError[] = [];
  const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
  if (draft.from && !isDate(draft.from)) errors.push({ fieldId: 'log-from', message: 'Enter a real date for “from”' });
  if (draft.to && !isDate(draft.to)) errors.push({ fieldId: 'log-to', message: 'Enter a real date for “to”' });
  if (errors.length === 0 && draft.from && draft.to && draft.from > draft.to)
    errors.push({ fieldId: 'log-to', message: 'The “to” date must be the same as or after the “from” date' });
  return errors;
}

const describeAction = (action: string): string => AUDIT_LOG_ACTIONS[action] ?? action;

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="govuk-hint">None</span>;
  return <pre className="app-audit-log__json">{JSON.stringify(value, null, 2)}</pre>;
}

function EntryRow({ entry }: { entry: AuditLogEntry }) {
  const hasChange = entry.before !== null || entry.after !== null;
  return (
    <tr className="govuk-table__row" id={`log-${entry.id}`}>
      <td className="govuk-table__cell app-audit-log__when">
        {formatDate(entry.at)}
        <br />
        {formatTime(entry.at)}
      </td>
      <td className="govuk-table__cell">{entry.actorName ?? (entry.actorId ? entry.actorId : 'The system')}</td>
      <td className="govuk-table__cell">{describeAction(entry.action)}</td>
      <td className="govuk-table__cell app-break-anywhere">
        <span className="govuk-caption-s">{entry.entityKind}</span>
        {entry.entityId}
      </td>
      <td className="govuk-table__cell">
        {hasChange ? (
          <details className="govuk-details govuk-!-margin-bottom-0">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">
                Before and after<span className="govuk-visually-hidden"> entry {entry.id}</span>
              </span>
            </summary>
            <div className="govuk-details__text">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Before</h3>
              <Json value={shownBefore(entry)} />
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">After</h3>
              <Json value={entry.after} />
            </div>
          </details>
        ) : (
          <span className="govuk-hint govuk-!-margin-bottom-0">No details</span>
        )}
      </td>
    </tr>
  );
}

export function AuditLogPage() {
  const { people: api } = useServices();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const filter = filterFrom(params);
  const beforeParam = params.get('before');
  const before = beforeParam && /^\d{1,15}$/.test(beforeParam) ? Number(beforeParam) : undefined;
  /** The starts of the newer pages, so "Newer" goes back exactly one page. */
  const newer = ((location.state as { newer?: (number | null)[] } | null)?.newer ?? []).filter(
    (v): v is number | null => v === null || typeof v === 'number',
  );
  const [draft, setDraft] = useState<Draft>(
    Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as Draft,
  );
  const [errors, setErrors] = useState<FieldError[]>([]);
  usePageTitle('Audit log', errors.length > 0);
  const people = useLoad(() => api.listPeople(), describePeopleApiFailure, [api]);
  const filterKey = JSON.stringify(filter);
  const page = useLoad(() => api.auditLog(filter, before, PAGE_SIZE), describePeopleApiFailure, [
    api,
    filterKey,
    before,
  ]);

  const addressFor = (at: number | null | undefined): string => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value) next.set(key, value);
    if (at) next.set('before', String(at));
    const query = next.toString();
    return `/audit-log${query ? `?${query}` : ''}`;
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = checkDraft(draft);
    setErrors(found);
    if (found.length > 0) return;
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) if (draft[key].trim()) next.set(key, draft[key].trim());
    const query = next.toString();
    void navigate(`/audit-log${query ? `?${query}` : ''}`);
  };

  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const dateField = (key: 'from' | 'to', label: string) => {
    const id = `log-${key}`;
    const error = errorFor(id);
    return (
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          {label}
        </label>
        {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
        <input
          className={`govuk-input govuk-input--width-10${error ? ' govuk-input--error' : ''}`}
          id={id}
          type="date"
          aria-describedby={error ? `${id}-error` : undefined}
          value={draft[key]}
          onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
        />
      </div>
    );
  };

  const isFiltered = Object.keys(filter).length > 0;
  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading>Audit log</PageHeading>
      <p className="govuk-body">
        Every change anyone made, newest first: who, when, which record, and the record before and after. Nothing in it
        can be changed or deleted. Dates are in UTC.
      </p>
      <form
        className="app-audit-log__filter"
        onSubmit={apply}
        noValidate
        role="search"
        aria-label="Filter the audit log"
      >
        <FilterSelect
          id="log-actor"
          label="Who"
          value={draft.actor}
          onChange={(actor) => setDraft({ ...draft, actor })}
          options={[
            { value: '', label: 'Anyone' },
            ...(people.state === 'ready'
              ? [...people.data]
                  .sort((a, b) => a.user.name.localeCompare(b.user.name, 'en-GB'))
                  .map((person) => ({ value: person.user.id, label: `${person.user.name} (${person.user.email})` }))
              : []),
            // Someone no longer listed (or an id typed into the address) stays choosable as it is.
            ...(draft.actor && people.state === 'ready' && !people.data.some((p) => p.user.id === draft.actor)
              ? [{ value: draft.actor, label: draft.actor }]
              : []),
          ]}
        />
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="log-record">
            Record
          </label>
          <div className="govuk-hint" id="log-record-hint">
            A plan reference, cycle, audit or person id
          </div>
          <input
            className="govuk-input govuk-input--width-20"
            id="log-record"
            type="text"
            spellCheck={false}
            aria-describedby="log-record-hint"
            value={draft.entityId}
            onChange={(event) => setDraft({ ...draft, entityId: event.target.value })}
          />
        </div>
        <FilterSelect
          id="log-action"
          label="What"
          value={draft.action}
          onChange={(action) => setDraft({ ...draft, action })}
          options={[
            { value: '', label: 'Any action' },
            ...Object.entries(AUDIT_LOG_ACTIONS).map(([action, label]) => ({ value: action, label })),
          ]}
        />
        {dateField('from', 'From')}
        {dateField('to', 'To')}
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary">
            Show entries
          </button>
          {isFiltered ? (
            <Link
              className="govuk-link"
              to="/audit-log"
              onClick={() => setDraft({ actor: '', entityId: '', action: '', from: '', to: '' })}
            >
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
      <p className="govuk-body">
        <a className="govuk-link" href={auditLogCsvUrl(filter)} download id="audit-log-csv">
          Download {isFiltered ? 'these entries' : 'the whole log'} as CSV
        </a>
      </p>
      {page.state === 'loading' ? <LoadingStatus /> : null}
      {page.state === 'failed' ? <LoadFailure message={page.message} retry={page.retry} /> : null}
      {page.state === 'ready' && page.data.entries.length === 0 ? (
        <p className="govuk-body" id="audit-log-empty">
          No entries match these filters.
        </p>
      ) : null}
      {page.state === 'ready' && page.data.entries.length > 0 ? (
        <>
          <table className="govuk-table app-audit-log" id="audit-log">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {before ? 'Older entries' : 'Newest entries'}
            </caption>
            <TableHead columns={['When', 'Who', 'What', 'Record', 'Change']} />
            <tbody className="govuk-table__body">
              {page.data.entries.map((entry) => (
                <EntryRow entry={entry} key={entry.id} />
              ))}
            </tbody>
          </table>
          <nav className="govuk-pagination" aria-label="Audit log pages">
            {before ? (
              <div className="govuk-pagination__prev">
                <Link
                  className="govuk-link govuk-pagination__link"
                  rel="prev"
                  to={addressFor(newer.length > 0 ? newer[newer.length - 1] : undefined)}
                  state={{ newer: newer.slice(0, -1) }}
                >
                  <span className="govuk-pagination__link-title">
                    {newer.length > 0 ? 'Newer' : 'Newest'}
                    <span className="govuk-visually-hidden"> entries</span>
                  </span>
                </Link>
              </div>
            ) : null}
            {page.data.nextBefore ? (
              <div className="govuk-pagination__next">
                <Link
                  className="govuk-link govuk-pagination__link"
                  rel="next"
                  to={addressFor(page.data.nextBefore)}
                  state={{ newer: [...newer, before ?? null] }}
                >
                  <span className="govuk-pagination__link-title">
                    Older<span className="govuk-visually-hidden"> entries</span>
                  </span>
                </Link>
              </div>
            ) : null}
          </nav>
        </>
      ) : null}
    </>
  );
}

// A readable diff between two framework versions, for whoever approves a new one: criteria added,
// removed and reworded, other criterion changes, sections, the scale and rating labels, and rules.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { diffFrameworks, describeFrameworkChange, type FrameworkChange } from '#shared/domain/framework-diff.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { parseVersionRef, versionRef } from './editor-model.ts';
import { describeFailure, useFrameworkApi } from './editor-state.tsx';
import { useFrameworkList } from './list-page.tsx';
import { TableHead } from '#web/components/table-head.tsx';

type Group = { id: string; title: string; matches: (change: FrameworkChange) => boolean };

const GROUPS: Group[] = [
  { id: 'criteria-added', title: 'Criteria added', matches: (c) => c.kind === 'criterion-added' },
  { id: 'criteria-removed', title: 'Criteria removed', matches: (c) => c.kind === 'criterion-removed' },
  {
    id: 'criteria-reworded',
    title: 'Criteria reworded',
    matches: (c) => c.kind === 'criterion-changed' && c.field === 'text',
  },
  {
    id: 'criteria-changed',
    title: 'Other criterion changes',
    matches: (c) => (c.kind === 'criterion-changed' && c.field !== 'text') || c.kind === 'criterion-moved',
  },
  {
    id: 'sections-changed',
    title: 'Sections',
    matches: (c) => c.kind === 'section-added' || c.kind === 'section-removed' || c.kind === 'section-changed',
  },
  {
    id: 'scale-changed',
    title: 'Grade scale and rating labels',
    matches: (c) => c.kind === 'scale-changed' || c.kind === 'rating-label-changed',
  },
  {
    id: 'rules-changed',
    title: 'Rules changed',
    matches: (c) => c.kind === 'rule-added' || c.kind === 'rule-removed' || c.kind === 'rule-changed',
  },
  { id: 'settings-changed', title: 'Settings', matches: (c) => c.kind === 'setting-changed' },
];

/** The before and after texts of a change, where it has them, for the two table columns. */
function beforeAfter(change: FrameworkChange): { before: string; after: string } | null {
  if ('before' in change && 'after' in change) return { before: change.before, after: change.after };
  if (change.kind === 'criterion-added' || change.kind === 'section-added')
    return { before: '', after: 'text' in change ? change.text : change.title };
  if (change.kind === 'criterion-removed' || change.kind === 'section-removed')
    return { before: 'text' in change ? change.text : change.title, after: '' };
  if (change.kind === 'rule-added') return { before: '', after: change.summary };
  if (change.kind === 'rule-removed') return { before: change.summary, after: '' };
  return null;
}

function subjectOf(change: FrameworkChange): string {
  if ('criterionId' in change) return change.criterionId;
  if ('sectionId' in change) return `Section ${change.sectionId}`;
  if ('ruleId' in change) return change.ruleId;
  if ('meaning' in change) return `Rating ${change.meaning}`;
  return change.field;
}

type Loaded =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; from: Framework; to: Framework };

export function ComparePage() {
  const api = useFrameworkApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const list = useFrameworkList();
  const fromRef = params.get('from');
  const toRef = params.get('to');
  const [fromChoice, setFromChoice] = useState(fromRef ?? '');
  const [toChoice, setToChoice] = useState(toRef ?? '');
  const [result, setResult] = useState<{ key: string; loaded: Loaded } | null>(null);
  usePageTitle('Compare framework versions');
  const requestKey = fromRef && toRef ? `${fromRef}|${toRef}` : null;

  useEffect(() => {
    const from = parseVersionRef(fromRef);
    const to = parseVersionRef(toRef);
    if (!from || !to || !requestKey) return;
    let isCurrent = true;
    Promise.all([api.get(from.id, from.version), api.get(to.id, to.version)]).then(
      ([a, b]) => {
        if (isCurrent) setResult({ key: requestKey, loaded: { status: 'ready', from: a, to: b } });
      },
      (error: unknown) => {
        if (isCurrent) setResult({ key: requestKey, loaded: { status: 'failed', message: describeFailure(error) } });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api, fromRef, toRef, requestKey]);

  const loaded: Loaded =
    requestKey === null ? { status: 'idle' } : result?.key === requestKey ? result.loaded : { status: 'loading' };

  // Until the author picks one, suggest the version before the one being compared.
  const target = parseVersionRef(toChoice);
  const earlier =
    list.status === 'ready'
      ? list.frameworks.filter((f) => target && f.id === target.id && f.version < target.version).at(-1)
      : undefined;
  const fromValue = fromChoice || (earlier ? versionRef(earlier.id, earlier.version) : '');

  const options =
    list.status === 'ready'
      ? list.frameworks.map((f) => ({
          value: versionRef(f.id, f.version),
          label: `${f.title} (${f.id}), version ${String(f.version)}${f.status === 'draft' ? ', draft' : ''}`,
        }))
      : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (fromValue && toChoice) {
      void navigate(`?from=${encodeURIComponent(fromValue)}&to=${encodeURIComponent(toChoice)}`);
    }
  };

  const changes = loaded.status === 'ready' ? diffFrameworks(loaded.from, loaded.to) : [];

  return (
    <>
      <Link to="/frameworks" className="govuk-back-link">
        Back to frameworks
      </Link>
      <PageHeading>Compare framework versions</PageHeading>
      {list.status === 'failed' ? <div className="govuk-inset-text">{list.message}</div> : null}
      <form noValidate onSubmit={submit} className="govuk-!-margin-bottom-6">
        <VersionSelect
          id="compare-from"
          label="Earlier version"
          options={options}
          value={fromValue}
          onChange={setFromChoice}
        />
        <VersionSelect
          id="compare-to"
          label="Later version"
          options={options}
          value={toChoice}
          onChange={setToChoice}
        />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Compare
        </button>
      </form>
      {loaded.status === 'loading' ? <p className="govuk-body">Loading both versions…</p> : null}
      {loaded.status === 'failed' ? <div className="govuk-inset-text">{loaded.message}</div> : null}
      {loaded.status === 'ready' ? (
        <>
          <h2 className="govuk-heading-l" id="compare-result">
            Version {loaded.from.version} to version {loaded.to.version}
          </h2>
          <p className="govuk-body">
            {changes.length === 0
              ? 'The two versions are the same.'
              : `${String(changes.length)} ${changes.length === 1 ? 'change' : 'changes'}.`}
          </p>
          {GROUPS.map((group) => {
            const inGroup = changes.filter(group.matches);
            if (inGroup.length === 0) return null;
            return (
              <table className="govuk-table" id={group.id} key={group.id}>
                <caption className="govuk-table__caption govuk-table__caption--m">
                  {group.title} ({inGroup.length})
                </caption>
                <TableHead columns={['What', 'Change', 'Before', 'After']} />
                <tbody className="govuk-table__body">
                  {inGroup.map((change, i) => {
                    const texts = beforeAfter(change);
                    return (
                      <tr className="govuk-table__row" key={`${change.kind}-${String(i)}`}>
                        <th scope="row" className="govuk-table__header">
                          {subjectOf(change)}
                        </th>
                        <td className="govuk-table__cell">{describeFrameworkChange(change)}</td>
                        <td className="govuk-table__cell app-diff-before">
                          {texts?.before ? <del>{texts.before}</del> : '–'}
                        </td>
                        <td className="govuk-table__cell app-diff-after">
                          {texts?.after ? <ins>{texts.after}</ins> : '–'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            );
          })}
        </>
      ) : null}
    </>
  );
}

function VersionSelect({
  id,
  label,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <select className="govuk-select" id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose a version</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

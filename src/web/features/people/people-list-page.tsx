// The people list (admins and QA leads): search by name or email, filter by role, agency and
// status, with each person's last sign-in. The filters live in the address, so a filtered list
// can be bookmarked or shared.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ManagedUser } from '#shared/protocol/api.ts';
import { ROLE_LABELS } from '#shared/protocol/people-api.ts';
import { AGENCIES, AGENCY_LABELS } from '#shared/schemas/framework.ts';
import { ROLES } from '#shared/schemas/user.ts';
import { plural } from '#web/components/format.ts';
import { FilterSelect } from '#web/components/filter-select.tsx';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { TableHead } from '#web/components/table-head.tsx';
import { Tag } from '#web/components/tag.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { describePeopleApiFailure } from '#web/sync/people-api.ts';
import { agencyText, lastSignInText, rolesText } from './labels.ts';
import { useServices } from '#web/services/services-context.tsx';

export type PeopleFilter = { search: string; role: string; agency: string; status: string };

export function filterPeople(people: ManagedUser[], filter: PeopleFilter): ManagedUser[] {
  const search = filter.search.trim().toLowerCase();
  return people
    .filter(
      (p) =>
        (search === '' || p.user.name.toLowerCase().includes(search) || p.user.email.includes(search)) &&
        (filter.role === '' || p.user.roles.some((role) => role === filter.role)) &&
        (filter.agency === '' || (filter.agency === 'none' ? !p.user.agency : p.user.agency === filter.agency)) &&
        (filter.status === '' || (filter.status === 'deactivated') === p.disabled),
    )
    .sort((a, b) => a.user.name.localeCompare(b.user.name, 'en-GB'));
}

export function PeopleListPage() {
  usePageTitle('People');
  const api = useServices().people;
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  const [params, setParams] = useSearchParams();
  const filter: PeopleFilter = {
    search: params.get('search') ?? '',
    role: params.get('role') ?? '',
    agency: params.get('agency') ?? '',
    status: params.get('status') ?? 'active',
  };
  const [draft, setDraft] = useState(filter);
  const loaded = useLoad(() => api.listPeople(), describePeopleApiFailure, [api]);
  const isAdmin = session?.user.roles.includes('admin') ?? false;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(draft)) if (value !== '' || key === 'status') next.set(key, value);
    setParams(next);
  };

  return (
    <>
      <PageHeading>People</PageHeading>
      <p className="govuk-body">
        Everyone who can sign in: auditors, QA leads, administrators and parent-carer representatives.
      </p>
      {session ? (
        <Link to="/people/add" className="govuk-button" role="button" draggable={false}>
          {isAdmin ? 'Add a person' : 'Add a parent-carer representative'}
        </Link>
      ) : null}
      <form className="app-people-filter" onSubmit={apply} role="search" aria-label="Find people">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="people-search">
            Name or email address
          </label>
          <input
            className="govuk-input govuk-input--width-20"
            id="people-search"
            type="search"
            spellCheck={false}
            value={draft.search}
            onChange={(event) => setDraft({ ...draft, search: event.target.value })}
          />
        </div>
        <FilterSelect
          id="people-role"
          label="Role"
          value={draft.role}
          onChange={(role) => setDraft({ ...draft, role })}
          options={[
            { value: '', label: 'Any role' },
            ...ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] })),
          ]}
        />
        <FilterSelect
          id="people-agency"
          label="Agency"
          value={draft.agency}
          onChange={(agency) => setDraft({ ...draft, agency })}
          options={[
            { value: '', label: 'Any agency' },
            ...AGENCIES.map((agency) => ({ value: agency, label: AGENCY_LABELS[agency] })),
            { value: 'none', label: 'No agency' },
          ]}
        />
        <FilterSelect
          id="people-status"
          label="Status"
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
          options={[
            { value: 'active', label: 'Active' },
            { value: 'deactivated', label: 'Deactivated' },
            { value: '', label: 'Active and deactivated' },
          ]}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Show people
        </button>
      </form>
      {loaded.state === 'loading' ? <LoadingStatus /> : null}
      {loaded.state === 'failed' ? <LoadFailure message={loaded.message} retry={loaded.retry} /> : null}
      {loaded.state === 'ready' ? <PeopleTable people={filterPeople(loaded.data, filter)} /> : null}
    </>
  );
}

function PeopleTable({ people }: { people: ManagedUser[] }) {
  if (people.length === 0) {
    return (
      <p className="govuk-body" id="people-count">
        No people match these filters.
      </p>
    );
  }
  return (
    <>
      <p className="govuk-body" id="people-count" role="status">
        {plural(people.length, 'person', 'people')}
      </p>
      <table className="govuk-table" id="people">
        <caption className="govuk-table__caption govuk-visually-hidden">People</caption>
        <TableHead columns={['Name', 'Email address', 'Roles', 'Agency', 'Status', 'Last signed in']} />
        <tbody className="govuk-table__body">
          {people.map((person) => (
            <tr className="govuk-table__row" key={person.user.id} id={`person-${person.user.id}`}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/people/${encodeURIComponent(person.user.id)}`}>
                  {person.user.name}
                </Link>
              </td>
              <td className="govuk-table__cell app-break-anywhere">{person.user.email}</td>
              <td className="govuk-table__cell">{rolesText(person.user)}</td>
              <td className="govuk-table__cell">{agencyText(person.user)}</td>
              <td className="govuk-table__cell">
                {person.disabled ? <Tag colour="grey">Deactivated</Tag> : <Tag colour="green">Active</Tag>}
              </td>
              <td className="govuk-table__cell">{lastSignInText(person)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

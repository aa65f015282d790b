// Assign auditors: for each sampled plan, one auditor per agency, with each auditor's open work
// (across open cycles, plus what this page is about to add) shown in the choice. A round-robin
// helper shares the plans among each agency's auditors, least loaded first.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AuditorWorkload, CycleDetailResponse, FrameworkSummary } from '#shared/protocol/api.ts';
import { AGENCIES, AGENCY_LABELS, type Agency } from '#shared/schemas/framework.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { TableHead } from '#web/components/table-head.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { describeCycleApiFailure } from '#web/sync/cycle-api.ts';
import { LoadFailure, LoadingStatus } from '#web/components/load-state.tsx';
import { useCycleApi, useLoaded } from './use-cycle-api.ts';

/** Plan ref -> agency -> auditor id chosen on this page. */
export type Choices = Record<string, Partial<Record<Agency, string>>>;

/**
 * Shares the plans still without an auditor of each agency among that agency's auditors in turn,
 * starting with whoever has the least open work; choices already made are kept.
 */
export function roundRobin(
  plans: readonly string[],
  agencies: readonly Agency[],
  auditors: readonly AuditorWorkload[],
  taken: ReadonlySet<string>,
  choices: Choices,
): Choices {
  const next: Choices = structuredClone(choices);
  for (const agency of agencies) {
    const pool = auditors
      .filter((a) => a.agency === agency)
      .sort((a, b) => a.openAssignments - b.openAssignments || a.name.localeCompare(b.name));
    if (pool.length === 0) continue;
    let turn = 0;
    for (const planRef of plans) {
      if (taken.has(`${planRef}:${agency}`) || next[planRef]?.[agency]) continue;
      next[planRef] = { ...next[planRef], [agency]: pool[turn % pool.length]?.id };
      turn += 1;
    }
  }
  return next;
}

function AssignForm({
  detail,
  auditors,
  framework,
}: {
  detail: CycleDetailResponse;
  auditors: AuditorWorkload[];
  framework: FrameworkSummary | undefined;
}) {
  const api = useCycleApi();
  const navigate = useNavigate();
  const { cycle } = detail;
  const present = AGENCIES.filter((agency) => auditors.some((a) => a.agency === agency));
  // Annual reviews are done by SEND advisory teachers; plan audits by the other agencies.
  const agencies =
    framework?.kind === 'annual-review'
      ? present.filter((a) => a === 'sendat')
      : present.filter((a) => a !== 'sendat').length > 0
        ? present.filter((a) => a !== 'sendat')
        : present;
  const taken = useMemo(() => new Set(detail.assignments.map((a) => `${a.planRef}:${a.agency}`)), [detail.assignments]);
  const existing = new Map(detail.assignments.map((a) => [`${a.planRef}:${a.agency}`, a.auditorId]));
  const byId = new Map(auditors.map((a) => [a.id, a]));
  const [choices, setChoices] = useState<Choices>({});
  const [dueDate, setDueDate] = useState(cycle.periodEnd);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isSending, setIsSending] = useState(false);
  usePageTitle(`Assign auditors: ${cycle.name}`, errors.length > 0);

  const planned = new Map<string, number>();
  for (const perAgency of Object.values(choices)) {
    for (const id of Object.values(perAgency)) if (id) planned.set(id, (planned.get(id) ?? 0) + 1);
  }
  const wanted = cycle.sampledPlans.flatMap((planRef) =>
    agencies.flatMap((agency) => {
      const auditorId = choices[planRef]?.[agency];
      return auditorId && !taken.has(`${planRef}:${agency}`) ? [{ planRef, auditorId, dueDate }] : [];
    }),
  );

  const onSubmit = async () => {
    const problems: FieldError[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate))
      problems.push({ fieldId: 'due-date', message: 'Enter the due date, like 2026-07-22' });
    if (wanted.length === 0) {
      const first = cycle.sampledPlans.find((p) => agencies.some((a) => !taken.has(`${p}:${a}`)));
      const agency = agencies.find((a) => first && !taken.has(`${first}:${a}`));
      problems.push({
        fieldId: first && agency ? `assign-${first}-${agency}` : 'due-date',
        message: 'Choose at least one auditor to assign',
      });
    }
    setErrors(problems);
    if (problems.length > 0) return;
    setIsSending(true);
    try {
      await api.assign(cycle.id, { assignments: wanted });
      void navigate(`/cycles/${encodeURIComponent(cycle.id)}`);
    } catch (error) {
      const issues = error instanceof ApiFailure ? (error.issues ?? []) : [];
      setErrors(
        issues.length > 0
          ? issues.map((issue) => {
              const index = Number(/assignments\[(\d+)\]/.exec(issue.path)?.[1] ?? -1);
              const row = wanted[index];
              const agency = row ? byId.get(row.auditorId)?.agency : undefined;
              return {
                fieldId: row && agency ? `assign-${row.planRef}-${agency}` : 'due-date',
                message: row ? `${row.planRef}: ${issue.message}` : issue.message,
              };
            })
          : [{ fieldId: 'due-date', message: describeCycleApiFailure(error) }],
      );
    } finally {
      setIsSending(false);
    }
  };

  const dueError = errors.find((e) => e.fieldId === 'due-date')?.message;
  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading caption={cycle.name}>Assign auditors</PageHeading>
      <table className="govuk-table" id="workload">
        <caption className="govuk-table__caption govuk-table__caption--m">Auditors&apos; workload</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Auditor
            </th>
            <th scope="col" className="govuk-table__header">
              Agency
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Open assignments (all open cycles)
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Overdue
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Adding now
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {auditors.map((auditor) => (
            <tr className="govuk-table__row" key={auditor.id}>
              <th scope="row" className="govuk-table__header">
                {auditor.name}
              </th>
              <td className="govuk-table__cell">{AGENCY_LABELS[auditor.agency]}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{auditor.openAssignments}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{auditor.overdueAssignments}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{planned.get(auditor.id) ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
      >
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => setChoices((c) => roundRobin(cycle.sampledPlans, agencies, auditors, taken, c))}
        >
          Assign round-robin by agency
        </button>
        <table className="govuk-table" id="assignments">
          <caption className="govuk-table__caption govuk-table__caption--m">Sampled plans</caption>
          <TableHead columns={['Plan', ...agencies.map((agency) => `${AGENCY_LABELS[agency]} auditor`)]} />
          <tbody className="govuk-table__body">
            {cycle.sampledPlans.map((planRef) => (
              <tr className="govuk-table__row" key={planRef}>
                <th scope="row" className="govuk-table__header">
                  {planRef}
                </th>
                {agencies.map((agency) => {
                  const id = `assign-${planRef}-${agency}`;
                  const already = existing.get(`${planRef}:${agency}`);
                  const error = errors.find((e) => e.fieldId === id)?.message;
                  return (
                    <td className="govuk-table__cell" key={agency}>
                      {already ? (
                        <span>{byId.get(already)?.name ?? already} (assigned)</span>
                      ) : (
                        <div
                          className={`govuk-form-group govuk-!-margin-bottom-0${error ? ' govuk-form-group--error' : ''}`}
                        >
                          <label className="govuk-label govuk-visually-hidden" htmlFor={id}>
                            {AGENCY_LABELS[agency]} auditor for {planRef}
                          </label>
                          {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
                          <select
                            className={`govuk-select${error ? ' govuk-select--error' : ''}`}
                            id={id}
                            value={choices[planRef]?.[agency] ?? ''}
                            aria-describedby={error ? `${id}-error` : undefined}
                            onChange={(event) =>
                              setChoices((c) => ({ ...c, [planRef]: { ...c[planRef], [agency]: event.target.value } }))
                            }
                          >
                            <option value="">Not assigned</option>
                            {auditors
                              .filter((a) => a.agency === agency)
                              .map((a) => (
                                <option key={a.id} value={a.id}>
                                  {a.name} ({a.openAssignments + (planned.get(a.id) ?? 0)} open)
                                </option>
                              ))}
                          </select>
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <div className={`govuk-form-group${dueError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="due-date">
            Due date for these assignments
          </label>
          {dueError ? <ErrorMessage id="due-date-error">{dueError}</ErrorMessage> : null}
          <input
            className={`govuk-input govuk-input--width-10${dueError ? ' govuk-input--error' : ''}`}
            id="due-date"
            type="date"
            value={dueDate}
            aria-describedby={dueError ? 'due-date-error' : undefined}
            onChange={(event) => setDueDate(event.target.value)}
          />
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" disabled={isSending} aria-disabled={isSending}>
            {isSending ? 'Assigning…' : `Assign auditors (${wanted.length})`}
          </button>
          <Link className="govuk-link" to={`/cycles/${encodeURIComponent(cycle.id)}`}>
            Back to the cycle
          </Link>
        </div>
      </form>
    </>
  );
}

export function AssignPage() {
  const { cycleId = '' } = useParams();
  const loaded = useLoaded(
    async (api) => {
      const [detail, frameworks, auditors] = await Promise.all([
        api.getCycle(cycleId),
        api.listPublishedFrameworks(),
        api.listAuditors(),
      ]);
      return {
        detail,
        auditors,
        framework: frameworks.find(
          (f) => f.id === detail.cycle.frameworkId && f.version === detail.cycle.frameworkVersion,
        ),
      };
    },
    [cycleId],
  );
  usePageTitle('Assign auditors');
  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed') {
    return (
      <>
        <PageHeading caption="Audit cycle">Assign auditors</PageHeading>
        <LoadFailure message={loaded.message} retry={loaded.retry} />
      </>
    );
  }
  return <AssignForm {...loaded.data} />;
}

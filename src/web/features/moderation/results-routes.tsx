// Moderated results an auditor may read, mounted at /results/*: the signed-off moderations of the
// plans they audited (the server sends nothing else), with their own grades beside the panel's.
import { Link, Route, Routes, useParams } from 'react-router';
import { gradeLabel } from '#shared/domain/grading.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { listModerations } from '#web/storage/moderation-repository.ts';
import { listCycles } from '#web/storage/reference-data.ts';
import { ACTION_STATUS_LABELS } from './moderation-actions-page.tsx';
import { sectionGrade, sectionTitle } from './moderation-model.ts';
import { ModerationFrame, NoteText } from './moderation-parts.tsx';
import type { ModerationWorkspace } from './use-moderation.ts';
import { TableHead } from '#web/components/table-head.tsx';

export function ResultsRoutes() {
  return (
    <Routes>
      <Route index element={<ResultsListPage />} />
      <Route path=":moderationId" element={<ResultPage />} />
    </Routes>
  );
}

/** The newest signed-off revision of each plan's moderation. */
function signedOffResults(moderations: readonly Moderation[]): Moderation[] {
  const latest = new Map<string, Moderation>();
  for (const moderation of moderations) {
    if (moderation.status !== 'signed-off') continue;
    const key = `${moderation.cycleId}|${moderation.planRef}`;
    const current = latest.get(key);
    if (!current || current.revision < moderation.revision) latest.set(key, moderation);
  }
  return [...latest.values()].sort((a, b) => (b.signedOffAt ?? '').localeCompare(a.signedOffAt ?? ''));
}

async function loadResults() {
  const [moderations, cycles] = await Promise.all([listModerations(), listCycles()]);
  return { results: signedOffResults(moderations), cycleName: new Map(cycles.map((c) => [c.id, c.name])) };
}

function ResultsListPage() {
  usePageTitle('Moderated results');
  const data = useStoredQuery(loadResults, []);
  return (
    <>
      <PageHeading>Moderated results</PageHeading>
      <p className="govuk-body">
        The panel’s signed-off results for plans you audited. Compare them with your own grades to see where the panel
        saw things differently.
      </p>
      {!data ? (
        <p className="govuk-body" role="status">
          Loading…
        </p>
      ) : data.results.length === 0 ? (
        <p className="govuk-body">No results yet. A result appears here after the panel signs it off and you sync.</p>
      ) : (
        <table className="govuk-table" id="results">
          <caption className="govuk-table__caption govuk-visually-hidden">Moderated results</caption>
          <TableHead columns={['Plan', 'Cycle', 'Signed off']} />
          <tbody className="govuk-table__body">
            {data.results.map((moderation) => (
              <tr className="govuk-table__row" key={moderation.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/results/${moderation.id}`}>
                    {moderation.planRef}
                  </Link>
                </th>
                <td className="govuk-table__cell">{data.cycleName.get(moderation.cycleId) ?? 'Audit cycle'}</td>
                <td className="govuk-table__cell">
                  {moderation.signedOffAt ? formatDate(moderation.signedOffAt) : 'Signed off'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ResultPage() {
  const { moderationId = '' } = useParams();
  return (
    <ModerationFrame moderationId={moderationId}>{(workspace) => <Result workspace={workspace} />}</ModerationFrame>
  );
}

function Result({ workspace }: { workspace: ModerationWorkspace }) {
  const { moderation, framework, columns, session } = workspace;
  usePageTitle(`Moderated result for plan ${moderation.planRef}`);
  const mine = columns.find((column) => column.audit.auditorId === session.user.id);
  const rows = [...framework.sections.map((section) => section.id), 'overall'];
  const actions = Object.values(moderation.actions).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return (
    <>
      <Link className="govuk-back-link" to="/results">
        Back to results
      </Link>
      <PageHeading caption="Moderated result">Plan {moderation.planRef}</PageHeading>
      {moderation.status !== 'signed-off' ? (
        <div className="govuk-inset-text">This result has not been signed off yet.</div>
      ) : (
        <p className="govuk-body">
          Signed off{moderation.signedOffAt ? ` on ${formatDate(moderation.signedOffAt)}` : ''}
          {moderation.revision > 1 ? `, revision ${moderation.revision}` : ''}.
        </p>
      )}
      {moderation.supersedes ? (
        <div className="govuk-inset-text">Amended. Reason: {moderation.supersedes.reason}</div>
      ) : null}
      <table className="govuk-table" id="result-grades">
        <caption className="govuk-table__caption govuk-table__caption--m">Your grades and the panel’s</caption>
        <TableHead columns={['Section', 'Your grade', 'Moderated grade', 'Rationale']} />
        <tbody className="govuk-table__body">
          {rows.map((sectionId) => {
            const agreed = sectionId === 'overall' ? moderation.overall : moderation.sections[sectionId];
            return (
              <tr className="govuk-table__row" key={sectionId}>
                <th scope="row" className="govuk-table__header">
                  {sectionTitle(framework, sectionId)}
                </th>
                <td className="govuk-table__cell">
                  {mine ? gradeLabel(framework, sectionGrade(mine, sectionId)) : 'Not on this device'}
                </td>
                <td className="govuk-table__cell">{gradeLabel(framework, agreed?.agreedGrade ?? null)}</td>
                <td className="govuk-table__cell">
                  <NoteText text={agreed?.rationale} className="govuk-body-s govuk-!-margin-0" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2 className="govuk-heading-m">Strengths of the plan</h2>
      <NoteText text={moderation.strengths || 'None recorded.'} />
      <h2 className="govuk-heading-m">Areas for development</h2>
      <NoteText text={moderation.areasForDevelopment || 'None recorded.'} />
      <h2 className="govuk-heading-m">Actions</h2>
      {actions.length === 0 ? (
        <p className="govuk-body">No actions were set.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet" id="result-actions">
          {actions.map((action) => (
            <li key={action.id}>
              {action.description} ({action.ownerRole}, due {formatDate(action.dueDate)},{' '}
              {ACTION_STATUS_LABELS[action.status].toLowerCase()})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

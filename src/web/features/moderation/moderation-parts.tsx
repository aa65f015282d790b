// Pieces the moderation screens share: the loading frame, the notice of unsynced or refused
// changes, free-text fields that save on leaving them, withheld text, and the grade comparison.
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { gradeLabel } from '#shared/domain/grading.ts';
import { WITHHELD_TEXT } from '#shared/schemas/moderation.ts';
import { GuardedTextarea, type TextSaveStatus } from '#web/components/guarded-textarea.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { plural } from '#web/components/format.ts';
import { Tag } from '#web/components/tag.tsx';
import { logger } from '#web/services/logger.ts';
import { changeModeration } from '#web/storage/moderation-repository.ts';
import { moderationPath, sectionGrade, sectionTitle } from './moderation-model.ts';
import { useModeration, type ModerationWorkspace } from './use-moderation.ts';

/** Loads the moderation named in the URL and renders the screen, or says why it cannot. */
export function ModerationFrame({
  moderationId,
  children,
}: {
  moderationId: string;
  children: (workspace: ModerationWorkspace) => ReactNode;
}) {
  const state = useModeration(moderationId);
  if (state.kind === 'loading') {
    return (
      <p className="govuk-body" role="status">
        Loading…
      </p>
    );
  }
  if (state.kind !== 'ready') return <ModerationUnavailable reason={state.kind} />;
  return <>{children(state.workspace)}</>;
}

function ModerationUnavailable({ reason }: { reason: 'missing' | 'no-framework' }) {
  usePageTitle('Moderation not available');
  return (
    <>
      <PageHeading>Moderation not available</PageHeading>
      <p className="govuk-body">
        {reason === 'missing'
          ? 'This device does not hold this moderation. It may not be shared with you, or this device has not synced since it was opened.'
          : 'This device does not hold the audit framework this moderation uses yet. Sync when you are online, then try again.'}
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/moderation">
          Back to moderation
        </Link>
      </p>
    </>
  );
}

export function BackToOverview({ moderationId }: { moderationId: string }) {
  return (
    <Link className="govuk-back-link" to={moderationPath(moderationId)}>
      Back to the moderation overview
    </Link>
  );
}

/** Changes of this moderation the server has not taken, and any it refused or found changed elsewhere. */
export function ChangesNotice({ workspace }: { workspace: ModerationWorkspace }) {
  const problems = workspace.changes.filter((e) => e.status === 'rejected' || e.status === 'conflict');
  const waiting = workspace.changes.filter((e) => e.status === 'pending' || e.status === 'sending').length;
  if (problems.length > 0) {
    return (
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          {plural(problems.length, 'change')} to this moderation {problems.length === 1 ? 'needs' : 'need'} your
          attention.{' '}
          <Link className="govuk-link" to="/sync">
            Review on the sync page
          </Link>
        </strong>
      </div>
    );
  }
  if (waiting > 0) {
    return (
      <p className="govuk-body-s" id="moderation-waiting">
        {plural(waiting, 'change')} saved on this device, waiting to sync.
      </p>
    );
  }
  return null;
}

/** Free text from an audit or the panel; text the server withheld from a parent representative is said so. */
export function NoteText({ text, className = 'govuk-body' }: { text: string | undefined; className?: string }) {
  if (!text) return null;
  if (text === WITHHELD_TEXT) {
    return <div className="govuk-inset-text">Withheld: this text may identify the child</div>;
  }
  return <p className={className}>{text}</p>;
}

export function useSaveError() {
  const [problem, setProblem] = useState<string | null>(null);
  const report = (error: unknown) => {
    logger.error('A moderation change could not be saved on this device', error);
    setProblem(
      error instanceof Error && error.name === 'ModerationSignedOffError'
        ? error.message
        : 'Your last change could not be saved on this device. Check it is not too long and try again; if it keeps failing, export your unsynced work from the sync page.',
    );
  };
  return { problem, report, clear: () => setProblem(null) };
}

export function SaveError({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <div className="govuk-error-summary" role="alert">
      <h2 className="govuk-error-summary__title">Your change was not saved</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">{problem}</p>
      </div>
    </div>
  );
}

/**
 * A free-text moderation field: saved to the device as the moderator pauses and on leaving it, and,
 * like an auditor's comment, held back with a warning while it looks like it names the child or family.
 */
export function NoteField({
  moderationId,
  path,
  label,
  hint,
  value,
  rows = 4,
  onError,
}: {
  moderationId: string;
  path: string;
  label: string;
  hint?: string;
  value: string;
  rows?: number;
  onError: (error: unknown) => void;
}) {
  const id = useId().replace(/:/g, '');
  const fieldId = `note-${path.replace(/\./g, '-')}-${id}`;
  const [status, setStatus] = useState<TextSaveStatus | null>(null);
  const [hasSaved, setHasSaved] = useState(false);
  return (
    <>
      <GuardedTextarea
        id={fieldId}
        label={label}
        labelClassName="govuk-label--s"
        {...(hint ? { hint } : {})}
        storedValue={value}
        rows={rows}
        onStatusChange={(_field, next) => {
          setStatus(next);
          if (next !== 'saved') setHasSaved(false);
        }}
        onSave={(text) => {
          changeModeration(moderationId, path, text).then(
            () => setHasSaved(true),
            (error: unknown) => onError(error),
          );
        }}
      />
      {hasSaved && status === 'saved' ? (
        <p className="govuk-body-s" role="status">
          Saved on this device
        </p>
      ) : null}
    </>
  );
}

/** Every section and the overall judgement: each auditor's grade, the agreed grade, and disagreements tagged. */
export function GradeComparisonTable({
  workspace,
  linkSections,
}: {
  workspace: ModerationWorkspace;
  linkSections: boolean;
}) {
  const { framework, columns, disagreements, moderation } = workspace;
  return (
    <>
      <table className="govuk-table" id="grade-comparison">
        <caption className="govuk-table__caption govuk-table__caption--m">Grades by section</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Section
            </th>
            {columns.map((column) => (
              <th scope="col" className="govuk-table__header" key={column.audit.id}>
                {column.label}
              </th>
            ))}
            <th scope="col" className="govuk-table__header">
              Agreed grade
            </th>
            <th scope="col" className="govuk-table__header">
              Auditors
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {disagreements.map((row) => {
            const agreed =
              row.sectionId === 'overall'
                ? moderation.overall.agreedGrade
                : (moderation.sections[row.sectionId]?.agreedGrade ?? null);
            const title = sectionTitle(framework, row.sectionId);
            return (
              <tr className="govuk-table__row" key={row.sectionId} id={`comparison-${row.sectionId}`}>
                <th scope="row" className="govuk-table__header">
                  {linkSections ? (
                    <Link className="govuk-link" to={`${moderationPath(moderation.id)}/sections/${row.sectionId}`}>
                      {title}
                    </Link>
                  ) : (
                    title
                  )}
                </th>
                {columns.map((column) => (
                  <td className="govuk-table__cell" key={column.audit.id}>
                    {gradeLabel(framework, sectionGrade(column, row.sectionId))}
                  </td>
                ))}
                <td className="govuk-table__cell">
                  {agreed === null ? 'Not agreed yet' : gradeLabel(framework, agreed)}
                </td>
                <td className="govuk-table__cell">
                  {row.isDisagreement ? <Tag colour="red">Disagree</Tag> : <Tag colour="grey">Close</Tag>}
                  {row.isDisagreement ? (
                    <>
                      <br />
                      <span className="govuk-body-s">{row.reason}</span>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

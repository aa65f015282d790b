// /moderation/:moderationId/sign-off: the chair checks every section has an agreed grade, records
// that the panel agrees, and signs the result off (a confirmation page follows). A signed-off
// result never changes: from here the chair can start an amendment, a new revision with a reason.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { missingAgreedGrades, sectionsNeedingGrades } from '#shared/domain/moderation-patch.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { amendModeration, changeModeration, signOffModeration } from '#web/storage/moderation-repository.ts';
import { moderationPath, sectionTitle } from './moderation-model.ts';
import {
  BackToOverview,
  ChangesNotice,
  GradeComparisonTable,
  ModerationFrame,
  SaveError,
  useSaveError,
} from './moderation-parts.tsx';
import type { ModerationWorkspace } from './use-moderation.ts';

export function ModerationSignOffPage() {
  const { moderationId = '' } = useParams();
  return (
    <ModerationFrame moderationId={moderationId}>{(workspace) => <SignOff workspace={workspace} />}</ModerationFrame>
  );
}

function SignOff({ workspace }: { workspace: ModerationWorkspace }) {
  const { moderation, framework, role, session } = workspace;
  const navigate = useNavigate();
  const { problem, report } = useSaveError();
  const [isBusy, setIsBusy] = useState(false);
  const title = moderation.status === 'signed-off' ? 'Amend the signed-off result' : 'Check and sign off';
  usePageTitle(`${title}: moderation of plan ${moderation.planRef}`);
  const base = moderationPath(moderation.id);
  if (role !== 'chair') {
    return (
      <>
        <BackToOverview moderationId={moderation.id} />
        <PageHeading>{title}</PageHeading>
        <p className="govuk-body">Only the chair (a QA lead) signs off a moderation.</p>
      </>
    );
  }
  if (moderation.status === 'signed-off') return <AmendForm workspace={workspace} />;

  const missing = missingAgreedGrades(moderation, sectionsNeedingGrades(framework));
  const act = (work: () => Promise<unknown>) => {
    setIsBusy(true);
    work()
      .catch(report)
      .finally(() => setIsBusy(false));
  };
  const parentReps = Object.values(moderation.participants).filter((p) => p.role === 'parent-rep');

  return (
    <>
      <BackToOverview moderationId={moderation.id} />
      <SaveError problem={problem} />
      <PageHeading caption={`Moderation of plan ${moderation.planRef}`}>{title}</PageHeading>
      <ChangesNotice workspace={workspace} />
      <GradeComparisonTable workspace={workspace} linkSections />
      {parentReps.length === 0 ? (
        <div className="govuk-inset-text">No parent carer representative has been invited to this moderation.</div>
      ) : null}

      {moderation.status === 'open' && missing.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Still to agree</h2>
          <p className="govuk-body">The panel must agree a grade for each of these before it can agree the result:</p>
          <ul className="govuk-list govuk-list--bullet" id="missing-grades">
            {missing.map((sectionId) => (
              <li key={sectionId}>
                <Link className="govuk-link" to={`${base}/sections/${sectionId}`}>
                  {sectionTitle(framework, sectionId)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {moderation.status === 'open' && missing.length === 0 ? (
        <>
          <h2 className="govuk-heading-m">Record the panel’s agreement</h2>
          <p className="govuk-body">
            Every section and the overall judgement have an agreed grade. When the panel agrees the whole result, record
            it. You can still sign it off or reopen it afterwards.
          </p>
          <button
            type="button"
            className="govuk-button"
            disabled={isBusy}
            onClick={() => act(() => changeModeration(moderation.id, 'status', 'agreed'))}
          >
            The panel agrees this result
          </button>
        </>
      ) : null}

      {moderation.status === 'agreed' ? (
        <>
          <h2 className="govuk-heading-m">Sign off</h2>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Once signed off, the result cannot change. Auditors of this plan will see it. A later correction is an
              amendment with a reason.
            </strong>
          </div>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button"
              disabled={isBusy}
              onClick={() =>
                act(async () => {
                  await signOffModeration(moderation.id, session.user.id);
                  await navigate(`${base}/signed-off`);
                })
              }
            >
              Sign off the result
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={isBusy}
              onClick={() => act(() => changeModeration(moderation.id, 'status', 'open'))}
            >
              Reopen for changes
            </button>
          </div>
        </>
      ) : null}
    </>
  );
}

function AmendForm({ workspace }: { workspace: ModerationWorkspace }) {
  const { moderation, session } = workspace;
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const { problem, report } = useSaveError();
  const amend = () => {
    const trimmed = reason.trim();
    if (!trimmed || trimmed.length > 2000) {
      setErrors([
        {
          fieldId: 'amend-reason',
          message: trimmed ? 'The reason must be 2,000 characters or fewer' : 'Give a reason for the amendment',
        },
      ]);
      return;
    }
    setErrors([]);
    amendModeration(moderation.id, trimmed, session.user.id).then((id) => navigate(moderationPath(id)), report);
  };
  const error = errors[0]?.message;
  return (
    <>
      <BackToOverview moderationId={moderation.id} />
      <ErrorSummary errors={errors} />
      <SaveError problem={problem} />
      <PageHeading caption={`Moderation of plan ${moderation.planRef}`}>Amend the signed-off result</PageHeading>
      <p className="govuk-body">
        This result was signed off
        {moderation.signedOffAt ? ` on ${formatDate(moderation.signedOffAt)}` : ''} and does not change. An amendment
        starts revision {moderation.revision + 1}, a copy of it, which the panel changes and signs off again. Until then
        auditors keep seeing this revision.
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          amend();
        }}
      >
        <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="amend-reason">
            Why does the result need amending?
          </label>
          {error ? <ErrorMessage id="amend-reason-error">{error}</ErrorMessage> : null}
          <textarea
            className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
            id="amend-reason"
            rows={4}
            value={reason}
            aria-describedby={error ? 'amend-reason-error' : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
        <button type="submit" className="govuk-button">
          Start an amendment
        </button>
      </form>
    </>
  );
}

export function ModerationSignedOffPage() {
  const { moderationId = '' } = useParams();
  return (
    <ModerationFrame moderationId={moderationId}>{(workspace) => <SignedOff workspace={workspace} />}</ModerationFrame>
  );
}

function SignedOff({ workspace }: { workspace: ModerationWorkspace }) {
  const { moderation } = workspace;
  usePageTitle(`Moderation of plan ${moderation.planRef} signed off`);
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation">
        <PageHeading className="govuk-panel__title">Moderation signed off</PageHeading>
        <div className="govuk-panel__body">Plan {moderation.planRef}</div>
      </div>
      <p className="govuk-body">
        The result is saved on this device and goes to the server with the next sync. The auditors of this plan will
        then see it under Results.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={moderationPath(moderation.id)}>
          View the moderation
        </Link>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/moderation">
          Back to moderation
        </Link>
      </p>
    </>
  );
}

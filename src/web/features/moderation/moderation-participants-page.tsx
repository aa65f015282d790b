// /moderation/:moderationId/participants: who took part. The chair adds panel members and invites a
// parent-carer representative from the accounts with that role: the invitation is what lets the
// representative see this moderation (pseudonymised) and add the family's perspective.
import { useState } from 'react';
import { useParams } from 'react-router';
import { AGENCIES, type Agency } from '#shared/schemas/framework.ts';
import { ParticipantSchema, type Participant } from '#shared/schemas/moderation.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { changeModeration } from '#web/storage/moderation-repository.ts';
import { AGENCY_LABELS } from '#shared/schemas/framework.ts';
import { BackToOverview, ChangesNotice, ModerationFrame, SaveError, useSaveError } from './moderation-parts.tsx';
import type { ModerationWorkspace } from './use-moderation.ts';

const ROLE_LABELS: Record<Participant['role'], string> = {
  chair: 'Chair',
  auditor: 'Auditor',
  'parent-rep': 'Parent carer representative',
  other: 'Other panel member',
};

export function ModerationParticipantsPage() {
  const { moderationId = '' } = useParams();
  return (
    <ModerationFrame moderationId={moderationId}>
      {(workspace) => <Participants workspace={workspace} />}
    </ModerationFrame>
  );
}

function Participants({ workspace }: { workspace: ModerationWorkspace }) {
  const { moderation, canEdit, users } = workspace;
  usePageTitle(`Panel members: moderation of plan ${moderation.planRef}`);
  const { problem, report } = useSaveError();
  const participants = Object.entries(moderation.participants);
  const invited = new Set(participants.map(([, p]) => p.userId).filter(Boolean));
  const parentReps = users.filter((user) => user.roles.includes('parent-rep') && !invited.has(user.id));
  return (
    <>
      <BackToOverview moderationId={moderation.id} />
      <SaveError problem={problem} />
      <PageHeading caption={`Moderation of plan ${moderation.planRef}`}>Panel members</PageHeading>
      <ChangesNotice workspace={workspace} />
      <table className="govuk-table" id="participants">
        <caption className="govuk-table__caption govuk-visually-hidden">Panel members</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Role
            </th>
            <th scope="col" className="govuk-table__header">
              Agency
            </th>
            {canEdit ? (
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Remove</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {participants.map(([id, participant]) => (
            <tr className="govuk-table__row" key={id}>
              <td className="govuk-table__cell">{participant.name}</td>
              <td className="govuk-table__cell">{ROLE_LABELS[participant.role]}</td>
              <td className="govuk-table__cell">{participant.agency ? AGENCY_LABELS[participant.agency] : ''}</td>
              {canEdit ? (
                <td className="govuk-table__cell">
                  {participant.role === 'chair' ? null : (
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      onClick={() => void changeModeration(moderation.id, `participants.${id}`, null).catch(report)}
                    >
                      Remove<span className="govuk-visually-hidden"> {participant.name}</span>
                    </button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit ? (
        <>
          <InviteParentRep workspace={workspace} candidates={parentReps} onError={report} />
          <AddMember workspace={workspace} onError={report} />
        </>
      ) : null}
    </>
  );
}

function InviteParentRep({
  workspace,
  candidates,
  onError,
}: {
  workspace: ModerationWorkspace;
  candidates: ModerationWorkspace['users'];
  onError: (error: unknown) => void;
}) {
  const [userId, setUserId] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (candidates.length === 0) {
    return (
      <>
        <h2 className="govuk-heading-m">Invite a parent carer representative</h2>
        <p className="govuk-body">
          There is no parent carer representative account left to invite. An administrator adds these accounts.
        </p>
      </>
    );
  }
  const invite = () => {
    const user = candidates.find((candidate) => candidate.id === userId);
    if (!user) {
      setError('Choose the parent carer representative to invite');
      return;
    }
    setError(null);
    const participant: Participant = { userId: user.id, name: user.name, role: 'parent-rep' };
    changeModeration(workspace.moderation.id, `participants.${crypto.randomUUID()}`, participant).then(
      () => setUserId(''),
      onError,
    );
  };
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        invite();
      }}
    >
      <h2 className="govuk-heading-m">Invite a parent carer representative</h2>
      <p className="govuk-body">
        They will see this moderation with auditors unnamed and text that may identify the child withheld, and can add
        the family’s perspective to each section.
      </p>
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="invite-parent-rep">
          Parent carer representative
        </label>
        {error ? <ErrorMessage id="invite-parent-rep-error">{error}</ErrorMessage> : null}
        <select
          className={`govuk-select${error ? ' govuk-select--error' : ''}`}
          id="invite-parent-rep"
          value={userId}
          aria-describedby={error ? 'invite-parent-rep-error' : undefined}
          onChange={(event) => setUserId(event.target.value)}
        >
          <option value="">Choose a representative</option>
          {candidates.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="govuk-button">
        Invite
      </button>
    </form>
  );
}

function AddMember({ workspace, onError }: { workspace: ModerationWorkspace; onError: (error: unknown) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<'auditor' | 'other'>('auditor');
  const [agency, setAgency] = useState<Agency | ''>('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const add = () => {
    const parsed = ParticipantSchema.safeParse({ name, role, ...(agency ? { agency } : {}) });
    if (!parsed.success) {
      setErrors([{ fieldId: 'member-name', message: 'Enter the panel member’s name or role, up to 120 characters' }]);
      return;
    }
    setErrors([]);
    changeModeration(workspace.moderation.id, `participants.${crypto.randomUUID()}`, parsed.data).then(() => {
      setName('');
      setAgency('');
    }, onError);
  };
  const nameError = errors[0]?.message;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        add();
      }}
    >
      <h2 className="govuk-heading-m">Add a panel member</h2>
      <ErrorSummary errors={errors} />
      <div className={`govuk-form-group${nameError ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor="member-name">
          Name
        </label>
        <div className="govuk-hint" id="member-name-hint">
          Or their role, for example Designated Clinical Officer
        </div>
        {nameError ? <ErrorMessage id="member-name-error">{nameError}</ErrorMessage> : null}
        <input
          className={`govuk-input govuk-!-width-two-thirds${nameError ? ' govuk-input--error' : ''}`}
          id="member-name"
          type="text"
          value={name}
          aria-describedby={`member-name-hint${nameError ? ' member-name-error' : ''}`}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="member-role">
          Role on the panel
        </label>
        <select
          className="govuk-select"
          id="member-role"
          value={role}
          onChange={(event) => setRole(event.target.value === 'other' ? 'other' : 'auditor')}
        >
          <option value="auditor">{ROLE_LABELS.auditor}</option>
          <option value="other">{ROLE_LABELS.other}</option>
        </select>
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="member-agency">
          Agency (optional)
        </label>
        <select
          className="govuk-select"
          id="member-agency"
          value={agency}
          onChange={(event) =>
            setAgency(
              (AGENCIES as readonly string[]).includes(event.target.value) ? (event.target.value as Agency) : '',
            )
          }
        >
          <option value="">None</option>
          {AGENCIES.map((value) => (
            <option key={value} value={value}>
              {AGENCY_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary">
        Add panel member
      </button>
    </form>
  );
}

// /moderation/:moderationId/actions: what must change after moderation, each with an owner role,
// a due date, an optional linked criterion and a status; and the form to add or change one.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ACTION_STATUSES, ActionSchema, type Action } from '#shared/schemas/moderation.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { changeModeration } from '#web/storage/moderation-repository.ts';
import { moderationPath } from './moderation-model.ts';
import {
  BackToOverview,
  ChangesNotice,
  ModerationFrame,
  NoteText,
  SaveError,
  useSaveError,
} from './moderation-parts.tsx';
import type { ModerationWorkspace } from './use-moderation.ts';

export const ACTION_STATUS_LABELS: Record<Action['status'], string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
};

export function ModerationActionsPage() {
  const { moderationId = '' } = useParams();
  return (
    <ModerationFrame moderationId={moderationId}>{(workspace) => <ActionList workspace={workspace} />}</ModerationFrame>
  );
}

function ActionList({ workspace }: { workspace: ModerationWorkspace }) {
  const { moderation, canEdit } = workspace;
  usePageTitle(`Actions: moderation of plan ${moderation.planRef}`);
  const actions = Object.values(moderation.actions).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const base = `${moderationPath(moderation.id)}/actions`;
  return (
    <>
      <BackToOverview moderationId={moderation.id} />
      <PageHeading caption={`Moderation of plan ${moderation.planRef}`}>Actions</PageHeading>
      <ChangesNotice workspace={workspace} />
      {actions.length === 0 ? (
        <p className="govuk-body">No actions have been set.</p>
      ) : (
        <table className="govuk-table" id="actions">
          <caption className="govuk-table__caption govuk-visually-hidden">Actions</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Action
              </th>
              <th scope="col" className="govuk-table__header">
                Owner
              </th>
              <th scope="col" className="govuk-table__header">
                Due
              </th>
              <th scope="col" className="govuk-table__header">
                Criterion
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              {canEdit ? (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Change</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {actions.map((action) => (
              <tr className="govuk-table__row" key={action.id}>
                <td className="govuk-table__cell">
                  <NoteText text={action.description} className="govuk-body-s govuk-!-margin-0" />
                </td>
                <td className="govuk-table__cell">{action.ownerRole}</td>
                <td className="govuk-table__cell">{formatDate(action.dueDate)}</td>
                <td className="govuk-table__cell">{action.criterionId ?? 'None'}</td>
                <td className="govuk-table__cell">
                  <Tag colour={action.status === 'done' ? 'green' : action.status === 'open' ? 'blue' : 'yellow'}>
                    {ACTION_STATUS_LABELS[action.status]}
                  </Tag>
                </td>
                {canEdit ? (
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`${base}/${action.id}`}>
                      Change<span className="govuk-visually-hidden"> action: {action.description}</span>
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit ? (
        <Link className="govuk-button" to={`${base}/new`}>
          Add an action
        </Link>
      ) : null}
    </>
  );
}

export function ModerationActionFormPage() {
  const { moderationId = '', actionId = 'new' } = useParams();
  return (
    <ModerationFrame moderationId={moderationId}>
      {(workspace) => <ActionForm key={actionId} workspace={workspace} actionId={actionId} />}
    </ModerationFrame>
  );
}

type ActionDraft = { description: string; ownerRole: string; dueDate: string; criterionId: string; status: string };

const FIELD_IDS: Record<string, string> = {
  description: 'action-description',
  ownerRole: 'action-owner',
  dueDate: 'action-due',
  criterionId: 'action-criterion',
  status: 'action-status-open',
};

const MESSAGES: Record<string, string> = {
  description: 'Describe the action',
  ownerRole: 'Say who owns the action, as a role',
  dueDate: 'Enter a due date, for example 2026-06-30',
  criterionId: 'Choose a criterion from the list',
  status: 'Choose the action’s status',
};

function ActionForm({ workspace, actionId }: { workspace: ModerationWorkspace; actionId: string }) {
  const { moderation, framework, canEdit } = workspace;
  const navigate = useNavigate();
  const existing = actionId === 'new' ? undefined : moderation.actions[actionId];
  const [draft, setDraft] = useState<ActionDraft>({
    description: existing?.description ?? '',
    ownerRole: existing?.ownerRole ?? '',
    dueDate: existing?.dueDate ?? '',
    criterionId: existing?.criterionId ?? '',
    status: existing?.status ?? 'open',
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const { problem, report } = useSaveError();
  const title = existing ? 'Change an action' : 'Add an action';
  usePageTitle(`${title}: moderation of plan ${moderation.planRef}`, errors.length > 0);
  const listPath = `${moderationPath(moderation.id)}/actions`;

  if (!canEdit || (actionId !== 'new' && !existing)) {
    return (
      <>
        <BackToOverview moderationId={moderation.id} />
        <PageHeading>{title}</PageHeading>
        <p className="govuk-body">
          {canEdit
            ? 'This action is not on this device.'
            : 'Only the chair can change actions, and not once signed off.'}
        </p>
      </>
    );
  }

  const errorFor = (field: string) => errors.find((e) => e.fieldId === FIELD_IDS[field])?.message;
  const set = (field: keyof ActionDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  const save = () => {
    const id = existing?.id ?? crypto.randomUUID();
    const parsed = ActionSchema.safeParse({
      id,
      description: draft.description,
      ownerRole: draft.ownerRole,
      dueDate: draft.dueDate,
      ...(draft.criterionId ? { criterionId: draft.criterionId } : {}),
      status: draft.status,
    });
    if (!parsed.success) {
      const seen = new Set<string>();
      const found: FieldError[] = [];
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const fieldId = FIELD_IDS[field];
        if (!fieldId || seen.has(field)) continue;
        seen.add(field);
        const tooLong = issue.code === 'too_big';
        found.push({
          fieldId,
          message: tooLong ? `${MESSAGES[field] ?? field}: it is too long` : (MESSAGES[field] ?? issue.message),
        });
      }
      setErrors(found);
      return;
    }
    setErrors([]);
    changeModeration(moderation.id, `actions.${id}`, parsed.data).then(() => navigate(listPath), report);
  };

  const remove = () => {
    if (!existing) return;
    changeModeration(moderation.id, `actions.${existing.id}`, null).then(() => navigate(listPath), report);
  };

  const criteria = framework.sections.flatMap((section) => section.criteria);
  return (
    <>
      <Link className="govuk-back-link" to={listPath}>
        Back to actions
      </Link>
      <ErrorSummary errors={errors} />
      <SaveError problem={problem} />
      <PageHeading caption={`Moderation of plan ${moderation.planRef}`}>{title}</PageHeading>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <TextField id="action-description" label="What must be done" error={errorFor('description')} multiline>
          {[draft.description, set('description')]}
        </TextField>
        <TextField
          id="action-owner"
          label="Who owns it"
          hint="A role, not a person: for example, SEN case officer"
          error={errorFor('ownerRole')}
        >
          {[draft.ownerRole, set('ownerRole')]}
        </TextField>
        <TextField
          id="action-due"
          label="Due date"
          hint="For example, 2026-06-30"
          error={errorFor('dueDate')}
          type="date"
        >
          {[draft.dueDate, set('dueDate')]}
        </TextField>
        <div className={`govuk-form-group${errorFor('criterionId') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="action-criterion">
            Linked criterion (optional)
          </label>
          <select
            className="govuk-select"
            id="action-criterion"
            value={draft.criterionId}
            onChange={(event) => set('criterionId')(event.target.value)}
          >
            <option value="">Not linked to a criterion</option>
            {criteria.map((criterion) => (
              <option key={criterion.id} value={criterion.id}>
                {criterion.id}: {criterion.text.length > 80 ? `${criterion.text.slice(0, 79)}…` : criterion.text}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Status</legend>
            <div className="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
              {ACTION_STATUSES.map((status) => (
                <div className="govuk-radios__item" key={status}>
                  <input
                    className="govuk-radios__input"
                    id={`action-status-${status}`}
                    name="status"
                    type="radio"
                    value={status}
                    checked={draft.status === status}
                    onChange={() => set('status')(status)}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={`action-status-${status}`}>
                    {ACTION_STATUS_LABELS[status]}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button">
            Save action
          </button>
          {existing ? (
            <button type="button" className="govuk-button govuk-button--warning" onClick={remove}>
              Remove action
            </button>
          ) : null}
        </div>
      </form>
    </>
  );
}

function TextField({
  id,
  label,
  hint,
  error,
  type = 'text',
  multiline = false,
  children: [value, onChange],
}: {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  type?: 'text' | 'date';
  multiline?: boolean;
  children: [string, (value: string) => void];
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      {multiline ? (
        <textarea
          className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
          id={id}
          rows={3}
          value={value}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          className={`govuk-input${type === 'date' ? ' govuk-input--width-10' : ''}${error ? ' govuk-input--error' : ''}`}
          id={id}
          type={type}
          value={value}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </div>
  );
}

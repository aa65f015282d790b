// The suggested grade with its reason, and the auditor's choice to keep it or choose another
// grade with a reason. Used for each section and for the overall judgement.
import { useState } from 'react';
import type { GradeOverride } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { gradeLabel } from '#shared/domain/grading.ts';
import { ErrorMessage } from '#web/components/error-summary.tsx';
import { Tag } from '#web/components/tag.tsx';
import { GuardedTextarea, type TextSaveStatus } from '#web/components/guarded-textarea.tsx';

export type GradeChoiceErrors = { choice?: string; grade?: string; reason?: string };

export type GradeChoiceDraft = { choice: 'suggested' | 'other' | null; grade: number | null; reason: string };

export function gradeChoiceIds(prefix: string) {
  return { choice: `${prefix}-choice`, grade: `${prefix}-grade`, reason: `${prefix}-reason` };
}

/** What is missing before a chosen grade can be saved; empty when it is complete. */
export function validateGradeChoice(draft: GradeChoiceDraft, subject: string): GradeChoiceErrors {
  if (draft.choice !== 'other') return {};
  const errors: GradeChoiceErrors = {};
  if (draft.grade === null) errors.grade = `Select the grade you have chosen for ${subject}`;
  if (draft.reason.trim() === '') errors.reason = `Enter why you have chosen a different grade for ${subject}`;
  return errors;
}

export function initialDraft(stored: GradeOverride | null): GradeChoiceDraft {
  return stored
    ? { choice: 'other', grade: stored.grade, reason: stored.reason }
    : { choice: null, grade: null, reason: '' };
}

type Props = {
  idPrefix: string;
  /** "Section F", "the overall judgement": used in questions and messages. */
  subject: string;
  framework: Framework;
  suggested: { grade: number | null; reason: string; isProvisional: boolean };
  stored: GradeOverride | null;
  draft: GradeChoiceDraft;
  onDraftChange: (draft: GradeChoiceDraft) => void;
  onSave: (override: GradeOverride | null) => void;
  onTextStatus: (fieldId: string, status: TextSaveStatus) => void;
  errors: GradeChoiceErrors;
  headingLevel?: 'h2' | 'h3';
};

export function SuggestedGrade({
  framework,
  suggested,
  id,
}: {
  framework: Framework;
  suggested: Props['suggested'];
  id: string;
}) {
  return (
    <div className="app-suggested-grade" id={id} aria-live="polite" aria-atomic="true">
      <p className="govuk-body govuk-!-margin-bottom-1">
        Suggested grade:{' '}
        <strong className="app-suggested-grade__value">{gradeLabel(framework, suggested.grade)}</strong>
        {suggested.grade !== null && suggested.isProvisional ? (
          <>
            {' '}
            <Tag colour="yellow">Provisional</Tag>
          </>
        ) : null}
      </p>
      <p className="govuk-body app-suggested-grade__reason">{suggested.reason}</p>
    </div>
  );
}

export function GradeChoice({
  idPrefix,
  subject,
  framework,
  suggested,
  stored,
  draft,
  onDraftChange,
  onSave,
  onTextStatus,
  errors,
  headingLevel: Heading = 'h2',
}: Props) {
  const ids = gradeChoiceIds(idPrefix);
  const conditionalId = `${idPrefix}-conditional`;
  const [touched, setTouched] = useState(false);
  const choice = draft.choice ?? (stored ? 'other' : touched ? null : 'suggested');

  const update = (next: GradeChoiceDraft) => {
    setTouched(true);
    onDraftChange(next);
    if (next.choice === 'suggested') {
      onSave(null);
    } else if (next.choice === 'other' && next.grade !== null && next.reason.trim() !== '') {
      onSave({ grade: next.grade, reason: next.reason });
    }
  };

  const hasChoiceError = Boolean(errors.choice);
  return (
    <div className="app-grade-choice">
      <Heading className="govuk-heading-m">Grade for {subject}</Heading>
      <SuggestedGrade framework={framework} suggested={suggested} id={`${idPrefix}-suggestion`} />
      <div className={`govuk-form-group${hasChoiceError ? ' govuk-form-group--error' : ''}`}>
        <fieldset className="govuk-fieldset" aria-describedby={hasChoiceError ? `${ids.choice}-error` : undefined}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Which grade should {subject} have?
          </legend>
          {errors.choice ? <ErrorMessage id={`${ids.choice}-error`}>{errors.choice}</ErrorMessage> : null}
          <div className="govuk-radios" data-module="govuk-radios">
            <div className="govuk-radios__item">
              <input
                className="govuk-radios__input"
                id={ids.choice}
                name={ids.choice}
                type="radio"
                value="suggested"
                checked={choice === 'suggested'}
                onChange={() => update({ ...draft, choice: 'suggested' })}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={ids.choice}>
                Use the suggested grade
              </label>
            </div>
            <div className="govuk-radios__item">
              <input
                className="govuk-radios__input"
                id={`${ids.choice}-other`}
                name={ids.choice}
                type="radio"
                value="other"
                checked={choice === 'other'}
                aria-controls={conditionalId}
                onChange={() => update({ ...draft, choice: 'other' })}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={`${ids.choice}-other`}>
                Choose a different grade
              </label>
            </div>
            <div
              className={`govuk-radios__conditional${choice === 'other' ? '' : ' govuk-radios__conditional--hidden'}`}
              id={conditionalId}
            >
              {choice === 'other' ? (
                <>
                  <div className={`govuk-form-group${errors.grade ? ' govuk-form-group--error' : ''}`}>
                    <fieldset
                      className="govuk-fieldset"
                      aria-describedby={errors.grade ? `${ids.grade}-error` : undefined}
                    >
                      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Your grade</legend>
                      {errors.grade ? <ErrorMessage id={`${ids.grade}-error`}>{errors.grade}</ErrorMessage> : null}
                      <div className="govuk-radios govuk-radios--small">
                        {framework.gradeScale.grades.map((grade, index) => {
                          const inputId = index === 0 ? ids.grade : `${ids.grade}-${grade.value}`;
                          return (
                            <div className="govuk-radios__item" key={grade.value}>
                              <input
                                className="govuk-radios__input"
                                id={inputId}
                                name={ids.grade}
                                type="radio"
                                value={grade.value}
                                checked={draft.grade === grade.value}
                                onChange={() => update({ ...draft, choice: 'other', grade: grade.value })}
                              />
                              <label className="govuk-label govuk-radios__label" htmlFor={inputId}>
                                {grade.label}
                              </label>
                            </div>
                          );
                        })}
                      </div>
                    </fieldset>
                  </div>
                  <GuardedTextarea
                    id={ids.reason}
                    label="Why have you chosen a different grade?"
                    hint="This reason is required. Moderators read it."
                    storedValue={stored?.reason ?? ''}
                    errorMessage={errors.reason}
                    onStatusChange={onTextStatus}
                    onTextChange={(reason) => onDraftChange({ ...draft, choice: 'other', reason })}
                    onSave={(reason) => update({ ...draft, choice: 'other', reason })}
                  />
                </>
              ) : null}
            </div>
          </div>
        </fieldset>
      </div>
    </div>
  );
}

// The overall judgement (suggested from the section grades, capped by the overall rules, with its
// reason), the auditor's own grade with a reason, and the concern flag.
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { gradeAudit, gradeLabel } from '#shared/domain/grading.ts';
import type { Audit, GradeOverride } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { saveAuditChange } from '#web/storage/audit-writer.ts';
import { AuditUnavailable } from './audit-states.tsx';
import {
  GradeChoice,
  gradeChoiceIds,
  initialDraft,
  validateGradeChoice,
  type GradeChoiceDraft,
} from './grade-choice.tsx';
import { GuardedTextarea, type TextSaveStatus } from '#web/components/guarded-textarea.tsx';
import { SubmittedNotice } from './read-only-section.tsx';
import { SaveProblem, useSaveProblem } from './save-problem.tsx';
import { auditPath, useAudit } from './use-audit.ts';

export function OverallPage() {
  const { auditId = '' } = useParams();
  const view = useAudit(auditId);
  if (view.status !== 'ready') return <AuditUnavailable view={view} />;
  return <OverallForm key={auditId} audit={view.audit} framework={view.framework} plan={view.plan} />;
}

const SUBJECT = 'the overall judgement';
const PREFIX = 'overall-grade';

function OverallForm({ audit, framework, plan }: { audit: Audit; framework: Framework; plan: Plan | undefined }) {
  const navigate = useNavigate();
  const grading = gradeAudit(framework, audit, plan?.attributes);
  const stored = audit.overallOverride ?? null;
  const [draft, setDraft] = useState<GradeChoiceDraft>(() => initialDraft(stored));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [hasTried, setHasTried] = useState(false);
  const [textStatus, setTextStatus] = useState<Record<string, TextSaveStatus>>({});
  const { problem, report, clear } = useSaveProblem();
  const isSubmitted = audit.status === 'submitted';
  usePageTitle(`Overall judgement – plan ${audit.planRef}`, errors.length > 0);

  const onTextStatus = useCallback((fieldId: string, status: TextSaveStatus) => {
    setTextStatus((current) => (current[fieldId] === status ? current : { ...current, [fieldId]: status }));
  }, []);
  const saveOverride = useCallback(
    (override: GradeOverride | null) => {
      saveAuditChange(audit.id, { kind: 'overallOverride', to: override }).then(clear, report);
    },
    [audit.id, clear, report],
  );
  const concern = audit.concern ?? null;
  // Shown at once; the stored flag follows a moment later.
  const [isConcernRaised, setIsConcernRaised] = useState(concern?.raised ?? false);
  const saveConcern = (raised: boolean, note: string) => {
    setIsConcernRaised(raised);
    const to = !raised && note.trim() === '' ? null : { raised, note };
    saveAuditChange(audit.id, { kind: 'concern', to }).then(clear, report);
  };

  const suggested = { grade: grading.overall.grade, reason: grading.overall.reason, isProvisional: false };

  if (isSubmitted) {
    return (
      <>
        <Link to={auditPath(audit.id)} className="govuk-back-link">
          Back to audit tasks
        </Link>
        <PageHeading caption={`Plan ${audit.planRef}`}>Overall judgement and concerns</PageHeading>
        <SubmittedNotice audit={audit} />
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Overall grade</dt>
            <dd className="govuk-summary-list__value">
              {gradeLabel(framework, grading.overall.finalGrade)}
              {stored ? ` (chosen by you: ${stored.reason})` : ` (suggested: ${grading.overall.reason})`}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Concern</dt>
            <dd className="govuk-summary-list__value">
              {concern?.raised ? `Flagged: ${concern.note}` : 'None flagged'}
            </dd>
          </div>
        </dl>
      </>
    );
  }

  const gradeErrors = hasTried ? validateGradeChoice(draft, SUBJECT) : {};
  return (
    <>
      <Link to={auditPath(audit.id)} className="govuk-back-link">
        Back to audit tasks
      </Link>
      <ErrorSummary errors={errors} />
      <SaveProblem problem={problem} />
      <PageHeading caption={`Plan ${audit.planRef}`}>Overall judgement and concerns</PageHeading>
      <p className="govuk-body">
        The overall judgement is the best fit of the section grades, limited by the framework's rules. Your answers are
        saved on this device as you go.
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setHasTried(true);
          const found: FieldError[] = [];
          const problems = validateGradeChoice(draft, SUBJECT);
          const ids = gradeChoiceIds(PREFIX);
          if (problems.grade) found.push({ fieldId: ids.grade, message: problems.grade });
          if (problems.reason) found.push({ fieldId: ids.reason, message: problems.reason });
          for (const [fieldId, status] of Object.entries(textStatus)) {
            if (status === 'held')
              found.push({
                fieldId,
                message: 'Check the highlighted text: it may hold a personal identifier and has not been saved',
              });
          }
          setErrors(found);
          if (found.length === 0) void navigate(auditPath(audit.id));
        }}
      >
        <GradeChoice
          idPrefix={PREFIX}
          subject={SUBJECT}
          framework={framework}
          suggested={suggested}
          stored={stored}
          draft={draft}
          onDraftChange={setDraft}
          onSave={saveOverride}
          onTextStatus={onTextStatus}
          errors={gradeErrors}
        />
        <h2 className="govuk-heading-m">Concerns</h2>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset" aria-describedby="concern-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              Safeguarding or serious concern
            </legend>
            <div id="concern-hint" className="govuk-hint">
              Flag a concern that must be escalated now, whatever the grade. Follow your safeguarding procedure as well.
            </div>
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="concern-raised"
                  name="concern-raised"
                  type="checkbox"
                  checked={isConcernRaised}
                  aria-controls="concern-conditional"
                  onChange={(event) => saveConcern(event.target.checked, concern?.note ?? '')}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="concern-raised">
                  Flag a concern about this plan
                </label>
              </div>
              <div
                className={`govuk-checkboxes__conditional${isConcernRaised ? '' : ' govuk-checkboxes__conditional--hidden'}`}
                id="concern-conditional"
              >
                {isConcernRaised ? (
                  <GuardedTextarea
                    id="concern-note"
                    label="Describe the concern"
                    storedValue={concern?.note ?? ''}
                    onStatusChange={onTextStatus}
                    onSave={(note) => saveConcern(true, note)}
                  />
                ) : null}
              </div>
            </div>
          </fieldset>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button">
            Continue
          </button>
          <Link className="govuk-link" to={auditPath(audit.id)}>
            Return to audit tasks
          </Link>
        </div>
      </form>
    </>
  );
}

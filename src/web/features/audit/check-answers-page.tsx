// Check your answers, then submit. Every criterion of the framework on one page, each with a
// link back to change it; submitting makes the audit read-only on this device.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { criterionApplies } from '#shared/domain/applicability.ts';
import { assessCompleteness } from '#shared/domain/completeness.ts';
import { gradeAudit, gradeLabel } from '#shared/domain/grading.ts';
import { ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { WarningText } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { submitAudit } from '#web/storage/audit-repository.ts';
import { flushAuditWrites } from '#web/storage/audit-writer.ts';
import { AuditUnavailable } from './audit-states.tsx';
import { SubmittedNotice } from './read-only-section.tsx';
import { SaveProblem, useSaveProblem } from './save-problem.tsx';
import { auditPath, ratingLabel, sectionPath, useAudit } from './use-audit.ts';

export function CheckAnswersPage() {
  const { auditId = '' } = useParams();
  const view = useAudit(auditId);
  const navigate = useNavigate();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const { problem, report } = useSaveProblem();
  usePageTitle(
    view.status === 'ready' ? `Check your answers – plan ${view.audit.planRef}` : 'Check your answers',
    errors.length > 0,
  );
  if (view.status !== 'ready') return <AuditUnavailable view={view} />;
  const { audit, framework, plan } = view;
  const attributes = plan?.attributes;
  const grading = gradeAudit(framework, audit, attributes);
  const completeness = assessCompleteness(framework, audit, attributes);
  const isSubmitted = audit.status === 'submitted';

  const missing: FieldError[] = [
    ...completeness.sections.flatMap((progress) => [
      ...progress.unanswered.map((id) => ({
        fieldId: `answer-${id}`,
        message: `Rate criterion ${id} in ${framework.sections.find((s) => s.id === progress.sectionId)?.title ?? progress.sectionId}`,
      })),
      ...progress.missingMeasures.map((id) => ({
        fieldId: `answer-${id}`,
        message: `Enter the counts for criterion ${id}`,
      })),
    ]),
    ...completeness.missingOverrideReasons.map((id) => ({
      fieldId: id === 'overall' ? 'answer-overall' : `answer-grade-${id}`,
      message: `Give a reason for the grade you chose for ${id === 'overall' ? 'the overall judgement' : `section ${id}`}`,
    })),
  ];

  const change = (to: string, label: string) =>
    isSubmitted ? null : (
      <dd className="govuk-summary-list__actions">
        <Link className="govuk-link" to={to}>
          Change<span className="govuk-visually-hidden"> {label}</span>
        </Link>
      </dd>
    );

  return (
    <>
      <Link to={auditPath(audit.id)} className="govuk-back-link">
        Back to audit tasks
      </Link>
      <ErrorSummary errors={errors} title="You cannot submit this audit yet" />
      <SaveProblem problem={problem} />
      <PageHeading caption={`Plan ${audit.planRef}`}>
        {isSubmitted ? 'Your submitted answers' : 'Check your answers before submitting'}
      </PageHeading>
      {isSubmitted ? <SubmittedNotice audit={audit} /> : null}
      {framework.sections.map((section, index) => {
        const result = grading.sections[index];
        const override = audit.sectionOverrides[section.id];
        return (
          <section key={section.id} aria-labelledby={`check-${section.id}`}>
            <h2 className="govuk-heading-m" id={`check-${section.id}`}>
              {section.title}
            </h2>
            <dl className="govuk-summary-list govuk-!-margin-bottom-9">
              {section.criteria.map((criterion) => {
                const response = audit.responses[criterion.id];
                const applies = criterionApplies(criterion, attributes);
                return (
                  <div
                    className="govuk-summary-list__row"
                    key={criterion.id}
                    id={`answer-${criterion.id}`}
                    tabIndex={-1}
                  >
                    <dt className="govuk-summary-list__key">
                      {criterion.id}. {criterion.text}
                    </dt>
                    <dd className="govuk-summary-list__value">
                      {applies ? ratingLabel(framework, response?.rating) : 'Does not apply to this plan'}
                      {response?.measure ? ` (${response.measure.numerator} of ${response.measure.denominator})` : ''}
                      {response?.comment ? (
                        <span className="app-answer-detail">Comment: {response.comment}</span>
                      ) : null}
                      {response?.evidence ? (
                        <span className="app-answer-detail">Evidence: “{response.evidence}”</span>
                      ) : null}
                    </dd>
                    {applies ? (
                      change(
                        `${sectionPath(audit.id, section.id)}#criterion-${criterion.id}`,
                        `criterion ${criterion.id}`,
                      )
                    ) : isSubmitted ? null : (
                      <dd className="govuk-summary-list__actions" />
                    )}
                  </div>
                );
              })}
              <div className="govuk-summary-list__row" id={`answer-grade-${section.id}`} tabIndex={-1}>
                <dt className="govuk-summary-list__key">Grade for section {section.id}</dt>
                <dd className="govuk-summary-list__value">
                  {gradeLabel(framework, result?.finalGrade ?? null)}
                  <span className="app-answer-detail">
                    {override ? `Your grade. Reason: ${override.reason}` : (result?.reason ?? '')}
                  </span>
                </dd>
                {change(sectionPath(audit.id, section.id), `grade for section ${section.id}`)}
              </div>
            </dl>
          </section>
        );
      })}
      <h2 className="govuk-heading-m">Overall</h2>
      <dl className="govuk-summary-list govuk-!-margin-bottom-9">
        <div className="govuk-summary-list__row" id="answer-overall" tabIndex={-1}>
          <dt className="govuk-summary-list__key">Overall judgement</dt>
          <dd className="govuk-summary-list__value">
            {gradeLabel(framework, grading.overall.finalGrade)}
            <span className="app-answer-detail">
              {audit.overallOverride ? `Your grade. Reason: ${audit.overallOverride.reason}` : grading.overall.reason}
            </span>
          </dd>
          {change(`${auditPath(audit.id)}/overall`, 'overall judgement')}
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Concern</dt>
          <dd className="govuk-summary-list__value">
            {audit.concern?.raised ? `Flagged: ${audit.concern.note || 'no description given'}` : 'None flagged'}
          </dd>
          {change(`${auditPath(audit.id)}/overall`, 'concern')}
        </div>
      </dl>
      {isSubmitted ? null : (
        <>
          <h2 className="govuk-heading-m">Now submit your audit</h2>
          <p className="govuk-body">
            Submitting sends your audit to moderation the next time this device is online. Until then it waits safely on
            this device.
          </p>
          <WarningText>You cannot change your answers after you submit.</WarningText>
          <button
            type="button"
            className="govuk-button"
            disabled={isSubmitting}
            onClick={() => {
              if (missing.length > 0) {
                setErrors(missing);
                return;
              }
              setIsSubmitting(true);
              flushAuditWrites()
                .then(() => submitAudit(audit.id))
                .then(() => navigate(`${auditPath(audit.id)}/submitted`))
                .catch((error: unknown) => {
                  setIsSubmitting(false);
                  report(error);
                });
            }}
          >
            Submit audit
          </button>
        </>
      )}
    </>
  );
}

// An audit as a GOV.UK task list: one task per section with its progress and suggested grade,
// then the overall judgement, then check and submit.
import { Link, useParams } from 'react-router';
import { assessCompleteness, type SectionProgress } from '#shared/domain/completeness.ts';
import { gradeAudit, gradeLabel, type SectionResult } from '#shared/domain/grading.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { describePlan } from '#web/components/plan-labels.ts';
import { Tag } from '#web/components/tag.tsx';
import { AuditUnavailable } from './audit-states.tsx';
import { SubmittedNotice } from './read-only-section.tsx';
import { auditPath, sectionPath, useAudit } from './use-audit.ts';

function statusTag(progress: SectionProgress, isSubmitted: boolean) {
  if (isSubmitted || progress.status === 'completed') return 'Completed';
  if (progress.applicable === 0) return 'Completed';
  if (progress.status === 'in-progress') return <Tag colour="light-blue">In progress</Tag>;
  return <Tag colour="blue">Not started</Tag>;
}

function sectionHint(progress: SectionProgress, result: SectionResult | undefined, gradeText: string): string {
  if (progress.applicable === 0) return 'No criteria apply to this plan.';
  const parts = [`${progress.answered} of ${progress.applicable} criteria answered`];
  if (result && result.finalGrade !== null) {
    parts.push(result.isOverridden ? `your grade: ${gradeText}` : `suggested grade: ${gradeText}`);
  }
  return `${parts.join('; ')}.`;
}

export function TaskListPage() {
  const { auditId = '' } = useParams();
  const view = useAudit(auditId);
  usePageTitle(view.status === 'ready' ? `Audit of plan ${view.audit.planRef}` : 'Audit');
  if (view.status !== 'ready') return <AuditUnavailable view={view} />;
  const { audit, framework, plan, cycle } = view;
  const attributes = plan?.attributes;
  const completeness = assessCompleteness(framework, audit, attributes);
  const grading = gradeAudit(framework, audit, attributes);
  const isSubmitted = audit.status === 'submitted';
  const completedSections = completeness.sections.filter((s) => s.status === 'completed' || s.applicable === 0).length;

  return (
    <>
      <Link to="/" className="govuk-back-link">
        Back to my audits
      </Link>
      <PageHeading caption={cycle?.name ?? 'Audit'}>Audit of plan {audit.planRef}</PageHeading>
      {isSubmitted ? <SubmittedNotice audit={audit} /> : null}
      {plan ? (
        <dl className="govuk-summary-list govuk-summary-list--no-border app-plan-summary">
          {describePlan(plan.attributes).map((row) => (
            <div className="govuk-summary-list__row" key={row.key}>
              <dt className="govuk-summary-list__key">{row.key}</dt>
              <dd className="govuk-summary-list__value">{row.value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="govuk-body">The plan's details have not been downloaded: every criterion is shown as applying.</p>
      )}
      <p className="govuk-body" id="audit-progress">
        <strong>
          You have completed {completedSections} of {framework.sections.length} sections.
        </strong>{' '}
        {completeness.answered} of {completeness.applicable} criteria answered.
      </p>
      <h2 className="govuk-heading-m">Sections</h2>
      <ul className="govuk-task-list" id="section-tasks">
        {framework.sections.map((section, index) => {
          const progress = completeness.sections[index];
          const result = grading.sections[index];
          if (!progress) return null;
          const hint = sectionHint(progress, result, gradeLabel(framework, result?.finalGrade ?? null));
          return (
            <li className="govuk-task-list__item govuk-task-list__item--with-link" key={section.id}>
              <div className="govuk-task-list__name-and-hint">
                <Link
                  className="govuk-link govuk-task-list__link"
                  to={sectionPath(audit.id, section.id)}
                  aria-describedby={`task-${section.id}-hint task-${section.id}-status`}
                >
                  {section.title}
                </Link>
                <div id={`task-${section.id}-hint`} className="govuk-task-list__hint">
                  {hint}
                </div>
              </div>
              <div className="govuk-task-list__status" id={`task-${section.id}-status`}>
                {statusTag(progress, isSubmitted)}
              </div>
            </li>
          );
        })}
      </ul>
      <h2 className="govuk-heading-m">Judgement and submission</h2>
      <ul className="govuk-task-list">
        <li className="govuk-task-list__item govuk-task-list__item--with-link">
          <div className="govuk-task-list__name-and-hint">
            <Link
              className="govuk-link govuk-task-list__link"
              to={`${auditPath(audit.id)}/overall`}
              aria-describedby="task-overall-hint task-overall-status"
            >
              Overall judgement and concerns
            </Link>
            <div id="task-overall-hint" className="govuk-task-list__hint">
              {grading.overall.isOverridden ? 'Your grade' : 'Suggested'}:{' '}
              {gradeLabel(framework, grading.overall.finalGrade)}
              {audit.concern?.raised ? '. A concern is flagged.' : '.'}
            </div>
          </div>
          <div className="govuk-task-list__status" id="task-overall-status">
            {isSubmitted || completeness.isComplete ? 'Completed' : <Tag colour="light-blue">In progress</Tag>}
          </div>
        </li>
        <li
          className={`govuk-task-list__item${completeness.isComplete || isSubmitted ? ' govuk-task-list__item--with-link' : ''}`}
        >
          <div className="govuk-task-list__name-and-hint">
            {completeness.isComplete || isSubmitted ? (
              <Link
                className="govuk-link govuk-task-list__link"
                to={`${auditPath(audit.id)}/check`}
                aria-describedby="task-check-status"
              >
                Check and submit the audit
              </Link>
            ) : (
              <div>Check and submit the audit</div>
            )}
          </div>
          <div
            className={`govuk-task-list__status${completeness.isComplete || isSubmitted ? '' : ' govuk-task-list__status--cannot-start-yet'}`}
            id="task-check-status"
          >
            {isSubmitted ? (
              'Submitted'
            ) : completeness.isComplete ? (
              <Tag colour="blue">Not started</Tag>
            ) : (
              'Cannot start yet'
            )}
          </div>
        </li>
      </ul>
    </>
  );
}

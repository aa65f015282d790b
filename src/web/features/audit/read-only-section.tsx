// A section of a submitted audit: the answers as they were submitted, nothing editable.
import { Link } from 'react-router';
import { criterionApplies } from '#shared/domain/applicability.ts';
import { gradeAudit, gradeLabel } from '#shared/domain/grading.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Framework, Section } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { auditPath, ratingLabel } from './use-audit.ts';

export function SubmittedNotice({ audit }: { audit: Audit }) {
  return (
    <div className="govuk-inset-text" id="submitted-notice">
      This audit was submitted
      {audit.submittedAt
        ? ` on ${new Date(audit.submittedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`
        : ''}
      . It is read-only.
    </div>
  );
}

export function ReadOnlySection({
  audit,
  framework,
  section,
  plan,
}: {
  audit: Audit;
  framework: Framework;
  section: Section;
  plan: Plan | undefined;
}) {
  usePageTitle(`${section.title} – plan ${audit.planRef}`);
  const result = gradeAudit(framework, audit, plan?.attributes).sections.find((s) => s.sectionId === section.id);
  const override = audit.sectionOverrides[section.id];
  return (
    <>
      <Link to={auditPath(audit.id)} className="govuk-back-link">
        Back to audit tasks
      </Link>
      <PageHeading caption={`Plan ${audit.planRef}`}>{section.title}</PageHeading>
      <SubmittedNotice audit={audit} />
      <dl className="govuk-summary-list">
        {section.criteria.map((criterion) => {
          const response = audit.responses[criterion.id];
          const applies = criterionApplies(criterion, plan?.attributes);
          return (
            <div className="govuk-summary-list__row" key={criterion.id} id={`criterion-${criterion.id}`}>
              <dt className="govuk-summary-list__key">
                {criterion.id} {criterion.text}
              </dt>
              <dd className="govuk-summary-list__value">
                <p className="govuk-body govuk-!-margin-bottom-1">
                  {applies ? ratingLabel(framework, response?.rating) : 'Does not apply to this plan'}
                </p>
                {response?.comment ? (
                  <p className="govuk-body govuk-!-margin-bottom-1">Comment: {response.comment}</p>
                ) : null}
                {response?.evidence ? (
                  <p className="govuk-body govuk-!-margin-bottom-1">Evidence: “{response.evidence}”</p>
                ) : null}
                {response?.measure ? (
                  <p className="govuk-body govuk-!-margin-bottom-1">
                    {response.measure.numerator} of {response.measure.denominator}
                  </p>
                ) : null}
              </dd>
            </div>
          );
        })}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Section grade</dt>
          <dd className="govuk-summary-list__value">
            {gradeLabel(framework, result?.finalGrade ?? null)}
            {override ? ` (chosen by you: ${override.reason})` : ' (suggested)'}
          </dd>
        </div>
      </dl>
    </>
  );
}

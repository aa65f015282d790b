// /moderation/:moderationId/sections/:sectionId: each auditor's ratings, comments and evidence
// side by side for every criterion of a section, their grades, and the panel's agreed grade and
// rationale. "overall" is the overall judgement, with the plan's strengths and areas for development.
// A parent-carer representative reads the same (pseudonymised) and adds the family's perspective.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { criterionApplies } from '#shared/domain/applicability.ts';
import { gradeLabel } from '#shared/domain/grading.ts';
import type { Section } from '#shared/schemas/framework.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { changeModeration } from '#web/storage/moderation-repository.ts';
import { moderationPath, ratingText, sectionGrade, sectionTitle } from './moderation-model.ts';
import {
  BackToOverview,
  ChangesNotice,
  ModerationFrame,
  NoteField,
  NoteText,
  SaveError,
  useSaveError,
} from './moderation-parts.tsx';
import type { ModerationWorkspace } from './use-moderation.ts';
import { TableHead } from '#web/components/table-head.tsx';

export function ModerationSectionPage() {
  const { moderationId = '', sectionId = '' } = useParams();
  return (
    <ModerationFrame moderationId={moderationId}>
      {(workspace) => <SectionScreen key={sectionId} workspace={workspace} sectionId={sectionId} />}
    </ModerationFrame>
  );
}

function SectionScreen({ workspace, sectionId }: { workspace: ModerationWorkspace; sectionId: string }) {
  const { moderation, framework, columns, disagreements, canEdit, canAddPerspective } = workspace;
  const isOverall = sectionId === 'overall';
  const section = framework.sections.find((s) => s.id === sectionId);
  const title = sectionTitle(framework, sectionId);
  usePageTitle(`${title}: moderation of plan ${moderation.planRef}`);
  const { problem, report } = useSaveError();
  if (!isOverall && !section) {
    return (
      <>
        <BackToOverview moderationId={moderation.id} />
        <PageHeading>Section not found</PageHeading>
        <p className="govuk-body">The framework this moderation uses has no section “{sectionId}”.</p>
      </>
    );
  }
  const agreed = isOverall ? moderation.overall : moderation.sections[sectionId];
  const disagreement = disagreements.find((d) => d.sectionId === sectionId);
  const prefix = isOverall ? 'overall' : `sections.${sectionId}`;
  const order = [...framework.sections.map((s) => s.id), 'overall'];
  const next = order[order.indexOf(sectionId) + 1];

  return (
    <>
      <BackToOverview moderationId={moderation.id} />
      <PageHeading caption={`Moderation of plan ${moderation.planRef}`}>{title}</PageHeading>
      <SaveError problem={problem} />
      <ChangesNotice workspace={workspace} />

      <table className="govuk-table" id="section-grades">
        <caption className="govuk-table__caption govuk-table__caption--m">Auditors’ grades</caption>
        <TableHead columns={['Auditor', 'Grade', 'Why']} />
        <tbody className="govuk-table__body">
          {columns.map((column) => {
            const result = isOverall
              ? column.grading.overall
              : column.grading.sections.find((s) => s.sectionId === sectionId);
            const override = isOverall ? column.audit.overallOverride : column.audit.sectionOverrides[sectionId];
            return (
              <tr className="govuk-table__row" key={column.audit.id}>
                <th scope="row" className="govuk-table__header">
                  {column.label}
                </th>
                <td className="govuk-table__cell">{gradeLabel(framework, sectionGrade(column, sectionId))}</td>
                <td className="govuk-table__cell">
                  {result?.reason}
                  {override ? (
                    <>
                      <span className="govuk-body-s govuk-!-display-block">Auditor’s reason for their grade:</span>
                      <NoteText text={override.reason} className="govuk-body-s" />
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {disagreement?.isDisagreement ? (
        <p className="govuk-body">
          <Tag colour="red">Disagree</Tag> {disagreement.reason}
        </p>
      ) : null}

      {section ? <CriteriaComparison workspace={workspace} section={section} /> : null}

      <h2 className="govuk-heading-m">The panel’s decision</h2>
      {canEdit ? (
        <AgreedGradeChoice
          workspace={workspace}
          path={`${prefix}.agreedGrade`}
          value={agreed?.agreedGrade ?? null}
          legend={isOverall ? 'Agreed overall grade' : 'Agreed grade for this section'}
          onError={report}
        />
      ) : (
        <dl className="govuk-summary-list" id="agreed-decision">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Agreed grade</dt>
            <dd className="govuk-summary-list__value">
              {agreed?.agreedGrade === null || agreed?.agreedGrade === undefined
                ? 'Not agreed yet'
                : gradeLabel(framework, agreed.agreedGrade)}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Rationale</dt>
            <dd className="govuk-summary-list__value">
              {agreed?.rationale ? (
                <NoteText text={agreed.rationale} className="govuk-body govuk-!-margin-0" />
              ) : (
                'None yet'
              )}
            </dd>
          </div>
        </dl>
      )}
      {canEdit ? (
        <NoteField
          moderationId={moderation.id}
          path={`${prefix}.rationale`}
          label="Rationale"
          hint="Why the panel agreed this grade. Do not include the child’s name or other details that identify them."
          value={agreed?.rationale ?? ''}
          onError={report}
        />
      ) : null}

      {isOverall ? <OverallSummary workspace={workspace} onError={report} /> : null}

      <h2 className="govuk-heading-m">The family’s perspective</h2>
      {canAddPerspective ? (
        <NoteField
          moderationId={moderation.id}
          path={`${prefix}.parentPerspective`}
          label={`Your perspective on ${isOverall ? 'the plan as a whole' : title}`}
          hint="What a family would make of this part of the plan. It is saved on your device and shared with the panel."
          value={agreed?.parentPerspective ?? ''}
          rows={5}
          onError={report}
        />
      ) : agreed?.parentPerspective ? (
        <div className="govuk-inset-text" id="parent-perspective">
          <NoteText text={agreed.parentPerspective} className="govuk-body govuk-!-margin-0" />
        </div>
      ) : (
        <p className="govuk-body">The parent carer representative has not added a perspective on this yet.</p>
      )}

      <div className="govuk-button-group">
        {next ? (
          <Link className="govuk-button" to={`${moderationPath(moderation.id)}/sections/${next}`}>
            Next: {sectionTitle(framework, next)}
          </Link>
        ) : null}
        <Link className="govuk-link" to={moderationPath(moderation.id)}>
          Back to the overview
        </Link>
      </div>
    </>
  );
}

function CriteriaComparison({ workspace, section }: { workspace: ModerationWorkspace; section: Section }) {
  const { framework, plan, columns } = workspace;
  return (
    <>
      <h2 className="govuk-heading-m">Criteria</h2>
      {section.criteria.map((criterion) => {
        const applies = criterionApplies(criterion, plan?.attributes);
        return (
          <div className="govuk-!-margin-bottom-6" key={criterion.id} id={`moderation-criterion-${criterion.id}`}>
            <h3 className="govuk-heading-s">
              {criterion.id}: {criterion.text}
              {criterion.statutory ? <span className="govuk-body-s"> (statutory)</span> : null}
            </h3>
            {!applies ? (
              <p className="govuk-body">
                Does not apply to this plan{criterion.applicability ? ` (${criterion.applicability.label})` : ''}.
              </p>
            ) : (
              <table className="govuk-table govuk-!-margin-bottom-2">
                <caption className="govuk-table__caption govuk-visually-hidden">
                  Auditors’ answers for criterion {criterion.id}
                </caption>
                <TableHead columns={['Auditor', 'Rating', 'Comment and evidence']} />
                <tbody className="govuk-table__body">
                  {columns.map((column) => {
                    const response = column.audit.responses[criterion.id];
                    return (
                      <tr className="govuk-table__row" key={column.audit.id}>
                        <th scope="row" className="govuk-table__header">
                          {column.label}
                        </th>
                        <td className="govuk-table__cell">
                          {ratingText(framework, response?.rating)}
                          {response?.measure
                            ? ` (${response.measure.numerator ?? '?'} of ${response.measure.denominator ?? '?'})`
                            : ''}
                        </td>
                        <td className="govuk-table__cell">
                          <NoteText text={response?.comment} className="govuk-body-s" />
                          {response?.evidence ? (
                            <NoteText text={response.evidence} className="govuk-body-s govuk-!-font-weight-bold" />
                          ) : null}
                          {!response?.comment && !response?.evidence ? 'None' : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </>
  );
}

function AgreedGradeChoice({
  workspace,
  path,
  value,
  legend,
  onError,
}: {
  workspace: ModerationWorkspace;
  path: string;
  value: number | null;
  legend: string;
  onError: (error: unknown) => void;
}) {
  const { framework, moderation } = workspace;
  const name = path.replace(/\./g, '-');
  // The choice shows at once; the stored value takes over once the write lands (or a pull changes it).
  const [chosen, setChosen] = useState<number | null>(null);
  if (chosen !== null && chosen === value) setChosen(null);
  const shown = chosen ?? value;
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
          {framework.gradeScale.grades.map((grade) => {
            const id = `${name}-${grade.value}`;
            return (
              <div className="govuk-radios__item" key={grade.value}>
                <input
                  className="govuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={grade.value}
                  checked={shown === grade.value}
                  onChange={() => {
                    setChosen(grade.value);
                    changeModeration(moderation.id, path, grade.value).catch((error: unknown) => {
                      setChosen(null);
                      onError(error);
                    });
                  }}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {grade.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function OverallSummary({ workspace, onError }: { workspace: ModerationWorkspace; onError: (error: unknown) => void }) {
  const { moderation, canEdit } = workspace;
  if (canEdit) {
    return (
      <>
        <NoteField
          moderationId={moderation.id}
          path="strengths"
          label="Strengths of the plan"
          value={moderation.strengths}
          rows={5}
          onError={onError}
        />
        <NoteField
          moderationId={moderation.id}
          path="areasForDevelopment"
          label="Areas for development"
          value={moderation.areasForDevelopment}
          rows={5}
          onError={onError}
        />
      </>
    );
  }
  return (
    <dl className="govuk-summary-list" id="overall-summary">
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Strengths of the plan</dt>
        <dd className="govuk-summary-list__value">
          {moderation.strengths ? (
            <NoteText text={moderation.strengths} className="govuk-body govuk-!-margin-0" />
          ) : (
            'None recorded'
          )}
        </dd>
      </div>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Areas for development</dt>
        <dd className="govuk-summary-list__value">
          {moderation.areasForDevelopment ? (
            <NoteText text={moderation.areasForDevelopment} className="govuk-body govuk-!-margin-0" />
          ) : (
            'None recorded'
          )}
        </dd>
      </div>
    </dl>
  );
}

// A section of the framework as an auditor will see it: the same criterion fields, rating labels,
// guidance and applicability marks as the scoring screen, for a sample plan the author chooses,
// with the suggested grade as ratings are tried. Nothing entered here is saved.
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { checkFrameworkData } from '#shared/domain/framework-check.ts';
import { criterionApplies } from '#shared/domain/applicability.ts';
import { gradeLabel, suggestSectionGrade } from '#shared/domain/grading.ts';
import type { CriterionResponse } from '#shared/schemas/audit.ts';
import type { RatingOption } from '#shared/schemas/framework.ts';
import { keyStageForYear, SETTING_TYPES, type PlanAttributes } from '#shared/schemas/plan.ts';
import {
  CriterionFields,
  ratingOptionsFor,
  SectionIntro,
  type ResponseChange,
} from '#web/components/criterion-fields.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { describeYearGroup } from '#web/components/plan-labels.ts';
import { frameworkPath } from './editor-model.ts';
import { useEditor } from './editor-state.tsx';
import { EditorMissing } from './editor-pages.tsx';

const YEAR_GROUPS = Array.from({ length: 17 }, (_, i) => i - 2);

export function PreviewPage() {
  const { index = '' } = useParams();
  const editor = useEditor();
  const checked = useMemo(() => checkFrameworkData('preview', editor.doc), [editor.doc]);
  const s = Number(index);
  const base = frameworkPath(editor.id, editor.version);
  const [yearGroup, setYearGroup] = useState(5);
  const [settingType, setSettingType] = useState<PlanAttributes['settingType']>('mainstream');
  const [lookedAfter, setLookedAfter] = useState(false);
  const [responses, setResponses] = useState<Record<string, CriterionResponse | null>>({});
  const onChange = useCallback<ResponseChange>((criterionId, update) => {
    setResponses((current) => ({ ...current, [criterionId]: update(current[criterionId] ?? null) }));
  }, []);
  const onTextStatus = useCallback(() => undefined, []);
  const section = checked.ok && /^\d+$/.test(index) ? checked.framework.sections[s] : undefined;
  usePageTitle(`Preview: ${section?.title ?? 'section'}`);
  // The same options object per criterion from one render to the next, so CriterionFields stays memoised.
  const optionsByCriterion = useMemo(
    () =>
      checked.ok
        ? new Map(section?.criteria.map((c) => [c.id, ratingOptionsFor(checked.framework, c.allowedRatings)]))
        : new Map<string, RatingOption[]>(),
    [checked, section],
  );

  if (!checked.ok) {
    return (
      <>
        <Link to={base} className="govuk-back-link">
          Back to the framework
        </Link>
        <PageHeading>Preview not available</PageHeading>
        <p className="govuk-body">
          The draft has {checked.problems.length === 1 ? 'a problem' : `${String(checked.problems.length)} problems`}.
          Fix {checked.problems.length === 1 ? 'it' : 'them'} to preview the framework as an auditor will see it.
        </p>
        <Link className="govuk-link" to={base}>
          Go to the framework
        </Link>
      </>
    );
  }
  if (!section) return <EditorMissing />;
  const framework = checked.framework;
  const plan: PlanAttributes = {
    keyStage: keyStageForYear(yearGroup),
    yearGroup,
    primaryNeed: 'ASD',
    settingType,
    planType: 'annual-review',
    lookedAfter,
  };
  const planDescription = [describeYearGroup(yearGroup), lookedAfter ? 'looked after' : null, 'annual review']
    .filter(Boolean)
    .join(', ');
  const suggestion = suggestSectionGrade(
    framework,
    section,
    responses as Record<string, CriterionResponse | undefined>,
    plan,
  );
  const applicable = section.criteria.filter((c) => criterionApplies(c, plan));
  const answered = applicable.filter((c) => responses[c.id]?.rating !== undefined).length;
  const previous = s > 0 ? `${base}/preview/${String(s - 1)}` : null;
  const next = s < framework.sections.length - 1 ? `${base}/preview/${String(s + 1)}` : null;

  return (
    <>
      <Link to={base} className="govuk-back-link">
        Back to the framework
      </Link>
      <NotificationBanner id="preview-banner" title="Preview">
        <p className="govuk-body">
          This is {framework.title}, version {framework.version}, as an auditor will see it. Nothing you enter here is
          saved.
        </p>
        <details className="govuk-details govuk-!-margin-bottom-0">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Change the sample plan</span>
          </summary>
          <div className="govuk-details__text">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="preview-year">
                Year group
              </label>
              <select
                className="govuk-select"
                id="preview-year"
                value={yearGroup}
                onChange={(event) => setYearGroup(Number(event.target.value))}
              >
                {YEAR_GROUPS.map((year) => (
                  <option key={year} value={year}>
                    {describeYearGroup(year)}
                  </option>
                ))}
              </select>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="preview-setting">
                Setting
              </label>
              <select
                className="govuk-select"
                id="preview-setting"
                value={settingType}
                onChange={(event) => setSettingType(event.target.value as PlanAttributes['settingType'])}
              >
                {SETTING_TYPES.map((setting) => (
                  <option key={setting} value={setting}>
                    {setting}
                  </option>
                ))}
              </select>
            </div>
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="preview-looked-after"
                  type="checkbox"
                  checked={lookedAfter}
                  onChange={(event) => setLookedAfter(event.target.checked)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="preview-looked-after">
                  Looked after
                </label>
              </div>
            </div>
          </div>
        </details>
      </NotificationBanner>
      <PageHeading caption="Plan PLN-PREVIEW">{section.title}</PageHeading>
      <SectionIntro
        description={section.description}
        answered={answered}
        applicable={applicable.length}
        options={framework.ratingOptions}
      />
      {section.criteria.map((criterion) => (
        <CriterionFields
          key={criterion.id}
          criterion={criterion}
          response={responses[criterion.id] ?? null}
          options={optionsByCriterion.get(criterion.id) ?? framework.ratingOptions}
          isApplicable={criterionApplies(criterion, plan)}
          planDescription={planDescription}
          onChange={onChange}
          onTextStatus={onTextStatus}
        />
      ))}
      <div className="govuk-inset-text" id="preview-suggestion" aria-live="polite">
        Suggested grade for this section: <strong>{gradeLabel(framework, suggestion.grade)}</strong>
        {suggestion.isProvisional && suggestion.grade !== null ? ' (provisional)' : ''}. {suggestion.reason}
      </div>
      <nav className="govuk-pagination" aria-label="Sections">
        {previous ? (
          <div className="govuk-pagination__prev">
            <Link className="govuk-link govuk-pagination__link" to={previous} rel="prev">
              <span className="govuk-pagination__link-title">Previous section</span>
            </Link>
          </div>
        ) : null}
        {next ? (
          <div className="govuk-pagination__next">
            <Link className="govuk-link govuk-pagination__link" to={next} rel="next">
              <span className="govuk-pagination__link-title">Next section</span>
            </Link>
          </div>
        ) : null}
      </nav>
    </>
  );
}

// Scoring one section: every criterion with its rating, comment and evidence, the live suggested
// grade with its reason, and the auditor's own grade with a reason. Each change is saved to the
// device at once; "Continue" only checks the grade choice and returns to the task list.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { criterionApplies } from '#shared/domain/applicability.ts';
import { suggestSectionGrade } from '#shared/domain/grading.ts';
import type { Audit, CriterionResponse, GradeOverride } from '#shared/schemas/audit.ts';
import type { Framework, Section } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { ErrorSummary, focusField, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { describeYearGroup } from '#web/components/plan-labels.ts';
import { prepareAuditWriter, saveAuditChange } from '#web/storage/audit-writer.ts';
import { sameValue } from '#web/storage/audit-changes.ts';
import { AuditUnavailable } from './audit-states.tsx';
import {
  CriterionFields,
  ratingFieldId,
  ratingOptionsFor,
  SectionIntro,
  type ResponseChange,
} from '#web/components/criterion-fields.tsx';
import {
  GradeChoice,
  gradeChoiceIds,
  initialDraft,
  validateGradeChoice,
  type GradeChoiceDraft,
} from './grade-choice.tsx';
import type { TextSaveStatus } from '#web/components/guarded-textarea.tsx';
import { ReadOnlySection } from './read-only-section.tsx';
import { SaveProblem, useSaveProblem } from './save-problem.tsx';
import { auditPath, useAudit } from './use-audit.ts';

export function SectionPage() {
  const { auditId = '', sectionId = '' } = useParams();
  const view = useAudit(auditId);
  if (view.status !== 'ready') return <AuditUnavailable view={view} />;
  const section = view.framework.sections.find((s) => s.id === sectionId);
  if (!section) return <AuditUnavailable view={{ status: 'missing' }} />;
  if (view.audit.status === 'submitted') {
    return <ReadOnlySection audit={view.audit} framework={view.framework} section={section} plan={view.plan} />;
  }
  return (
    <SectionForm
      key={`${auditId}-${sectionId}`}
      audit={view.audit}
      framework={view.framework}
      section={section}
      plan={view.plan}
    />
  );
}

function describePlanForApplicability(plan: Plan | undefined): string {
  if (!plan) return 'attributes not known';
  const a = plan.attributes;
  return [describeYearGroup(a.yearGroup), a.lookedAfter ? 'looked after' : null, a.planType.replace('-', ' ')]
    .filter(Boolean)
    .join(', ');
}

type Overlay = Record<string, CriterionResponse | null>;

function SectionForm({
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
  const navigate = useNavigate();
  const location = useLocation();
  const [overlay, setOverlay] = useState<Overlay>({});
  const overlayRef = useRef<Overlay>({});
  const storedRef = useRef(audit.responses);
  const { problem, report, clear } = useSaveProblem();
  const [textStatus, setTextStatus] = useState<Record<string, TextSaveStatus>>({});
  const storedOverride = audit.sectionOverrides[section.id] ?? null;
  const [draft, setDraft] = useState<GradeChoiceDraft>(() => initialDraft(storedOverride));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [hasTriedContinue, setHasTriedContinue] = useState(false);
  const subject = `Section ${section.id}`;
  const idPrefix = `section-${section.id}-grade`;

  useEffect(() => prepareAuditWriter(), []);

  useEffect(() => {
    storedRef.current = audit.responses;
    // Saved answers now match what is on screen: stop overlaying them.
    const settled = Object.keys(overlayRef.current).filter((id) =>
      sameValue(overlayRef.current[id] ?? null, audit.responses[id] ?? null),
    );
    if (settled.length > 0) {
      const next = { ...overlayRef.current };
      for (const id of settled) delete next[id];
      overlayRef.current = next;
      setOverlay(next);
    }
  }, [audit.responses]);

  // Arriving from "Change" on the check-your-answers page: go straight to that criterion.
  useEffect(() => {
    const target = location.hash.replace(/^#criterion-/, '');
    if (target && target !== location.hash) focusField(ratingFieldId(target));
  }, [location.hash]);

  const responses = useMemo(() => ({ ...audit.responses, ...overlay }), [audit.responses, overlay]);
  const suggestion = useMemo(
    () =>
      suggestSectionGrade(
        framework,
        section,
        responses as Record<string, CriterionResponse | undefined>,
        plan?.attributes,
      ),
    [framework, section, responses, plan],
  );

  const auditId = audit.id;
  const onChange = useCallback<ResponseChange>(
    (criterionId, update, startedAt) => {
      const current =
        criterionId in overlayRef.current
          ? (overlayRef.current[criterionId] ?? null)
          : (storedRef.current[criterionId] ?? null);
      const next = update(current);
      overlayRef.current = { ...overlayRef.current, [criterionId]: next };
      setOverlay(overlayRef.current);
      saveAuditChange(auditId, { kind: 'response', criterionId, to: next })
        .then((committedAt) => {
          clear();
          if (startedAt !== undefined && typeof performance.measure === 'function') {
            // Read by the benchmark: from the click to the change being committed in IndexedDB.
            performance.measure('audit-save', { start: startedAt, end: Math.max(startedAt, committedAt) });
          }
        })
        .catch(report);
    },
    [auditId, clear, report],
  );

  const onTextStatus = useCallback((fieldId: string, status: TextSaveStatus) => {
    setTextStatus((current) => (current[fieldId] === status ? current : { ...current, [fieldId]: status }));
  }, []);

  const saveOverride = useCallback(
    (override: GradeOverride | null) => {
      saveAuditChange(auditId, { kind: 'sectionOverride', sectionId: section.id, to: override }).then(clear, report);
    },
    [auditId, section.id, clear, report],
  );

  const collectErrors = (): FieldError[] => {
    const found: FieldError[] = [];
    for (const [fieldId, status] of Object.entries(textStatus)) {
      if (status === 'held') {
        found.push({
          fieldId,
          message: `Check the text in ${describeField(fieldId)}: it may hold a personal identifier and has not been saved`,
        });
      } else if (status === 'too-long') {
        found.push({ fieldId, message: `Shorten the text in ${describeField(fieldId)} to 4,000 characters or fewer` });
      }
    }
    const gradeErrors = validateGradeChoice(draft, subject);
    const ids = gradeChoiceIds(idPrefix);
    if (gradeErrors.grade) found.push({ fieldId: ids.grade, message: gradeErrors.grade });
    if (gradeErrors.reason) found.push({ fieldId: ids.reason, message: gradeErrors.reason });
    return found;
  };

  const gradeErrors = hasTriedContinue ? validateGradeChoice(draft, subject) : {};
  usePageTitle(`${section.title} – plan ${audit.planRef}`, errors.length > 0);

  const planDescription = describePlanForApplicability(plan);
  // Stable per criterion, so a rating click re-renders only the criterion it changed.
  const optionsById = useMemo(
    () => new Map(section.criteria.map((c) => [c.id, ratingOptionsFor(framework, c.allowedRatings)])),
    [framework, section],
  );
  const answered = section.criteria.filter(
    (c) => criterionApplies(c, plan?.attributes) && responses[c.id]?.rating !== undefined,
  ).length;
  const applicable = section.criteria.filter((c) => criterionApplies(c, plan?.attributes)).length;

  return (
    <>
      <Link to={auditPath(audit.id)} className="govuk-back-link">
        Back to audit tasks
      </Link>
      <ErrorSummary errors={errors} />
      <SaveProblem problem={problem} />
      <PageHeading caption={`Plan ${audit.planRef}`}>{section.title}</PageHeading>
      <SectionIntro
        description={section.description}
        answered={answered}
        applicable={applicable}
        options={framework.ratingOptions}
      />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setHasTriedContinue(true);
          const found = collectErrors();
          setErrors(found);
          if (found.length === 0) void navigate(auditPath(audit.id));
        }}
      >
        {section.criteria.map((criterion) => {
          const isApplicable = criterionApplies(criterion, plan?.attributes);
          return (
            <CriterionFields
              key={criterion.id}
              criterion={criterion}
              response={responses[criterion.id] ?? null}
              options={optionsById.get(criterion.id) ?? framework.ratingOptions}
              isApplicable={isApplicable}
              planDescription={planDescription}
              onChange={onChange}
              onTextStatus={onTextStatus}
            />
          );
        })}
        <GradeChoice
          idPrefix={idPrefix}
          subject={subject}
          framework={framework}
          suggested={suggestion}
          stored={storedOverride}
          draft={draft}
          onDraftChange={setDraft}
          onSave={saveOverride}
          onTextStatus={onTextStatus}
          errors={gradeErrors}
        />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" data-module="govuk-button">
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

function describeField(fieldId: string): string {
  const [criterionId, kind] = [fieldId.replace(/-(comment|evidence|reason)$/, ''), fieldId.split('-').at(-1)];
  if (kind === 'comment') return `the comment on ${criterionId}`;
  if (kind === 'evidence') return `the evidence quote for ${criterionId}`;
  return 'the reason for your grade';
}

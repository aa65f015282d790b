// The defaults a new framework draft starts from (domain.md: Ofsted's four points, the six ratings,
// statutory criteria limiting their section), for the QA lead to finish in the editor.
import type { Framework } from '#shared/schemas/framework.ts';

/** domain.md's defaults: Ofsted's four points, with the share of the criterion score each needs. */
export const DEFAULT_GRADE_SCALE: Framework['gradeScale'] = {
  grades: [
    { value: 4, label: 'Outstanding', descriptor: 'Exemplary in every respect that matters.', minScore: 0.9 },
    { value: 3, label: 'Good', descriptor: 'Meets the requirements well, with minor gaps.', minScore: 0.7 },
    { value: 2, label: 'Requires improvement', descriptor: 'Gaps that must be put right.', minScore: 0.45 },
    { value: 1, label: 'Inadequate', descriptor: 'Fails statutory requirements or the child.', minScore: 0 },
  ],
  goodOrBetterFrom: 3,
};

export const DEFAULT_RATING_OPTIONS: Framework['ratingOptions'] = [
  { meaning: 'met', label: 'Met' },
  { meaning: 'partly-met', label: 'Partly met' },
  { meaning: 'not-met', label: 'Not met' },
  { meaning: 'na-stated', label: 'N/A – stated in the plan' },
  { meaning: 'na-not-relevant', label: 'N/A – not relevant' },
  { meaning: 'cannot-judge', label: 'Cannot judge' },
];

/** A statutory criterion Not met caps its section at Inadequate; Partly met at Requires improvement. */
export const DEFAULT_LIMITING_RULES: Framework['limitingRules'] = [
  { id: 'statutory-not-met', appliesTo: { statutory: true }, ratings: ['not-met'], capAt: 1 },
  { id: 'statutory-partly-met', appliesTo: { statutory: true }, ratings: ['partly-met'], capAt: 2 },
];

/** A draft with domain.md's defaults, for the QA lead to finish in the editor. */
export function draftFrameworkShell(id: string, title: string): Omit<Framework, 'sections'> {
  return {
    id,
    status: 'draft',
    title,
    kind: 'plan-audit',
    gradeScale: DEFAULT_GRADE_SCALE,
    ratingOptions: DEFAULT_RATING_OPTIONS,
    grading: { cannotJudgeLimit: 0.5 },
    limitingRules: DEFAULT_LIMITING_RULES,
    overall: { method: 'mean', rules: [] },
    moderation: { disagreementSpread: 2, flagStraddle: true },
  };
}

// The audit framework: everything a council configures about how plans are scored.
// Shape is checked by zod; the cross-references (unique ids, rules naming real sections) by
// validateFrameworkReferences, joined in FrameworkSchema so every boundary gets both.
import { z } from 'zod';
import {
  BOOLEAN_PLAN_ATTRIBUTES,
  ENUM_PLAN_ATTRIBUTES,
  NUMERIC_PLAN_ATTRIBUTES,
  type EnumPlanAttribute,
} from './plan.ts';

/** The six answers a criterion can get. Their meanings are fixed; frameworks only relabel them. */
export const RATING_MEANINGS = [
  'met',
  'partly-met',
  'not-met',
  'na-stated',
  'na-not-relevant',
  'cannot-judge',
] as const;
export const RatingMeaningSchema = z.enum(RATING_MEANINGS);
export type RatingMeaning = z.infer<typeof RatingMeaningSchema>;

export const AGENCIES = ['education', 'health', 'social-care', 'sendat'] as const;
export const AgencySchema = z.enum(AGENCIES);
export type Agency = z.infer<typeof AgencySchema>;

export const LEAD_AGENCIES = ['education', 'health', 'social-care', 'multi-agency'] as const;
export const LeadAgencySchema = z.enum(LEAD_AGENCIES);

/** How agencies read in screens and reports, written once. */
export const AGENCY_LABELS: Record<(typeof AGENCIES)[number] | (typeof LEAD_AGENCIES)[number], string> = {
  education: 'Education',
  health: 'Health',
  'social-care': 'Social care',
  sendat: 'SEND advisory teacher',
  'multi-agency': 'Multi-agency',
};
export type LeadAgency = z.infer<typeof LeadAgencySchema>;

const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'an id is 1 to 40 letters, digits, dots, dashes or underscores');
const TextSchema = z.string().trim().min(1, 'must not be empty');

export const GradeSchema = z.strictObject({
  value: z.number().int().meta({ description: 'Higher is better. Values must fall in the order listed.' }),
  label: TextSchema.max(60),
  descriptor: TextSchema.max(1000),
  minScore: z.number().min(0).max(1).meta({
    description:
      'Lowest share of the available criterion score (0 to 1) that suggests this grade. The last grade must have 0.',
  }),
});
export type Grade = z.infer<typeof GradeSchema>;

export const GradeScaleSchema = z.strictObject({
  grades: z.array(GradeSchema).min(2, 'a grade scale needs at least two grades').meta({
    description: 'Best grade first.',
  }),
  goodOrBetterFrom: z.number().int().meta({
    description: 'The grade value from which a plan counts as "Good or better" in reports.',
  }),
});
export type GradeScale = z.infer<typeof GradeScaleSchema>;

export const RatingOptionSchema = z.strictObject({
  meaning: RatingMeaningSchema,
  label: TextSchema.max(40),
  hint: z.string().max(300).optional(),
});
export type RatingOption = z.infer<typeof RatingOptionSchema>;

// Applicability: a small condition language over plan attributes, e.g. "Year 9 and above".
export type Condition =
  | { attribute: 'yearGroup'; op: 'gte' | 'lte' | 'eq'; value: number }
  | { attribute: EnumPlanAttribute; op: 'in'; values: string[] }
  | { attribute: 'lookedAfter' | 'personalBudgetRequested'; op: 'is'; value: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const NumericConditionSchema = z.strictObject({
  attribute: z.enum(NUMERIC_PLAN_ATTRIBUTES),
  op: z.enum(['gte', 'lte', 'eq']),
  value: z.number().int(),
});
const EnumConditionSchema = z.strictObject({
  attribute: z.enum(Object.keys(ENUM_PLAN_ATTRIBUTES) as [EnumPlanAttribute, ...EnumPlanAttribute[]]),
  op: z.literal('in'),
  values: z.array(z.string()).min(1),
});
const BooleanConditionSchema = z.strictObject({
  attribute: z.enum(BOOLEAN_PLAN_ATTRIBUTES),
  op: z.literal('is'),
  value: z.boolean(),
});
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    NumericConditionSchema,
    EnumConditionSchema,
    BooleanConditionSchema,
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

export const ApplicabilitySchema = z.strictObject({
  when: ConditionSchema,
  label: TextSchema.max(120).meta({ description: 'Shown to auditors, e.g. "Year 9 and above".' }),
});
export type Applicability = z.infer<typeof ApplicabilitySchema>;

/** A criterion may also record a count pair, e.g. Section F provision lines delivered out of specified. */
export const MeasureSchema = z.strictObject({
  kind: z.literal('ratio'),
  id: IdSchema,
  label: TextSchema.max(120),
  numeratorLabel: TextSchema.max(80),
  denominatorLabel: TextSchema.max(80),
});
export type Measure = z.infer<typeof MeasureSchema>;

export const CriterionSchema = z.strictObject({
  id: IdSchema,
  text: TextSchema.max(500),
  guidance: TextSchema.max(3000).meta({ description: 'What an auditor looks for; shown one click away.' }),
  statutory: z.boolean().meta({ description: 'A statutory (limiting) criterion: limiting rules cap its section.' }),
  leadAgency: LeadAgencySchema.optional(),
  applicability: ApplicabilitySchema.optional(),
  weight: z.number().optional(),
  allowedRatings: z.array(RatingMeaningSchema).min(2).optional(),
  measure: MeasureSchema.optional(),
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const SectionSchema = z.strictObject({
  id: IdSchema,
  title: TextSchema.max(120),
  description: z.string().max(2000).optional(),
  leadAgency: LeadAgencySchema,
  weight: z.number().optional(),
  countsTowardsOverall: z.boolean().optional().meta({
    description:
      'Default true. A compliance gate is graded but left out of the overall mean; use an overall rule instead.',
  }),
  criteria: z.array(CriterionSchema).min(1, 'a section needs at least one criterion'),
});
export type Section = z.infer<typeof SectionSchema>;

export const CriterionSelectorSchema = z.union([
  z.strictObject({ statutory: z.literal(true) }),
  z.strictObject({ criteria: z.array(IdSchema).min(1) }),
  z.strictObject({ sections: z.array(IdSchema).min(1) }),
]);
export type CriterionSelector = z.infer<typeof CriterionSelectorSchema>;

/** Caps a section's suggested grade when a matching criterion gets one of the given ratings. */
export const LimitingRuleSchema = z.strictObject({
  id: IdSchema,
  appliesTo: CriterionSelectorSchema,
  ratings: z.array(RatingMeaningSchema).min(1),
  capAt: z.number().int(),
  description: z.string().max(300).optional(),
});
export type LimitingRule = z.infer<typeof LimitingRuleSchema>;

export const OverallConditionSchema = z.union([
  z.strictObject({ section: IdSchema, gradeAtMost: z.number().int() }),
  z.strictObject({ criterion: IdSchema, ratings: z.array(RatingMeaningSchema).min(1) }),
]);
export type OverallCondition = z.infer<typeof OverallConditionSchema>;

/** Caps the overall judgement when a section is graded low or a key criterion fails. */
export const OverallRuleSchema = z.strictObject({
  id: IdSchema,
  when: OverallConditionSchema,
  capAt: z.number().int(),
  description: z.string().max(300).optional(),
});
export type OverallRule = z.infer<typeof OverallRuleSchema>;

export const OverallSchema = z.strictObject({
  method: z.enum(['mean', 'lowest']).meta({
    description: 'mean: best fit, the (weighted) mean of section grades rounded to the nearest grade, ties downwards.',
  }),
  rules: z.array(OverallRuleSchema),
});

export const GradingSchema = z.strictObject({
  cannotJudgeLimit: z.number().min(0).max(1).meta({
    description: 'If more than this share of a section\'s answered criteria are "Cannot judge", no grade is suggested.',
  }),
});

export const ModerationSettingsSchema = z.strictObject({
  disagreementSpread: z.number().int().min(1).meta({
    description: 'Auditors disagree on a section when their grades differ by at least this many grade steps.',
  }),
  flagStraddle: z.boolean().meta({
    description: 'Also flag a section when auditors fall both sides of the "Good or better" line.',
  }),
});

/**
 * A headline measure the board reads per term (for example "reviews held within 12 months"), fed by
 * criteria named here rather than in code, so a council can change which answers count by editing the file.
 * - criteria: a review meets the measure when every listed criterion that applies is rated one of
 *   `countsAsMet` (default Met); see src/shared/domain/annual-review-measures.ts for missing and N/A answers.
 * - lines: sums a criterion's count pair (its `measure`, e.g. Section F lines delivered of lines specified).
 */
export const HeadlineMeasureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('criteria'),
    id: IdSchema,
    label: TextSchema.max(160),
    criteria: z
      .array(IdSchema)
      .min(1)
      .meta({ description: 'Criterion ids; a review meets the measure on all of them.' }),
    countsAsMet: z
      .array(RatingMeaningSchema)
      .min(1)
      .optional()
      .meta({ description: 'Ratings that count as meeting it. Default ["met"].' }),
  }),
  z.strictObject({
    kind: z.literal('lines'),
    id: IdSchema,
    label: TextSchema.max(160),
    ratio: IdSchema.meta({ description: "The id of a criterion's count-pair measure." }),
  }),
]);
export type HeadlineMeasure = z.infer<typeof HeadlineMeasureSchema>;

export const FRAMEWORK_KINDS = ['plan-audit', 'annual-review'] as const;

const FrameworkShapeSchema = z.strictObject({
  $schema: z.string().optional(),
  id: IdSchema,
  version: z.number().int().min(1).optional().meta({ description: 'Required once published.' }),
  status: z.enum(['draft', 'published']),
  title: TextSchema.max(160),
  kind: z.enum(FRAMEWORK_KINDS),
  description: z.string().max(4000).optional(),
  gradeScale: GradeScaleSchema,
  ratingOptions: z.array(RatingOptionSchema).min(2),
  grading: GradingSchema,
  overall: OverallSchema,
  limitingRules: z.array(LimitingRuleSchema),
  moderation: ModerationSettingsSchema,
  sections: z.array(SectionSchema).min(1, 'a framework needs at least one section'),
  measures: z.array(HeadlineMeasureSchema).optional().meta({
    description: 'Headline measures for the board dashboard and report, each fed by criteria of this framework.',
  }),
});
export type Framework = z.infer<typeof FrameworkShapeSchema>;

type IssueSink = (path: (string | number)[], message: string) => void;

function checkIdsUnique(framework: Framework, report: IssueSink): void {
  const sectionAt = new Map<string, number>();
  const criterionAt = new Map<string, string>();
  framework.sections.forEach((section, s) => {
    const earlier = sectionAt.get(section.id);
    if (earlier === undefined) sectionAt.set(section.id, s);
    else report(['sections', s, 'id'], `duplicate section id "${section.id}" (also sections[${earlier}])`);
    section.criteria.forEach((criterion, c) => {
      const first = criterionAt.get(criterion.id);
      if (first === undefined) criterionAt.set(criterion.id, `sections[${s}].criteria[${c}]`);
      else report(['sections', s, 'criteria', c, 'id'], `duplicate criterion id "${criterion.id}" (also ${first})`);
    });
  });
  const ruleIds = new Set<string>();
  const checkRuleId = (id: string, path: (string | number)[]): void => {
    if (ruleIds.has(id)) report(path, `duplicate rule id "${id}"`);
    ruleIds.add(id);
  };
  framework.limitingRules.forEach((rule, i) => checkRuleId(rule.id, ['limitingRules', i, 'id']));
  framework.overall.rules.forEach((rule, i) => checkRuleId(rule.id, ['overall', 'rules', i, 'id']));
}

function checkScale(framework: Framework, report: IssueSink): Set<number> {
  const { grades, goodOrBetterFrom } = framework.gradeScale;
  const values = new Set<number>();
  grades.forEach((grade, i) => {
    if (values.has(grade.value))
      report(['gradeScale', 'grades', i, 'value'], `grade value ${grade.value} is used twice`);
    values.add(grade.value);
    const previous = grades[i - 1];
    if (previous && grade.value >= previous.value) {
      report(
        ['gradeScale', 'grades', i, 'value'],
        `grades must be listed best first with falling values, but ${grade.value} follows ${previous.value}`,
      );
    }
    if (previous && grade.minScore >= previous.minScore) {
      report(
        ['gradeScale', 'grades', i, 'minScore'],
        `minScore must fall with each grade, but ${grade.minScore} follows ${previous.minScore}`,
      );
    }
  });
  const last = grades.at(-1);
  if (last && last.minScore !== 0) {
    report(['gradeScale', 'grades', grades.length - 1, 'minScore'], 'the lowest grade must have minScore 0');
  }
  if (!values.has(goodOrBetterFrom)) {
    report(['gradeScale', 'goodOrBetterFrom'], `${goodOrBetterFrom} is not a value on the grade scale`);
  }
  return values;
}

function checkRatings(framework: Framework, report: IssueSink): Set<string> {
  const offered = new Set<string>();
  framework.ratingOptions.forEach((option, i) => {
    if (offered.has(option.meaning))
      report(['ratingOptions', i, 'meaning'], `rating "${option.meaning}" is listed twice`);
    offered.add(option.meaning);
  });
  for (const required of ['met', 'not-met'] as const) {
    if (!offered.has(required)) report(['ratingOptions'], `the rating options must include "${required}"`);
  }
  return offered;
}

function checkWeight(weight: number | undefined, path: (string | number)[], report: IssueSink): void {
  if (weight !== undefined && !(weight > 0 && Number.isFinite(weight))) {
    report(path, `weight must be a positive number, got ${weight}`);
  }
}

function checkCondition(condition: Condition, path: (string | number)[], report: IssueSink): void {
  if ('all' in condition) condition.all.forEach((c, i) => checkCondition(c, [...path, 'all', i], report));
  else if ('any' in condition) condition.any.forEach((c, i) => checkCondition(c, [...path, 'any', i], report));
  else if ('not' in condition) checkCondition(condition.not, [...path, 'not'], report);
  else if (condition.op === 'in') {
    const allowed: readonly string[] = ENUM_PLAN_ATTRIBUTES[condition.attribute];
    condition.values.forEach((value, i) => {
      if (!allowed.includes(value)) {
        report(
          [...path, 'values', i],
          `"${value}" is not a ${condition.attribute}; expected one of ${allowed.join(', ')}`,
        );
      }
    });
  }
}

function checkReferences(framework: Framework, grades: Set<number>, offered: Set<string>, report: IssueSink): void {
  const sectionIds = new Set(framework.sections.map((s) => s.id));
  const criterionIds = new Set(framework.sections.flatMap((s) => s.criteria.map((c) => c.id)));
  const checkGrade = (value: number, path: (string | number)[]): void => {
    if (!grades.has(value)) report(path, `${value} is not a value on the grade scale`);
  };
  const checkOffered = (ratings: readonly string[], path: (string | number)[]): void => {
    ratings.forEach((rating, i) => {
      if (!offered.has(rating))
        report([...path, i], `rating "${rating}" is not one of this framework's rating options`);
    });
  };

  framework.sections.forEach((section, s) => {
    checkWeight(section.weight, ['sections', s, 'weight'], report);
    section.criteria.forEach((criterion, c) => {
      const at = ['sections', s, 'criteria', c];
      checkWeight(criterion.weight, [...at, 'weight'], report);
      if (criterion.allowedRatings) checkOffered(criterion.allowedRatings, [...at, 'allowedRatings']);
      if (criterion.applicability)
        checkCondition(criterion.applicability.when, [...at, 'applicability', 'when'], report);
    });
  });

  framework.limitingRules.forEach((rule, i) => {
    const at = ['limitingRules', i];
    checkGrade(rule.capAt, [...at, 'capAt']);
    checkOffered(rule.ratings, [...at, 'ratings']);
    const target = rule.appliesTo;
    if ('criteria' in target) {
      target.criteria.forEach((id, j) => {
        if (!criterionIds.has(id)) report([...at, 'appliesTo', 'criteria', j], `unknown criterion "${id}"`);
      });
    } else if ('sections' in target) {
      target.sections.forEach((id, j) => {
        if (!sectionIds.has(id)) report([...at, 'appliesTo', 'sections', j], `unknown section "${id}"`);
      });
    }
  });

  framework.overall.rules.forEach((rule, i) => {
    const at = ['overall', 'rules', i];
    checkGrade(rule.capAt, [...at, 'capAt']);
    const when = rule.when;
    if ('section' in when) {
      if (!sectionIds.has(when.section)) report([...at, 'when', 'section'], `unknown section "${when.section}"`);
      checkGrade(when.gradeAtMost, [...at, 'when', 'gradeAtMost']);
    } else {
      if (!criterionIds.has(when.criterion))
        report([...at, 'when', 'criterion'], `unknown criterion "${when.criterion}"`);
      checkOffered(when.ratings, [...at, 'when', 'ratings']);
    }
  });
}

function checkHeadlineMeasures(framework: Framework, offered: Set<string>, report: IssueSink): void {
  const criterionIds = new Set(framework.sections.flatMap((s) => s.criteria.map((c) => c.id)));
  const ratioIds = new Set(framework.sections.flatMap((s) => s.criteria.flatMap((c) => c.measure?.id ?? [])));
  const seen = new Set<string>();
  (framework.measures ?? []).forEach((measure, i) => {
    const at = ['measures', i];
    if (seen.has(measure.id)) report([...at, 'id'], `duplicate measure id "${measure.id}"`);
    seen.add(measure.id);
    if (measure.kind === 'lines') {
      if (!ratioIds.has(measure.ratio)) {
        report([...at, 'ratio'], `no criterion records a count pair with id "${measure.ratio}"`);
      }
      return;
    }
    measure.criteria.forEach((id, j) => {
      if (!criterionIds.has(id)) report([...at, 'criteria', j], `unknown criterion "${id}"`);
    });
    (measure.countsAsMet ?? []).forEach((rating, j) => {
      if (!offered.has(rating))
        report([...at, 'countsAsMet', j], `rating "${rating}" is not one of this framework's rating options`);
    });
  });
}

/** Every check a framework needs beyond its shape, reported with the path inside the file. */
export function validateFrameworkReferences(framework: Framework, report: IssueSink): void {
  if (framework.status === 'published' && framework.version === undefined) {
    report(['version'], 'a published framework needs a version');
  }
  checkIdsUnique(framework, report);
  const grades = checkScale(framework, report);
  const offered = checkRatings(framework, report);
  checkReferences(framework, grades, offered, report);
  checkHeadlineMeasures(framework, offered, report);
}

export const FrameworkSchema = FrameworkShapeSchema.superRefine((framework, ctx) => {
  validateFrameworkReferences(framework, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
});

/** A published framework is pinned by id and version in every audit. */
export type FrameworkRef = { frameworkId: string; frameworkVersion: number };

export { FrameworkShapeSchema };

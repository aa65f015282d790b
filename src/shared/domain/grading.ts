// The grading rules: a suggested grade per section from its criterion ratings (limiting rules
// applied, N/A left out, Cannot judge handled explicitly), the overall judgement with its caps,
// and the reason for every grade so the auditor can see why.
import type { AuditAnswers, CriterionResponse } from '#shared/schemas/audit.ts';
import type {
  Criterion,
  CriterionSelector,
  Framework,
  Grade,
  LimitingRule,
  RatingMeaning,
  Section,
} from '#shared/schemas/framework.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import { criterionApplies } from './applicability.ts';

/** Share of a criterion's score each scored rating earns; the other ratings are not scored. */
export const RATING_SCORE: Partial<Record<RatingMeaning, number>> = { met: 1, 'partly-met': 0.5, 'not-met': 0 };

const RATING_PHRASE: Record<RatingMeaning, string> = {
  met: 'met',
  'partly-met': 'partly met',
  'not-met': 'not met',
  'na-stated': 'N/A (stated in the plan)',
  'na-not-relevant': 'N/A (not relevant)',
  'cannot-judge': 'could not be judged',
};

export type RatingCounts = Record<RatingMeaning, number> & { unanswered: number; notApplicable: number };

export type GradeCap = {
  ruleId: string;
  capAt: number;
  /** The criteria (limiting rules) or sections and criteria (overall rules) that triggered the cap. */
  triggeredBy: string[];
  reason: string;
};

export type Score = { weighted: number; unweighted: number };

export type SectionStatus = 'not-started' | 'graded' | 'not-applicable' | 'cannot-judge';

export type SectionSuggestion = {
  sectionId: string;
  status: SectionStatus;
  /** The suggested grade value, or null when no grade can be suggested. */
  grade: number | null;
  /** True while applicable criteria are still unanswered: the grade may still change. */
  isProvisional: boolean;
  score: Score | null;
  counts: RatingCounts;
  caps: GradeCap[];
  /** One sentence the UI shows beside the grade, e.g. "Capped at Inadequate: statutory criterion F2 not met." */
  reason: string;
};

export type SectionResult = SectionSuggestion & {
  /** The grade that counts: the auditor's override when there is one, else the suggestion. */
  finalGrade: number | null;
  isOverridden: boolean;
};

export type OverallJudgement = {
  grade: number | null;
  score: Score | null;
  caps: GradeCap[];
  reason: string;
  finalGrade: number | null;
  isOverridden: boolean;
};

export type AuditGrading = {
  sections: SectionResult[];
  overall: OverallJudgement;
};

// Indexes built once per framework object: grading 10,000 audits must not rescan the framework.
type CompiledFramework = {
  grades: Grade[];
  gradeByValue: Map<number, Grade>;
  /** The limiting rules that can touch each criterion. */
  rulesByCriterion: Map<string, LimitingRule[]>;
  sectionById: Map<string, Section>;
};

const compiled = new WeakMap<Framework, CompiledFramework>();

function selects(selector: CriterionSelector, criterion: Criterion, section: Section): boolean {
  if ('statutory' in selector) return criterion.statutory;
  if ('criteria' in selector) return selector.criteria.includes(criterion.id);
  return selector.sections.includes(section.id);
}

function compile(framework: Framework): CompiledFramework {
  const cached = compiled.get(framework);
  if (cached) return cached;
  const rulesByCriterion = new Map<string, LimitingRule[]>();
  for (const section of framework.sections) {
    for (const criterion of section.criteria) {
      rulesByCriterion.set(
        criterion.id,
        framework.limitingRules.filter((rule) => selects(rule.appliesTo, criterion, section)),
      );
    }
  }
  const grades = [...framework.gradeScale.grades].sort((a, b) => b.value - a.value);
  const result: CompiledFramework = {
    grades,
    gradeByValue: new Map(grades.map((g) => [g.value, g])),
    rulesByCriterion,
    sectionById: new Map(framework.sections.map((section) => [section.id, section])),
  };
  compiled.set(framework, result);
  return result;
}

export function gradeLabel(framework: Framework, value: number | null): string {
  if (value === null) return 'No grade';
  return compile(framework).gradeByValue.get(value)?.label ?? `Grade ${value}`;
}

/** The best grade whose minimum score the given share of the available score reaches. */
export function gradeForScore(framework: Framework, score: number): number {
  const { grades } = compile(framework);
  const epsilon = 1e-9;
  for (const grade of grades) {
    if (score + epsilon >= grade.minScore) return grade.value;
  }
  return grades.at(-1)?.value ?? 0;
}

/** The scale value nearest to a mean of grade values; a tie goes to the lower grade. */
export function nearestGrade(framework: Framework, mean: number): number {
  const { grades } = compile(framework);
  let best = grades[0]?.value ?? 0;
  let bestDistance = Infinity;
  for (const grade of grades) {
    const distance = Math.abs(grade.value - mean);
    if (distance < bestDistance - 1e-9 || (Math.abs(distance - bestDistance) <= 1e-9 && grade.value < best)) {
      best = grade.value;
      bestDistance = distance;
    }
  }
  return best;
}

function emptyCounts(): RatingCounts {
  return {
    met: 0,
    'partly-met': 0,
    'not-met': 0,
    'na-stated': 0,
    'na-not-relevant': 0,
    'cannot-judge': 0,
    unanswered: 0,
    notApplicable: 0,
  };
}

function listIds(ids: string[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids.at(-1) ?? ''}`;
}

function describeCounts(counts: RatingCounts): string {
  const parts: string[] = [];
  for (const meaning of ['met', 'partly-met', 'not-met', 'cannot-judge'] as const) {
    if (counts[meaning] > 0) parts.push(`${counts[meaning]} ${RATING_PHRASE[meaning]}`);
  }
  const na = counts['na-stated'] + counts['na-not-relevant'] + counts.notApplicable;
  if (na > 0) parts.push(`${na} N/A left out`);
  return parts.join(', ');
}

type CapHits = Map<LimitingRule, { ids: string[]; ratings: Set<RatingMeaning> }>;

function recordCapHits(
  hits: CapHits | undefined,
  rules: LimitingRule[],
  criterionId: string,
  rating: RatingMeaning,
): CapHits | undefined {
  let result = hits;
  for (const rule of rules) {
    if (!rule.ratings.includes(rating)) continue;
    result ??= new Map();
    const hit = result.get(rule) ?? { ids: [], ratings: new Set<RatingMeaning>() };
    hit.ids.push(criterionId);
    hit.ratings.add(rating);
    result.set(rule, hit);
  }
  return result;
}

function describeCaps(framework: Framework, hits: CapHits): GradeCap[] {
  return [...hits].map(([rule, hit]) => {
    const kind = 'statutory' in rule.appliesTo ? 'statutory criteri' : 'criteri';
    const noun = `${kind}${hit.ids.length === 1 ? 'on' : 'a'}`;
    const ratings = [...hit.ratings].map((r) => RATING_PHRASE[r]).join(' or ');
    return {
      ruleId: rule.id,
      capAt: rule.capAt,
      triggeredBy: hit.ids,
      reason: `Capped at ${gradeLabel(framework, rule.capAt)}: ${noun} ${listIds(hit.ids)} ${ratings}.`,
    };
  });
}

/** The tightest of a set of caps (lowest capAt), or undefined when there are none. */
function bindingCap(caps: GradeCap[]): GradeCap | undefined {
  return caps.reduce<GradeCap | undefined>((low, cap) => (!low || cap.capAt < low.capAt ? cap : low), undefined);
}

export function suggestSectionGrade(
  framework: Framework,
  section: Section,
  responses: Record<string, CriterionResponse | undefined>,
  plan: PlanAttributes | undefined,
): SectionSuggestion {
  const { rulesByCriterion } = compile(framework);
  const counts = emptyCounts();
  let hits: CapHits | undefined;
  let weightedSum = 0;
  let weightTotal = 0;
  let plainSum = 0;
  let scoredCount = 0;
  let notApplicable = 0;
  let unanswered = 0;

  for (const criterion of section.criteria) {
    if (criterion.applicability && !criterionApplies(criterion, plan)) {
      notApplicable += 1;
      continue;
    }
    const rating = responses[criterion.id]?.rating;
    if (rating === undefined) {
      unanswered += 1;
      continue;
    }
    counts[rating] += 1;
    const rules = rulesByCriterion.get(criterion.id);
    if (rules !== undefined && rules.length > 0) hits = recordCapHits(hits, rules, criterion.id, rating);
    const score = RATING_SCORE[rating];
    if (score === undefined) continue;
    const weight = criterion.weight ?? 1;
    weightedSum += weight * score;
    weightTotal += weight;
    plainSum += score;
    scoredCount += 1;
  }
  counts.notApplicable = notApplicable;
  counts.unanswered = unanswered;

  const answered =
    counts.met +
    counts['partly-met'] +
    counts['not-met'] +
    counts['cannot-judge'] +
    counts['na-stated'] +
    counts['na-not-relevant'];
  const isProvisional = counts.unanswered > 0;
  // One object shape for every outcome: spreading a partial object here cost most of the grading time.
  const result = (
    status: SectionStatus,
    grade: number | null,
    score: Score | null,
    caps: GradeCap[],
    reason: string,
  ) => ({
    sectionId: section.id,
    status,
    grade,
    isProvisional,
    score,
    counts,
    caps,
    reason,
  });
  const judged = scoredCount + counts['cannot-judge'];

  if (answered === 0) {
    const status: SectionStatus = counts.unanswered === 0 ? 'not-applicable' : 'not-started';
    const reason =
      status === 'not-applicable'
        ? 'Not graded: no criterion in this section applies to this plan.'
        : 'Not graded yet: no criterion answered.';
    return result(status, null, null, [], reason);
  }
  if (judged === 0) {
    const reason = isProvisional
      ? `Not graded yet: every answered criterion is N/A, ${counts.unanswered} still unanswered.`
      : 'Not graded: every criterion is N/A, so the section is left out of the overall judgement.';
    return result(isProvisional ? 'not-started' : 'not-applicable', null, null, [], reason);
  }
  const cannotJudgeShare = counts['cannot-judge'] / judged;
  if (scoredCount === 0 || cannotJudgeShare > framework.grading.cannotJudgeLimit) {
    const reason = `No grade suggested: ${counts['cannot-judge']} of ${judged} judged criteria could not be judged (evidence missing).`;
    return result('cannot-judge', null, null, [], reason);
  }

  const score: Score = { weighted: weightedSum / weightTotal, unweighted: plainSum / scoredCount };
  const fromScore = gradeForScore(framework, score.weighted);
  const caps = hits ? describeCaps(framework, hits) : [];
  const cap = bindingCap(caps);
  const grade = cap && cap.capAt < fromScore ? cap.capAt : fromScore;
  const percent = Math.round(score.weighted * 100);
  let reason =
    cap && cap.capAt < fromScore
      ? cap.reason
      : `${gradeLabel(framework, grade)} from the criteria: ${percent}% of the available score (${describeCounts(counts)}).`;
  if (isProvisional) reason += ` Provisional: ${counts.unanswered} still unanswered.`;
  return result('graded', grade, score, caps, reason);
}

function overrideGrade(framework: Framework, grade: number | undefined): number | undefined {
  return grade !== undefined && compile(framework).gradeByValue.has(grade) ? grade : undefined;
}

export function judgeOverall(
  framework: Framework,
  sections: Pick<SectionResult, 'sectionId' | 'finalGrade'>[],
  responses: Record<string, CriterionResponse | undefined>,
  override?: { grade: number },
): OverallJudgement {
  const { sectionById } = compile(framework);
  const finalById = new Map(sections.map((s) => [s.sectionId, s.finalGrade]));
  const counted = sections.filter(
    (s) => s.finalGrade !== null && sectionById.get(s.sectionId)?.countsTowardsOverall !== false,
  );

  const caps: GradeCap[] = [];
  for (const rule of framework.overall.rules) {
    const when = rule.when;
    if ('section' in when) {
      const grade = finalById.get(when.section);
      if (grade !== undefined && grade !== null && grade <= when.gradeAtMost) {
        const title = sectionById.get(when.section)?.title ?? when.section;
        caps.push({
          ruleId: rule.id,
          capAt: rule.capAt,
          triggeredBy: [when.section],
          reason: `Capped at ${gradeLabel(framework, rule.capAt)}: ${title} is ${gradeLabel(framework, grade)}.`,
        });
      }
    } else {
      const rating = responses[when.criterion]?.rating;
      if (rating && when.ratings.includes(rating)) {
        caps.push({
          ruleId: rule.id,
          capAt: rule.capAt,
          triggeredBy: [when.criterion],
          reason: `Capped at ${gradeLabel(framework, rule.capAt)}: criterion ${when.criterion} ${RATING_PHRASE[rating]}.`,
        });
      }
    }
  }

  let grade: number | null = null;
  let score: Score | null = null;
  let reason = 'No overall grade yet: no section has a grade.';
  if (counted.length > 0) {
    let weighted = 0;
    let weightTotal = 0;
    let plain = 0;
    for (const s of counted) {
      const value = s.finalGrade ?? 0;
      const weight = sectionById.get(s.sectionId)?.weight ?? 1;
      weighted += weight * value;
      weightTotal += weight;
      plain += value;
    }
    score = { weighted: weighted / weightTotal, unweighted: plain / counted.length };
    const fromSections =
      framework.overall.method === 'lowest'
        ? Math.min(...counted.map((s) => s.finalGrade ?? 0))
        : nearestGrade(framework, score.weighted);
    const cap = bindingCap(caps);
    grade = cap && cap.capAt < fromSections ? cap.capAt : fromSections;
    reason =
      cap && cap.capAt < fromSections
        ? cap.reason
        : framework.overall.method === 'lowest'
          ? `${gradeLabel(framework, grade)}: the lowest section grade.`
          : `${gradeLabel(framework, grade)}: best fit of ${counted.length} section grades (mean ${score.weighted.toFixed(2)}).`;
  }
  const chosen = overrideGrade(framework, override?.grade);
  return {
    grade,
    score,
    caps,
    reason,
    finalGrade: chosen ?? grade,
    isOverridden: chosen !== undefined && chosen !== grade,
  };
}

/** Grades a whole audit: every section's suggestion, the auditor's overrides, and the overall judgement. */
export function gradeAudit(
  framework: Framework,
  answers: AuditAnswers,
  plan: PlanAttributes | undefined,
): AuditGrading {
  const sections: SectionResult[] = framework.sections.map((section) => {
    const suggestion = suggestSectionGrade(framework, section, answers.responses, plan);
    const chosen = overrideGrade(framework, answers.sectionOverrides[section.id]?.grade);
    return Object.assign(suggestion, {
      finalGrade: chosen ?? suggestion.grade,
      isOverridden: chosen !== undefined && chosen !== suggestion.grade,
    });
  });
  return { sections, overall: judgeOverall(framework, sections, answers.responses, answers.overallOverride) };
}

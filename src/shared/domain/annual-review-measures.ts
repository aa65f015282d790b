// The annual-review measures the board reads as headline figures, per school term: reviews held
// within 12 months, attainment compared with the outcomes, views captured beforehand, Section F
// provision in place. Which criteria feed each measure comes from the framework's `measures`.
//
// How answers count (one plan in one cycle is one review, however many auditors scored it):
// - An auditor's answer to a "criteria" measure: Not met or Partly met on any listed criterion fails
//   it; otherwise a missing answer or Cannot judge leaves it unknown; otherwise a Met answer meets it;
//   a review where every listed criterion is N/A (stated or not relevant) is not applicable.
// - Auditors of the same review are combined cautiously: one who found it failed outweighs one who found
//   it met; met outweighs unknown; unknown outweighs not applicable.
// - Unknown and not-applicable reviews are left out of the denominator (the share is of reviews that
//   could be judged) and reported beside it, so a low coverage is visible rather than hidden.
// - A "lines" measure sums a count pair (lines delivered of lines specified). Auditors of one review
//   count the same lines, so the review takes the lowest delivered share among them rather than a sum;
//   no count recorded is unknown, none specified (or the criterion rated N/A) is not applicable.
import { schoolTerm, termLabel, type PlanOutcome } from './board-figures.ts';
import type { CriterionResponse } from '#shared/schemas/audit.ts';
import type { Framework, HeadlineMeasure, RatingMeaning } from '#shared/schemas/framework.ts';

export type MeasurePlan = Pick<PlanOutcome, 'date' | 'framework' | 'audits'>;

/** null stands for a figure withheld because it rests on too few reviews. */
export type MeasureTerm = {
  term: string;
  numerator: number | null;
  denominator: number | null;
  /** Percentage to one decimal place; null when there is nothing to divide by, or when withheld. */
  share: number | null;
  /** Percentage points up (+) or down (-) on the previous term listed; null for the first or when withheld. */
  change: number | null;
  /** Reviews counted (for a "lines" measure, the reviews whose lines are summed). */
  reviews: number | null;
  unknown: number | null;
  notApplicable: number | null;
};

export type MeasureFigures = {
  id: string;
  label: string;
  /** What the numerator and denominator count. */
  unit: 'reviews' | 'lines';
  terms: MeasureTerm[];
  /** All terms together. */
  total: MeasureTerm;
};

type Verdict = 'met' | 'not-met' | 'unknown' | 'na';
type Lines = { numerator: number; denominator: number };

const NA: readonly (RatingMeaning | undefined)[] = ['na-stated', 'na-not-relevant'];

function auditVerdict(
  measure: Extract<HeadlineMeasure, { kind: 'criteria' }>,
  responses: Record<string, CriterionResponse | undefined>,
): Verdict {
  const metWhen: readonly RatingMeaning[] = measure.countsAsMet ?? ['met'];
  let isUnknown = false;
  let isMet = false;
  for (const id of measure.criteria) {
    const rating = responses[id]?.rating;
    if (rating !== undefined && metWhen.includes(rating)) isMet = true;
    else if (rating === 'not-met' || rating === 'partly-met') return 'not-met';
    else if (NA.includes(rating)) continue;
    else isUnknown = true;
  }
  return isUnknown ? 'unknown' : isMet ? 'met' : 'na';
}

const VERDICT_ORDER: Verdict[] = ['not-met', 'met', 'unknown', 'na'];

function combine(verdicts: Verdict[]): Verdict {
  return VERDICT_ORDER.find((v) => verdicts.includes(v)) ?? 'unknown';
}

function reviewLines(
  criterionId: string | undefined,
  audits: MeasurePlan['audits'],
): { verdict: 'counted'; lines: Lines } | { verdict: 'unknown' | 'na' } {
  let lowest: Lines | null = null;
  let isNa = false;
  for (const audit of audits) {
    const response = criterionId === undefined ? undefined : audit.responses[criterionId];
    const value = response?.measure;
    if (!value) {
      if (NA.includes(response?.rating)) isNa = true;
      continue;
    }
    if (value.denominator === 0) {
      isNa = true;
      continue;
    }
    if (!lowest || value.numerator / value.denominator < lowest.numerator / lowest.denominator) lowest = value;
  }
  if (lowest) return { verdict: 'counted', lines: lowest };
  return { verdict: isNa ? 'na' : 'unknown' };
}

type Tally = { numerator: number; denominator: number; reviews: number; unknown: number; notApplicable: number };
const emptyTally = (): Tally => ({ numerator: 0, denominator: 0, reviews: 0, unknown: 0, notApplicable: 0 });

function percent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10;
}

function toTerm(term: string, t: Tally): MeasureTerm {
  return {
    term,
    numerator: t.numerator,
    denominator: t.denominator,
    share: percent(t.numerator, t.denominator),
    change: null,
    reviews: t.reviews,
    unknown: t.unknown,
    notApplicable: t.notApplicable,
  };
}

function withChanges(terms: MeasureTerm[]): MeasureTerm[] {
  return terms.map((term, i) => {
    const previous = terms[i - 1]?.share;
    const change =
      previous === null || previous === undefined || term.share === null
        ? null
        : Math.round((term.share - previous) * 10) / 10;
    return { ...term, change };
  });
}

/** Each framework's measures with the criterion that carries each count pair, resolved once per framework. */
function declarations(framework: Framework): { measure: HeadlineMeasure; ratioCriterion?: string }[] {
  return (framework.measures ?? []).map((measure) => {
    if (measure.kind !== 'lines') return { measure };
    const carrier = framework.sections.flatMap((s) => s.criteria).find((c) => c.measure?.id === measure.ratio);
    return carrier ? { measure, ratioCriterion: carrier.id } : { measure };
  });
}

/**
 * Every measure declared by the plans' frameworks, per school term (oldest first) and in total.
 * Measures are matched by id across framework versions; labels come from the newest version.
 */
export function computeAnnualReviewMeasures(plans: readonly MeasurePlan[]): MeasureFigures[] {
  const declared = new Map<Framework, ReturnType<typeof declarations>>();
  const labels = new Map<string, { label: string; unit: MeasureFigures['unit']; version: number }>();
  const tallies = new Map<string, Map<string, Tally>>();
  for (const plan of plans) {
    let measures = declared.get(plan.framework);
    if (!measures) {
      measures = declarations(plan.framework);
      declared.set(plan.framework, measures);
      const version = plan.framework.version ?? 0;
      for (const { measure } of measures) {
        const known = labels.get(measure.id);
        if (!known || known.version <= version) {
          labels.set(measure.id, {
            label: measure.label,
            unit: measure.kind === 'lines' ? 'lines' : 'reviews',
            version,
          });
        }
      }
    }
    if (measures.length === 0) continue;
    const term = schoolTerm(plan.date);
    for (const { measure, ratioCriterion } of measures) {
      let byTerm = tallies.get(measure.id);
      if (!byTerm) {
        byTerm = new Map();
        tallies.set(measure.id, byTerm);
      }
      let t = byTerm.get(term);
      if (!t) {
        t = emptyTally();
        byTerm.set(term, t);
      }
      if (measure.kind === 'lines') {
        const result = reviewLines(ratioCriterion, plan.audits);
        if (result.verdict === 'counted') {
          t.numerator += result.lines.numerator;
          t.denominator += result.lines.denominator;
          t.reviews += 1;
        } else if (result.verdict === 'na') t.notApplicable += 1;
        else t.unknown += 1;
        continue;
      }
      const verdict = combine(plan.audits.map((a) => auditVerdict(measure, a.responses)));
      if (verdict === 'met' || verdict === 'not-met') {
        t.denominator += 1;
        t.reviews += 1;
        if (verdict === 'met') t.numerator += 1;
      } else if (verdict === 'na') t.notApplicable += 1;
      else t.unknown += 1;
    }
  }
  return [...labels].map(([id, { label, unit }]) => {
    const byTerm = [...(tallies.get(id) ?? [])].sort(([a], [b]) => a.localeCompare(b));
    const total = emptyTally();
    for (const [, t] of byTerm) {
      total.numerator += t.numerator;
      total.denominator += t.denominator;
      total.reviews += t.reviews;
      total.unknown += t.unknown;
      total.notApplicable += t.notApplicable;
    }
    return {
      id,
      label,
      unit,
      terms: withChanges(byTerm.map(([term, t]) => toTerm(termLabel(term), t))),
      total: toTerm('All terms', total),
    };
  });
}

/**
 * Withholds figures that rest on fewer than `threshold` reviews, and a count of reviews meeting a
 * measure (or not meeting it) from 1 to threshold - 1, with the share and change that would give
 * it away. Counts of lines are withheld with the reviews they come from.
 */
export function suppressMeasures(figures: readonly MeasureFigures[], threshold: number): MeasureFigures[] {
  const isSmall = (n: number | null) => n !== null && n > 0 && n < threshold;
  const hideTerm = (unit: MeasureFigures['unit'], term: MeasureTerm): MeasureTerm => {
    const few = term.reviews !== null && term.reviews < threshold && term.reviews > 0;
    const small =
      unit === 'reviews' &&
      term.numerator !== null &&
      term.denominator !== null &&
      (isSmall(term.numerator) || isSmall(term.denominator - term.numerator));
    const rest = {
      ...term,
      unknown: isSmall(term.unknown) ? null : term.unknown,
      notApplicable: isSmall(term.notApplicable) ? null : term.notApplicable,
    };
    if (few) return { ...rest, numerator: null, denominator: null, share: null, change: null, reviews: null };
    if (small) return { ...rest, numerator: null, share: null, change: null };
    return rest;
  };
  return figures.map((f) => {
    const terms = f.terms.map((t) => hideTerm(f.unit, t));
    // A change next to a withheld share would give that share away.
    const guarded = terms.map((t, i) => (i > 0 && terms[i - 1]?.share === null ? { ...t, change: null } : t));
    return { ...f, terms: guarded, total: hideTerm(f.unit, f.total) };
  });
}

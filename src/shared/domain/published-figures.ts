// The partnership's headline figures as the public sees them on the Local Offer site: only the
// figures the council chose, only from signed-off moderations, and never anything that could point
// at a child. Rules, applied to every figure:
// - a figure resting on fewer plans or reviews than the council's small-number threshold is withheld;
// - a share is withheld when the plans meeting it, or those not meeting it, number 1 to threshold - 1;
// - shares are whole percentages and the number of plans behind them is rounded to the nearest 5,
//   so two publications a day apart cannot be differenced to reveal one plan's result;
// - there are no per-plan rows, no breakdowns by school, need or year group, and no dates finer than the period.
import { computeAnnualReviewMeasures, type MeasurePlan } from './annual-review-measures.ts';
import { toCsv } from './csv.ts';
import type { Framework } from '#shared/schemas/framework.ts';

export type PublicPlan = MeasurePlan & { moderated: { overall: number | null } | null };

export type FigureChoice = { id: string; label: string };

export const FIXED_FIGURES: readonly FigureChoice[] = [
  { id: 'plans-moderated', label: 'EHC plans audited and moderated' },
  { id: 'good-or-better-overall', label: 'EHC plans judged good or better overall' },
];

/** What an admin can choose to publish: the fixed figures, then each measure the frameworks declare. */
export function publishableFigures(frameworks: readonly Framework[]): FigureChoice[] {
  const measures = new Map<string, string>();
  const byVersion = [...frameworks].sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
  for (const framework of byVersion) {
    for (const m of framework.measures ?? []) measures.set(`measure:${m.id}`, m.label);
  }
  return [...FIXED_FIGURES, ...[...measures].map(([id, label]) => ({ id, label }))];
}

export type PublishedFigure = {
  id: string;
  label: string;
  /** Whole percentage, or for "plans-moderated" the rounded count; null when withheld or no data. */
  value: number | null;
  unit: 'percent' | 'plans';
  /** Plans or reviews behind a share, rounded to the nearest 5; null when withheld. */
  basedOn: number | null;
  basedOnUnit: 'plans' | 'reviews';
  status: 'published' | 'withheld' | 'no-data';
};

const roundTo5 = (n: number) => Math.round(n / 5) * 5;

function shareFigure(
  choice: FigureChoice,
  basedOnUnit: PublishedFigure['basedOnUnit'],
  numerator: number,
  denominator: number,
  base: number,
  threshold: number,
  isCountOfBase: boolean,
): PublishedFigure {
  const figure = { ...choice, unit: 'percent' as const, basedOnUnit };
  if (base === 0 || denominator === 0) return { ...figure, value: null, basedOn: null, status: 'no-data' };
  const isSmall = (n: number) => n > 0 && n < threshold;
  const tooFew = base < threshold;
  const givesAway = isCountOfBase && (isSmall(numerator) || isSmall(denominator - numerator));
  if (tooFew || givesAway) return { ...figure, value: null, basedOn: null, status: 'withheld' };
  return {
    ...figure,
    value: Math.round((numerator / denominator) * 100),
    basedOn: roundTo5(base),
    status: 'published',
  };
}

/**
 * The chosen figures, in the council's order, over the plans given (the caller passes only plans
 * whose moderation is signed off). A chosen figure no framework declares any more is "no-data".
 */
export function computePublishedFigures(
  plans: readonly PublicPlan[],
  chosen: readonly string[],
  threshold: number,
): PublishedFigure[] {
  const frameworks = [...new Set(plans.map((p) => p.framework))];
  const labels = new Map(publishableFigures(frameworks).map((c) => [c.id, c.label]));
  const measures = new Map(computeAnnualReviewMeasures(plans).map((m) => [`measure:${m.id}`, m]));
  const graded = plans.filter((p) => p.moderated !== null && p.moderated.overall !== null);
  return chosen.map((id): PublishedFigure => {
    const choice = { id, label: labels.get(id) ?? id };
    if (id === 'plans-moderated') {
      const n = plans.length;
      const status = n === 0 ? 'no-data' : n < threshold ? 'withheld' : 'published';
      return {
        ...choice,
        value: status === 'published' ? roundTo5(n) : null,
        unit: 'plans',
        basedOn: null,
        basedOnUnit: 'plans',
        status,
      };
    }
    if (id === 'good-or-better-overall') {
      const good = graded.filter((p) => (p.moderated?.overall ?? 0) >= p.framework.gradeScale.goodOrBetterFrom);
      return shareFigure(choice, 'plans', good.length, graded.length, graded.length, threshold, true);
    }
    const measure = measures.get(id);
    const total = measure?.total;
    if (!measure || !total) {
      return { ...choice, value: null, unit: 'percent', basedOn: null, basedOnUnit: 'reviews', status: 'no-data' };
    }
    return shareFigure(
      { id, label: measure.label },
      'reviews',
      total.numerator ?? 0,
      total.denominator ?? 0,
      total.reviews ?? 0,
      threshold,
      measure.unit === 'reviews',
    );
  });
}

/** How a figure reads on the public page and in the CSV's text column. */
export function publishedFigureText(figure: PublishedFigure, threshold: number): string {
  if (figure.status === 'no-data') return 'No figure yet';
  if (figure.status === 'withheld') return `Not published: based on fewer than ${threshold} plans`;
  if (figure.unit === 'plans') return `About ${figure.value ?? 0}`;
  return `${figure.value ?? 0}%`;
}

export const PUBLISHED_FIGURE_COLUMNS = [
  'figure',
  'label',
  'value',
  'unit',
  'based_on_about',
  'based_on_unit',
  'status',
  'period_from',
  'period_to',
] as const;

export function publishedFiguresCsv(
  figures: readonly PublishedFigure[],
  period: { from: string; to: string },
  threshold: number,
): string {
  return toCsv(
    PUBLISHED_FIGURE_COLUMNS,
    figures.map((f) => ({
      figure: f.id,
      label: f.label,
      value: f.value,
      unit: f.unit,
      based_on_about: f.basedOn,
      based_on_unit: f.basedOnUnit,
      status: f.status === 'withheld' ? `withheld (fewer than ${threshold})` : f.status,
      period_from: period.from,
      period_to: period.to,
    })),
  );
}

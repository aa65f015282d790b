// Agreement between auditors who grade the same plan sections blind: percent agreement, Cohen's kappa
// (unweighted, linear, quadratic), Fleiss' kappa and Krippendorff's alpha. Each statistic says what it
// was computed from, and gives a reason instead of NaN when it is undefined for the data.

/** Why a statistic has no value. A closed set so the UI can explain each one in its own words. */
export type AgreementUndefinedReason =
  /** No grades at all: every rating is missing, or there are no units. */
  | 'all-missing'
  /** Grades exist but no unit has two of them: nothing to compare (one auditor per plan). */
  | 'single-rater'
  /** Every grade compared is the same value: chance agreement is total, so kappa and alpha are 0/0. */
  | 'no-variation'
  /** Fleiss' kappa only: units have different numbers of grades. */
  | 'unequal-raters'
  /** A grade that is not on the scale: the data and the scale disagree, so nothing is computed. */
  | 'off-scale';

export type AgreementBasis = {
  /** Units (plan sections) the value was computed from. */
  nUnits: number;
  /** Grades the value was computed from: Krippendorff's n, the pairable values. */
  nValues: number;
  /** Pairs of grades compared: m(m - 1) / 2 for a unit with m grades. */
  nPairs: number;
  /** Units left out: fewer than two grades, or (Fleiss) a different number of grades from the rest. */
  nUnitsDropped: number;
};

export type AgreementResult = AgreementBasis &
  ({ value: number; reason: null; message: null } | { value: null; reason: AgreementUndefinedReason; message: string });

/** One unit's grades (one plan section), one entry per rater; null where that rater gave no grade. */
export type UnitRatings = readonly (number | null)[];

/** The grades two raters gave the same unit, in a fixed rater order. */
export type RatingPair = readonly [number | null, number | null];

export type KappaWeights = 'unweighted' | 'linear' | 'quadratic';

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

/** A grade scale compiled once: values in ascending order and each value's position on the scale. */
type CompiledScale = { values: number[]; positionOf: Map<number, number> };

/**
 * Orders the scale by value. Grade values are numbers whose order is the scale's order (higher is
 * better, as in grading), so sorting here makes the result independent of how a framework lists them.
 */
function compileScale(scale: readonly number[]): CompiledScale {
  const values = [...new Set(scale)].sort((a, b) => a - b);
  return { values, positionOf: new Map(values.map((value, i) => [value, i])) };
}

const EMPTY_BASIS: AgreementBasis = { nUnits: 0, nValues: 0, nPairs: 0, nUnitsDropped: 0 };

function defined(value: number, basis: AgreementBasis): AgreementResult {
  return { ...basis, value, reason: null, message: null };
}

function notDefined(reason: AgreementUndefinedReason, message: string, basis: AgreementBasis): AgreementResult {
  return { ...basis, value: null, reason, message };
}

/**
 * Every unit as counts of grades per scale position (unit u at u * k): all the multi-rater statistics
 * depend on these counts only, so a summary tallies once and computes each statistic from the tally.
 */
type Tally = {
  scale: CompiledScale;
  k: number;
  /** Units given, including those with no grades. */
  nInput: number;
  counts: Int32Array;
  /** Grades per unit. */
  sizes: Int32Array;
  nGrades: number;
};

type OffScale = { offScale: number };

function tally(units: readonly UnitRatings[], scale: CompiledScale): Tally | OffScale {
  const k = scale.values.length;
  const counts = new Int32Array(units.length * k);
  const sizes = new Int32Array(units.length);
  let nGrades = 0;
  for (let u = 0; u < units.length; u += 1) {
    let m = 0;
    for (const grade of units[u] ?? []) {
      if (grade === null) continue;
      const position = scale.positionOf.get(grade);
      if (position === undefined) return { offScale: grade };
      counts[u * k + position] = (counts[u * k + position] ?? 0) + 1;
      m += 1;
    }
    sizes[u] = m;
    nGrades += m;
  }
  return { scale, k, nInput: units.length, counts, sizes, nGrades };
}

function offScaleResult(grade: number, scale: CompiledScale): AgreementResult {
  return notDefined(
    'off-scale',
    `Grade ${grade} is not on the grade scale (${scale.values.join(', ')}), so agreement was not computed.`,
    EMPTY_BASIS,
  );
}

/** The reason when no unit has two grades: nothing at all, or grades that never meet. */
function nothingToCompare(nGrades: number, basis: AgreementBasis): AgreementResult {
  return nGrades === 0
    ? notDefined('all-missing', 'No grades to compare: every grade is missing.', basis)
    : notDefined('single-rater', 'No unit has grades from two or more raters, so there is nothing to compare.', basis);
}

function noVariation(grade: number | undefined, basis: AgreementBasis): AgreementResult {
  return notDefined(
    'no-variation',
    `Every grade compared is ${grade ?? 'the same'}: with no variation, chance-corrected agreement is undefined ` +
      '(every pair agrees, so raw agreement is 100%).',
    basis,
  );
}

/** The only scale position used across the totals, or undefined when two or more are used. */
function soleCategory(totals: ArrayLike<number>): number | undefined {
  let sole: number | undefined;
  for (let c = 0; c < totals.length; c += 1) {
    if ((totals[c] ?? 0) === 0) continue;
    if (sole !== undefined) return undefined;
    sole = c;
  }
  return sole;
}

function pairwiseFromTally(t: Tally, maxSteps: 0 | 1): AgreementResult {
  const { k, counts, sizes } = t;
  let sum = 0;
  let nUnits = 0;
  let nValues = 0;
  let nPairs = 0;
  for (let u = 0; u < t.nInput; u += 1) {
    const m = sizes[u] ?? 0;
    if (m < 2) continue;
    // Pairs within a grade, plus (within one grade) pairs across neighbouring scale positions.
    let agreeing = 0;
    for (let c = 0; c < k; c += 1) {
      const here = counts[u * k + c] ?? 0;
      agreeing += (here * (here - 1)) / 2;
      if (maxSteps === 1 && c + 1 < k) agreeing += here * (counts[u * k + c + 1] ?? 0);
    }
    const pairs = (m * (m - 1)) / 2;
    sum += agreeing / pairs;
    nUnits += 1;
    nValues += m;
    nPairs += pairs;
  }
  const basis = { nUnits, nValues, nPairs, nUnitsDropped: t.nInput - nUnits };
  if (nUnits === 0) return nothingToCompare(t.nGrades, basis);
  return defined(sum / nUnits, basis);
}

/**
 * Share of rater pairs that gave the same grade, as a proportion from 0 to 1. Pairs are counted within
 * each unit: every unordered pair of the unit's m grades (m(m - 1) / 2 pairs), so the share for a unit is
 * agreeing pairs / all pairs; units with fewer than two grades are left out. The unit shares are then
 * averaged with equal weight per unit, so a plan section with four auditors counts as much as one with
 * two. With two raters this is the usual percent agreement; with more it is Fleiss' P-bar.
 */
export function percentExactAgreement(units: readonly UnitRatings[], scale: readonly number[]): AgreementResult {
  const compiled = compileScale(scale);
  const t = tally(units, compiled);
  return 'offScale' in t ? offScaleResult(t.offScale, compiled) : pairwiseFromTally(t, 0);
}

/** As percentExactAgreement, but a pair agrees when its grades are at most one step apart on the scale. */
export function percentWithinOneGrade(units: readonly UnitRatings[], scale: readonly number[]): AgreementResult {
  const compiled = compileScale(scale);
  const t = tally(units, compiled);
  return 'offScale' in t ? offScaleResult(t.offScale, compiled) : pairwiseFromTally(t, 1);
}

export type FleissOptions = {
  /**
   * Fleiss' kappa assumes the same number of raters for every unit. When true, units with fewer grades
   * than the most any unit has are left out (listwise deletion) and counted in nUnitsDropped; when false
   * (the default) unequal numbers give the reason 'unequal-raters'. Krippendorff's alpha uses every
   * pairable grade instead, which is why it is the statistic to prefer when grades are missing.
   */
  dropIncompleteUnits?: boolean;
};

function fleissFromTally(t: Tally, options: FleissOptions): AgreementResult {
  const { k, counts, sizes } = t;
  let most = 0;
  let fewest = Infinity;
  for (let u = 0; u < t.nInput; u += 1) {
    const m = sizes[u] ?? 0;
    if (m === 0) continue;
    most = Math.max(most, m);
    fewest = Math.min(fewest, m);
  }
  if (most < 2) return nothingToCompare(t.nGrades, { ...EMPTY_BASIS, nUnitsDropped: t.nInput });
  if (fewest !== most && options.dropIncompleteUnits !== true) {
    return notDefined(
      'unequal-raters',
      `Fleiss' kappa needs the same number of grades for every unit; these units have between ${fewest} and ${most}. ` +
        "Krippendorff's alpha allows missing grades.",
      { ...EMPTY_BASIS, nUnitsDropped: t.nInput },
    );
  }
  const n = most;
  const totals = new Float64Array(k);
  let agreementSum = 0;
  let nUnits = 0;
  for (let u = 0; u < t.nInput; u += 1) {
    if (sizes[u] !== n) continue;
    let squares = 0;
    for (let c = 0; c < k; c += 1) {
      const count = counts[u * k + c] ?? 0;
      squares += count * count;
      totals[c] = (totals[c] ?? 0) + count;
    }
    agreementSum += (squares - n) / (n * (n - 1));
    nUnits += 1;
  }
  const basis = { nUnits, nValues: nUnits * n, nPairs: (nUnits * n * (n - 1)) / 2, nUnitsDropped: t.nInput - nUnits };
  const sole = soleCategory(totals);
  if (sole !== undefined) return noVariation(t.scale.values[sole], basis);
  const observed = agreementSum / nUnits;
  let expected = 0;
  for (const total of totals) {
    const share = total / (nUnits * n);
    expected += share * share;
  }
  return defined((observed - expected) / (1 - expected), basis);
}

/** Fleiss' kappa (Fleiss 1971) for a fixed number of raters per unit; raters need not be the same people. */
export function fleissKappa(
  units: readonly UnitRatings[],
  scale: readonly number[],
  options: FleissOptions = {},
): AgreementResult {
  const compiled = compileScale(scale);
  const t = tally(units, compiled);
  return 'offScale' in t ? offScaleResult(t.offScale, compiled) : fleissFromTally(t, options);
}

/** Krippendorff's coincidence matrix and what it was built from; shared by the three metrics. */
type Coincidences = {
  /** o[c][d]: each ordered pair of grades within a unit, weighted 1 / (m - 1). */
  matrix: Float64Array;
  /** n_c: pairable values per scale position. */
  valueCounts: Float64Array;
  basis: AgreementBasis;
};

function coincidencesFromTally(t: Tally): Coincidences {
  const { k, counts, sizes } = t;
  const matrix = new Float64Array(k * k);
  const valueCounts = new Float64Array(k);
  let nUnits = 0;
  let n = 0;
  let nPairs = 0;
  for (let u = 0; u < t.nInput; u += 1) {
    const m = sizes[u] ?? 0;
    if (m < 2) continue;
    nUnits += 1;
    n += m;
    nPairs += (m * (m - 1)) / 2;
    for (let c = 0; c < k; c += 1) {
      const here = counts[u * k + c] ?? 0;
      if (here === 0) continue;
      valueCounts[c] = (valueCounts[c] ?? 0) + here;
      for (let d = 0; d < k; d += 1) {
        const there = c === d ? here - 1 : (counts[u * k + d] ?? 0);
        if (there > 0) matrix[c * k + d] = (matrix[c * k + d] ?? 0) + (here * there) / (m - 1);
      }
    }
  }
  return { matrix, valueCounts, basis: { nUnits, nValues: n, nPairs, nUnitsDropped: t.nInput - nUnits } };
}

/** Squared distance between two scale positions under a metric, given the pairable-value counts. */
function distance(metric: AlphaMetric, scale: CompiledScale, valueCounts: Float64Array, c: number, d: number): number {
  if (metric === 'nominal') return 1;
  if (metric === 'interval') return ((scale.values[c] ?? 0) - (scale.values[d] ?? 0)) ** 2;
  // Krippendorff's ordinal metric: the values from c to d, counting the two ends as half.
  const low = Math.min(c, d);
  const high = Math.max(c, d);
  let between = 0;
  for (let g = low; g <= high; g += 1) between += valueCounts[g] ?? 0;
  return (between - ((valueCounts[c] ?? 0) + (valueCounts[d] ?? 0)) / 2) ** 2;
}

function alphaFromCoincidences(o: Coincidences, t: Tally, metric: AlphaMetric): AgreementResult {
  const { k, scale } = t;
  const { matrix, valueCounts, basis } = o;
  if (basis.nUnits === 0) return nothingToCompare(t.nGrades, basis);
  const sole = soleCategory(valueCounts);
  if (sole !== undefined) return noVariation(scale.values[sole], basis);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c += 1) {
    for (let d = 0; d < k; d += 1) {
      if (c === d) continue;
      const delta = distance(metric, scale, valueCounts, c, d);
      observed += (matrix[c * k + d] ?? 0) * delta;
      expected += (valueCounts[c] ?? 0) * (valueCounts[d] ?? 0) * delta;
    }
  }
  // alpha = 1 - D_o / D_e with D_o = observed / n and D_e = expected / (n (n - 1)).
  return defined(1 - ((basis.nValues - 1) * observed) / expected, basis);
}

/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") for any number
 * of raters with missing grades. Units with fewer than two grades are not pairable and are dropped, as
 * the method prescribes; alpha = 1 - observed / expected disagreement over the coincidence matrix.
 */
export function krippendorffAlpha(
  units: readonly UnitRatings[],
  scale: readonly number[],
  metric: AlphaMetric,
): AgreementResult {
  const compiled = compileScale(scale);
  const t = tally(units, compiled);
  if ('offScale' in t) return offScaleResult(t.offScale, compiled);
  return alphaFromCoincidences(coincidencesFromTally(t), t, metric);
}

export type MultiRaterSummary = {
  exact: AgreementResult;
  withinOne: AgreementResult;
  /** Over the units with the most grades only (listwise deletion): see its nUnitsDropped. */
  fleiss: AgreementResult;
  alpha: Record<AlphaMetric, AgreementResult>;
};

/** Every multi-rater statistic for one set of units, tallied once. */
export function summariseMultiRater(units: readonly UnitRatings[], scale: readonly number[]): MultiRaterSummary {
  const compiled = compileScale(scale);
  const t = tally(units, compiled);
  if ('offScale' in t) {
    const result = offScaleResult(t.offScale, compiled);
    return {
      exact: result,
      withinOne: result,
      fleiss: result,
      alpha: { nominal: result, ordinal: result, interval: result },
    };
  }
  const coincidences = coincidencesFromTally(t);
  return {
    exact: pairwiseFromTally(t, 0),
    withinOne: pairwiseFromTally(t, 1),
    fleiss: fleissFromTally(t, { dropIncompleteUnits: true }),
    alpha: {
      nominal: alphaFromCoincidences(coincidences, t, 'nominal'),
      ordinal: alphaFromCoincidences(coincidences, t, 'ordinal'),
      interval: alphaFromCoincidences(coincidences, t, 'interval'),
    },
  };
}

/** Two raters' grades as a k x k contingency table (rows rater 1), with its margins. */
type PairTable = {
  scale: CompiledScale;
  k: number;
  table: Float64Array;
  rows: Float64Array;
  columns: Float64Array;
  /** Units graded by both raters. */
  n: number;
  nInput: number;
  nGrades: number;
};

function pairTable(pairs: readonly RatingPair[], scale: CompiledScale): PairTable | OffScale {
  const k = scale.values.length;
  const table = new Float64Array(k * k);
  const rows = new Float64Array(k);
  const columns = new Float64Array(k);
  let n = 0;
  let nGrades = 0;
  for (const [first, second] of pairs) {
    const i = first === null ? null : scale.positionOf.get(first);
    const j = second === null ? null : scale.positionOf.get(second);
    if (i === undefined && first !== null) return { offScale: first };
    if (j === undefined && second !== null) return { offScale: second };
    if (i !== null) nGrades += 1;
    if (j !== null) nGrades += 1;
    if (i === null || j === null || i === undefined || j === undefined) continue;
    table[i * k + j] = (table[i * k + j] ?? 0) + 1;
    rows[i] = (rows[i] ?? 0) + 1;
    columns[j] = (columns[j] ?? 0) + 1;
    n += 1;
  }
  return { scale, k, table, rows, columns, n, nInput: pairs.length, nGrades };
}

function pairBasis(t: PairTable): AgreementBasis {
  return { nUnits: t.n, nValues: 2 * t.n, nPairs: t.n, nUnitsDropped: t.nInput - t.n };
}

function disagreementWeight(weights: KappaWeights, i: number, j: number): number {
  // Unnormalised: weighted kappa is a ratio of weighted sums, so dividing by (k - 1) or (k - 1)^2 cancels.
  if (weights === 'unweighted') return i === j ? 0 : 1;
  const steps = Math.abs(i - j);
  return weights === 'linear' ? steps : steps * steps;
}

function kappaFromTable(t: PairTable, weights: KappaWeights): AgreementResult {
  const { k, table, rows, columns, n } = t;
  const basis = pairBasis(t);
  if (n === 0) return nothingToCompare(t.nGrades, basis);
  const totals = rows.map((r, c) => r + (columns[c] ?? 0));
  const sole = soleCategory(totals);
  if (sole !== undefined) return noVariation(t.scale.values[sole], basis);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j < k; j += 1) {
      if (i === j) continue;
      const w = disagreementWeight(weights, i, j);
      observed += w * (table[i * k + j] ?? 0);
      expected += w * (rows[i] ?? 0) * (columns[j] ?? 0);
    }
  }
  // kappa_w = 1 - (observed disagreement / n) / (expected disagreement / n^2).
  return defined(1 - (n * observed) / expected, basis);
}

/** Two raters: a unit's one pair agrees or not, so the share is the near-diagonal of the table. */
function agreementFromTable(t: PairTable, maxSteps: 0 | 1): AgreementResult {
  const { k, table, n } = t;
  const basis = pairBasis(t);
  if (n === 0) return nothingToCompare(t.nGrades, basis);
  let agreeing = 0;
  for (let i = 0; i < k; i += 1) {
    for (let j = Math.max(0, i - maxSteps); j <= Math.min(k - 1, i + maxSteps); j += 1) {
      agreeing += table[i * k + j] ?? 0;
    }
  }
  return defined(agreeing / n, basis);
}

/**
 * Cohen's kappa for two raters (Cohen 1960), or weighted kappa (Cohen 1968) with linear
 * (Cicchetti-Allison) or quadratic (Fleiss-Cohen) disagreement weights over the scale positions.
 * Units where either rater gave no grade are left out (listwise).
 */
export function cohensKappa(
  pairs: readonly RatingPair[],
  scale: readonly number[],
  weights: KappaWeights = 'unweighted',
): AgreementResult {
  const compiled = compileScale(scale);
  const t = pairTable(pairs, compiled);
  return 'offScale' in t ? offScaleResult(t.offScale, compiled) : kappaFromTable(t, weights);
}

export type TwoRaterSummary = {
  exact: AgreementResult;
  withinOne: AgreementResult;
  kappa: AgreementResult;
  linearKappa: AgreementResult;
  quadraticKappa: AgreementResult;
};

/** Every two-rater statistic for one set of pairs, from one contingency table. */
export function summariseTwoRaters(pairs: readonly RatingPair[], scale: readonly number[]): TwoRaterSummary {
  const compiled = compileScale(scale);
  const t = pairTable(pairs, compiled);
  if ('offScale' in t) {
    const result = offScaleResult(t.offScale, compiled);
    return { exact: result, withinOne: result, kappa: result, linearKappa: result, quadraticKappa: result };
  }
  return {
    exact: agreementFromTable(t, 0),
    withinOne: agreementFromTable(t, 1),
    kappa: kappaFromTable(t, 'unweighted'),
    linearKappa: kappaFromTable(t, 'linear'),
    quadraticKappa: kappaFromTable(t, 'quadratic'),
  };
}

export const LANDIS_KOCH_BANDS = ['none', 'slight', 'fair', 'moderate', 'substantial', 'almost-perfect'] as const;
export type LandisKochBand = (typeof LANDIS_KOCH_BANDS)[number];

export const LANDIS_KOCH_LABELS: Record<LandisKochBand, string> = {
  none: 'None or poor',
  slight: 'Slight',
  fair: 'Fair',
  moderate: 'Moderate',
  substantial: 'Substantial',
  'almost-perfect': 'Almost perfect',
};

/**
 * The Landis and Koch (1977) band of a kappa-type value: <= 0 none, 0.01-0.20 slight, 0.21-0.40 fair,
 * 0.41-0.60 moderate, 0.61-0.80 substantial, 0.81-1 almost perfect. The value is banded as reports show
 * it, rounded to two decimals, so 0.205 (shown as 0.21) is fair and never a "0.21, slight".
 */
export function landisKochBand(value: number | null): LandisKochBand | null {
  if (value === null || !Number.isFinite(value)) return null;
  const shown = Math.round(value * 100);
  if (shown <= 0) return 'none';
  if (shown <= 20) return 'slight';
  if (shown <= 40) return 'fair';
  if (shown <= 60) return 'moderate';
  if (shown <= 80) return 'substantial';
  return 'almost-perfect';
}

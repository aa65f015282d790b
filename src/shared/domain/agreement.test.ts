import { describe, expect, it } from 'vitest';
import {
  cohensKappa,
  fleissKappa,
  krippendorffAlpha,
  landisKochBand,
  percentExactAgreement,
  percentWithinOneGrade,
  summariseMultiRater,
  summariseTwoRaters,
  type AgreementResult,
  type RatingPair,
  type UnitRatings,
} from './agreement.ts';

const NA = null;
const FOUR_POINT = [1, 2, 3, 4];

/** A two-rater contingency table (rows rater 1, columns rater 2) as one pair per counted unit. */
function pairsFromTable(table: number[][], categories: number[]): RatingPair[] {
  return table.flatMap((row, i) =>
    row.flatMap((count, j) => Array.from({ length: count }, (): RatingPair => [categories[i]!, categories[j]!])),
  );
}

/** A Fleiss subjects-by-categories count table as one unit per subject, one grade per rater. */
function unitsFromCounts(table: number[][], categories: number[]): UnitRatings[] {
  return table.map((row) => row.flatMap((count, j) => Array<number>(count).fill(categories[j]!)));
}

function valueOf(result: AgreementResult): number {
  if (result.value === null) throw new Error(`expected a value, got ${result.reason}: ${result.message}`);
  return result.value;
}

describe("Krippendorff's alpha", () => {
  // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
  // University of Pennsylvania: the worked example "C" with 4 observers, 12 units, values 1-5 and missing data
  // (the same matrix ships as the example of DescTools::KrippAlpha / irr::kripp.alpha). Unit 12 has a single
  // value, so it is not pairable: n = 40 pairable values in 11 units. Published: nominal .743, ordinal .815,
  // interval .849.
  const reliabilityData: UnitRatings[] = [
    [1, 1, NA, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [NA, 5, 5, 5],
    [NA, NA, 1, 1],
    [NA, NA, 3, NA],
  ];
  const scale = [1, 2, 3, 4, 5];

  it("reproduces Krippendorff's (2011) worked example for each metric", () => {
    expect(valueOf(krippendorffAlpha(reliabilityData, scale, 'nominal'))).toBeCloseTo(0.743, 3);
    expect(valueOf(krippendorffAlpha(reliabilityData, scale, 'ordinal'))).toBeCloseTo(0.815, 3);
    expect(valueOf(krippendorffAlpha(reliabilityData, scale, 'interval'))).toBeCloseTo(0.849, 3);
  });

  it('says what it was computed from: the unit with one value is dropped', () => {
    expect(krippendorffAlpha(reliabilityData, scale, 'nominal')).toMatchObject({
      nUnits: 11,
      nValues: 40,
      nUnitsDropped: 1,
      reason: null,
    });
  });

  it('does not depend on the order the scale is listed in', () => {
    const reversed = [5, 4, 3, 2, 1];
    expect(valueOf(krippendorffAlpha(reliabilityData, reversed, 'ordinal'))).toBeCloseTo(0.815, 3);
  });
});

describe("Fleiss' kappa", () => {
  // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
  // p_j = .143 .200 .279 .171 .229; P-bar = 0.378; P-bar_e = 0.213; kappa = (0.378 - 0.213) / (1 - 0.213) = 0.210.
  const wikipedia = unitsFromCounts(
    [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ],
    [1, 2, 3, 4, 5],
  );

  it('reproduces the Wikipedia worked example (kappa = 0.210)', () => {
    const result = fleissKappa(wikipedia, [1, 2, 3, 4, 5]);
    expect(valueOf(result)).toBeCloseTo(0.21, 3);
    expect(result).toMatchObject({ nUnits: 10, nValues: 140, nPairs: 10 * 91, nUnitsDropped: 0 });
  });

  it("gives P-bar, the mean pairwise agreement, as percent exact agreement (Wikipedia's 0.378)", () => {
    expect(valueOf(percentExactAgreement(wikipedia, [1, 2, 3, 4, 5]))).toBeCloseTo(0.378, 3);
  });

  // Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin 76(5),
  // 378-382: 30 patients, 6 psychiatrists each, 5 diagnoses; kappa = .430. The raw ratings are the `diagnoses`
  // data set of the R package irr, whose kappam.fleiss(diagnoses) gives 0.4302445.
  const diagnoses: UnitRatings[] = [
    [4, 4, 4, 4, 4, 4],
    [2, 2, 2, 5, 5, 5],
    [2, 3, 3, 3, 3, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3],
    [3, 3, 3, 3, 5, 5],
    [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4],
    [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4],
    [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3],
    [1, 4, 4, 4, 4, 4],
    [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5],
    [1, 1, 1, 1, 1, 2],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 4, 4, 4, 4, 4],
    [2, 2, 4, 5, 5, 5],
    [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4],
    [1, 1, 1, 1, 5, 5],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3],
    [5, 5, 5, 5, 5, 5],
  ];

  it("reproduces Fleiss' (1971) own example (kappa = 0.430)", () => {
    expect(valueOf(fleissKappa(diagnoses, [1, 2, 3, 4, 5]))).toBeCloseTo(0.43, 3);
  });

  it('refuses units with unequal numbers of grades, with a reason, unless told to drop them', () => {
    const units: UnitRatings[] = [
      [3, 3, 2],
      [2, 2, 2],
      [4, NA, 3],
      [1, 1, 1],
    ];
    const refused = fleissKappa(units, FOUR_POINT);
    expect(refused).toMatchObject({ value: null, reason: 'unequal-raters' });
    expect(refused.message).toMatch(/between 2 and 3/);

    // Listwise: the 3 complete units. P_i = 1/3, 1, 1 -> P-bar = 7/9 = 63/81; p_1 = 3/9, p_2 = 4/9, p_3 = 2/9
    // -> P_e = (9 + 16 + 4) / 81 = 29/81; kappa = (63 - 29) / (81 - 29) = 34/52 = 0.654.
    const dropped = fleissKappa(units, FOUR_POINT, { dropIncompleteUnits: true });
    expect(valueOf(dropped)).toBeCloseTo(34 / 52, 3);
    expect(dropped).toMatchObject({ nUnits: 3, nUnitsDropped: 1, nValues: 9 });
  });
});

describe("Cohen's kappa", () => {
  it('reproduces the Wikipedia "Cohen\'s kappa" example (50 proposals, two readers: kappa = 0.4)', () => {
    // Both yes 20, A yes B no 5, A no B yes 10, both no 15: p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5.
    const pairs = pairsFromTable(
      [
        [20, 5],
        [10, 15],
      ],
      [1, 0],
    );
    const result = cohensKappa(pairs, [0, 1]);
    expect(valueOf(result)).toBeCloseTo(0.4, 3);
    expect(result).toMatchObject({ nUnits: 50, nValues: 100, nUnitsDropped: 0 });
    expect(valueOf(percentExactAgreement(pairs, [0, 1]))).toBeCloseTo(0.7, 3);
  });

  // SAS/STAT PROC FREQ AGREE printout for a 3 x 3 table, as reproduced in statsmodels'
  // stats/tests/test_inter_rater.py: simple kappa 0.4842, weighted kappa 0.4701 with SAS's default
  // Cicchetti-Allison weights, which are the linear weights 1 - |i - j| / (k - 1).
  const sasTable = [
    [0, 4, 1],
    [0, 8, 0],
    [0, 1, 5],
  ];

  it('reproduces SAS PROC FREQ: simple 0.484 and linear weighted 0.470', () => {
    const pairs = pairsFromTable(sasTable, [1, 2, 3]);
    expect(valueOf(cohensKappa(pairs, [1, 2, 3]))).toBeCloseTo(0.4842, 3);
    expect(valueOf(cohensKappa(pairs, [1, 2, 3], 'linear'))).toBeCloseTo(0.4701, 3);
  });

  // R package irr, data set `anxiety` (20 subjects), raters 2 and 3: kappa2() gives unweighted -0.006289308,
  // "equal" (linear) 0.1459075 and "squared" (quadratic) 0.2520325 (values from irr, as pinned in statsmodels'
  // test_inter_rater.py). irr builds the table from the levels observed, 1, 2, 3, 4 and 6 (no 5), so that
  // is the ordered category list here.
  const rater2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
  const rater3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
  const anxiety = rater2.map((grade, i): RatingPair => [grade, rater3[i]!]);
  const levels = [1, 2, 3, 4, 6];

  it('reproduces irr::kappa2 on the anxiety data: unweighted, linear and quadratic', () => {
    expect(valueOf(cohensKappa(anxiety, levels))).toBeCloseTo(-0.006289, 3);
    expect(valueOf(cohensKappa(anxiety, levels, 'linear'))).toBeCloseTo(0.1459075, 3);
    expect(valueOf(cohensKappa(anxiety, levels, 'quadratic'))).toBeCloseTo(0.2520325, 3);
  });

  // Kundel, H. L. & Polansky, M. (2003). Measurement of observer agreement. Radiology 228, 303-308, Table A1:
  // 110 mammograms, two readers, Absent / Minimal / Moderate / Severe. The `Mammograms` data of the R package
  // vcdExtra; its help page prints vcd::Kappa as unweighted 0.3713 and weighted (equal spacing: linear) 0.5964.
  const mammograms = [
    [34, 10, 2, 0],
    [6, 8, 8, 2],
    [2, 5, 4, 12],
    [0, 1, 2, 14],
  ];

  it('reproduces Kundel and Polansky (2003) via vcd::Kappa: unweighted 0.371, linear 0.596', () => {
    const pairs = pairsFromTable(mammograms, FOUR_POINT);
    expect(valueOf(cohensKappa(pairs, FOUR_POINT))).toBeCloseTo(0.3713, 3);
    expect(valueOf(cohensKappa(pairs, FOUR_POINT, 'linear'))).toBeCloseTo(0.5964, 3);
  });

  it('weights by scale position, so a grade nobody used still counts as a step between grades', () => {
    // Grades 1, 2 and 4 on the four-point scale: 2 and 4 are two steps apart, not one.
    const pairs: RatingPair[] = [
      [1, 2],
      [2, 4],
      [1, 1],
      [4, 4],
    ];
    // Rows 1:2, 2:1, 4:1; columns 1:1, 2:1, 4:2; n = 4. Quadratic disagreement weights (steps squared):
    // on 1-2-3-4, w(1,2) = 1, w(1,4) = 9, w(2,4) = 4: observed 1 + 4 = 5; expected sum of w * row * column
    // = 2 + 36 + 1 + 8 + 9 + 4 = 60; kappa = 1 - 4 * 5 / 60 = 0.667.
    expect(valueOf(cohensKappa(pairs, FOUR_POINT, 'quadratic'))).toBeCloseTo(2 / 3, 3);
    // On a 1-2-4 scale, w(1,4) = 4 and w(2,4) = 1: observed 2; expected 2 + 16 + 1 + 2 + 4 + 1 = 26;
    // kappa = 1 - 8 / 26 = 0.692.
    expect(valueOf(cohensKappa(pairs, [1, 2, 4], 'quadratic'))).toBeCloseTo(18 / 26, 3);
  });

  it('leaves out units where either rater gave no grade, and counts them', () => {
    const pairs = [...pairsFromTable(sasTable, [1, 2, 3]), [2, NA] as const, [NA, NA] as const];
    const result = cohensKappa(pairs, [1, 2, 3]);
    expect(valueOf(result)).toBeCloseTo(0.4842, 3);
    expect(result).toMatchObject({ nUnits: 19, nUnitsDropped: 2 });
  });
});

describe('percent agreement', () => {
  it('counts pairs within each unit and averages over units', () => {
    // Unit 1: 1, 2, 4 -> pairs (1,2) (1,4) (2,4): none exact, one within one grade.
    // Unit 2: 3, 3, 2 (one missing) -> pairs (3,3) (3,2) (3,2): one exact, all three within one.
    // Exact = (0 + 1/3) / 2 = 0.167; within one = (1/3 + 1) / 2 = 0.667. The single-grade unit is dropped.
    const units: UnitRatings[] = [
      [1, 2, 4],
      [3, 3, 2, NA],
      [4, NA, NA],
    ];
    const exact = percentExactAgreement(units, FOUR_POINT);
    expect(valueOf(exact)).toBeCloseTo(1 / 6, 3);
    expect(exact).toMatchObject({ nUnits: 2, nValues: 6, nPairs: 6, nUnitsDropped: 1 });
    expect(valueOf(percentWithinOneGrade(units, FOUR_POINT))).toBeCloseTo(2 / 3, 3);
  });

  it('gives the diagonal and near-diagonal shares for two raters (SAS table: 13/19 and 18/19)', () => {
    const pairs = pairsFromTable(
      [
        [0, 4, 1],
        [0, 8, 0],
        [0, 1, 5],
      ],
      [1, 2, 3],
    );
    expect(valueOf(percentExactAgreement(pairs, [1, 2, 3]))).toBeCloseTo(13 / 19, 3);
    expect(valueOf(percentWithinOneGrade(pairs, [1, 2, 3]))).toBeCloseTo(18 / 19, 3);
  });

  it('measures within one grade in scale steps, not in grade values', () => {
    // On a 1, 3, 5 scale, 1 and 3 are neighbours; 1 and 5 are two steps apart.
    expect(valueOf(percentWithinOneGrade([[1, 3]], [1, 3, 5]))).toBe(1);
    expect(valueOf(percentWithinOneGrade([[1, 5]], [1, 3, 5]))).toBe(0);
  });
});

describe('degenerate data', () => {
  const everyStatistic = (units: UnitRatings[]) => ({
    exact: percentExactAgreement(units, FOUR_POINT),
    withinOne: percentWithinOneGrade(units, FOUR_POINT),
    fleiss: fleissKappa(units, FOUR_POINT),
    nominal: krippendorffAlpha(units, FOUR_POINT, 'nominal'),
    ordinal: krippendorffAlpha(units, FOUR_POINT, 'ordinal'),
    interval: krippendorffAlpha(units, FOUR_POINT, 'interval'),
    kappa: cohensKappa(
      units.map((u): RatingPair => [u[0] ?? NA, u[1] ?? NA]),
      FOUR_POINT,
      'quadratic',
    ),
  });

  it('all agree on one grade: raw agreement is 1, chance-corrected agreement is undefined (0/0)', () => {
    const stats = everyStatistic([
      [3, 3, 3],
      [3, 3, 3],
    ]);
    expect(stats.exact.value).toBe(1);
    expect(stats.withinOne.value).toBe(1);
    for (const result of [stats.fleiss, stats.nominal, stats.ordinal, stats.interval, stats.kappa]) {
      expect(result).toMatchObject({ value: null, reason: 'no-variation' });
      expect(result.message).toMatch(/Every grade compared is 3/);
    }
  });

  it('all agree across different grades: kappa and alpha are 1', () => {
    const stats = everyStatistic([
      [3, 3, 3],
      [1, 1, 1],
      [4, 4, 4],
    ]);
    for (const result of Object.values(stats)) expect(result.value).toBe(1);
  });

  it('a single rater: nothing to compare', () => {
    const stats = everyStatistic([[3, NA], [2, NA], [4]]);
    for (const result of Object.values(stats)) {
      expect(result).toMatchObject({ value: null, reason: 'single-rater', nUnits: 0, nUnitsDropped: 3 });
    }
  });

  it('all missing, or no units at all', () => {
    for (const units of [
      [
        [NA, NA],
        [NA, NA, NA],
      ],
      [],
    ]) {
      for (const result of Object.values(everyStatistic(units))) {
        expect(result).toMatchObject({ value: null, reason: 'all-missing', nUnits: 0 });
      }
    }
  });

  it('a grade that is not on the scale is reported, not guessed', () => {
    for (const result of Object.values(everyStatistic([[3, 7]]))) {
      expect(result).toMatchObject({ value: null, reason: 'off-scale' });
      expect(result.message).toMatch(/Grade 7 is not on the grade scale \(1, 2, 3, 4\)/);
    }
  });

  it('never returns NaN', () => {
    const cases: UnitRatings[][] = [[], [[NA]], [[1]], [[2, 2]], [[1, 2]], [[1, 2, NA, 4]]];
    for (const units of cases) {
      for (const result of Object.values(everyStatistic(units))) {
        if (result.value !== null) expect(Number.isFinite(result.value)).toBe(true);
        else expect(result.message).toEqual(expect.any(String));
      }
    }
  });
});

// Any two-rater table with every kind of cell will do for the equivalence checks below.
const TWO_RATER_TABLE = [
  [34, 10, 2, 0],
  [6, 8, 8, 2],
  [2, 5, 4, 12],
  [0, 1, 2, 14],
];

describe('summaries', () => {
  it('summariseMultiRater gives the same results as each statistic alone, with Fleiss listwise', () => {
    const units: UnitRatings[] = [
      [1, 1, NA, 1],
      [2, 2, 3, 2],
      [1, 2, 3, 4],
      [NA, NA, 3, NA],
    ];
    const summary = summariseMultiRater(units, FOUR_POINT);
    expect(summary.exact).toEqual(percentExactAgreement(units, FOUR_POINT));
    expect(summary.withinOne).toEqual(percentWithinOneGrade(units, FOUR_POINT));
    expect(summary.fleiss).toEqual(fleissKappa(units, FOUR_POINT, { dropIncompleteUnits: true }));
    for (const metric of ['nominal', 'ordinal', 'interval'] as const) {
      expect(summary.alpha[metric]).toEqual(krippendorffAlpha(units, FOUR_POINT, metric));
    }
  });

  it('summariseTwoRaters gives the same results as each statistic alone', () => {
    const pairs: RatingPair[] = [...pairsFromTable(TWO_RATER_TABLE, FOUR_POINT), [2, NA]];
    const summary = summariseTwoRaters(pairs, FOUR_POINT);
    expect(summary.exact).toEqual(percentExactAgreement(pairs, FOUR_POINT));
    expect(summary.withinOne).toEqual(percentWithinOneGrade(pairs, FOUR_POINT));
    expect(summary.kappa).toEqual(cohensKappa(pairs, FOUR_POINT));
    expect(summary.linearKappa).toEqual(cohensKappa(pairs, FOUR_POINT, 'linear'));
    expect(summary.quadraticKappa).toEqual(cohensKappa(pairs, FOUR_POINT, 'quadratic'));
  });

  it('reports an off-scale grade in every statistic', () => {
    const multi = summariseMultiRater([[1, 9]], FOUR_POINT);
    const two = summariseTwoRaters([[9, 1]], FOUR_POINT);
    for (const result of [multi.exact, multi.fleiss, multi.alpha.ordinal, two.exact, two.quadraticKappa]) {
      expect(result).toMatchObject({ value: null, reason: 'off-scale' });
    }
  });
});

describe('landisKochBand', () => {
  it.each([
    [-0.3, 'none'],
    [0, 'none'],
    [0.004, 'none'],
    [0.01, 'slight'],
    [0.2, 'slight'],
    [0.204, 'slight'],
    [0.205, 'fair'],
    [0.21, 'fair'],
    [0.4, 'fair'],
    [0.41, 'moderate'],
    [0.6, 'moderate'],
    [0.61, 'substantial'],
    [0.8, 'substantial'],
    [0.81, 'almost-perfect'],
    [1, 'almost-perfect'],
  ] as const)('%s is %s', (value, band) => {
    expect(landisKochBand(value)).toBe(band);
  });

  it('has no band for an undefined value', () => {
    expect(landisKochBand(null)).toBeNull();
    expect(landisKochBand(Number.NaN)).toBeNull();
  });
});

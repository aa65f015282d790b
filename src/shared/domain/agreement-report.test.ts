import { describe, expect, it } from 'vitest';
import type { Agency } from '#shared/schemas/framework.ts';
import { fleissKappa, krippendorffAlpha, percentExactAgreement, type AgreementResult } from './agreement.ts';
import { buildAgreementReport, type GradeRating, type ModeratedGrade } from './agreement-report.ts';

const SCALE = [4, 3, 2, 1];
const AUDITORS: Record<string, Agency> = { ed1: 'education', he1: 'health', sc1: 'social-care' };

/** Rows of [cycle, plan, section, ed1, he1, sc1]; undefined means that auditor has no rating row. */
function ratingsOf(rows: [string, string, string, ...(number | null | undefined)[]][]): GradeRating[] {
  return rows.flatMap(([cycleId, unitId, sectionId, ...grades]) =>
    Object.entries(AUDITORS).flatMap(([raterId, agency], i) => {
      const grade = grades[i];
      return grade === undefined ? [] : [{ cycleId, unitId, sectionId, raterId, agency, grade }];
    }),
  );
}

const ratings: GradeRating[] = [
  // A superseded row: the later rating of the same auditor, plan and section replaces it.
  { cycleId: 'c1', unitId: 'p3', sectionId: 'F', raterId: 'ed1', agency: 'education', grade: 4 },
  ...ratingsOf([
    //  cycle plan section  ed1  he1  sc1
    ['c1', 'p1', 'B', 3, 3, 2],
    ['c1', 'p2', 'B', 2, 2, 2],
    ['c1', 'p3', 'B', 4, 3, null],
    ['c1', 'p1', 'F', 1, 2, 1],
    ['c1', 'p2', 'F', 3, 3, 3],
    ['c1', 'p3', 'F', 2, 4, 2],
    ['c2', 'p1', 'B', 3, 3],
    // Only one auditor graded J; nobody graded K.
    ['c1', 'p1', 'J', 3],
    ['c1', 'p1', 'K', null, null, null],
  ]),
];

const moderated: ModeratedGrade[] = [
  { cycleId: 'c1', unitId: 'p1', sectionId: 'B', grade: 3 },
  { cycleId: 'c1', unitId: 'p2', sectionId: 'B', grade: 2 },
  { cycleId: 'c1', unitId: 'p3', sectionId: 'B', grade: 4 },
  { cycleId: 'c1', unitId: 'p1', sectionId: 'F', grade: 1 },
  { cycleId: 'c1', unitId: 'p2', sectionId: 'F', grade: 3 },
  { cycleId: 'c1', unitId: 'p3', sectionId: 'F', grade: 2 },
];

const report = buildAgreementReport(ratings, SCALE, moderated);

function valueOf(result: AgreementResult): number {
  if (result.value === null) throw new Error(`expected a value, got ${result.reason}: ${result.message}`);
  return result.value;
}

function section(id: string) {
  const found = report.bySection.find((s) => s.sectionId === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
}

describe('buildAgreementReport', () => {
  it('lists sections and cycles in the order they first appear', () => {
    expect(report.bySection.map((s) => s.sectionId)).toEqual(['F', 'B', 'J', 'K']);
    expect(report.byCycle.map((c) => c.cycleId)).toEqual(['c1', 'c2']);
  });

  it('computes each section over its plans in every cycle', () => {
    const b = section('B');
    // Units: c1 p1 (3,3,2), c1 p2 (2,2,2), c1 p3 (4,3), c2 p1 (3,3).
    // Exact: (1/3 + 1 + 0 + 1) / 4 = 0.583; within one: every pair -> 1.
    expect(b).toMatchObject({ nUnits: 4, nRaters: 3 });
    expect(valueOf(b.exact)).toBeCloseTo(7 / 12, 3);
    expect(valueOf(b.withinOne)).toBe(1);
    const units = [
      [3, 3, 2],
      [2, 2, 2],
      [4, 3, null],
      [3, 3],
    ];
    expect(b.alpha.ordinal).toEqual(krippendorffAlpha(units, SCALE, 'ordinal'));
    // Fleiss over the two units with three grades; the two with two grades are dropped and counted.
    expect(b.fleiss).toEqual(fleissKappa(units, SCALE, { dropIncompleteUnits: true }));
    expect(b.fleiss).toMatchObject({ nUnits: 2, nUnitsDropped: 2 });
  });

  it('keeps only the latest rating of an auditor for a plan section', () => {
    // F, c1 p3 is (2, 4, 2) after the superseded 4 from ed1 is replaced.
    const units = [
      [1, 2, 1],
      [3, 3, 3],
      [2, 4, 2],
    ];
    expect(section('F').exact).toEqual(percentExactAgreement(units, SCALE));
    expect(section('F').nUnits).toBe(3);
  });

  it('explains a section with one auditor, and a section with no grades, instead of a number', () => {
    expect(section('J').alpha.ordinal).toMatchObject({ value: null, reason: 'single-rater' });
    expect(section('J').exact).toMatchObject({ value: null, reason: 'single-rater' });
    expect(section('K').alpha.interval).toMatchObject({ value: null, reason: 'all-missing' });
    expect(section('K').fleiss).toMatchObject({ value: null, reason: 'all-missing' });
  });

  it('computes each cycle over all its plan sections', () => {
    const [c1, c2] = report.byCycle;
    expect(c1).toMatchObject({ cycleId: 'c1', nUnits: 8 });
    expect(c2).toMatchObject({ cycleId: 'c2', nUnits: 1, nRaters: 2 });
    expect(c2?.exact.value).toBe(1);
    // One unit on one grade: no variation, so alpha has no value.
    expect(c2?.alpha.nominal).toMatchObject({ value: null, reason: 'no-variation' });
    expect(report.overall.nUnits).toBe(9);
  });

  it("pairs agencies over the units both graded, in the agencies' fixed order", () => {
    expect(report.byAgencyPair.map((p) => p.agencies)).toEqual([
      ['education', 'health'],
      ['education', 'social-care'],
      ['health', 'social-care'],
    ]);
    const [educationHealth, educationSocialCare] = report.byAgencyPair;
    // Education vs health: (3,3) (2,2) (4,3) (1,2) (3,3) (2,4) (3,3); J has no health row; K pairs two blanks.
    // Exact 4/7; within one 6/7. Unweighted kappa: education 1:1 2:2 3:3 4:1, health 2:2 3:4 4:1;
    // p_o = 4/7, p_e = (0 + 4 + 12 + 1) / 49 = 17/49, kappa = (28 - 17) / (49 - 17) = 11/32 = 0.344.
    expect(educationHealth?.kappa).toMatchObject({ nUnits: 7, nUnitsDropped: 1 });
    expect(valueOf(educationHealth!.exact)).toBeCloseTo(4 / 7, 3);
    expect(valueOf(educationHealth!.withinOne)).toBeCloseTo(6 / 7, 3);
    expect(valueOf(educationHealth!.kappa)).toBeCloseTo(11 / 32, 3);
    expect(educationHealth?.linearKappa.value).toEqual(expect.any(Number));
    expect(educationHealth?.quadraticKappa.value).toEqual(expect.any(Number));
    // Education vs social care: (3,2) (2,2) (4,-) (1,1) (3,3) (2,2) and K (-,-): 4 of 5 usable pairs agree.
    expect(valueOf(educationSocialCare!.exact)).toBeCloseTo(4 / 5, 3);
    expect(educationSocialCare?.exact).toMatchObject({ nUnits: 5 });
  });

  it('compares each auditor with the moderated grade where there is one', () => {
    const byRater = new Map(report.byAuditor.map((a) => [a.raterId, a]));
    expect([...byRater.keys()].sort()).toEqual(['ed1', 'he1', 'sc1']);
    const ed1 = byRater.get('ed1')!;
    // ed1 matches the panel on all six c1 sections; c2 has no moderated result, so it is not counted.
    expect(ed1).toMatchObject({ agency: 'education' });
    expect(ed1.exact).toMatchObject({ value: 1, nUnits: 6 });
    expect(ed1.quadraticKappa.value).toBe(1);
    // he1: (3,3) (2,2) (3,4) (2,1) (3,3) (4,2) -> 3 of 6 exact.
    expect(valueOf(byRater.get('he1')!.exact)).toBeCloseTo(0.5, 3);
    // sc1: (2,3) (2,2) (-,4) (1,1) (3,3) (2,2) -> 4 of 5 usable.
    expect(byRater.get('sc1')!.exact).toMatchObject({ value: 0.8, nUnits: 5, nUnitsDropped: 1 });
  });

  it('applies a moderated grade without a cycle to that plan section in every cycle', () => {
    const withoutCycle = buildAgreementReport(ratings, SCALE, [{ unitId: 'p1', sectionId: 'B', grade: 3 }]);
    const ed1 = withoutCycle.byAuditor.find((a) => a.raterId === 'ed1');
    expect(ed1?.exact).toMatchObject({ value: 1, nUnits: 2 });
  });

  it('has no auditor comparisons without moderated results, and no NaN anywhere', () => {
    const plain = buildAgreementReport(ratings, SCALE);
    expect(plain.byAuditor).toEqual([]);
    const numbers: number[] = [];
    JSON.stringify(plain, (_key, value: unknown) => {
      if (typeof value === 'number') numbers.push(value);
      return value;
    });
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.every(Number.isFinite)).toBe(true);
  });

  it('gives an empty report for no ratings', () => {
    const empty = buildAgreementReport([], SCALE);
    expect(empty).toMatchObject({ bySection: [], byCycle: [], byAgencyPair: [], byAuditor: [] });
    expect(empty.overall.alpha.ordinal).toMatchObject({ value: null, reason: 'all-missing' });
  });
});

import { describe, expect, it } from 'vitest';
import { buildFramework, criterion, rate, section } from '#tests/fixtures/frameworks.ts';
import type { CriterionResponse } from '#shared/schemas/audit.ts';
import type { Framework, RatingMeaning } from '#shared/schemas/framework.ts';
import { computeAnnualReviewMeasures, suppressMeasures, type MeasurePlan } from './annual-review-measures.ts';

const REVIEW: Framework = buildFramework({
  id: 'review',
  kind: 'annual-review',
  overall: { method: 'mean', rules: [] },
  sections: [
    section('T', [criterion('TIME1'), criterion('VOICE1'), criterion('VOICE3')]),
    section('P', [
      criterion('PROV1', {
        measure: { kind: 'ratio', id: 'f-lines', label: 'Lines', numeratorLabel: 'Done', denominatorLabel: 'All' },
      }),
    ]),
  ],
  measures: [
    { kind: 'criteria', id: 'on-time', label: 'Reviews within 12 months', criteria: ['TIME1'] },
    { kind: 'criteria', id: 'views', label: 'Views captured', criteria: ['VOICE1', 'VOICE3'] },
    { kind: 'lines', id: 'provision', label: 'Section F in place', ratio: 'f-lines' },
  ],
});

const AUTUMN = '2026-10-01';
const SPRING = '2027-02-01';

/** One review, scored by one auditor per entry in `audits`. */
function review(date: string, ...audits: Record<string, CriterionResponse>[]): MeasurePlan {
  return { date, framework: REVIEW, audits: audits.map((responses) => ({ agency: 'sendat', responses })) };
}
const rated = (ratings: Record<string, RatingMeaning>) => rate(ratings);
const lines = (numerator: number, denominator: number): Record<string, CriterionResponse> => ({
  PROV1: { rating: 'met', measure: { numerator, denominator } },
});

const byId = (plans: MeasurePlan[], id: string) => {
  const found = computeAnnualReviewMeasures(plans).find((m) => m.id === id);
  if (!found) throw new Error(`no measure ${id}`);
  return found;
};

describe('computeAnnualReviewMeasures', () => {
  it('gives the number of reviews meeting a measure of those judged, per term, with the change on the term before', () => {
    const plans = [
      review(AUTUMN, rated({ TIME1: 'met' })),
      review(AUTUMN, rated({ TIME1: 'not-met' })),
      review(SPRING, rated({ TIME1: 'met' })),
      review(SPRING, rated({ TIME1: 'met' })),
      review(SPRING, rated({ TIME1: 'met' })),
      review(SPRING, rated({ TIME1: 'not-met' })),
    ];
    const onTime = byId(plans, 'on-time');
    expect(onTime.label).toBe('Reviews within 12 months');
    expect(onTime.terms.map((t) => [t.term, t.numerator, t.denominator, t.share, t.change])).toEqual([
      ['2026/27 Autumn', 1, 2, 50, null],
      ['2026/27 Spring', 3, 4, 75, 25],
    ]);
    expect(onTime.total).toMatchObject({ numerator: 4, denominator: 6, share: 66.7 });
  });

  it('leaves missing and Cannot judge answers out of the share and counts them as unknown', () => {
    const plans = [
      review(AUTUMN, rated({ TIME1: 'met' })),
      review(AUTUMN, rated({ TIME1: 'cannot-judge' })),
      review(AUTUMN, rated({})),
    ];
    expect(byId(plans, 'on-time').total).toMatchObject({
      numerator: 1,
      denominator: 1,
      share: 100,
      unknown: 2,
      notApplicable: 0,
    });
  });

  it('judges a measure on the criteria that apply: N/A ones are skipped, all N/A is not applicable', () => {
    const plans = [
      // The child's views are N/A (stated); the parents' views were captured: meets the measure.
      review(AUTUMN, rated({ VOICE1: 'na-stated', VOICE3: 'met' })),
      review(AUTUMN, rated({ VOICE1: 'na-not-relevant', VOICE3: 'na-stated' })),
      // Partly met on one criterion fails it even though the other is met.
      review(AUTUMN, rated({ VOICE1: 'met', VOICE3: 'partly-met' })),
      // A failure is certain even when another listed criterion is unanswered.
      review(AUTUMN, rated({ VOICE1: 'not-met' })),
      // Met and unanswered is not yet known.
      review(AUTUMN, rated({ VOICE1: 'met' })),
    ];
    expect(byId(plans, 'views').total).toMatchObject({
      numerator: 1,
      denominator: 3,
      unknown: 1,
      notApplicable: 1,
    });
  });

  it('counts a review scored by two auditors once, and a failure found by either as a failure', () => {
    const plans = [
      review(AUTUMN, rated({ TIME1: 'met' }), rated({ TIME1: 'not-met' })),
      review(AUTUMN, rated({ TIME1: 'met' }), rated({ TIME1: 'cannot-judge' })),
    ];
    expect(byId(plans, 'on-time').total).toMatchObject({ numerator: 1, denominator: 2, reviews: 2, unknown: 0 });
  });

  it('sums Section F lines over reviews, taking the lower count when two auditors differ', () => {
    const plans = [
      review(AUTUMN, lines(4, 5)),
      review(AUTUMN, lines(6, 6), lines(3, 6)),
      review(AUTUMN, rated({ PROV1: 'na-not-relevant' })),
      review(AUTUMN, lines(0, 0)),
      review(AUTUMN, rated({ PROV1: 'met' })),
    ];
    const provision = byId(plans, 'provision');
    expect(provision.unit).toBe('lines');
    expect(provision.total).toMatchObject({
      numerator: 7,
      denominator: 11,
      share: 63.6,
      reviews: 2,
      notApplicable: 2,
      unknown: 1,
    });
  });

  it('counts what the framework declares: another rating can count as met, and a framework without measures adds none', () => {
    const lenient: Framework = {
      ...REVIEW,
      version: 2,
      measures: [
        {
          kind: 'criteria',
          id: 'on-time',
          label: 'Held on time',
          criteria: ['TIME1'],
          countsAsMet: ['met', 'partly-met'],
        },
      ],
    };
    const plans: MeasurePlan[] = [
      { date: AUTUMN, framework: lenient, audits: [{ agency: 'sendat', responses: rated({ TIME1: 'partly-met' }) }] },
      { date: AUTUMN, framework: buildFramework(), audits: [{ agency: 'sendat', responses: rated({ B1: 'met' }) }] },
    ];
    const measures = computeAnnualReviewMeasures(plans);
    expect(measures.map((m) => m.id)).toEqual(['on-time']);
    expect(measures[0]).toMatchObject({ label: 'Held on time', total: { numerator: 1, denominator: 1 } });
  });
});

describe('suppressMeasures', () => {
  const many = (n: number, rating: RatingMeaning, date = SPRING) =>
    Array.from({ length: n }, () => review(date, rated({ TIME1: rating })));

  it('withholds a term resting on fewer reviews than the threshold, and the change next to it', () => {
    const plans = [...many(2, 'met', AUTUMN), ...many(6, 'met'), ...many(6, 'not-met')];
    const [onTime] = suppressMeasures([byId(plans, 'on-time')], 5);
    expect(onTime?.terms.map((t) => [t.numerator, t.denominator, t.share, t.change])).toEqual([
      [null, null, null, null],
      [6, 12, 50, null],
    ]);
    expect(onTime?.total).toMatchObject({ numerator: 8, denominator: 14 });
  });

  it('withholds a share when the reviews meeting it, or not meeting it, are fewer than the threshold', () => {
    const [onTime] = suppressMeasures([byId([...many(2, 'not-met'), ...many(10, 'met')], 'on-time')], 5);
    expect(onTime?.total).toMatchObject({ numerator: null, denominator: 12, share: null });
  });

  it('withholds Section F lines resting on fewer reviews than the threshold', () => {
    const plans = [review(AUTUMN, lines(10, 12)), review(AUTUMN, lines(8, 9))];
    const [provision] = suppressMeasures([byId(plans, 'provision')], 3);
    expect(provision?.total).toMatchObject({ numerator: null, denominator: null, share: null, reviews: null });
  });
});

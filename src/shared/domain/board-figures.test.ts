import { describe, expect, it } from 'vitest';
import { buildFramework, rate, YEAR_5_PLAN } from '#tests/fixtures/frameworks.ts';
import type { Action } from '#shared/schemas/moderation.ts';
import { computeBoardFigures, schoolTerm, suppressSmallNumbers, type PlanOutcome } from './board-figures.ts';

const v1 = buildFramework();
const v2 = buildFramework({ version: 2 });
const action = (id: string, status: Action['status'], dueDate: string): Action => ({
  id,
  description: 'Quantify speech and language therapy in F',
  ownerRole: 'SEN case officer',
  dueDate,
  status,
});

// Four plans, hand-checked: three moderated over two terms (the framework moved to v2 in Spring),
// one audited but not yet moderated.
const outcomes: PlanOutcome[] = [
  {
    planRef: 'PLN-0001',
    cycleId: 'c1',
    date: '2026-10-01',
    framework: v1,
    attributes: YEAR_5_PLAN,
    moderated: { sections: { B: 3, F: 2 }, overall: 3 },
    audits: [{ agency: 'education', responses: rate({ B1: 'met', F1: 'partly-met', F2: 'not-met' }) }],
    actions: [action('a1', 'open', '2026-11-01')],
  },
  {
    planRef: 'PLN-0002',
    cycleId: 'c1',
    date: '2026-11-15',
    framework: v1,
    attributes: YEAR_5_PLAN,
    moderated: { sections: { B: 1, F: 1 }, overall: 1 },
    audits: [{ agency: 'health', responses: rate({ B1: 'not-met', F2: 'not-met' }) }],
    actions: [action('a2', 'done', '2026-10-01')],
  },
  {
    planRef: 'PLN-0003',
    cycleId: 'c2',
    date: '2027-02-01',
    framework: v2,
    attributes: YEAR_5_PLAN,
    moderated: { sections: { B: 4, F: 3 }, overall: 4 },
    audits: [
      {
        agency: 'sendat',
        responses: {
          B1: { rating: 'met' },
          F2: { rating: 'met' },
          F1: { rating: 'met', measure: { numerator: 5, denominator: 8 } },
        },
      },
    ],
    actions: [action('a3', 'in-progress', '2027-03-01')],
  },
  {
    planRef: 'PLN-0004',
    cycleId: 'c2',
    date: '2027-02-10',
    framework: v2,
    attributes: YEAR_5_PLAN,
    moderated: null,
    audits: [{ agency: 'education', responses: rate({ F2: 'partly-met' }) }],
    actions: [],
  },
];

describe('schoolTerm', () => {
  it('places dates in the English school terms of the academic year', () => {
    expect(schoolTerm('2026-09-01')).toBe('2026/27 1 Autumn');
    expect(schoolTerm('2026-12-31')).toBe('2026/27 1 Autumn');
    expect(schoolTerm('2027-01-05')).toBe('2026/27 2 Spring');
    expect(schoolTerm('2027-07-20')).toBe('2026/27 3 Summer');
  });
});

describe('computeBoardFigures', () => {
  const figures = computeBoardFigures(outcomes, '2026-11-22');

  it('counts plans audited and moderated, and the share Good or better', () => {
    expect(figures).toMatchObject({ plansAudited: 4, plansModerated: 3 });
    expect(figures.goodOrBetterOverall).toEqual({ count: 2, of: 3, percent: 66.7 });
    expect(figures.goodOrBetterBySection.map((s) => [s.sectionId, s.share.percent])).toEqual([
      ['B', 66.7],
      ['C', null],
      ['E', null],
      ['F', 33.3],
    ]);
  });

  it('gives the overall grade distribution, best first', () => {
    expect(figures.distribution.map((d) => [d.label, d.count])).toEqual([
      ['Outstanding', 1],
      ['Good', 1],
      ['Requires improvement', 0],
      ['Inadequate', 1],
    ]);
  });

  it('gives the trend by term and marks the change of framework version', () => {
    expect(figures.trend).toEqual([
      {
        term: '2026/27 Autumn',
        plans: 2,
        goodOrBetter: { count: 1, of: 2, percent: 50 },
        frameworkVersions: ['test-framework v1'],
        isVersionChange: false,
      },
      {
        term: '2026/27 Spring',
        plans: 1,
        goodOrBetter: { count: 1, of: 1, percent: 100 },
        frameworkVersions: ['test-framework v2'],
        isVersionChange: true,
      },
    ]);
  });

  it('lists statutory failures by criterion and the recurring themes', () => {
    expect(figures.statutoryFailures).toEqual([
      { criterionId: 'F2', text: 'Criterion F2', notMet: 2, partlyMet: 1, judged: 4 },
      { criterionId: 'B1', text: 'Criterion B1', notMet: 1, partlyMet: 0, judged: 3 },
    ]);
    expect(figures.themes.map((t) => [t.criterionId, t.shortfalls, t.judged, t.percent])).toEqual([
      ['F2', 3, 4, 75],
      ['F1', 1, 2, 50],
      ['B1', 1, 3, 33.3],
    ]);
  });

  it('counts actions open and overdue, and the Section F delivery rate', () => {
    expect(figures.actions).toEqual({ open: 2, overdue: 1, done: 1 });
    expect(figures.provisionDelivery).toEqual({ delivered: 5, specified: 8, rate: 62.5, plans: 1 });
  });
});

describe('suppressSmallNumbers', () => {
  it('withholds counts below the threshold and the percentages that would reveal them', () => {
    const safe = suppressSmallNumbers(computeBoardFigures(outcomes, '2026-11-22'), 3);
    expect(safe.goodOrBetterOverall).toEqual({ count: null, of: 3, percent: null });
    expect(safe.trend[0]).toMatchObject({ plans: null, goodOrBetter: { count: null, of: null, percent: null } });
    expect(safe.distribution.map((d) => d.count)).toEqual([null, null, 0, null]);
    expect(safe.themes[0]).toMatchObject({ criterionId: 'F2', shortfalls: 3, percent: 75 });
  });

  it('changes nothing when every figure is at or above the threshold', () => {
    // Compared with figures computed afresh: were suppression to change its input in place, comparing
    // with that same input could never fail.
    const expected = computeBoardFigures(outcomes, '2026-11-22');
    expect(suppressSmallNumbers(computeBoardFigures(outcomes, '2026-11-22'), 1)).toEqual(expected);
  });
});

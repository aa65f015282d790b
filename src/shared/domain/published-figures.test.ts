import { describe, expect, it } from 'vitest';
import { buildFramework, criterion, rate, section } from '#tests/fixtures/frameworks.ts';
import type { Framework, RatingMeaning } from '#shared/schemas/framework.ts';
import {
  computePublishedFigures,
  publishableFigures,
  publishedFiguresCsv,
  publishedFigureText,
  type PublicPlan,
} from './published-figures.ts';

const REVIEW: Framework = buildFramework({
  id: 'review',
  kind: 'annual-review',
  overall: { method: 'mean', rules: [] },
  sections: [section('T', [criterion('TIME1')])],
  measures: [{ kind: 'criteria', id: 'on-time', label: 'Reviews within 12 months', criteria: ['TIME1'] }],
});

const plan = (overall: number | null, time: RatingMeaning = 'met'): PublicPlan => ({
  date: '2026-10-01',
  framework: REVIEW,
  moderated: { overall },
  audits: [{ agency: 'sendat', responses: rate({ TIME1: time }) }],
});
const plans = (n: number, overall: number, time: RatingMeaning = 'met') =>
  Array.from({ length: n }, () => plan(overall, time));

describe('computePublishedFigures', () => {
  it('publishes only the chosen figures, in the chosen order, as whole percentages over a rounded base', () => {
    const figures = computePublishedFigures(
      [...plans(9, 4, 'met'), ...plans(8, 2, 'not-met')],
      ['measure:on-time', 'good-or-better-overall'],
      5,
    );
    expect(figures).toEqual([
      {
        id: 'measure:on-time',
        label: 'Reviews within 12 months',
        value: 53,
        unit: 'percent',
        basedOn: 15,
        basedOnUnit: 'reviews',
        status: 'published',
      },
      {
        id: 'good-or-better-overall',
        label: 'EHC plans judged good or better overall',
        value: 53,
        unit: 'percent',
        basedOn: 15,
        basedOnUnit: 'plans',
        status: 'published',
      },
    ]);
  });

  it('withholds a figure over fewer plans than the threshold, and a share whose complement is small', () => {
    const few = computePublishedFigures(plans(4, 4), ['plans-moderated', 'good-or-better-overall'], 5);
    expect(few.map((f) => [f.status, f.value, f.basedOn])).toEqual([
      ['withheld', null, null],
      ['withheld', null, null],
    ]);
    // 19 of 21 good: the two that were not would be a small group.
    const nearlyAll = computePublishedFigures([...plans(19, 4), ...plans(2, 1)], ['good-or-better-overall'], 5);
    expect(nearlyAll[0]?.status).toBe('withheld');
    expect(publishedFigureText(nearlyAll[0]!, 5)).toBe('Not published: based on fewer than 5 plans');
  });

  it('says there is no figure for a measure no framework declares', () => {
    const [figure] = computePublishedFigures(plans(10, 4), ['measure:gone'], 5);
    expect(figure).toMatchObject({ status: 'no-data', value: null });
  });

  it('offers the fixed figures and every declared measure as choices', () => {
    expect(publishableFigures([REVIEW]).map((c) => c.id)).toEqual([
      'plans-moderated',
      'good-or-better-overall',
      'measure:on-time',
    ]);
  });

  it('writes a CSV with one row per chosen figure and nothing about any plan', () => {
    const figures = computePublishedFigures(plans(12, 4), ['plans-moderated'], 5);
    const csv = publishedFiguresCsv(figures, { from: '2025-12-05', to: '2026-12-05' }, 5);
    expect(csv.replace('\uFEFF', '').trim().split('\r\n')).toEqual([
      'figure,label,value,unit,based_on_about,based_on_unit,status,period_from,period_to',
      'plans-moderated,EHC plans audited and moderated,10,plans,,plans,published,2025-12-05,2026-12-05',
    ]);
  });
});

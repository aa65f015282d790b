import { describe, expect, it } from 'vitest';
import { buildFramework, YEAR_10_PLAN, YEAR_5_PLAN } from '#tests/fixtures/frameworks.ts';
import type { Condition } from '#shared/schemas/framework.ts';
import { applicableCriteria, evaluateCondition } from './applicability.ts';

describe('evaluateCondition', () => {
  const fromYear9: Condition = { attribute: 'yearGroup', op: 'gte', value: 9 };

  it('applies year-group thresholds inclusively', () => {
    expect(evaluateCondition(fromYear9, { ...YEAR_5_PLAN, yearGroup: 8 })).toBe(false);
    expect(evaluateCondition(fromYear9, { ...YEAR_5_PLAN, yearGroup: 9 })).toBe(true);
    expect(evaluateCondition({ attribute: 'yearGroup', op: 'lte', value: 0 }, { ...YEAR_5_PLAN, yearGroup: 0 })).toBe(
      true,
    );
    expect(evaluateCondition({ attribute: 'yearGroup', op: 'eq', value: 11 }, YEAR_10_PLAN)).toBe(false);
  });

  it('tests attribute lists, flags and combinations', () => {
    expect(
      evaluateCondition({ attribute: 'settingType', op: 'in', values: ['special', 'mainstream'] }, YEAR_5_PLAN),
    ).toBe(true);
    expect(evaluateCondition({ attribute: 'lookedAfter', op: 'is', value: true }, YEAR_5_PLAN)).toBe(false);
    // Not recorded counts as false: no budget was requested.
    expect(evaluateCondition({ attribute: 'personalBudgetRequested', op: 'is', value: false }, YEAR_5_PLAN)).toBe(true);
    const post16OrLookedAfter: Condition = {
      any: [
        { attribute: 'keyStage', op: 'in', values: ['post-16'] },
        { attribute: 'lookedAfter', op: 'is', value: true },
      ],
    };
    expect(evaluateCondition(post16OrLookedAfter, YEAR_5_PLAN)).toBe(false);
    expect(evaluateCondition(post16OrLookedAfter, { ...YEAR_5_PLAN, lookedAfter: true })).toBe(true);
    expect(evaluateCondition({ all: [fromYear9, { not: post16OrLookedAfter }] }, YEAR_10_PLAN)).toBe(true);
  });
});

describe('applicableCriteria', () => {
  it('leaves out adulthood criteria below Year 9 and keeps them from Year 9', () => {
    const framework = buildFramework();
    expect(applicableCriteria(framework, YEAR_5_PLAN)).not.toContain('E3');
    expect(applicableCriteria(framework, YEAR_10_PLAN)).toContain('E3');
    expect(applicableCriteria(framework, YEAR_10_PLAN)).toHaveLength(13);
  });

  it('treats every criterion as applicable when the plan is unknown', () => {
    expect(applicableCriteria(buildFramework(), undefined)).toHaveLength(13);
  });
});

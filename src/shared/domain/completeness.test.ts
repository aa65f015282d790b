import { describe, expect, it } from 'vitest';
import { answers, buildFramework, criterion, section, YEAR_10_PLAN, YEAR_5_PLAN } from '#tests/fixtures/frameworks.ts';
import { assessCompleteness } from './completeness.ts';

const framework = buildFramework();

describe('assessCompleteness', () => {
  it('lists what is still unanswered, section by section', () => {
    const result = assessCompleteness(
      framework,
      answers({ B1: 'met', B2: 'cannot-judge', C1: 'na-stated' }),
      YEAR_5_PLAN,
    );
    expect(result.sections.map((s) => [s.sectionId, s.status, s.unanswered])).toEqual([
      ['B', 'in-progress', ['B3', 'B4']],
      ['C', 'in-progress', ['C2']],
      ['E', 'not-started', ['E1', 'E2']],
      ['F', 'not-started', ['F1', 'F2', 'F3', 'F4']],
    ]);
    expect(result).toMatchObject({ applicable: 12, answered: 3, isComplete: false });
  });

  it('counts N/A and Cannot judge as answers, and adulthood criteria only from Year 9', () => {
    const all = {
      B1: 'met',
      B2: 'met',
      B3: 'na-not-relevant',
      B4: 'cannot-judge',
      C1: 'na-stated',
      C2: 'na-stated',
      E1: 'met',
      E2: 'met',
      F1: 'met',
      F2: 'met',
      F3: 'met',
      F4: 'met',
    } as const;
    expect(assessCompleteness(framework, answers(all), YEAR_5_PLAN).isComplete).toBe(true);
    const older = assessCompleteness(framework, answers(all), YEAR_10_PLAN);
    expect(older.isComplete).toBe(false);
    expect(older.sections.find((s) => s.sectionId === 'E')?.unanswered).toEqual(['E3']);
  });

  it('asks for the counts of a measured criterion once it is rated', () => {
    const fw = buildFramework({
      sections: [
        section('provision', [
          criterion('PROV1', {
            measure: {
              kind: 'ratio',
              id: 'f-lines',
              label: 'F lines delivered',
              numeratorLabel: 'Delivered',
              denominatorLabel: 'Specified',
            },
          }),
        ]),
      ],
    });
    const rated = assessCompleteness(fw, answers({ PROV1: 'partly-met' }), YEAR_5_PLAN);
    expect(rated.sections[0]).toMatchObject({ status: 'in-progress', missingMeasures: ['PROV1'] });
    const counted = answers({ PROV1: 'partly-met' });
    counted.responses.PROV1 = { rating: 'partly-met', measure: { numerator: 5, denominator: 7 } };
    expect(assessCompleteness(fw, counted, YEAR_5_PLAN).isComplete).toBe(true);
  });

  it('is incomplete while a chosen grade has no reason', () => {
    const result = assessCompleteness(
      framework,
      answers({}, { sectionOverrides: { F: { grade: 2, reason: ' ' } }, overallOverride: { grade: 2, reason: '' } }),
      YEAR_5_PLAN,
    );
    expect(result.missingOverrideReasons).toEqual(['F', 'overall']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  answers,
  buildFramework,
  criterion,
  rate,
  section,
  YEAR_10_PLAN,
  YEAR_5_PLAN,
} from '#tests/fixtures/frameworks.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { gradeAudit, gradeForScore, judgeOverall, nearestGrade, suggestSectionGrade } from './grading.ts';

const framework = buildFramework();
const sectionOf = (fw: Framework, id: string) => {
  const found = fw.sections.find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
};
const suggest = (id: string, ratings: Parameters<typeof rate>[0], fw = framework, plan = YEAR_5_PLAN) =>
  suggestSectionGrade(fw, sectionOf(fw, id), rate(ratings), plan);

describe('suggestSectionGrade', () => {
  it('grades from the share of the available score', () => {
    const all = suggest('F', { F1: 'met', F2: 'met', F3: 'met', F4: 'met' });
    expect(all).toMatchObject({ status: 'graded', grade: 4, isProvisional: false });
    expect(all.reason).toBe('Outstanding from the criteria: 100% of the available score (4 met).');

    // 3 met + 1 partly met = 3.5 / 4 = 0.875: below Outstanding (0.9), Good.
    expect(suggest('F', { F1: 'met', F2: 'met', F3: 'met', F4: 'partly-met' }).grade).toBe(3);
  });

  it('treats a score exactly on a boundary as reaching that grade', () => {
    expect(gradeForScore(framework, 0.7)).toBe(3);
    expect(gradeForScore(framework, 0.6999)).toBe(2);
    expect(gradeForScore(framework, 0)).toBe(1);
  });

  it('caps the section at Inadequate when a single statutory criterion is not met', () => {
    const result = suggest('F', { F1: 'met', F2: 'not-met', F3: 'met', F4: 'met' });
    // 3 of 4 met would be Good; the limiting rule holds it at Inadequate and says why.
    expect(result.grade).toBe(1);
    expect(result.reason).toBe('Capped at Inadequate: statutory criterion F2 not met.');
    expect(result.caps).toEqual([expect.objectContaining({ ruleId: 'statutory-not-met', triggeredBy: ['F2'] })]);
  });

  it('caps the section at Requires improvement when a statutory criterion is partly met', () => {
    const result = suggest('F', { F1: 'met', F2: 'partly-met', F3: 'met', F4: 'met' });
    expect(result.grade).toBe(2);
    expect(result.reason).toBe('Capped at Requires improvement: statutory criterion F2 partly met.');
  });

  it('does not report a cap that does not lower the grade as the reason', () => {
    const result = suggest('F', { F1: 'not-met', F2: 'partly-met', F3: 'not-met', F4: 'not-met' });
    expect(result.grade).toBe(1);
    expect(result.caps).toHaveLength(1);
    expect(result.reason).toMatch(/^Inadequate from the criteria: 13%/);
  });

  it('names every statutory criterion behind a cap', () => {
    const fw = buildFramework({
      sections: [
        section('F', [
          criterion('F1', { statutory: true }),
          criterion('F2', { statutory: true }),
          criterion('F3'),
          criterion('F4'),
        ]),
      ],
    });
    expect(suggest('F', { F1: 'not-met', F2: 'not-met', F3: 'met', F4: 'met' }, fw).reason).toBe(
      'Capped at Inadequate: statutory criteria F1 and F2 not met.',
    );
  });

  it('leaves a section out when every criterion is N/A, stated or not relevant', () => {
    const result = suggest('C', { C1: 'na-stated', C2: 'na-not-relevant' });
    expect(result).toMatchObject({ status: 'not-applicable', grade: null, score: null });
    expect(result.reason).toMatch(/every criterion is N\/A/);
  });

  it('leaves N/A out of the score rather than counting it as met or not met', () => {
    // 1 met + 1 N/A stated: 100% of what was scored, not 50%.
    expect(suggest('C', { C1: 'met', C2: 'na-stated' })).toMatchObject({ grade: 4, score: { weighted: 1 } });
  });

  it('suggests no grade when most judged criteria could not be judged', () => {
    const result = suggest('B', { B1: 'cannot-judge', B2: 'cannot-judge', B3: 'cannot-judge', B4: 'met' });
    expect(result).toMatchObject({ status: 'cannot-judge', grade: null });
    expect(result.reason).toBe('No grade suggested: 3 of 4 judged criteria could not be judged (evidence missing).');
  });

  it('grades from the rest when Cannot judge is at or below the limit, and says so', () => {
    // Exactly half cannot be judged: the limit is "more than half".
    const result = suggest('B', { B1: 'met', B2: 'met', B3: 'cannot-judge', B4: 'cannot-judge' });
    expect(result).toMatchObject({ status: 'graded', grade: 4 });
    expect(result.reason).toContain('2 could not be judged');
  });

  it('gives a provisional grade while criteria are unanswered', () => {
    const result = suggest('B', { B1: 'met', B2: 'met' });
    expect(result).toMatchObject({ status: 'graded', grade: 4, isProvisional: true });
    expect(result.reason).toContain('Provisional: 2 still unanswered.');
    expect(suggest('B', {})).toMatchObject({ status: 'not-started', grade: null });
  });

  it('applies criterion weights and reports the unweighted score beside them', () => {
    const fw = buildFramework({
      sections: [section('F', [criterion('F1', { weight: 3 }), criterion('F2')])],
    });
    // Weighted: (3*1 + 1*0) / 4 = 0.75 -> Good. Unweighted: 1/2 = 0.5 -> would be Requires improvement.
    const result = suggest('F', { F1: 'met', F2: 'not-met' }, fw);
    expect(result.score).toEqual({ weighted: 0.75, unweighted: 0.5 });
    expect(result.grade).toBe(3);
  });

  it('marks adulthood criteria below Year 9 as not applicable instead of counting them', () => {
    const young = suggest('E', { E1: 'met', E2: 'met' });
    expect(young).toMatchObject({ grade: 4, isProvisional: false });
    expect(young.counts.notApplicable).toBe(1);

    const older = suggest('E', { E1: 'met', E2: 'met' }, framework, YEAR_10_PLAN);
    expect(older).toMatchObject({ isProvisional: true });
    expect(older.counts).toMatchObject({ unanswered: 1, notApplicable: 0 });

    // A rating left on a criterion that does not apply does not count or cap.
    const stale = suggest('E', { E1: 'met', E2: 'met', E3: 'not-met' });
    expect(stale.grade).toBe(4);
  });
});

describe('judgeOverall', () => {
  it('takes the best fit of section grades, rounding ties down', () => {
    expect(nearestGrade(framework, 3.5)).toBe(3);
    expect(nearestGrade(framework, 3.51)).toBe(4);
    const result = judgeOverall(
      framework,
      [
        { sectionId: 'B', finalGrade: 4 },
        { sectionId: 'C', finalGrade: 3 },
        { sectionId: 'F', finalGrade: 4 },
      ],
      {},
    );
    expect(result.grade).toBe(4);
    expect(result.reason).toBe('Outstanding: best fit of 3 section grades (mean 3.67).');
  });

  it('cannot be Good when Section F is Inadequate', () => {
    const result = judgeOverall(
      framework,
      [
        { sectionId: 'B', finalGrade: 4 },
        { sectionId: 'C', finalGrade: 4 },
        { sectionId: 'E', finalGrade: 4 },
        { sectionId: 'F', finalGrade: 1 },
      ],
      {},
    );
    // The mean 3.25 would round to Good.
    expect(result.grade).toBe(2);
    expect(result.reason).toBe('Capped at Requires improvement: Section F is Inadequate.');
  });

  it('is capped by a criterion rule such as the B-to-F match', () => {
    const result = judgeOverall(framework, [{ sectionId: 'E', finalGrade: 4 }], rate({ B1: 'not-met' }));
    expect(result.grade).toBe(2);
    expect(result.reason).toBe('Capped at Requires improvement: criterion B1 not met.');
  });

  it('leaves ungraded sections and sections that do not count towards overall out of the mean', () => {
    const fw = buildFramework({
      sections: [...buildFramework().sections, section('gate', [criterion('G1')], { countsTowardsOverall: false })],
    });
    const result = judgeOverall(
      fw,
      [
        { sectionId: 'B', finalGrade: 4 },
        { sectionId: 'C', finalGrade: null },
        { sectionId: 'gate', finalGrade: 1 },
      ],
      {},
    );
    expect(result).toMatchObject({ grade: 4, score: { weighted: 4, unweighted: 4 } });
  });

  it('weights sections when the framework gives weights, reporting both means', () => {
    const fw = buildFramework({
      sections: buildFramework().sections.map((s) => (s.id === 'F' ? { ...s, weight: 3 } : s)),
    });
    const result = judgeOverall(
      fw,
      [
        { sectionId: 'B', finalGrade: 2 },
        { sectionId: 'F', finalGrade: 4 },
      ],
      {},
    );
    expect(result.score).toEqual({ weighted: 3.5, unweighted: 3 });
    expect(result.grade).toBe(3);
  });

  it('uses the lowest section grade when the framework says so', () => {
    const fw = buildFramework({ overall: { method: 'lowest', rules: [] } });
    const result = judgeOverall(
      fw,
      [
        { sectionId: 'B', finalGrade: 4 },
        { sectionId: 'F', finalGrade: 2 },
      ],
      {},
    );
    expect(result.grade).toBe(2);
  });

  it('has no grade when no section is graded', () => {
    expect(judgeOverall(framework, [{ sectionId: 'B', finalGrade: null }], {})).toMatchObject({
      grade: null,
      finalGrade: null,
    });
  });
});

describe('gradeAudit', () => {
  it('uses the auditor’s chosen section grade for the overall judgement', () => {
    const graded = gradeAudit(
      framework,
      answers(
        { B1: 'met', B2: 'met', B3: 'met', B4: 'met', F1: 'met', F2: 'met', F3: 'met', F4: 'met' },
        { sectionOverrides: { F: { grade: 1, reason: 'Provision is copied from another plan.' } } },
      ),
      YEAR_5_PLAN,
    );
    const f = graded.sections.find((s) => s.sectionId === 'F');
    expect(f).toMatchObject({ grade: 4, finalGrade: 1, isOverridden: true });
    // The override makes F Inadequate, which caps the overall judgement.
    expect(graded.overall).toMatchObject({ finalGrade: 2 });
  });

  it('keeps the suggestion when an override names a grade not on the scale', () => {
    const graded = gradeAudit(
      framework,
      answers({ B1: 'met' }, { sectionOverrides: { B: { grade: 9, reason: 'typo' } } }),
      YEAR_5_PLAN,
    );
    expect(graded.sections[0]).toMatchObject({ finalGrade: 4, isOverridden: false });
  });

  it('applies an overall override and marks it', () => {
    const graded = gradeAudit(
      framework,
      answers({ B1: 'met' }, { overallOverride: { grade: 3, reason: 'Best fit.' } }),
      YEAR_5_PLAN,
    );
    expect(graded.overall).toMatchObject({ grade: 4, finalGrade: 3, isOverridden: true });
  });
});

import { describe, expect, it } from 'vitest';
import { agreedGrades, compareGrades, countMovements, planMovement } from './movement.ts';

describe('compareGrades', () => {
  it('says whether a higher, equal or lower grade followed', () => {
    expect(compareGrades(2, 3)).toBe('improved');
    expect(compareGrades(2, 2)).toBe('same');
    expect(compareGrades(3, 1)).toBe('declined');
  });

  it('cannot compare when either side has no grade', () => {
    expect(compareGrades(null, 3)).toBe('not-comparable');
    expect(compareGrades(2, null)).toBe('not-comparable');
    expect(compareGrades(undefined, 2)).toBe('not-comparable');
  });
});

describe('planMovement', () => {
  const before = { overall: 1, sections: { F: 1, B: 2, A: 3, X: 2 } };

  it('compares overall and each section, in the framework order then the rest', () => {
    const after = { overall: 3, sections: { A: 3, B: 3, F: 1, G: null } };
    const result = planMovement(before, after, ['A', 'B', 'F', 'G']);
    expect(result.overall).toEqual({ before: 1, after: 3, movement: 'improved' });
    expect(result.sections).toEqual([
      { sectionId: 'A', before: 3, after: 3, movement: 'same' },
      { sectionId: 'B', before: 2, after: 3, movement: 'improved' },
      { sectionId: 'F', before: 1, after: 1, movement: 'same' },
      { sectionId: 'G', before: null, after: null, movement: 'not-comparable' },
      { sectionId: 'X', before: 2, after: null, movement: 'not-comparable' },
    ]);
  });

  it('reports a re-audit without a result yet as not comparable, keeping the earlier grades', () => {
    const result = planMovement(before, null, ['A']);
    expect(result.overall).toEqual({ before: 1, after: null, movement: 'not-comparable' });
    expect(result.sections.map((s) => [s.sectionId, s.before, s.movement])).toEqual([
      ['A', 3, 'not-comparable'],
      ['B', 2, 'not-comparable'],
      ['F', 1, 'not-comparable'],
      ['X', 2, 'not-comparable'],
    ]);
  });

  it('reads the grades a moderation agreed', () => {
    const grades = agreedGrades({
      overall: { agreedGrade: 2, rationale: '' },
      sections: { F: { agreedGrade: 1, rationale: 'vague provision' }, J: { agreedGrade: null, rationale: '' } },
    });
    expect(grades).toEqual({ overall: 2, sections: { F: 1, J: null } });
    expect(planMovement(grades, { overall: 1, sections: { F: 2 } }).sections[0]?.movement).toBe('improved');
  });
});

describe('countMovements', () => {
  it('counts every kind, zero included', () => {
    expect(countMovements(['improved', 'improved', 'declined'])).toEqual({
      improved: 2,
      same: 0,
      declined: 1,
      'not-comparable': 0,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { keyStageForYear } from './plan.ts';

describe('keyStageForYear', () => {
  it('places each year group in its National Curriculum key stage', () => {
    const stages = [-2, 0, 1, 2, 3, 6, 7, 9, 10, 11, 12, 13, 14].map(keyStageForYear);
    expect(stages).toEqual([
      'early-years',
      'early-years',
      'ks1',
      'ks1',
      'ks2',
      'ks2',
      'ks3',
      'ks3',
      'ks4',
      'ks4',
      'post-16',
      'post-16',
      'post-19',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildFramework } from '#tests/fixtures/frameworks.ts';
import { findDisagreements } from './disagreement.ts';

const framework = buildFramework();
const auditor = (auditorId: string, B: number | null, F: number | null, overall: number | null = null) => ({
  auditorId,
  sections: { B, F },
  overall,
});

describe('findDisagreements', () => {
  it('flags a spread of two grades or more', () => {
    const [b] = findDisagreements(framework, [auditor('edu', 4, 3), auditor('health', 2, 3)]);
    expect(b).toMatchObject({ sectionId: 'B', spread: 2, isDisagreement: true });
    expect(b?.reason).toBe('Disagreement: grades 2 steps apart and auditors either side of the Good line.');
  });

  it('flags Good against Requires improvement even one step apart', () => {
    const result = findDisagreements(framework, [auditor('edu', 3, 3), auditor('health', 2, 3)]);
    expect(result.find((d) => d.sectionId === 'B')).toMatchObject({
      spread: 1,
      straddlesGoodLine: true,
      isDisagreement: true,
    });
    expect(result.find((d) => d.sectionId === 'F')).toMatchObject({
      isDisagreement: false,
      reason: 'Auditors agree closely.',
    });
  });

  it('does not flag one step apart on the same side of the line', () => {
    const result = findDisagreements(framework, [auditor('edu', 4, 2), auditor('health', 3, 1)]);
    expect(result.filter((d) => d.isDisagreement)).toEqual([]);
  });

  it('respects the framework turning the straddle rule off', () => {
    const strictSpread = buildFramework({ moderation: { disagreementSpread: 2, flagStraddle: false } });
    const [b] = findDisagreements(strictSpread, [auditor('edu', 3, 3), auditor('health', 2, 3)]);
    expect(b?.isDisagreement).toBe(false);
  });

  it('ignores auditors without a grade and never flags a single grade', () => {
    const result = findDisagreements(framework, [auditor('edu', 4, null, 4), auditor('health', null, null, 1)]);
    expect(result.find((d) => d.sectionId === 'B')).toMatchObject({
      grades: [{ auditorId: 'edu', grade: 4 }],
      isDisagreement: false,
    });
    expect(result.find((d) => d.sectionId === 'overall')).toMatchObject({ spread: 3, isDisagreement: true });
  });
});

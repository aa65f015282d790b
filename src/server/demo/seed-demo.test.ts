import { describe, expect, it } from 'vitest';
import { demoCyclePeriod, previousTermPeriod } from './seed-demo.ts';

describe('demoCyclePeriod', () => {
  it('runs the demo cycles from the start of this month to the end of next, due late next month', () => {
    expect(demoCyclePeriod(new Date('2026-11-22T10:00:00Z'))).toEqual({
      start: '2026-11-01',
      end: '2026-12-31',
      due: '2026-12-28',
      label: 'November 2026',
    });
  });

  it('crosses the year end', () => {
    expect(demoCyclePeriod(new Date('2026-12-31T23:00:00Z'))).toMatchObject({
      start: '2026-12-01',
      end: '2027-01-31',
      due: '2027-01-28',
    });
  });
});

describe('previousTermPeriod', () => {
  it('is the three months ending the day before the demo cycles start', () => {
    expect(previousTermPeriod(new Date('2026-02-10T10:00:00Z'))).toEqual({
      start: '2025-11-01',
      end: '2026-01-31',
      label: 'November 2025',
    });
  });
});

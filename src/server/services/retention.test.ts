// The retention cutoff: calendar months back, clamped to the end of a shorter month, so "6 months"
// before 31 August is 28 or 29 February, never 2 or 3 March (which would keep records a few days short).
import { describe, expect, it } from 'vitest';
import { monthsBefore } from './retention.ts';

describe('monthsBefore', () => {
  it('goes back whole calendar months, across years', () => {
    expect(monthsBefore(new Date('2026-12-05T03:00:00Z'), 6).toISOString()).toBe('2026-06-05T03:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-15T00:00:00Z'), 24).toISOString()).toBe('2024-03-15T00:00:00.000Z');
    expect(monthsBefore(new Date('2026-02-10T12:30:00Z'), 14).toISOString()).toBe('2024-12-10T12:30:00.000Z');
  });

  it('lands on the last day of a shorter month', () => {
    expect(monthsBefore(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2028-08-31T10:00:00Z'), 6).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(monthsBefore(new Date('2026-05-31T00:00:00Z'), 1).toISOString()).toBe('2026-04-30T00:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import type { Plan } from '#shared/schemas/plan.ts';
import { allocateToStrata, drawSample, SamplingError } from './sampling.ts';

const plan = (n: number, keyStage: Plan['attributes']['keyStage'], lookedAfter = false): Plan => ({
  ref: `PLN-${String(n).padStart(4, '0')}`,
  attributes: { keyStage, yearGroup: 5, primaryNeed: 'ASD', settingType: 'mainstream', planType: 'new', lookedAfter },
});

const FRAME: Plan[] = Array.from({ length: 60 }, (_, i) =>
  plan(i + 1, i < 30 ? 'ks2' : i < 50 ? 'ks3' : 'ks4', i % 10 === 0),
);

describe('drawSample', () => {
  it('draws the same random sample from the same frame and seed, whatever the frame order', () => {
    const rule = { method: 'random', size: 12, seed: 42 } as const;
    const a = drawSample(FRAME, rule);
    const b = drawSample([...FRAME].reverse(), rule);
    expect(a).toEqual(b);
    expect(a.sample).toHaveLength(12);
    expect(new Set(a.sample).size).toBe(12);
    expect(a.frame).toHaveLength(60);
    expect(drawSample(FRAME, { ...rule, seed: 43 }).sample).not.toEqual(a.sample);
  });

  it('shares a stratified sample in proportion to each stratum', () => {
    const { sample } = drawSample(FRAME, { method: 'stratified', size: 12, seed: 1, strata: ['keyStage'] });
    const stageOf = (ref: string) => FRAME.find((p) => p.ref === ref)?.attributes.keyStage;
    const counts = sample.reduce<Record<string, number>>(
      (n, ref) => ({ ...n, [stageOf(ref)!]: (n[stageOf(ref)!] ?? 0) + 1 }),
      {},
    );
    expect(counts).toEqual({ ks2: 6, ks3: 4, ks4: 2 });
  });

  it('takes the whole frame when the sample is bigger', () => {
    expect(drawSample(FRAME.slice(0, 3), { method: 'random', size: 10, seed: 1 }).sample).toHaveLength(3);
  });

  it('takes chosen plans only from the frame', () => {
    expect(drawSample(FRAME, { method: 'chosen', size: 2, seed: 0 }, ['PLN-0002', 'PLN-0001']).sample).toEqual([
      'PLN-0001',
      'PLN-0002',
    ]);
    expect(() => drawSample(FRAME, { method: 'chosen', size: 1, seed: 0 }, ['PLN-9999'])).toThrow(SamplingError);
    expect(() => drawSample(FRAME, { method: 'stratified', size: 1, seed: 0 })).toThrow(/stratum/);
  });
});

describe('allocateToStrata', () => {
  it('uses largest remainders and never exceeds a stratum', () => {
    expect(
      Object.fromEntries(
        allocateToStrata(
          new Map([
            ['a', 1],
            ['b', 1],
            ['c', 1],
          ]),
          2,
        ),
      ),
    ).toEqual({ a: 1, b: 1, c: 0 });
    expect(
      Object.fromEntries(
        allocateToStrata(
          new Map([
            ['a', 2],
            ['b', 100],
          ]),
          50,
        ),
      ),
    ).toEqual({ a: 1, b: 49 });
    expect([
      ...allocateToStrata(
        new Map([
          ['a', 2],
          ['b', 3],
        ]),
        10,
      ).values(),
    ]).toEqual([2, 3]);
  });
});

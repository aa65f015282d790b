// Drawing a cycle's sample from its sampling frame, reproducibly: the same frame, rule and seed give
// the same plans on any machine, so a recorded sample can be checked and re-drawn later.
import type { SampleRule } from '#shared/schemas/cycle.ts';
import type { Plan } from '#shared/schemas/plan.ts';

/** mulberry32: small, fast and the same everywhere. Returns numbers in [0, 1). */
export function seededGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SamplingError extends Error {}

/** The first `count` items of a seeded Fisher-Yates shuffle of `items`. */
function drawWithout<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const take = Math.min(count, pool.length);
  for (let i = 0; i < take; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    const picked = pool[j] as T;
    pool[j] = pool[i] as T;
    pool[i] = picked;
  }
  return pool.slice(0, take);
}

export function stratumKey(plan: Plan, strata: readonly string[]): string {
  const attributes = plan.attributes as Record<string, unknown>;
  return strata.map((name) => `${name}=${JSON.stringify(attributes[name] ?? null)}`).join('|');
}

/**
 * Shares `size` between strata in proportion to their frame counts (largest remainder, ties to the
 * stratum listed first), never giving a stratum more plans than it has.
 */
export function allocateToStrata(counts: ReadonlyMap<string, number>, size: number): Map<string, number> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const target = Math.min(size, total);
  const allocation = new Map<string, number>();
  if (total === 0) return allocation;
  const remainders: { key: string; remainder: number }[] = [];
  let given = 0;
  for (const [key, count] of counts) {
    const exact = (count * target) / total;
    const whole = Math.min(count, Math.floor(exact));
    allocation.set(key, whole);
    given += whole;
    remainders.push({ key, remainder: exact - whole });
  }
  remainders.sort((a, b) => b.remainder - a.remainder);
  while (given < target) {
    const next = remainders.find(({ key }) => (allocation.get(key) ?? 0) < (counts.get(key) ?? 0));
    if (!next) break;
    allocation.set(next.key, (allocation.get(next.key) ?? 0) + 1);
    next.remainder = -1;
    remainders.sort((a, b) => b.remainder - a.remainder);
    given += 1;
  }
  return allocation;
}

export type DrawnSample = {
  /** Every plan reference the sample was drawn from, sorted. */
  frame: string[];
  /** The sampled plan references, sorted. */
  sample: string[];
};

/**
 * Draws the sample a rule describes. `chosen` lists the plans for the "chosen" method (a themed
 * sample); each must be in the frame. The frame is sorted first, so its order in storage never matters.
 */
export function drawSample(frame: readonly Plan[], rule: SampleRule, chosen: readonly string[] = []): DrawnSample {
  const sorted = [...frame].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const refs = sorted.map((plan) => plan.ref);
  const random = seededGenerator(rule.seed);
  let sample: string[];
  switch (rule.method) {
    case 'random':
      sample = drawWithout(refs, rule.size, random);
      break;
    case 'stratified': {
      const strata = rule.strata ?? [];
      if (strata.length === 0) throw new SamplingError('a stratified sample needs at least one stratum');
      const groups = new Map<string, string[]>();
      for (const plan of sorted) {
        const key = stratumKey(plan, strata);
        groups.set(key, [...(groups.get(key) ?? []), plan.ref]);
      }
      const ordered = new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const allocation = allocateToStrata(new Map([...ordered].map(([key, plans]) => [key, plans.length])), rule.size);
      sample = [...ordered].flatMap(([key, plans]) => drawWithout(plans, allocation.get(key) ?? 0, random));
      break;
    }
    case 'chosen': {
      const inFrame = new Set(refs);
      const missing = chosen.filter((ref) => !inFrame.has(ref));
      if (missing.length > 0) throw new SamplingError(`not in the sampling frame: ${missing.join(', ')}`);
      if (chosen.length === 0) throw new SamplingError('a chosen sample needs the plans to audit');
      sample = [...new Set(chosen)];
      break;
    }
  }
  return { frame: refs, sample: sample.sort() };
}

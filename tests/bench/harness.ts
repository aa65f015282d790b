// Benchmark plumbing: each scenario measures one thing an issue names and reports it against its target.
export type BenchResult = {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  target: string;
  isMet: boolean;
  detail?: string;
};

export type Scenario = { name: string; run: () => Promise<BenchResult[]> };

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

/** Runs fn `runs` times after `warmups` unmeasured runs; returns each run's milliseconds. */
export async function timeRuns(fn: () => unknown, runs: number, warmups = 1): Promise<number[]> {
  for (let i = 0; i < warmups; i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

// `npm run bench [scenario...]`: runs the benchmark scenarios the issues name, prints a table and
// writes tests/bench/results.json. Benchmarks report numbers; they never fail the test suite.
import { readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import type { BenchResult, Scenario } from './harness.ts';
import { agreementScenario } from './scenarios/agreement.ts';
import { auditLogScenario } from './scenarios/audit-log.ts';
import { pullFullViewScenario } from './scenarios/pull-full-view.ts';
import { twoProcessesScenario } from './scenarios/several-processes.ts';
import { feedbackDashboardScenario } from './scenarios/feedback-dashboard.ts';
import { gradingScenario } from './scenarios/grading.ts';
import { reportsScenario } from './scenarios/reports.ts';
import { syncBulkScenario, syncConcurrentScenario } from './scenarios/sync.ts';
import { webAppScenario } from './scenarios/web-app.ts';

const SCENARIOS: Scenario[] = [
  gradingScenario,
  agreementScenario,
  webAppScenario,
  syncBulkScenario,
  syncConcurrentScenario,
  reportsScenario,
  auditLogScenario,
  twoProcessesScenario,
  pullFullViewScenario,
  feedbackDashboardScenario,
];
const RESULTS_FILE = 'tests/bench/results.json';

function table(results: BenchResult[]): string {
  const rows = [
    ['scenario', 'metric', 'value', 'target', 'met', 'detail'],
    ...results.map((r) => [
      r.scenario,
      r.metric,
      `${r.value} ${r.unit}`,
      r.target,
      r.isMet ? 'yes' : 'NO',
      r.detail ?? '',
    ]),
  ];
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => row[col]?.length ?? 0))) ?? [];
  const line = (row: string[]) => row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join(' | ');
  return [line(rows[0] ?? []), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

function previousResults(): (BenchResult & { group: string })[] {
  try {
    const file = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { results?: (BenchResult & { group?: string })[] };
    return (file.results ?? []).flatMap((r) => (r.group ? [{ ...r, group: r.group }] : []));
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const chosen = wanted.length > 0 ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  const results: (BenchResult & { group: string })[] = [];
  for (const scenario of chosen) {
    process.stdout.write(`Running ${scenario.name}...\n`);
    try {
      results.push(...(await scenario.run()).map((result) => ({ ...result, group: scenario.name })));
    } catch (error) {
      results.push({
        group: scenario.name,
        scenario: scenario.name,
        metric: 'error',
        value: NaN,
        unit: '',
        target: '',
        isMet: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  process.stdout.write(`\n${table(results)}\n`);
  const machine = {
    node: process.version,
    arch: arch(),
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
  // Running some scenarios keeps the others' last results, so the file always holds every scenario.
  const ran = new Set(chosen.map((s) => s.name));
  const kept = previousResults().filter((r) => !ran.has(r.group));
  const all = [...kept, ...results];
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ ranAt: new Date().toISOString(), machine, results: all }, null, 2)}\n`,
  );
  process.stdout.write(`\nWrote ${RESULTS_FILE}\n`);
}

await main();

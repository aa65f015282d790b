// The make-up of a sample against the whole plan list, stratum by stratum: what the create-cycle
// preview shows, so a QA lead sees whether the sample represents the list before drawing it.
import type { Plan } from '#shared/schemas/plan.ts';
import { stratumValue, type Stratum } from './labels.ts';

export type MakeUpRow = { value: string; inList: number; inSample: number };

export function sampleMakeUp(plans: readonly Plan[], sampled: readonly string[], stratum: Stratum): MakeUpRow[] {
  const chosen = new Set(sampled);
  const rows = new Map<string, MakeUpRow>();
  for (const plan of plans) {
    const value = stratumValue(plan.attributes, stratum);
    const row = rows.get(value) ?? { value, inList: 0, inSample: 0 };
    row.inList += 1;
    if (chosen.has(plan.ref)) row.inSample += 1;
    rows.set(value, row);
  }
  return [...rows.values()].sort((a, b) => b.inList - a.inList || a.value.localeCompare(b.value));
}

// What the server sends the device to audit with: frameworks, plans, cycles, assignments and users.
// Read-only on the device; written only by a pull (pull.ts).
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { getDatabase } from './db.ts';
import { AssignmentRecordSchema, CycleRecordSchema, FrameworkRecordSchema, PlanRecordSchema } from './records.ts';

// A published framework never changes, and checking one takes a few milliseconds: check it once per page.
const frameworkCache = new Map<string, Framework>();

export function forgetCachedFrameworks(): void {
  frameworkCache.clear();
}

export async function getFramework(frameworkId: string, version: number): Promise<Framework | undefined> {
  const cacheKey = `${frameworkId}@${version}`;
  const cached = frameworkCache.get(cacheKey);
  if (cached) return cached;
  const record = await getDatabase().frameworks.where('[frameworkId+version]').equals([frameworkId, version]).first();
  if (!record) return undefined;
  const framework = FrameworkRecordSchema.parse(record).data;
  if (framework.status === 'published') frameworkCache.set(cacheKey, framework);
  return framework;
}

export async function getPlan(ref: string): Promise<Plan | undefined> {
  const record = await getDatabase().plans.where('ref').equals(ref).first();
  return record ? PlanRecordSchema.parse(record).data : undefined;
}

export async function getCycle(id: string): Promise<Cycle | undefined> {
  const record = await getDatabase().cycles.get(id);
  return record ? CycleRecordSchema.parse(record).data : undefined;
}

export async function listCycles(): Promise<Cycle[]> {
  const records = await getDatabase().cycles.toArray();
  return records.map((record) => CycleRecordSchema.parse(record).data);
}

export async function listAssignments(auditorId: string): Promise<Assignment[]> {
  const records = await getDatabase().assignments.toArray();
  return records
    .map((record) => AssignmentRecordSchema.parse(record).data)
    .filter((assignment) => assignment.auditorId === auditorId);
}

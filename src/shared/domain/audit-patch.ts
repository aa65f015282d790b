// Field-level audit patches (see the sync protocol; field paths are #shared/records/audit.ts):
// whether a patch conflicts with the record as it is now, whether the pinned framework allows it, and the record
// after it. Pure and deterministic, so the server and the device reach the same answer.
import type { AuditPatch } from '#shared/protocol/sync.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { auditFieldValue, auditPatchFields, type PatchField } from '#shared/records/audit.ts';

export type { PatchField } from '#shared/records/audit.ts';

/** JSON with sorted keys, so two equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const isSameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/**
 * The fields whose current value is neither what the device last saw (`from`) nor what it wants
 * (`to`): someone else changed them. A field already at `to` is not a conflict (a retry, or two
 * devices making the same change).
 */
export function findPatchConflicts(audit: Audit, patch: AuditPatch): string[] {
  return conflictingPaths(auditPatchFields(patch), (path) => auditFieldValue(audit, path));
}

/** The paths of the fields whose current value (from `valueOf`) is neither their `from` nor their `to`. */
export function conflictingPaths(fields: readonly PatchField[], valueOf: (path: string) => unknown): string[] {
  return fields
    .filter((field) => {
      const current = valueOf(field.path);
      return !isSameValue(current, field.from) && !isSameValue(current, field.to);
    })
    .map((field) => field.path);
}

/** Sets each keyed entry of a record to its change's `to`, removing it when `to` is null. Mutates `record`. */
export function applyKeyedChanges<T>(
  record: Record<string, T>,
  changes: Record<string, { to: T | null }> | undefined,
): void {
  for (const [id, change] of Object.entries(changes ?? {})) {
    if (change.to === null) delete record[id];
    else record[id] = change.to;
  }
}

export type PatchProblem = { field: string; message: string };

/** What the pinned framework does not allow: unknown criteria or sections, ratings it does not offer, grades off its scale. */
export function validateAuditPatch(framework: Framework, patch: AuditPatch): PatchProblem[] {
  const problems: PatchProblem[] = [];
  const criteria = new Map(framework.sections.flatMap((s) => s.criteria.map((c) => [c.id, c] as const)));
  const sections = new Set(framework.sections.map((s) => s.id));
  const offered = new Set(framework.ratingOptions.map((o) => o.meaning));
  const grades = new Set(framework.gradeScale.grades.map((g) => g.value));
  const label = `${framework.id} version ${framework.version ?? '?'}`;

  for (const [id, change] of Object.entries(patch.responses ?? {})) {
    const field = `responses.${id}`;
    const criterion = criteria.get(id);
    if (!criterion) {
      problems.push({ field, message: `${label} has no criterion "${id}"` });
      continue;
    }
    const rating = change.to?.rating;
    if (rating !== undefined) {
      if (!offered.has(rating)) problems.push({ field, message: `${label} does not offer the rating "${rating}"` });
      else if (criterion.allowedRatings && !criterion.allowedRatings.includes(rating)) {
        problems.push({ field, message: `criterion ${id} does not allow the rating "${rating}"` });
      }
    }
    if (change.to?.measure !== undefined && criterion.measure === undefined) {
      problems.push({ field, message: `criterion ${id} has no count to record` });
    }
  }
  for (const [id, change] of Object.entries(patch.sectionOverrides ?? {})) {
    const field = `sectionOverrides.${id}`;
    if (!sections.has(id)) problems.push({ field, message: `${label} has no section "${id}"` });
    else if (change.to && !grades.has(change.to.grade)) {
      problems.push({ field, message: `${change.to.grade} is not a grade on the ${label} scale` });
    }
  }
  const overall = patch.overallOverride?.to;
  if (overall && !grades.has(overall.grade)) {
    problems.push({ field: 'overallOverride', message: `${overall.grade} is not a grade on the ${label} scale` });
  }
  return problems;
}

/** The audit with every patch field set to its `to` value (null removes it). Timestamps are the caller's. */
export function applyAuditPatch(audit: Audit, patch: AuditPatch): Audit {
  const next: Audit = { ...audit, responses: { ...audit.responses }, sectionOverrides: { ...audit.sectionOverrides } };
  applyKeyedChanges(next.responses, patch.responses);
  applyKeyedChanges(next.sectionOverrides, patch.sectionOverrides);
  if (patch.overallOverride) {
    if (patch.overallOverride.to === null) delete next.overallOverride;
    else next.overallOverride = patch.overallOverride.to;
  }
  if (patch.concern) {
    if (patch.concern.to === null) delete next.concern;
    else next.concern = patch.concern.to;
  }
  return next;
}

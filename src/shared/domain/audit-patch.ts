// Field-level audit patches (see the sync protocol; field paths are #shared/records/audit.ts):
// whether a patch conflicts with the record as it is now, whether the pinned framework allows it, and the record
// after it. Pure and deterministic, so the server and the device reach the same answer.
import type { AuditPatch } from '#shared/protocol/sync.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { auditFieldPath, type PatchField } from '#shared/records/audit.ts';

export type { PatchField } from '#shared/records/audit.ts';

/**
 * Whether two JSON values are equal as JSON: key order does not matter, a key whose value is
 * undefined counts as absent, and undefined equals null (as in a patch, where null is absent).
 * Compared in place, without writing either value out: a push compares every field it changes.
 */
export function isSameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) {
    return (a === undefined || a === null) && (b === undefined || b === null);
  }
  if (typeof a !== 'object' || typeof b !== 'object') {
    // NaN and the infinities are written out as null in JSON.
    if (typeof a === 'number' && typeof b === 'number') return !Number.isFinite(a) && !Number.isFinite(b);
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => isSameValue(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key of Object.keys(left)) {
    const value = left[key];
    if (value === undefined) continue;
    keys += 1;
    if (!Object.hasOwn(right, key) || right[key] === undefined || !isSameValue(value, right[key])) return false;
  }
  for (const key of Object.keys(right)) if (right[key] !== undefined) keys -= 1;
  return keys === 0;
}

/**
 * The fields whose current value is neither what the device last saw (`from`) nor what it wants
 * (`to`): someone else changed them. A field already at `to` is not a conflict (a retry, or two
 * devices making the same change).
 */
export function findPatchConflicts(audit: Audit, patch: AuditPatch): string[] {
  return comparePatch(audit, patch).conflicts;
}

/** A field a patch changes, with its value before (null when absent) and after. */
export type FieldChange = { path: string; before: unknown; after: unknown };

/**
 * What a patch does to an audit, in one pass over its fields: the fields in conflict (as
 * findPatchConflicts), and, of the others, those it changes with their values before and after (a
 * field already at its `to` is left out: applying it changes nothing).
 */
export function comparePatch(audit: Audit, patch: AuditPatch): { conflicts: string[]; changed: FieldChange[] } {
  const conflicts: string[] = [];
  const changed: FieldChange[] = [];
  const compare = (path: string, current: unknown, change: { from: unknown; to: unknown }): void => {
    if (isSameValue(current, change.to)) return;
    if (isSameValue(current, change.from)) changed.push({ path, before: current ?? null, after: change.to });
    else conflicts.push(path);
  };
  for (const [id, change] of Object.entries(patch.responses ?? {})) {
    compare(auditFieldPath({ kind: 'response', criterionId: id }), ownValue(audit.responses, id), change);
  }
  for (const [id, change] of Object.entries(patch.sectionOverrides ?? {})) {
    compare(auditFieldPath({ kind: 'sectionOverride', sectionId: id }), ownValue(audit.sectionOverrides, id), change);
  }
  if (patch.overallOverride) compare('overallOverride', audit.overallOverride, patch.overallOverride);
  if (patch.concern) compare('concern', audit.concern, patch.concern);
  return { conflicts, changed };
}

const ownValue = <T>(record: Record<string, T>, key: string): T | null =>
  Object.hasOwn(record, key) ? (record[key] ?? null) : null;

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

type FrameworkIndex = {
  criteria: Map<string, Framework['sections'][number]['criteria'][number]>;
  sections: Set<string>;
  offered: Set<string>;
  grades: Set<number>;
  label: string;
};

// A published framework never changes, so what a patch is checked against is worked out once per
// framework object, not once per patch (a push checks a hundred).
const indexes = new WeakMap<Framework, FrameworkIndex>();

function indexOf(framework: Framework): FrameworkIndex {
  const known = indexes.get(framework);
  if (known) return known;
  const index: FrameworkIndex = {
    criteria: new Map(framework.sections.flatMap((s) => s.criteria.map((c) => [c.id, c] as const))),
    sections: new Set(framework.sections.map((s) => s.id)),
    offered: new Set(framework.ratingOptions.map((o) => o.meaning)),
    grades: new Set(framework.gradeScale.grades.map((g) => g.value)),
    label: `${framework.id} version ${framework.version ?? '?'}`,
  };
  indexes.set(framework, index);
  return index;
}

/** What the pinned framework does not allow: unknown criteria or sections, ratings it does not offer, grades off its scale. */
export function validateAuditPatch(framework: Framework, patch: AuditPatch): PatchProblem[] {
  const problems: PatchProblem[] = [];
  const { criteria, sections, offered, grades, label } = indexOf(framework);

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

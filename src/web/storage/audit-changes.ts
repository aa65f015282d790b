// The audit fields a device may change, each as one addressable field ("responses.F2"), and how a
// field's value is read from, written to and compared within an audit. Pure: no Dexie here.
import type { AuditPatch } from '#shared/protocol/sync.ts';
import type { Audit, CriterionResponse, GradeOverride } from '#shared/schemas/audit.ts';

export type ConcernValue = NonNullable<Audit['concern']>;

export type AuditFieldChange =
  | { kind: 'response'; criterionId: string; to: CriterionResponse | null }
  | { kind: 'sectionOverride'; sectionId: string; to: GradeOverride | null }
  | { kind: 'overallOverride'; to: GradeOverride | null }
  | { kind: 'concern'; to: ConcernValue | null };

export type FieldValue = CriterionResponse | GradeOverride | ConcernValue | null;

export function fieldKey(change: AuditFieldChange): string {
  switch (change.kind) {
    case 'response':
      return `responses.${change.criterionId}`;
    case 'sectionOverride':
      return `sectionOverrides.${change.sectionId}`;
    case 'overallOverride':
      return 'overallOverride';
    case 'concern':
      return 'concern';
  }
}

/**
 * A response with nothing in it is no response: blank text and absent keys are dropped so the
 * value the device sends as "from" is the value the server stored, byte for byte in meaning.
 */
export function normaliseResponse(response: CriterionResponse | null | undefined): CriterionResponse | null {
  if (!response) return null;
  const result: CriterionResponse = {};
  if (response.rating !== undefined) result.rating = response.rating;
  if (response.comment !== undefined && response.comment.trim() !== '') result.comment = response.comment;
  if (response.evidence !== undefined && response.evidence.trim() !== '') result.evidence = response.evidence;
  if (response.measure !== undefined) result.measure = response.measure;
  return Object.keys(result).length === 0 ? null : result;
}

export function readField(audit: Audit, field: string): FieldValue {
  if (field.startsWith('responses.')) return audit.responses[field.slice('responses.'.length)] ?? null;
  if (field.startsWith('sectionOverrides.'))
    return audit.sectionOverrides[field.slice('sectionOverrides.'.length)] ?? null;
  if (field === 'overallOverride') return audit.overallOverride ?? null;
  if (field === 'concern') return audit.concern ?? null;
  throw new Error(`Unknown audit field "${field}"`);
}

/** A copy of the audit with one field set (or removed, for null). */
export function writeField(audit: Audit, field: string, value: FieldValue): Audit {
  if (field.startsWith('responses.')) {
    const id = field.slice('responses.'.length);
    const responses = { ...audit.responses };
    if (value === null) delete responses[id];
    else responses[id] = value as CriterionResponse;
    return { ...audit, responses };
  }
  if (field.startsWith('sectionOverrides.')) {
    const id = field.slice('sectionOverrides.'.length);
    const sectionOverrides = { ...audit.sectionOverrides };
    if (value === null) delete sectionOverrides[id];
    else sectionOverrides[id] = value as GradeOverride;
    return { ...audit, sectionOverrides };
  }
  if (field === 'overallOverride') {
    const { overallOverride: _dropped, ...rest } = audit;
    return value === null ? rest : { ...rest, overallOverride: value as GradeOverride };
  }
  if (field === 'concern') {
    const { concern: _dropped, ...rest } = audit;
    return value === null ? rest : { ...rest, concern: value as ConcernValue };
  }
  throw new Error(`Unknown audit field "${field}"`);
}

/** Structural equality for the small JSON values an audit field holds; key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bKeys = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The wire patch for one field change. */
export function patchFor(field: string, from: FieldValue, to: FieldValue): AuditPatch {
  if (field.startsWith('responses.')) {
    const id = field.slice('responses.'.length);
    return { responses: { [id]: { from: from as CriterionResponse | null, to: to as CriterionResponse | null } } };
  }
  if (field.startsWith('sectionOverrides.')) {
    const id = field.slice('sectionOverrides.'.length);
    return { sectionOverrides: { [id]: { from: from as GradeOverride | null, to: to as GradeOverride | null } } };
  }
  if (field === 'overallOverride') {
    return { overallOverride: { from: from as GradeOverride | null, to: to as GradeOverride | null } };
  }
  return { concern: { from: from as ConcernValue | null, to: to as ConcernValue | null } };
}

/** The fields a patch touches, in the same "responses.F2" form. */
export function patchFields(patch: AuditPatch): string[] {
  return [
    ...Object.keys(patch.responses ?? {}).map((id) => `responses.${id}`),
    ...Object.keys(patch.sectionOverrides ?? {}).map((id) => `sectionOverrides.${id}`),
    ...(patch.overallOverride ? ['overallOverride'] : []),
    ...(patch.concern ? ['concern'] : []),
  ];
}

/** The "to" value a single-field patch carries. */
export function patchTarget(patch: AuditPatch, field: string): FieldValue {
  if (field.startsWith('responses.')) return patch.responses?.[field.slice('responses.'.length)]?.to ?? null;
  if (field.startsWith('sectionOverrides.'))
    return patch.sectionOverrides?.[field.slice('sectionOverrides.'.length)]?.to ?? null;
  if (field === 'overallOverride') return patch.overallOverride?.to ?? null;
  return patch.concern?.to ?? null;
}

// The audit fields a device may change, and how a field's value is read from, written to and
// compared within an audit; the field paths ("responses.F2") are #shared/records/audit.ts. Pure: no Dexie here.
import { applyAuditPatch, isSameValue } from '#shared/domain/audit-patch.ts';
import { auditFieldValue, auditPatchFor, type ConcernValue } from '#shared/records/audit.ts';
import type { Audit, CriterionResponse, GradeOverride } from '#shared/schemas/audit.ts';

export type { ConcernValue } from '#shared/records/audit.ts';

export type AuditFieldChange =
  | { kind: 'response'; criterionId: string; to: CriterionResponse | null }
  | { kind: 'sectionOverride'; sectionId: string; to: GradeOverride | null }
  | { kind: 'overallOverride'; to: GradeOverride | null }
  | { kind: 'concern'; to: ConcernValue | null };

export type FieldValue = CriterionResponse | GradeOverride | ConcernValue | null;

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

/** A field's current value, as the server reads it (shared with the server: one definition). */
export function readField(audit: Audit, field: string): FieldValue {
  return auditFieldValue(audit, field) as FieldValue;
}

/** A copy of the audit with one field set (or removed, for null): the server's own patch rule. */
export function writeField(audit: Audit, field: string, value: FieldValue): Audit {
  return applyAuditPatch(audit, auditPatchFor(field, null, value));
}

/** Structural equality for the small JSON values an audit field holds; key order does not matter. */
export const sameValue = isSameValue;

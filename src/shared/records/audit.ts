// The audit record kind: its schema and device row, its field-path grammar ("responses.F2") in
// both directions, the builders of a new audit and of a correction (used by the device and the
// server alike), its visibility view and the sync page's words for it.
import { z } from 'zod';
import type { AuditPatch } from '#shared/protocol/sync.ts';
import { AuditSchema, type Audit, type CriterionResponse, type GradeOverride } from '#shared/schemas/audit.ts';
import type { Agency } from '#shared/schemas/framework.ts';
import { defineRecordKind, type RecordWords } from './record-kind.ts';

// ---------------------------------------------------------------------------------------------
// Field paths: the one grammar for the fields of an audit a patch changes.

/** One field of an audit a device may change. */
export type AuditField =
  | { kind: 'response'; criterionId: string }
  | { kind: 'sectionOverride'; sectionId: string }
  | { kind: 'overallOverride' }
  | { kind: 'concern' };

/** "responses.F2", "sectionOverrides.F", "overallOverride", "concern". */
export function auditFieldPath(field: AuditField): string {
  switch (field.kind) {
    case 'response':
      return `responses.${field.criterionId}`;
    case 'sectionOverride':
      return `sectionOverrides.${field.sectionId}`;
    case 'overallOverride':
      return 'overallOverride';
    case 'concern':
      return 'concern';
  }
}

/** The field a path names, or undefined for a path that names none. Ids may contain dots. */
export function parseAuditFieldPath(path: string): AuditField | undefined {
  const dot = path.indexOf('.');
  const [group, key] = dot < 0 ? [path, undefined] : [path.slice(0, dot), path.slice(dot + 1)];
  if (group === 'responses' && key !== undefined) return { kind: 'response', criterionId: key };
  if (group === 'sectionOverrides' && key !== undefined) return { kind: 'sectionOverride', sectionId: key };
  if (path === 'overallOverride') return { kind: 'overallOverride' };
  if (path === 'concern') return { kind: 'concern' };
  return undefined;
}

export type PatchField = { path: string; from: unknown; to: unknown };

/** Every field a patch changes, by path. */
export function auditPatchFields(patch: AuditPatch): PatchField[] {
  const fields: PatchField[] = [];
  for (const [criterionId, change] of Object.entries(patch.responses ?? {})) {
    fields.push({ path: auditFieldPath({ kind: 'response', criterionId }), ...change });
  }
  for (const [sectionId, change] of Object.entries(patch.sectionOverrides ?? {})) {
    fields.push({ path: auditFieldPath({ kind: 'sectionOverride', sectionId }), ...change });
  }
  if (patch.overallOverride) fields.push({ path: 'overallOverride', ...patch.overallOverride });
  if (patch.concern) fields.push({ path: 'concern', ...patch.concern });
  return fields;
}

/** The current value of a field in an audit; null when absent, as in a patch. */
export function auditFieldValue(
  audit: Pick<Audit, 'responses' | 'sectionOverrides' | 'overallOverride' | 'concern'>,
  path: string,
): unknown {
  const field = parseAuditFieldPath(path);
  switch (field?.kind) {
    case 'response':
      return Object.hasOwn(audit.responses, field.criterionId) ? audit.responses[field.criterionId] : null;
    case 'sectionOverride':
      return Object.hasOwn(audit.sectionOverrides, field.sectionId) ? audit.sectionOverrides[field.sectionId] : null;
    case 'overallOverride':
      return audit.overallOverride ?? null;
    case 'concern':
      return audit.concern ?? null;
    case undefined:
      return null;
  }
}

export type ConcernValue = NonNullable<Audit['concern']>;

/** The wire patch that changes one field from one value to another. */
export function auditPatchFor(path: string, from: unknown, to: unknown): AuditPatch {
  const field = parseAuditFieldPath(path);
  switch (field?.kind) {
    case 'response':
      return {
        responses: {
          [field.criterionId]: { from: from as CriterionResponse | null, to: to as CriterionResponse | null },
        },
      };
    case 'sectionOverride':
      return {
        sectionOverrides: { [field.sectionId]: { from: from as GradeOverride | null, to: to as GradeOverride | null } },
      };
    case 'overallOverride':
      return { overallOverride: { from: from as GradeOverride | null, to: to as GradeOverride | null } };
    case 'concern':
    case undefined:
      return { concern: { from: from as ConcernValue | null, to: to as ConcernValue | null } };
  }
}

// ---------------------------------------------------------------------------------------------
// Builders: the device and the server make new audits and corrections with these, so both agree.

/** An auditor's new draft of an assignment: pinned to the cycle's framework, nothing answered. */
export function startedAudit(input: {
  id: string;
  assignment: { cycleId: string; planRef: string; agency: Agency };
  framework: { id: string; version: number };
  auditorId: string;
  startedAt: string;
  updatedAt: string;
}): Audit {
  return {
    id: input.id,
    cycleId: input.assignment.cycleId,
    planRef: input.assignment.planRef,
    frameworkId: input.framework.id,
    frameworkVersion: input.framework.version,
    auditorId: input.auditorId,
    agency: input.assignment.agency,
    responses: {},
    sectionOverrides: {},
    status: 'draft',
    revision: 1,
    createdAt: input.startedAt,
    updatedAt: input.updatedAt,
  };
}

/** A correction of a submitted audit: the next revision, a draft copy of it, naming what it supersedes. */
export function revisedAudit(
  submitted: Audit,
  input: { id: string; reason: string; startedAt: string; updatedAt: string },
): Audit {
  const { submittedAt: _submittedAt, ...copy } = submitted;
  return {
    ...copy,
    id: input.id,
    status: 'draft',
    revision: submitted.revision + 1,
    supersedes: { auditId: submitted.id, revision: submitted.revision, reason: input.reason },
    createdAt: input.startedAt,
    updatedAt: input.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// The kind.

/** A field path in words: "Criterion F2", "Grade for section F". */
export function describeAuditField(path: string | null): string {
  if (!path) return 'The audit';
  const field = parseAuditFieldPath(path);
  switch (field?.kind) {
    case 'response':
      return `Criterion ${field.criterionId}`;
    case 'sectionOverride':
      return `Grade for section ${field.sectionId}`;
    case 'overallOverride':
      return 'Overall judgement';
    case 'concern':
      return 'Concern flag';
    case undefined:
      return path;
  }
}

export const AuditRowSchema = z.strictObject({
  id: z.uuid(),
  cycleId: z.string(),
  planRef: z.string(),
  audit: AuditSchema,
});
export type AuditRow = z.infer<typeof AuditRowSchema>;

/** What the sync page says about audits and their changes. */
export const AUDIT_WORDS: RecordWords = {
  reasons: {
    invalid: 'The server found the change invalid',
    forbidden: 'You are not allowed to make this change',
    'not-found': 'The server does not have this audit or assignment',
    immutable: 'The audit was already submitted, so it cannot change',
    incomplete: 'The audit is not complete, so it cannot be submitted',
  },
  field: describeAuditField,
  mutations: {
    'audit.start': () => 'Started the audit',
    'audit.submit': () => 'Submitted the audit',
    'audit.patch': (field) => `Changed ${describeAuditField(field).toLowerCase()}`,
    'audit.revise': () => 'Started a correction of the submitted audit',
  },
};

export const AUDIT_RECORD = defineRecordKind({
  kind: 'audit',
  schema: AuditSchema,
  visibility: 'visible_audits',
  device: {
    table: 'audits',
    indexes: 'id, [cycleId+planRef]',
    since: 1,
    row: AuditRowSchema,
    key: (id) => id,
    toRow: (_id, audit): AuditRow => ({ id: audit.id, cycleId: audit.cycleId, planRef: audit.planRef, audit }),
  },
  words: AUDIT_WORDS,
});

// The registry's grammar and builders: one definition of a field path in both directions, and the
// records the device and the server build the same way.
import { describe, expect, it } from 'vitest';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import {
  auditFieldPath,
  auditFieldValue,
  auditPatchFields,
  auditPatchFor,
  parseAuditFieldPath,
  revisedAudit,
  startedAudit,
  type AuditField,
} from './audit.ts';
import { ENTITY_KINDS, RECORD_KINDS, RECORD_WORDS } from './index.ts';
import {
  amendedModeration,
  moderationFieldPath,
  moderationPatchFields,
  moderationPatchFor,
  openedModeration,
  parseModerationFieldPath,
  type ModerationField,
} from './moderation.ts';

const AUDIT = startedAudit({
  id: '00000000-0000-4000-8000-000000000001',
  assignment: { cycleId: 'cycle-1', planRef: 'PLN-0001', agency: 'health' },
  framework: { id: 'ehcp-quality', version: 2 },
  auditorId: 'auditor-1',
  startedAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:05.000Z',
});

describe('the audit field grammar', () => {
  const fields: [AuditField, string][] = [
    [{ kind: 'response', criterionId: 'F2' }, 'responses.F2'],
    [{ kind: 'response', criterionId: 'F2.a' }, 'responses.F2.a'],
    [{ kind: 'sectionOverride', sectionId: 'F' }, 'sectionOverrides.F'],
    [{ kind: 'overallOverride' }, 'overallOverride'],
    [{ kind: 'concern' }, 'concern'],
  ];

  it.each(fields)('writes %o as %s and reads it back', (field, path) => {
    expect(auditFieldPath(field)).toBe(path);
    expect(parseAuditFieldPath(path)).toEqual(field);
  });

  it('names no field for a path outside the grammar', () => {
    expect(parseAuditFieldPath('status')).toBeUndefined();
    expect(parseAuditFieldPath('responses')).toBeUndefined();
  });

  it('turns a one-field patch into its path and value, and back', () => {
    const patch = auditPatchFor('responses.F2', null, { rating: 'met' });
    expect(auditPatchFields(patch)).toEqual([{ path: 'responses.F2', from: null, to: { rating: 'met' } }]);
    const answered: Audit = { ...AUDIT, responses: { F2: { rating: 'met' } } };
    expect(auditFieldValue(answered, 'responses.F2')).toEqual({ rating: 'met' });
    expect(auditFieldValue(answered, 'sectionOverrides.F')).toBeNull();
  });
});

describe('the moderation field grammar', () => {
  const fields: [ModerationField, string][] = [
    [{ group: 'sections', sectionId: 'F', name: 'agreedGrade' }, 'sections.F.agreedGrade'],
    [{ group: 'overall', name: 'rationale' }, 'overall.rationale'],
    [{ group: 'strengths' }, 'strengths'],
    [{ group: 'areasForDevelopment' }, 'areasForDevelopment'],
    [{ group: 'participants', id: 'p1' }, 'participants.p1'],
    [{ group: 'actions', id: 'act-1' }, 'actions.act-1'],
    [{ group: 'status' }, 'status'],
  ];

  it.each(fields)('writes %o as %s and reads it back', (field, path) => {
    expect(moderationFieldPath(field)).toBe(path);
    expect(parseModerationFieldPath(path)).toEqual(field);
  });

  it('turns a one-field patch into its path, and refuses a path outside the grammar', () => {
    const patch = moderationPatchFor('sections.F.rationale', '', 'Outcomes are specific');
    expect(moderationPatchFields(patch)).toEqual([
      { path: 'sections.F.rationale', from: '', to: 'Outcomes are specific' },
    ]);
    expect(parseModerationFieldPath('sections.F.colour')).toBeUndefined();
    expect(() => moderationPatchFor('colour', null, 'red')).toThrow(/Unknown moderation field/);
  });
});

describe('the builders', () => {
  it('starts an audit pinned to the framework, nothing answered, at revision 1', () => {
    expect(AUDIT).toMatchObject({
      cycleId: 'cycle-1',
      planRef: 'PLN-0001',
      agency: 'health',
      frameworkId: 'ehcp-quality',
      frameworkVersion: 2,
      responses: {},
      status: 'draft',
      revision: 1,
      createdAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:05.000Z',
    });
  });

  it('revises a submitted audit as the next draft revision naming what it supersedes', () => {
    const submitted: Audit = {
      ...AUDIT,
      responses: { F2: { rating: 'met' } },
      status: 'submitted',
      submittedAt: '2026-03-02T09:00:00.000Z',
    };
    const revised = revisedAudit(submitted, {
      id: '00000000-0000-4000-8000-000000000002',
      reason: 'Wrong plan',
      startedAt: '2026-03-03T09:00:00.000Z',
      updatedAt: '2026-03-03T09:00:01.000Z',
    });
    expect(revised).toMatchObject({
      id: '00000000-0000-4000-8000-000000000002',
      status: 'draft',
      revision: 2,
      responses: { F2: { rating: 'met' } },
      supersedes: { auditId: AUDIT.id, revision: 1, reason: 'Wrong plan' },
    });
    expect(revised).not.toHaveProperty('submittedAt');
  });

  it('amends a signed-off moderation as the next open revision, without the sign-off', () => {
    const opened = openedModeration({
      id: '00000000-0000-4000-8000-000000000011',
      cycleId: 'cycle-1',
      planRef: 'PLN-0001',
      frameworkId: 'ehcp-quality',
      frameworkVersion: 2,
      auditRefs: [{ auditId: AUDIT.id, revision: 1 }],
      chair: { id: 'qa-1', name: 'Quinn' },
      openedAt: '2026-03-04T09:00:00.000Z',
    });
    const signedOff: Moderation = {
      ...opened,
      status: 'signed-off',
      signedOffAt: '2026-03-05T09:00:00.000Z',
      signedOffBy: 'qa-1',
    };
    const amended = amendedModeration(signedOff, {
      id: '00000000-0000-4000-8000-000000000012',
      reason: 'New evidence',
      openedAt: '2026-03-06T09:00:00.000Z',
      openedBy: 'qa-2',
      updatedAt: '2026-03-06T09:00:00.000Z',
    });
    expect(amended).toMatchObject({
      status: 'open',
      revision: 2,
      openedBy: 'qa-2',
      supersedes: { moderationId: opened.id, reason: 'New evidence' },
      participants: { chair: { userId: 'qa-1', name: 'Quinn', role: 'chair' } },
    });
    expect(amended).not.toHaveProperty('signedOffAt');
    expect(amended).not.toHaveProperty('signedOffBy');
  });
});

describe('the registry', () => {
  it('gives every kind its own device table and visibility view', () => {
    const tables = ENTITY_KINDS.map((kind) => RECORD_KINDS[kind].device.table);
    const views = ENTITY_KINDS.map((kind) => RECORD_KINDS[kind].visibility);
    expect(new Set(tables).size).toBe(ENTITY_KINDS.length);
    expect(new Set(views).size).toBe(ENTITY_KINDS.length);
  });

  it('has words for every reason and every mutation of the kinds the device edits', () => {
    expect(Object.keys(RECORD_WORDS.audit.mutations).sort()).toEqual([
      'audit.patch',
      'audit.revise',
      'audit.start',
      'audit.submit',
    ]);
    expect(RECORD_WORDS.moderation.mutations['moderation.patch']?.('sections.F.agreedGrade')).toBe(
      'Changed agreed grade for section f (moderation)',
    );
    expect(RECORD_WORDS.audit.field('responses.F2')).toBe('Criterion F2');
  });
});

import { describe, expect, it } from 'vitest';
import type { Audit } from '#shared/schemas/audit.ts';
import { buildFramework } from '#tests/fixtures/frameworks.ts';
import { auditPatchFields as patchFields } from '#shared/records/audit.ts';
import { applyAuditPatch, comparePatch, findPatchConflicts, isSameValue, validateAuditPatch } from './audit-patch.ts';

const AUDIT: Audit = {
  id: '00000000-0000-4000-8000-000000000001',
  cycleId: 'cycle-1',
  planRef: 'PLN-0001',
  frameworkId: 'test-framework',
  frameworkVersion: 1,
  auditorId: 'user-1',
  agency: 'education',
  responses: { B1: { rating: 'met', comment: 'Clear.' } },
  sectionOverrides: {},
  status: 'draft',
  revision: 1,
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-01-05T09:00:00.000Z',
};

describe('audit patches', () => {
  it('lists the fields a patch touches', () => {
    expect(
      patchFields({
        responses: { B1: { from: null, to: { rating: 'met' } } },
        sectionOverrides: { F: { from: null, to: { grade: 1, reason: 'Vague.' } } },
        concern: { from: null, to: { raised: true, note: 'x' } },
      }).map((f) => f.path),
    ).toEqual(['responses.B1', 'sectionOverrides.F', 'concern']);
  });

  it('conflicts only where the server value is neither from nor to', () => {
    expect(
      findPatchConflicts(AUDIT, {
        responses: { B1: { from: { comment: 'Clear.', rating: 'met' }, to: { rating: 'not-met' } } },
      }),
    ).toEqual([]);
    expect(
      findPatchConflicts(AUDIT, { responses: { B1: { from: null, to: { rating: 'met', comment: 'Clear.' } } } }),
    ).toEqual([]);
    expect(
      findPatchConflicts(AUDIT, {
        responses: { B1: { from: null, to: { rating: 'not-met' } }, B2: { from: null, to: { rating: 'met' } } },
      }),
    ).toEqual(['responses.B1']);
    expect(
      findPatchConflicts(AUDIT, {
        overallOverride: { from: { grade: 2, reason: 'x' }, to: { grade: 3, reason: 'y' } },
      }),
    ).toEqual(['overallOverride']);
    // Removing what is already gone is no conflict.
    expect(findPatchConflicts(AUDIT, { overallOverride: { from: { grade: 2, reason: 'x' }, to: null } })).toEqual([]);
  });

  it('applies a patch, null removing a field', () => {
    const next = applyAuditPatch(AUDIT, {
      responses: {
        B1: { from: { rating: 'met', comment: 'Clear.' }, to: null },
        B2: { from: null, to: { rating: 'met' } },
      },
      overallOverride: { from: null, to: { grade: 2, reason: 'Weak F.' } },
    });
    expect(next.responses).toEqual({ B2: { rating: 'met' } });
    expect(next.overallOverride).toEqual({ grade: 2, reason: 'Weak F.' });
    expect(AUDIT.responses).toEqual({ B1: { rating: 'met', comment: 'Clear.' } });
  });

  it('validates against the pinned framework', () => {
    const framework = buildFramework({
      sections: [
        {
          id: 'B',
          title: 'B',
          leadAgency: 'education',
          criteria: [{ id: 'B1', text: 'B1', guidance: 'g', statutory: false, allowedRatings: ['met', 'not-met'] }],
        },
      ],
      overall: { method: 'mean', rules: [] },
    });
    expect(
      validateAuditPatch(framework, {
        responses: {
          B1: { from: null, to: { rating: 'partly-met' } },
          X1: { from: null, to: { rating: 'met' } },
        },
        sectionOverrides: { B: { from: null, to: { grade: 5, reason: 'r' } } },
      }).map((p) => p.field),
    ).toEqual(['responses.B1', 'responses.X1', 'sectionOverrides.B']);
  });

  it('compares values whatever their key order', () => {
    expect(isSameValue({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toBe(true);
    expect(isSameValue(null, undefined)).toBe(true);
    expect(isSameValue({ a: 1 }, { a: 2 })).toBe(false);
  });

  it('compares values as JSON: a key set to undefined is absent, a null value is not', () => {
    expect(isSameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(isSameValue({ a: null }, {})).toBe(false);
    expect(isSameValue({}, { a: null })).toBe(false);
    expect(isSameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(isSameValue([1, { x: 'y' }], [1, { x: 'y' }])).toBe(true);
    expect(isSameValue([1, 2], [2, 1])).toBe(false);
    expect(isSameValue([1], { 0: 1 })).toBe(false);
    expect(isSameValue('1', 1)).toBe(false);
    expect(isSameValue({ rating: 'met' }, null)).toBe(false);
  });

  it('sorts a patch into conflicts and changes in one pass, leaving out fields already at their value', () => {
    const audit: Audit = {
      ...AUDIT,
      responses: { ...AUDIT.responses, B3: { rating: 'partly-met' } },
      concern: { raised: false, note: '' },
    };
    const result = comparePatch(audit, {
      responses: {
        // Changed from what the device saw: a change, with the value it replaces.
        B1: { from: { comment: 'Clear.', rating: 'met' }, to: { rating: 'not-met' } },
        // Already at the value the device wants: nothing to do.
        B2: { from: { rating: 'met' }, to: null },
        // Someone else set it since the device saw it blank: a conflict.
        B3: { from: null, to: { rating: 'met' } },
      },
      overallOverride: { from: null, to: { grade: 2, reason: 'Weak F.' } },
      concern: { from: { raised: true, note: 'x' }, to: { raised: true, note: 'y' } },
    });
    expect(result.conflicts).toEqual(['responses.B3', 'concern']);
    expect(result.changed).toEqual([
      { path: 'responses.B1', before: { rating: 'met', comment: 'Clear.' }, after: { rating: 'not-met' } },
      { path: 'overallOverride', before: null, after: { grade: 2, reason: 'Weak F.' } },
    ]);
    expect(
      findPatchConflicts(
        { ...AUDIT, responses: { ...AUDIT.responses, B3: { rating: 'met' } } },
        {
          responses: { B3: { from: null, to: { rating: 'not-met' } } },
        },
      ),
    ).toEqual(['responses.B3']);
  });
});

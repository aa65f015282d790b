import { describe, expect, it } from 'vitest';
import type { Action, Moderation } from '#shared/schemas/moderation.ts';
import { buildFramework } from '#tests/fixtures/frameworks.ts';
import {
  applyModerationPatch,
  findModerationConflicts,
  isPerspectiveOnlyPatch,
  missingAgreedGrades,
  validateModerationPatch,
} from './moderation-patch.ts';
import { moderationFieldValue, moderationPatchFields } from '#shared/records/moderation.ts';

const ACTION: Action = {
  id: 'act-1',
  description: 'Rewrite the Section F provision with amounts',
  ownerRole: 'SEN case officer',
  dueDate: '2026-07-01',
  criterionId: 'F1',
  status: 'open',
};

const MODERATION: Moderation = {
  id: '00000000-0000-4000-8000-000000000001',
  cycleId: 'cycle-1',
  planRef: 'PLN-0001',
  frameworkId: 'test-framework',
  frameworkVersion: 1,
  auditRefs: [{ auditId: '00000000-0000-4000-8000-000000000002', revision: 1 }],
  participants: { chair: { userId: 'user-qa-lead', name: 'Chair', role: 'chair' } },
  sections: { B: { agreedGrade: 3, rationale: 'Needs are specific.' } },
  overall: { agreedGrade: null, rationale: '' },
  strengths: 'Clear outcomes.',
  areasForDevelopment: '',
  actions: { 'act-1': ACTION },
  status: 'open',
  revision: 1,
  openedAt: '2026-01-05T09:00:00.000Z',
  openedBy: 'user-qa-lead',
  updatedAt: '2026-01-05T09:00:00.000Z',
};

const framework = buildFramework();

describe('moderation patches', () => {
  it('lists the fields a patch touches as paths', () => {
    expect(
      moderationPatchFields({
        sections: {
          B: { rationale: { from: 'Needs are specific.', to: 'x' }, parentPerspective: { from: null, to: 'y' } },
        },
        overall: { agreedGrade: { from: null, to: 2 } },
        strengths: { from: 'Clear outcomes.', to: '' },
        participants: { rep: { from: null, to: { name: 'Rep', role: 'parent-rep' } } },
        actions: { 'act-1': { from: ACTION, to: null } },
        status: { from: 'open', to: 'agreed' },
      }).map((f) => f.path),
    ).toEqual([
      'sections.B.rationale',
      'sections.B.parentPerspective',
      'overall.agreedGrade',
      'strengths',
      'participants.rep',
      'actions.act-1',
      'status',
    ]);
  });

  it('reads the current value of a field, absent as null and an undiscussed rationale as empty', () => {
    expect(moderationFieldValue(MODERATION, 'sections.B.agreedGrade')).toBe(3);
    expect(moderationFieldValue(MODERATION, 'sections.F.agreedGrade')).toBeNull();
    expect(moderationFieldValue(MODERATION, 'sections.F.rationale')).toBe('');
    expect(moderationFieldValue(MODERATION, 'sections.B.parentPerspective')).toBeNull();
    expect(moderationFieldValue(MODERATION, 'overall.rationale')).toBe('');
    expect(moderationFieldValue(MODERATION, 'actions.act-1')).toEqual(ACTION);
    expect(moderationFieldValue(MODERATION, 'participants.nobody')).toBeNull();
    expect(moderationFieldValue(MODERATION, 'status')).toBe('open');
    // Inherited object properties are not sections.
    expect(moderationFieldValue(MODERATION, 'sections.constructor.agreedGrade')).toBeNull();
  });

  it('conflicts only where the server value is neither from nor to', () => {
    expect(
      findModerationConflicts(MODERATION, {
        sections: { B: { agreedGrade: { from: 3, to: 2 } }, F: { rationale: { from: '', to: 'Vague.' } } },
        strengths: { from: 'Old.', to: 'Clear outcomes.' },
      }),
    ).toEqual([]);
    expect(
      findModerationConflicts(MODERATION, {
        sections: { B: { agreedGrade: { from: null, to: 2 } } },
        strengths: { from: '', to: 'Else.' },
        actions: { 'act-1': { from: null, to: { ...ACTION, status: 'done' } } },
        status: { from: 'agreed', to: 'open' },
      }),
    ).toEqual(['sections.B.agreedGrade', 'strengths', 'actions.act-1']);
  });

  it('tells a perspective-only patch from one that changes anything else', () => {
    expect(isPerspectiveOnlyPatch({ sections: { B: { parentPerspective: { from: null, to: 'Fair.' } } } })).toBe(true);
    expect(isPerspectiveOnlyPatch({ overall: { parentPerspective: { from: null, to: 'Fair.' } } })).toBe(true);
    expect(
      isPerspectiveOnlyPatch({
        sections: { B: { parentPerspective: { from: null, to: 'Fair.' }, rationale: { from: '', to: 'x' } } },
      }),
    ).toBe(false);
    expect(isPerspectiveOnlyPatch({ strengths: { from: '', to: 'x' } })).toBe(false);
    expect(isPerspectiveOnlyPatch({ status: { from: 'open', to: 'agreed' } })).toBe(false);
    // An id ending in ".parentPerspective" does not make a participant or action a perspective.
    expect(
      isPerspectiveOnlyPatch({
        participants: { 'x.parentPerspective': { from: null, to: { name: 'Me', role: 'chair' } } },
      }),
    ).toBe(false);
    expect(isPerspectiveOnlyPatch({ actions: { 'a.parentPerspective': { from: ACTION, to: null } } })).toBe(false);
  });

  it('refuses unknown sections and criteria, grades off the scale, mismatched action ids and a null status', () => {
    expect(
      validateModerationPatch(framework, {
        sections: { Q: { rationale: { from: '', to: 'x' } }, B: { agreedGrade: { from: null, to: 9 } } },
        overall: { agreedGrade: { from: null, to: 0 } },
        actions: {
          other: { from: null, to: ACTION },
          'act-2': { from: null, to: { ...ACTION, id: 'act-2', criterionId: 'ZZ' } },
        },
        status: { from: 'open', to: null },
      }).map((p) => p.field),
    ).toEqual([
      'sections.Q',
      'sections.B.agreedGrade',
      'overall.agreedGrade',
      'status',
      'actions.other',
      'actions.act-2',
    ]);
    expect(
      validateModerationPatch(framework, {
        sections: { F: { agreedGrade: { from: null, to: 2 } } },
        actions: { 'act-2': { from: null, to: { ...ACTION, id: 'act-2' } } },
      }),
    ).toEqual([]);
  });

  it('applies a patch, null removing participants, actions and perspectives', () => {
    const next = applyModerationPatch(MODERATION, {
      sections: {
        F: { agreedGrade: { from: null, to: 2 }, parentPerspective: { from: null, to: 'Provision is vague.' } },
      },
      overall: { rationale: { from: '', to: 'Best fit.' } },
      participants: { rep: { from: null, to: { userId: 'user-parent-rep', name: 'Rep', role: 'parent-rep' } } },
      actions: { 'act-1': { from: ACTION, to: null } },
      status: { from: 'open', to: 'agreed' },
    });
    expect(next.sections.F).toEqual({ agreedGrade: 2, rationale: '', parentPerspective: 'Provision is vague.' });
    expect(next.overall).toEqual({ agreedGrade: null, rationale: 'Best fit.' });
    expect(Object.keys(next.participants).sort()).toEqual(['chair', 'rep']);
    expect(next.actions).toEqual({});
    expect(next.status).toBe('agreed');
    // The original is untouched.
    expect(MODERATION.actions['act-1']).toEqual(ACTION);
    expect(MODERATION.sections.F).toBeUndefined();
    const cleared = applyModerationPatch(next, {
      sections: { F: { parentPerspective: { from: 'Provision is vague.', to: null } } },
    });
    expect(cleared.sections.F).toEqual({ agreedGrade: 2, rationale: '' });
  });

  it('lists the sections and overall judgement still without an agreed grade', () => {
    expect(missingAgreedGrades(MODERATION, ['B', 'C', 'F'])).toEqual(['C', 'F', 'overall']);
    const agreed = applyModerationPatch(MODERATION, {
      sections: { C: { agreedGrade: { from: null, to: 2 } }, F: { agreedGrade: { from: null, to: 2 } } },
      overall: { agreedGrade: { from: null, to: 2 } },
    });
    expect(missingAgreedGrades(agreed, ['B', 'C', 'F'])).toEqual([]);
  });
});

// The moderation record kind: its schema and device row, its field-path grammar
// ("sections.F.agreedGrade", "actions.<id>") in both directions, the builders of a new moderation
// and of an amendment (used by the device and the server alike), its visibility view and the
// sync page's words for it.
import { z } from 'zod';
import type { ModerationPatch } from '#shared/protocol/sync.ts';
import { ModerationSchema, type AgreedSection, type Moderation } from '#shared/schemas/moderation.ts';
import type { PatchField } from './audit.ts';
import { defineRecordKind, type RecordWords } from './record-kind.ts';

// ---------------------------------------------------------------------------------------------
// Field paths: the one grammar for the fields of a moderation a patch changes.

export const SECTION_FIELDS = ['agreedGrade', 'rationale', 'parentPerspective'] as const;
export type SectionField = (typeof SECTION_FIELDS)[number];

/** One field of a moderation a device may change. */
export type ModerationField =
  | { group: 'sections'; sectionId: string; name: SectionField }
  | { group: 'overall'; name: SectionField }
  | { group: 'strengths' | 'areasForDevelopment' | 'status' }
  | { group: 'participants' | 'actions'; id: string };

const isSectionField = (name: string): name is SectionField => (SECTION_FIELDS as readonly string[]).includes(name);

/** "sections.F.rationale", "overall.agreedGrade", "strengths", "participants.<id>", "actions.<id>", "status". */
export function moderationFieldPath(field: ModerationField): string {
  switch (field.group) {
    case 'sections':
      return `sections.${field.sectionId}.${field.name}`;
    case 'overall':
      return `overall.${field.name}`;
    case 'participants':
    case 'actions':
      return `${field.group}.${field.id}`;
    default:
      return field.group;
  }
}

/** The field a path names, or undefined for a path that names none. */
export function parseModerationFieldPath(path: string): ModerationField | undefined {
  const [group = '', key = '', name = ''] = path.split('.');
  switch (group) {
    case 'sections':
      return isSectionField(name) ? { group, sectionId: key, name } : undefined;
    case 'overall':
      return isSectionField(key) ? { group, name: key } : undefined;
    case 'strengths':
    case 'areasForDevelopment':
    case 'status':
      return { group };
    case 'participants':
    case 'actions':
      return { group, id: key };
    default:
      return undefined;
  }
}

/** Every field a patch changes, by path. */
export function moderationPatchFields(patch: ModerationPatch): PatchField[] {
  const fields: PatchField[] = [];
  for (const [sectionId, section] of Object.entries(patch.sections ?? {})) {
    for (const name of SECTION_FIELDS) {
      const change = section[name];
      if (change) fields.push({ path: moderationFieldPath({ group: 'sections', sectionId, name }), ...change });
    }
  }
  for (const name of SECTION_FIELDS) {
    const change = patch.overall?.[name];
    if (change) fields.push({ path: moderationFieldPath({ group: 'overall', name }), ...change });
  }
  if (patch.strengths) fields.push({ path: 'strengths', ...patch.strengths });
  if (patch.areasForDevelopment) fields.push({ path: 'areasForDevelopment', ...patch.areasForDevelopment });
  for (const [id, change] of Object.entries(patch.participants ?? {})) {
    fields.push({ path: moderationFieldPath({ group: 'participants', id }), ...change });
  }
  for (const [id, change] of Object.entries(patch.actions ?? {})) {
    fields.push({ path: moderationFieldPath({ group: 'actions', id }), ...change });
  }
  if (patch.status) fields.push({ path: 'status', ...patch.status });
  return fields;
}

function sectionValue(section: AgreedSection | undefined, name: string): unknown {
  if (!section) return name === 'rationale' ? '' : null;
  if (name === 'agreedGrade') return section.agreedGrade;
  if (name === 'rationale') return section.rationale;
  if (name === 'parentPerspective') return section.parentPerspective ?? null;
  return null;
}

/** The current value of a field; null when absent. An undiscussed section's rationale is "". */
export function moderationFieldValue(moderation: Moderation, path: string): unknown {
  // Read loosely, as before the grammar was shared: an unknown section field name reads null.
  const [group, key = '', name = ''] = path.split('.');
  switch (group) {
    case 'sections':
      return sectionValue(Object.hasOwn(moderation.sections, key) ? moderation.sections[key] : undefined, name);
    case 'overall':
      return sectionValue(moderation.overall, key);
    case 'strengths':
      return moderation.strengths;
    case 'areasForDevelopment':
      return moderation.areasForDevelopment;
    case 'participants':
      return Object.hasOwn(moderation.participants, key) ? moderation.participants[key] : null;
    case 'actions':
      return Object.hasOwn(moderation.actions, key) ? moderation.actions[key] : null;
    case 'status':
      return moderation.status;
    default:
      return null;
  }
}

/** The wire patch that changes one field from one value to another. */
export function moderationPatchFor(path: string, from: unknown, to: unknown): ModerationPatch {
  const [group = '', key = '', name = ''] = path.split('.');
  const change = { from, to } as never;
  switch (group) {
    case 'sections':
      return { sections: { [key]: { [name]: change } } };
    case 'overall':
      return { overall: { [key]: change } };
    case 'strengths':
      return { strengths: change };
    case 'areasForDevelopment':
      return { areasForDevelopment: change };
    case 'participants':
      return { participants: { [key]: change } };
    case 'actions':
      return { actions: { [key]: change } };
    case 'status':
      return { status: change };
    default:
      throw new Error(`Unknown moderation field "${path}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Builders: the device and the server make new moderations and amendments with these.

/** The participant key of the chair, the QA lead who opened the moderation. */
const CHAIR_PARTICIPANT_ID = 'chair';

/** A moderation as it opens: the audits it pins, the chair on the panel, nothing agreed yet. */
export function openedModeration(input: {
  id: string;
  cycleId: string;
  planRef: string;
  frameworkId: string;
  frameworkVersion: number;
  auditRefs: Moderation['auditRefs'];
  chair: { id: string; name: string };
  openedAt: string;
  updatedAt?: string;
}): Moderation {
  const { chair, openedAt, updatedAt, ...pinned } = input;
  return {
    ...pinned,
    participants: { [CHAIR_PARTICIPANT_ID]: { userId: chair.id, name: chair.name, role: 'chair' } },
    sections: {},
    overall: { agreedGrade: null, rationale: '' },
    strengths: '',
    areasForDevelopment: '',
    actions: {},
    status: 'open',
    revision: 1,
    openedAt,
    openedBy: chair.id,
    updatedAt: updatedAt ?? openedAt,
  };
}

/** An amendment of a signed-off moderation: the next revision, a copy of it, open again. */
export function amendedModeration(
  signedOff: Moderation,
  input: { id: string; reason: string; openedAt: string; openedBy: string; updatedAt: string },
): Moderation {
  const { signedOffAt: _signedOffAt, signedOffBy: _signedOffBy, ...copy } = signedOff;
  return {
    ...copy,
    id: input.id,
    status: 'open',
    revision: signedOff.revision + 1,
    supersedes: { moderationId: signedOff.id, reason: input.reason },
    openedAt: input.openedAt,
    openedBy: input.openedBy,
    updatedAt: input.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// The kind.

const SECTION_FIELD_TEXT: Record<SectionField, string> = {
  agreedGrade: 'Agreed grade',
  rationale: 'Rationale',
  parentPerspective: 'Parent carer perspective',
};

/** A field path in words: "Agreed grade for section F", "An action". */
export function describeModerationField(path: string | null): string {
  if (!path) return 'The moderation';
  const field = parseModerationFieldPath(path);
  switch (field?.group) {
    case 'sections':
      return `${SECTION_FIELD_TEXT[field.name]} for section ${field.sectionId}`;
    case 'overall':
      return `${SECTION_FIELD_TEXT[field.name]} for the overall judgement`;
    case 'strengths':
      return 'Strengths';
    case 'areasForDevelopment':
      return 'Areas for development';
    case 'participants':
      return 'A panel member';
    case 'actions':
      return 'An action';
    case 'status':
      return 'Moderation status';
    case undefined:
      return path;
  }
}

export const ModerationRowSchema = z.strictObject({
  id: z.uuid(),
  cycleId: z.string(),
  planRef: z.string(),
  status: z.string(),
  moderation: ModerationSchema,
});
export type ModerationRow = z.infer<typeof ModerationRowSchema>;

/** What the sync page says about moderations and their changes. */
export const MODERATION_WORDS: RecordWords = {
  reasons: {
    invalid: 'The server found the change invalid',
    forbidden: 'You are not allowed to make this change',
    'not-found': 'The server does not have this moderation or plan',
    immutable: 'The moderation was already signed off, so it cannot change',
    incomplete: 'The moderation is not ready for this step',
  },
  field: describeModerationField,
  mutations: {
    'moderation.open': () => 'Opened the moderation',
    'moderation.patch': (field) => `Changed ${describeModerationField(field).toLowerCase()} (moderation)`,
    'moderation.signOff': () => 'Signed off the moderation',
    'moderation.amend': () => 'Started an amendment of the signed-off moderation',
  },
};

export const MODERATION_RECORD = defineRecordKind({
  kind: 'moderation',
  schema: ModerationSchema,
  visibility: 'visible_moderations',
  device: {
    table: 'moderations',
    indexes: 'id, [cycleId+planRef], status',
    since: 2,
    row: ModerationRowSchema,
    key: (id) => id,
    toRow: (_id, moderation): ModerationRow => ({
      id: moderation.id,
      cycleId: moderation.cycleId,
      planRef: moderation.planRef,
      status: moderation.status,
      moderation,
    }),
  },
  words: MODERATION_WORDS,
});

// One moderated result per plan per cycle: what the panel agreed, why, and what must change.
// The pre-moderation audits it was built from are referenced, never altered. A signed-off
// moderation never changes either: an amendment is a new revision (a new id) with a reason.
import { z } from 'zod';
import { AgencySchema } from './framework.ts';
import { PlanRefSchema } from './plan.ts';
import { UserIdSchema } from './user.ts';

const NoteSchema = z.string().max(4000);

/**
 * What a parent-carer representative sees in place of free text that may identify the child
 * (the shared identifier detector flagged it). The server substitutes it; the device shows it.
 */
export const WITHHELD_TEXT = '[Withheld: this text may identify the child or family]';

export const ACTION_STATUSES = ['open', 'in-progress', 'done'] as const;
export const ActionStatusSchema = z.enum(ACTION_STATUSES);

export const ActionSchema = z.strictObject({
  id: z.string().min(1).max(64),
  description: z.string().trim().min(1, 'describe the action').max(2000),
  /** A role, not a person: "SEN case officer", "Designated Clinical Officer". */
  ownerRole: z.string().trim().min(1, 'say who owns the action').max(120),
  dueDate: z.iso.date(),
  criterionId: z.string().max(40).optional(),
  status: ActionStatusSchema,
});
export type Action = z.infer<typeof ActionSchema>;

export const PARTICIPANT_ROLES = ['chair', 'auditor', 'parent-rep', 'other'] as const;

/**
 * Someone on the panel. A participant with role "parent-rep" and a userId is an invitation: the
 * server lets that parent-carer representative see (redacted) and add perspectives to this moderation.
 */
export const ParticipantSchema = z.strictObject({
  userId: UserIdSchema.optional(),
  /** Shown in the record: "Chair (QA lead)", "Parent carer forum representative". */
  name: z.string().trim().min(1).max(120),
  role: z.enum(PARTICIPANT_ROLES),
  agency: AgencySchema.optional(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

export const AgreedSectionSchema = z.strictObject({
  agreedGrade: z.number().int().nullable(),
  rationale: NoteSchema,
  /** The parent-carer representative's perspective on this section. */
  parentPerspective: NoteSchema.optional(),
});
export type AgreedSection = z.infer<typeof AgreedSectionSchema>;

export const MODERATION_STATUSES = ['open', 'agreed', 'signed-off'] as const;
export const ModerationStatusSchema = z.enum(MODERATION_STATUSES);
export type ModerationStatus = z.infer<typeof ModerationStatusSchema>;

export const ModerationSchema = z.strictObject({
  id: z.uuid(),
  cycleId: z.string().min(1).max(64),
  planRef: PlanRefSchema,
  frameworkId: z.string().min(1).max(40),
  frameworkVersion: z.number().int().min(1),
  /** The submitted audits (id and revision) the panel moderated, fixed when the moderation opens. */
  auditRefs: z.array(z.strictObject({ auditId: z.uuid(), revision: z.number().int().min(1) })),
  /** Keyed by a participant id the device makes (a uuid), so two moderators adding people both keep theirs. */
  participants: z.record(z.string().max(64), ParticipantSchema),
  /** Keyed by section id; a section with no entry has not been discussed yet. */
  sections: z.record(z.string().max(40), AgreedSectionSchema),
  overall: AgreedSectionSchema,
  strengths: NoteSchema,
  areasForDevelopment: NoteSchema,
  /** Keyed by action id. */
  actions: z.record(z.string().max(64), ActionSchema),
  status: ModerationStatusSchema,
  revision: z.number().int().min(1),
  /** For revision 2 and later: the signed-off revision this one amends, and why. */
  supersedes: z.strictObject({ moderationId: z.uuid(), reason: z.string().trim().min(1).max(2000) }).optional(),
  openedAt: z.iso.datetime(),
  openedBy: UserIdSchema,
  updatedAt: z.iso.datetime(),
  signedOffAt: z.iso.datetime().optional(),
  signedOffBy: UserIdSchema.optional(),
});
export type Moderation = z.infer<typeof ModerationSchema>;

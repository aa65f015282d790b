// One moderated result per plan per cycle: what the panel agreed, why, and what must change.
// The pre-moderation audits it was built from are referenced, never altered.
import { z } from 'zod';
import { AgencySchema } from './framework.ts';
import { PlanRefSchema } from './plan.ts';
import { UserIdSchema } from './user.ts';

const NoteSchema = z.string().max(4000);

export const ACTION_STATUSES = ['open', 'in-progress', 'done'] as const;

export const ActionSchema = z.strictObject({
  id: z.string().min(1).max(64),
  description: z.string().trim().min(1, 'describe the action').max(2000),
  /** A role, not a person: "SEN case officer", "Designated Clinical Officer". */
  ownerRole: z.string().trim().min(1, 'say who owns the action').max(120),
  dueDate: z.iso.date(),
  criterionId: z.string().max(40).optional(),
  status: z.enum(ACTION_STATUSES),
});
export type Action = z.infer<typeof ActionSchema>;

export const PARTICIPANT_ROLES = ['chair', 'auditor', 'parent-rep', 'other'] as const;

export const ParticipantSchema = z.strictObject({
  userId: UserIdSchema.optional(),
  role: z.enum(PARTICIPANT_ROLES),
  agency: AgencySchema.optional(),
});

export const AgreedSectionSchema = z.strictObject({
  agreedGrade: z.number().int().nullable(),
  rationale: NoteSchema,
  /** The parent-carer representative's perspective on this section. */
  parentPerspective: NoteSchema.optional(),
});

export const MODERATION_STATUSES = ['open', 'agreed', 'signed-off'] as const;

export const ModerationSchema = z.strictObject({
  id: z.string().min(1).max(64),
  cycleId: z.string().min(1).max(64),
  planRef: PlanRefSchema,
  frameworkId: z.string().min(1).max(40),
  frameworkVersion: z.number().int().min(1),
  /** The submitted audits (id and revision) the panel moderated. */
  auditRefs: z.array(z.strictObject({ auditId: z.uuid(), revision: z.number().int().min(1) })),
  participants: z.array(ParticipantSchema),
  sections: z.record(z.string(), AgreedSectionSchema),
  overall: AgreedSectionSchema,
  strengths: NoteSchema,
  areasForDevelopment: NoteSchema,
  actions: z.array(ActionSchema),
  status: z.enum(MODERATION_STATUSES),
  revision: z.number().int().min(1),
  amendmentReason: z.string().max(2000).optional(),
  signedOffAt: z.iso.datetime().optional(),
  signedOffBy: UserIdSchema.optional(),
});
export type Moderation = z.infer<typeof ModerationSchema>;

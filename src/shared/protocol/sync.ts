// The sync wire protocol between a device and the server, Replicache-style:
// - the device records each change as a mutation with a client-generated id in its outbox;
// - POST /api/sync/push sends a batch; the server applies each mutation in its own transaction,
//   idempotent by (clientId, mutationId) under a unique constraint, and answers per mutation;
// - GET /api/sync/pull?cursor=N returns what this user may see that changed after N.
// Audit edits are field-level patches carrying the value the device last saw ("from"), so two
// devices editing different criteria merge, and a field changed on both sides is a conflict the
// user resolves: never a silent overwrite.
import { z } from 'zod';
import { AuditSchema, ConcernSchema, CriterionResponseSchema, GradeOverrideSchema } from '#shared/schemas/audit.ts';
import { FeedbackAnswerSchema, FeedbackCallSchema } from '#shared/schemas/feedback.ts';
import { ActionSchema, ModerationSchema, ParticipantSchema } from '#shared/schemas/moderation.ts';

/** Bumped on any change a peer on the previous version could misread. */
export const SYNC_PROTOCOL_VERSION = 1;
/** The oldest client protocol this server still accepts. */
export const MIN_CLIENT_PROTOCOL_VERSION = 1;
export const MAX_MUTATIONS_PER_PUSH = 100;
export const MAX_CHANGES_PER_PULL = 500;
/** The largest push body the server reads; split a bigger outbox into several pushes. */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;

const MutationIdSchema = z.uuid();

/** A field-level change: the value the device last saw, and the value it wants. null = absent. */
const fieldChange = <T extends z.ZodType>(value: T) => z.strictObject({ from: value.nullable(), to: value.nullable() });

export const AuditPatchSchema = z.strictObject({
  responses: z.record(z.string().max(40), fieldChange(CriterionResponseSchema)).optional(),
  sectionOverrides: z.record(z.string().max(40), fieldChange(GradeOverrideSchema)).optional(),
  overallOverride: fieldChange(GradeOverrideSchema).optional(),
  concern: fieldChange(ConcernSchema).optional(),
});
export type AuditPatch = z.infer<typeof AuditPatchSchema>;

export const StartAuditArgsSchema = z.strictObject({
  auditId: z.uuid(),
  assignmentId: z.string().min(1).max(64),
  startedAt: z.iso.datetime(),
});

export const PatchAuditArgsSchema = z.strictObject({
  auditId: z.uuid(),
  patch: AuditPatchSchema,
});

export const SubmitAuditArgsSchema = z.strictObject({
  auditId: z.uuid(),
  /** The revision being submitted; a resubmission of the same revision is a duplicate. */
  revision: z.number().int().min(1),
  submittedAt: z.iso.datetime(),
});

/**
 * Corrects a submitted audit: the device names the submitted revision and makes the id of the new
 * draft revision, which starts as a copy of it. The submitted revision itself never changes.
 */
export const ReviseAuditArgsSchema = z.strictObject({
  auditId: z.uuid(),
  newAuditId: z.uuid(),
  reason: z.string().trim().min(1, 'give a reason for the correction').max(2000),
  startedAt: z.iso.datetime(),
});

const ModerationNoteSchema = z.string().max(4000);

/** The agreed fields of one section (or of the overall judgement), each patched on its own. */
const AgreedSectionPatchSchema = z.strictObject({
  agreedGrade: fieldChange(z.number().int()).optional(),
  rationale: fieldChange(ModerationNoteSchema).optional(),
  parentPerspective: fieldChange(ModerationNoteSchema).optional(),
});

/**
 * Field-level moderation changes, conflict-checked like audit patches. Field paths:
 * "sections.F.agreedGrade", "sections.F.rationale", "sections.F.parentPerspective",
 * "overall.agreedGrade" (and .rationale, .parentPerspective), "strengths", "areasForDevelopment",
 * "participants.<id>", "actions.<id>", "status" (open and agreed only; signing off is its own mutation).
 * A parent-carer representative may change parentPerspective fields only.
 */
export const ModerationPatchSchema = z.strictObject({
  sections: z.record(z.string().max(40), AgreedSectionPatchSchema).optional(),
  overall: AgreedSectionPatchSchema.optional(),
  strengths: fieldChange(ModerationNoteSchema).optional(),
  areasForDevelopment: fieldChange(ModerationNoteSchema).optional(),
  participants: z.record(z.string().max(64), fieldChange(ParticipantSchema)).optional(),
  actions: z.record(z.string().max(64), fieldChange(ActionSchema)).optional(),
  status: fieldChange(z.enum(['open', 'agreed'])).optional(),
});
export type ModerationPatch = z.infer<typeof ModerationPatchSchema>;

/** A QA lead opens the moderation of a plan whose assigned audits are all submitted. */
export const OpenModerationArgsSchema = z.strictObject({
  moderationId: z.uuid(),
  cycleId: z.string().min(1).max(64),
  planRef: z.string().min(1).max(64),
  openedAt: z.iso.datetime(),
});

export const PatchModerationArgsSchema = z.strictObject({
  moderationId: z.uuid(),
  patch: ModerationPatchSchema,
  updatedAt: z.iso.datetime(),
});

/** Refused as 'incomplete' unless every applicable section and the overall judgement have an agreed grade. */
export const SignOffModerationArgsSchema = z.strictObject({
  moderationId: z.uuid(),
  revision: z.number().int().min(1),
  signedOffAt: z.iso.datetime(),
});

/** Amends a signed-off moderation: a new open revision, a copy of it, with the reason. */
export const AmendModerationArgsSchema = z.strictObject({
  moderationId: z.uuid(),
  newModerationId: z.uuid(),
  reason: z.string().trim().min(1, 'give a reason for the amendment').max(2000),
  startedAt: z.iso.datetime(),
});

/** A SEND officer starts recording a feedback call on a plan, on a published feedback form. */
export const StartFeedbackArgsSchema = z.strictObject({
  callId: z.uuid(),
  planRef: z.string().min(1).max(64),
  formId: z.string().min(1).max(40),
  formVersion: z.number().int().min(1),
  calledOn: z.iso.date(),
  startedAt: z.iso.datetime(),
});

/** Answers and the call's date, each a field-level change checked like audit patches. */
export const FeedbackPatchSchema = z.strictObject({
  answers: z.record(z.string().max(40), fieldChange(FeedbackAnswerSchema)).optional(),
  calledOn: fieldChange(z.iso.date()).optional(),
});
export type FeedbackPatch = z.infer<typeof FeedbackPatchSchema>;

export const PatchFeedbackArgsSchema = z.strictObject({
  callId: z.uuid(),
  patch: FeedbackPatchSchema,
  updatedAt: z.iso.datetime(),
});

/** Refused as 'incomplete' while the headline question has neither an answer nor a decline. */
export const SubmitFeedbackArgsSchema = z.strictObject({
  callId: z.uuid(),
  submittedAt: z.iso.datetime(),
});

export const MutationSchema = z.discriminatedUnion('name', [
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('audit.start'),
    args: StartAuditArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('audit.patch'),
    args: PatchAuditArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('audit.submit'),
    args: SubmitAuditArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('audit.revise'),
    args: ReviseAuditArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('moderation.open'),
    args: OpenModerationArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('moderation.patch'),
    args: PatchModerationArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('moderation.signOff'),
    args: SignOffModerationArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('moderation.amend'),
    args: AmendModerationArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('feedback.start'),
    args: StartFeedbackArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('feedback.patch'),
    args: PatchFeedbackArgsSchema,
  }),
  z.strictObject({
    id: MutationIdSchema,
    clientSeq: z.number().int().min(1),
    name: z.literal('feedback.submit'),
    args: SubmitFeedbackArgsSchema,
  }),
]);
export type Mutation = z.infer<typeof MutationSchema>;
export type MutationName = Mutation['name'];

export const PushRequestSchema = z.strictObject({
  protocolVersion: z.number().int().min(1),
  clientId: z.uuid(),
  mutations: z.array(MutationSchema).min(1).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

/** Why the server refused a mutation. A closed set, so the device can explain each one. */
export const REJECT_REASONS = [
  'invalid', // fails the schema or the framework (unknown criterion, grade off the scale)
  'forbidden', // not this user's to change
  'not-found', // the audit or assignment does not exist (for this user)
  'immutable', // the audit is submitted; a correction is a new revision
  'incomplete', // submit refused: criteria unanswered or an override without a reason
] as const;
export const RejectReasonSchema = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof RejectReasonSchema>;

export const MutationResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ mutationId: MutationIdSchema, status: z.literal('applied') }),
  z.strictObject({ mutationId: MutationIdSchema, status: z.literal('duplicate') }),
  z.strictObject({
    mutationId: MutationIdSchema,
    status: z.literal('rejected'),
    reason: RejectReasonSchema,
    message: z.string(),
    /** What the reason is about: unanswered criteria ('incomplete'), invalid fields ('invalid'). */
    fields: z.array(z.string()).optional(),
  }),
  z.strictObject({
    mutationId: MutationIdSchema,
    status: z.literal('conflict'),
    /** The fields changed on the server since the device last saw them. */
    fields: z.array(z.string()),
    /** The audit as the server has it now (for audit mutations). */
    serverRecord: AuditSchema.optional(),
    /** The moderation as the server has it now (for moderation mutations). */
    serverModeration: ModerationSchema.optional(),
    /** The feedback call as the server has it now (for feedback mutations). */
    serverFeedbackCall: FeedbackCallSchema.optional(),
  }),
]);
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.strictObject({
  protocolVersion: z.number().int(),
  results: z.array(MutationResultSchema),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

// The kinds of record a pull carries, and a change to one, come from the registry of record kinds.
export { ChangeSchema, ENTITY_KINDS, EntityKindSchema, type Change, type EntityKind } from '#shared/records/index.ts';
import { ChangeSchema } from '#shared/records/index.ts';

export const PullResponseSchema = z.strictObject({
  protocolVersion: z.number().int(),
  /** Opaque to the device: send it back as ?cursor= on the next pull. */
  cursor: z.string(),
  hasMore: z.boolean(),
  changes: z.array(ChangeSchema),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;
/**
 * A pull's answer also carries its `cursor` and `hasMore` in these headers, so a device can ask for
 * the next page while it still reads, parses and stores this one.
 */
export const PULL_CURSOR_HEADER = 'x-sync-cursor';
export const PULL_HAS_MORE_HEADER = 'x-sync-has-more';

/** Every 4xx body the API sends. */
export const ERROR_CODES = [
  'bad-request',
  'validation-failed',
  'unauthenticated',
  'session-expired',
  'csrf-failed',
  'forbidden',
  /** The account was deactivated: its sessions ended, and its devices cannot sync (their work stays on them). */
  'account-deactivated',
  'not-found',
  'conflict',
  'payload-too-large',
  'rate-limited',
  'client-too-old',
  'server-too-old',
] as const;
export const ApiErrorSchema = z.strictObject({
  error: z.enum(ERROR_CODES),
  message: z.string(),
  /** For validation-failed: where in the request, as "mutations[2].args.auditId". */
  issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

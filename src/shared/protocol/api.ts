// Request and response shapes of the server's API beyond sync: health, users and the audit log,
// frameworks, plan import and cycles. The web app and the server parse with these same schemas.
import { z } from 'zod';
import { AssignmentSchema, CycleSchema, CycleStatusSchema, SampleRuleSchema } from '#shared/schemas/cycle.ts';
import { AgencySchema, FrameworkSchema } from '#shared/schemas/framework.ts';
import {
  KeyStageSchema,
  PlanRefSchema,
  PlanSchema,
  PlanTypeSchema,
  PrimaryNeedSchema,
  SettingTypeSchema,
} from '#shared/schemas/plan.ts';
import { RoleSchema, UserIdSchema, UserSchema } from '#shared/schemas/user.ts';

export const HealthResponseSchema = z.strictObject({
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
  protocolVersion: z.number().int(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/** Passwords: long rather than complex (NCSC guidance); the upper bound keeps hashing cheap to refuse. */
export const PasswordSchema = z.string().min(12, 'use at least 12 characters').max(200);

export const CreateUserRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    email: z.email().max(200),
    roles: z.array(RoleSchema).min(1).max(4),
    agency: AgencySchema.optional(),
    /** Left out for an invitation: the person sets their own through a one-time link, or signs in through single sign-on. */
    password: PasswordSchema.optional(),
  })
  .refine((u) => !u.roles.includes('auditor') || u.agency !== undefined, {
    message: 'an auditor needs an agency',
    path: ['agency'],
  });
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    roles: z.array(RoleSchema).min(1).max(4).optional(),
    agency: AgencySchema.nullable().optional(),
    password: PasswordSchema.optional(),
    /** A disabled account cannot sign in and its sessions end at once. */
    disabled: z.boolean().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const ManagedUserSchema = z.strictObject({
  user: UserSchema,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
  /** The last sign-in by password or single sign-on; null if never. */
  lastSignInAt: z.iso.datetime().nullable().optional(),
  /** Whether a password is set (people who sign in only through single sign-on have none). */
  hasPassword: z.boolean().optional(),
  /** The single sign-on issuers this person has signed in through. */
  identities: z.array(z.string()).optional(),
});
export type ManagedUser = z.infer<typeof ManagedUserSchema>;

export const UserListResponseSchema = z.strictObject({ users: z.array(ManagedUserSchema) });

export const AuditLogEntrySchema = z.strictObject({
  id: z.number().int(),
  at: z.iso.datetime(),
  actorId: UserIdSchema.nullable(),
  /** The actor's name as it is now, for reading the log; absent for the system. */
  actorName: z.string().optional(),
  action: z.string(),
  entityKind: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntrySchema>;

export const AuditLogPageSchema = z.strictObject({
  entries: z.array(AuditLogEntrySchema),
  /** Pass as ?after= for the next page, oldest first; null when this was the last. */
  nextAfter: z.number().int().nullable(),
  /** Newest first (?before= or ?order=newest): pass as ?before= for the next, older page; null when this was the last. */
  nextBefore: z.number().int().nullable().optional(),
});
export type AuditLogPage = z.infer<typeof AuditLogPageSchema>;

export const FrameworkSummarySchema = z.strictObject({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(['draft', 'published']),
  title: z.string(),
  kind: z.string(),
  importedAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
});
export type FrameworkSummary = z.infer<typeof FrameworkSummarySchema>;

export const FrameworkListResponseSchema = z.strictObject({ frameworks: z.array(FrameworkSummarySchema) });

export const FrameworkResponseSchema = z.strictObject({ framework: FrameworkSchema });

export const PlanImportResponseSchema = z.strictObject({
  created: z.array(PlanRefSchema),
  updated: z.array(PlanRefSchema),
  unchanged: z.number().int(),
  refused: z.array(
    z.strictObject({ line: z.number().int(), ref: z.string().optional(), reasons: z.array(z.string()) }),
  ),
  ignoredColumns: z.array(z.string()),
});
export type PlanImportResponse = z.infer<typeof PlanImportResponseSchema>;

export const PlanListResponseSchema = z.strictObject({ plans: z.array(PlanSchema) });

/** Which plans a cycle samples from; every filter left out means "any". */
export const SamplingFrameFilterSchema = z.strictObject({
  planTypes: z.array(PlanTypeSchema).min(1).optional(),
  keyStages: z.array(KeyStageSchema).min(1).optional(),
  primaryNeeds: z.array(PrimaryNeedSchema).min(1).optional(),
  settingTypes: z.array(SettingTypeSchema).min(1).optional(),
  lookedAfter: z.boolean().optional(),
});
export type SamplingFrameFilter = z.infer<typeof SamplingFrameFilterSchema>;

export const CreateCycleRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    frameworkId: z.string().min(1).max(40),
    frameworkVersion: z.number().int().min(1),
    sample: SampleRuleSchema,
    frame: SamplingFrameFilterSchema.optional(),
    /** For sample.method "chosen": the plans picked for a theme. */
    chosenPlans: z.array(PlanRefSchema).max(10_000).optional(),
  })
  .refine((c) => c.periodStart <= c.periodEnd, { message: 'the period ends before it starts', path: ['periodEnd'] });
export type CreateCycleRequest = z.infer<typeof CreateCycleRequestSchema>;

export const CreateAssignmentsRequestSchema = z.strictObject({
  assignments: z
    .array(
      z.strictObject({
        planRef: PlanRefSchema,
        auditorId: UserIdSchema,
        dueDate: z.iso.date().optional(),
      }),
    )
    .min(1)
    .max(5_000),
});
export type CreateAssignmentsRequest = z.infer<typeof CreateAssignmentsRequestSchema>;

export const CycleDetailResponseSchema = z.strictObject({
  cycle: CycleSchema,
  assignments: z.array(AssignmentSchema),
});
export type CycleDetailResponse = z.infer<typeof CycleDetailResponseSchema>;

export const CycleListResponseSchema = z.strictObject({ cycles: z.array(CycleSchema) });

/** Whether a cycle may close (QA leads, admins) or reopen (admins), and if not, why not. */
export const CycleClosingResponseSchema = z.strictObject({
  cycleId: z.string().min(1).max(64),
  status: CycleStatusSchema,
  /** The rule for closing, in words for the cycle page. */
  rule: z.string(),
  blockers: z.strictObject({
    openModerations: z.number().int().min(0),
    agreedModerations: z.number().int().min(0),
    draftAudits: z.number().int().min(0),
  }),
  /** Why it cannot close now (null when it can, or is closed already). */
  closeRefusal: z.string().nullable(),
  /** Why an admin cannot reopen it (null when they can). */
  reopenRefusal: z.string().nullable(),
});
export type CycleClosingResponse = z.infer<typeof CycleClosingResponseSchema>;

// Cycle progress, auditors' workload, re-audits and movement (the cycle screens).

/** Where a sampled plan, or one auditor's assignment of it, has got to. */
export const PROGRESS_STATUSES = [
  'unassigned',
  'assigned',
  'in-progress',
  'submitted',
  'moderated',
  'signed-off',
] as const;
export const ProgressStatusSchema = z.enum(PROGRESS_STATUSES);
export type ProgressStatus = z.infer<typeof ProgressStatusSchema>;

const CountSchema = z.number().int().min(0);

export const ProgressCountsSchema = z.strictObject({
  total: CountSchema,
  overdue: CountSchema,
  byStatus: z.record(ProgressStatusSchema, CountSchema),
});
export type ProgressCounts = z.infer<typeof ProgressCountsSchema>;

export const AssignmentProgressSchema = z.strictObject({
  assignmentId: z.string().min(1).max(64),
  auditorId: UserIdSchema,
  auditorName: z.string(),
  agency: AgencySchema,
  dueDate: z.iso.date().optional(),
  status: ProgressStatusSchema,
  /** Past its due date and not yet submitted. */
  overdue: z.boolean(),
});
export type AssignmentProgress = z.infer<typeof AssignmentProgressSchema>;

export const ReAuditLinkSchema = z.strictObject({
  fromCycleId: z.string().min(1).max(64),
  fromCycleName: z.string(),
  /** The overall grade the signed-off moderation agreed in the earlier cycle. */
  grade: z.number().int(),
  gradeLabel: z.string(),
});
export type ReAuditLink = z.infer<typeof ReAuditLinkSchema>;

export const PlanProgressSchema = z.strictObject({
  planRef: PlanRefSchema,
  status: ProgressStatusSchema,
  overdue: z.boolean(),
  reAuditOf: ReAuditLinkSchema.optional(),
  assignments: z.array(AssignmentProgressSchema),
});
export type PlanProgress = z.infer<typeof PlanProgressSchema>;

export const CycleProgressResponseSchema = z.strictObject({
  cycleId: z.string().min(1).max(64),
  /** The server's date the overdue flags were worked out on. */
  today: z.iso.date(),
  plans: z.array(PlanProgressSchema),
  /** Counted by plan. */
  planCounts: ProgressCountsSchema,
  /** Counted by assignment (one per auditor per plan). */
  assignmentCounts: ProgressCountsSchema,
});
export type CycleProgressResponse = z.infer<typeof CycleProgressResponseSchema>;

export const CycleSummarySchema = z.strictObject({
  cycle: CycleSchema,
  planCounts: ProgressCountsSchema,
  assignmentCounts: ProgressCountsSchema,
});
export type CycleSummary = z.infer<typeof CycleSummarySchema>;

export const CycleSummaryListResponseSchema = z.strictObject({
  today: z.iso.date(),
  cycles: z.array(CycleSummarySchema),
});
export type CycleSummaryListResponse = z.infer<typeof CycleSummaryListResponseSchema>;

export const AuditorWorkloadSchema = z.strictObject({
  id: UserIdSchema,
  name: z.string(),
  agency: AgencySchema,
  /** Assignments not yet submitted, across open cycles. */
  openAssignments: CountSchema,
  overdueAssignments: CountSchema,
});
export type AuditorWorkload = z.infer<typeof AuditorWorkloadSchema>;

export const AuditorWorkloadResponseSchema = z.strictObject({ auditors: z.array(AuditorWorkloadSchema) });

export const ReAuditRequestSchema = z.strictObject({
  fromCycleId: z.string().min(1).max(64),
  planRefs: z.array(PlanRefSchema).min(1, 'choose at least one plan').max(5_000),
});
export type ReAuditRequest = z.infer<typeof ReAuditRequestSchema>;

export const ReAuditResponseSchema = z.strictObject({ cycle: CycleSchema, added: z.array(PlanRefSchema) });
export type ReAuditResponse = z.infer<typeof ReAuditResponseSchema>;

export const ReAuditCandidateSchema = z.strictObject({
  planRef: PlanRefSchema,
  grade: z.number().int().nullable(),
  gradeLabel: z.string().nullable(),
  eligible: z.boolean(),
  /** Why a plan cannot be scheduled: not signed off, judged Good or better, already in the cycle. */
  reason: z.string().optional(),
});
export type ReAuditCandidate = z.infer<typeof ReAuditCandidateSchema>;

export const ReAuditCandidatesResponseSchema = z.strictObject({
  fromCycleId: z.string().min(1).max(64),
  candidates: z.array(ReAuditCandidateSchema),
});
export type ReAuditCandidatesResponse = z.infer<typeof ReAuditCandidatesResponseSchema>;

export const MovementKindSchema = z.enum(['improved', 'same', 'declined', 'not-comparable']);

const LabelledGradeSchema = z.strictObject({ value: z.number().int().nullable(), label: z.string().nullable() });

export const GradeMovementSchema = z.strictObject({
  before: LabelledGradeSchema,
  after: LabelledGradeSchema,
  movement: MovementKindSchema,
});
export type GradeMovementEntry = z.infer<typeof GradeMovementSchema>;

export const PlanMovementSchema = z.strictObject({
  planRef: PlanRefSchema,
  fromCycleId: z.string().min(1).max(64),
  fromCycleName: z.string(),
  /** Where the re-audit's own result stands: signed off, agreed but not signed off, or not yet moderated. */
  afterStatus: z.enum(['signed-off', 'agreed', 'not-moderated']),
  overall: GradeMovementSchema,
  sections: z.array(GradeMovementSchema.extend({ sectionId: z.string(), title: z.string() })),
});
export type PlanMovementReport = z.infer<typeof PlanMovementSchema>;

export const CycleMovementResponseSchema = z.strictObject({
  cycleId: z.string().min(1).max(64),
  plans: z.array(PlanMovementSchema),
  /** Overall movement counted over the re-audited plans. */
  summary: z.record(MovementKindSchema, CountSchema),
});
export type CycleMovementResponse = z.infer<typeof CycleMovementResponseSchema>;

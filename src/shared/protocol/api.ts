// Request and response shapes of the server's API beyond sync: health, users and the audit log,
// frameworks, plan import and cycles. The web app and the server parse with these same schemas.
import { z } from 'zod';
import { AssignmentSchema, CycleSchema, SampleRuleSchema } from '#shared/schemas/cycle.ts';
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
    password: PasswordSchema,
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
});
export type ManagedUser = z.infer<typeof ManagedUserSchema>;

export const UserListResponseSchema = z.strictObject({ users: z.array(ManagedUserSchema) });

export const AuditLogEntrySchema = z.strictObject({
  id: z.number().int(),
  at: z.iso.datetime(),
  actorId: UserIdSchema.nullable(),
  action: z.string(),
  entityKind: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntrySchema>;

export const AuditLogPageSchema = z.strictObject({
  entries: z.array(AuditLogEntrySchema),
  /** Pass as ?after= for the next page; null when this was the last. */
  nextAfter: z.number().int().nullable(),
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

// One auditor's scoring of one plan in one cycle, pinned to the framework version it was scored on.
import { z } from 'zod';
import { AgencySchema, RatingMeaningSchema } from './framework.ts';
import { isPlainCriterionResponses } from './criterion-response-check.ts';
import { PlanRefSchema } from './plan.ts';

export const FreeTextSchema = z.string().max(4000, 'must be 4,000 characters or fewer');

export const MeasureValueSchema = z
  .strictObject({
    numerator: z.number().int().min(0),
    denominator: z.number().int().min(0),
  })
  .refine((m) => m.numerator <= m.denominator, {
    message: 'the count delivered cannot exceed the count specified',
    path: ['numerator'],
  });
export type MeasureValue = z.infer<typeof MeasureValueSchema>;

export const CriterionResponseSchema = z.strictObject({
  rating: RatingMeaningSchema.optional(),
  comment: FreeTextSchema.optional(),
  evidence: FreeTextSchema.optional(),
  measure: MeasureValueSchema.optional(),
});
export type CriterionResponse = z.infer<typeof CriterionResponseSchema>;

const CriterionResponseRecordSchema = z.record(z.string(), CriterionResponseSchema);

/**
 * An audit's responses by criterion id: the same as a zod record of CriterionResponseSchema, with
 * the common case (plain JSON, as stored and sent) checked by hand first, because the record was
 * most of what checking a device's full pull cost. Anything the quick check does not pass goes to
 * the record schema, whose issues (with their paths) are reported as they are.
 */
export const CriterionResponsesSchema = z.custom<Record<string, CriterionResponse>>().superRefine((value, ctx) => {
  if (isPlainCriterionResponses(value)) return;
  const parsed = CriterionResponseRecordSchema.safeParse(value);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
});

/** An auditor's own grade in place of the suggested one: the reason is required. */
export const GradeOverrideSchema = z.strictObject({
  grade: z.number().int(),
  reason: z.string().trim().min(1, 'give a reason for choosing a different grade').max(2000),
});
export type GradeOverride = z.infer<typeof GradeOverrideSchema>;

export const ConcernSchema = z.strictObject({
  raised: z.boolean(),
  note: FreeTextSchema,
});

export const AUDIT_STATUSES = ['draft', 'submitted'] as const;

/** On a correcting revision: the submitted revision it replaces, and why. */
export const SupersedesSchema = z.strictObject({
  auditId: z.uuid(),
  revision: z.number().int().min(1),
  reason: z.string().trim().min(1).max(2000),
});
export type Supersedes = z.infer<typeof SupersedesSchema>;

export const AuditSchema = z.strictObject({
  id: z.uuid(),
  cycleId: z.string().min(1).max(64),
  planRef: PlanRefSchema,
  frameworkId: z.string().min(1).max(40),
  frameworkVersion: z.number().int().min(1),
  auditorId: z.string().min(1).max(64),
  agency: AgencySchema,
  responses: CriterionResponsesSchema,
  sectionOverrides: z.record(z.string(), GradeOverrideSchema),
  overallOverride: GradeOverrideSchema.optional(),
  concern: ConcernSchema.optional(),
  status: z.enum(AUDIT_STATUSES),
  revision: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().optional(),
  supersedes: SupersedesSchema.optional(),
});
export type Audit = z.infer<typeof AuditSchema>;

/** What grading needs of an audit: the answers and the auditor's chosen grades. */
export type AuditAnswers = Pick<Audit, 'responses' | 'sectionOverrides' | 'overallOverride'>;

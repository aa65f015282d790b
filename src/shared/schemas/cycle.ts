// An audit cycle: a framework version, a sample of plans drawn from a recorded frame, and the
// assignment of auditors to sampled plans.
import { z } from 'zod';
import { AgencySchema } from './framework.ts';
import { PlanRefSchema } from './plan.ts';
import { UserIdSchema } from './user.ts';

export const SAMPLE_STRATA = ['keyStage', 'primaryNeed', 'settingType', 'planType', 'lookedAfter'] as const;
export const SampleStratumSchema = z.enum(SAMPLE_STRATA);

export const SampleRuleSchema = z.strictObject({
  method: z.enum(['random', 'stratified', 'chosen']),
  size: z.number().int().min(1).max(10_000),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  strata: z.array(SampleStratumSchema).optional(),
});
export type SampleRule = z.infer<typeof SampleRuleSchema>;

export const CycleStatusSchema = z.enum(['open', 'closed']);
export type CycleStatus = z.infer<typeof CycleStatusSchema>;

export const CycleSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(120),
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
  frameworkId: z.string().min(1).max(40),
  frameworkVersion: z.number().int().min(1),
  status: CycleStatusSchema,
  sample: SampleRuleSchema.optional(),
  /** The plan references the sample was drawn from, kept so the sample can be reproduced. */
  samplingFrame: z.array(PlanRefSchema).optional(),
  sampledPlans: z.array(PlanRefSchema),
});
export type Cycle = z.infer<typeof CycleSchema>;

export const AssignmentSchema = z.strictObject({
  id: z.string().min(1).max(64),
  cycleId: z.string().min(1).max(64),
  planRef: PlanRefSchema,
  auditorId: UserIdSchema,
  agency: AgencySchema,
  dueDate: z.iso.date().optional(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

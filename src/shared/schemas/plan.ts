// A plan as the product knows it: a pseudonymous reference and the attributes used to sample,
// decide which criteria apply, and report. Never a name, date of birth, NHS number, UPN or address.
import { z } from 'zod';

export const KEY_STAGES = ['early-years', 'ks1', 'ks2', 'ks3', 'ks4', 'post-16', 'post-19'] as const;
export const KeyStageSchema = z.enum(KEY_STAGES);
export type KeyStage = z.infer<typeof KeyStageSchema>;

// SEN2 primary type of need codes used in DfE statistical returns.
export const PRIMARY_NEEDS = [
  'SPLD',
  'MLD',
  'SLD',
  'PMLD',
  'SEMH',
  'SLCN',
  'HI',
  'VI',
  'MSI',
  'PD',
  'ASD',
  'OTH',
] as const;
export const PrimaryNeedSchema = z.enum(PRIMARY_NEEDS);
export type PrimaryNeed = z.infer<typeof PrimaryNeedSchema>;

export const SETTING_TYPES = [
  'early-years',
  'mainstream',
  'resourced-provision',
  'special',
  'independent-special',
  'alternative-provision',
  'further-education',
  'other',
] as const;
export const SettingTypeSchema = z.enum(SETTING_TYPES);
export type SettingType = z.infer<typeof SettingTypeSchema>;

export const PLAN_TYPES = ['new', 'amended', 'annual-review'] as const;
export const PlanTypeSchema = z.enum(PLAN_TYPES);
export type PlanType = z.infer<typeof PlanTypeSchema>;

/** National curriculum year: Reception is 0, nursery -1; 14 stands for any year beyond 13 (post-19). */
/** The usual key stage of a National Curriculum year group (nursery and reception are early years). */
export function keyStageForYear(yearGroup: number): KeyStage {
  if (yearGroup <= 0) return 'early-years';
  if (yearGroup <= 2) return 'ks1';
  if (yearGroup <= 6) return 'ks2';
  if (yearGroup <= 9) return 'ks3';
  if (yearGroup <= 11) return 'ks4';
  return yearGroup <= 13 ? 'post-16' : 'post-19';
}

export const YearGroupSchema = z.number().int().min(-2).max(14);

/** A pseudonymous reference: letters, digits and dashes, never free text that could carry a name. */
export const PlanRefSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'a plan reference is 3 to 32 capital letters, digits or dashes');

const IsoDateSchema = z.iso.date();

export const PlanAttributesSchema = z.strictObject({
  keyStage: KeyStageSchema,
  yearGroup: YearGroupSchema,
  primaryNeed: PrimaryNeedSchema,
  settingType: SettingTypeSchema,
  planType: PlanTypeSchema,
  lookedAfter: z.boolean(),
  personalBudgetRequested: z.boolean().optional(),
  issueDate: IsoDateSchema.optional(),
  reviewDate: IsoDateSchema.optional(),
  team: z.string().max(60).optional(),
});
export type PlanAttributes = z.infer<typeof PlanAttributesSchema>;

export const PlanSchema = z.strictObject({
  ref: PlanRefSchema,
  attributes: PlanAttributesSchema,
});
export type Plan = z.infer<typeof PlanSchema>;

/** The plan attributes an applicability condition may test, by kind of value. */
export const NUMERIC_PLAN_ATTRIBUTES = ['yearGroup'] as const;
export const BOOLEAN_PLAN_ATTRIBUTES = ['lookedAfter', 'personalBudgetRequested'] as const;
export const ENUM_PLAN_ATTRIBUTES = {
  keyStage: KEY_STAGES,
  primaryNeed: PRIMARY_NEEDS,
  settingType: SETTING_TYPES,
  planType: PLAN_TYPES,
} as const;
export type EnumPlanAttribute = keyof typeof ENUM_PLAN_ATTRIBUTES;

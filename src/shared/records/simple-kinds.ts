// The kinds the device only receives: each its schema, its visibility view and its device table.
// (One file for the six: each is a handful of lines. A kind the device edits gets a file of its
// own, as audit.ts and moderation.ts.)
import { z } from 'zod';
import { AssignmentSchema, CycleSchema } from '#shared/schemas/cycle.ts';
import { FrameworkSchema } from '#shared/schemas/framework.ts';
import { PlanSchema } from '#shared/schemas/plan.ts';
import { CouncilSettingsSchema } from '#shared/schemas/settings.ts';
import { UserSchema } from '#shared/schemas/user.ts';
import { defineRecordKind, keyedRow } from './record-kind.ts';

export const FRAMEWORK_RECORD = defineRecordKind({
  kind: 'framework',
  schema: FrameworkSchema,
  visibility: 'visible_frameworks',
  device: {
    table: 'frameworks',
    indexes: 'key, [frameworkId+version]',
    since: 1,
    row: z.strictObject({ key: z.string(), frameworkId: z.string(), version: z.number().int(), data: FrameworkSchema }),
    key: (id) => id,
    toRow: (id, data) => ({ key: id, frameworkId: data.id, version: data.version ?? 0, data }),
  },
});

export const PLAN_RECORD = defineRecordKind({
  kind: 'plan',
  schema: PlanSchema,
  visibility: 'visible_plans',
  device: {
    table: 'plans',
    indexes: 'key, ref',
    since: 1,
    row: z.strictObject({ key: z.string(), ref: z.string(), data: PlanSchema }),
    key: (id) => id,
    toRow: (id, data) => ({ key: id, ref: data.ref, data }),
  },
});

export const CYCLE_RECORD = defineRecordKind({
  kind: 'cycle',
  schema: CycleSchema,
  visibility: 'visible_cycles',
  device: {
    table: 'cycles',
    indexes: 'key',
    since: 1,
    row: keyedRow(CycleSchema),
    key: (id) => id,
    toRow: (id, data) => ({ key: id, data }),
  },
});

export const ASSIGNMENT_RECORD = defineRecordKind({
  kind: 'assignment',
  schema: AssignmentSchema,
  visibility: 'visible_assignments',
  device: {
    table: 'assignments',
    indexes: 'key, cycleId, [cycleId+planRef]',
    since: 1,
    row: z.strictObject({ key: z.string(), cycleId: z.string(), planRef: z.string(), data: AssignmentSchema }),
    key: (id) => id,
    toRow: (id, data) => ({ key: id, cycleId: data.cycleId, planRef: data.planRef, data }),
  },
});

export const USER_RECORD = defineRecordKind({
  kind: 'user',
  schema: UserSchema,
  visibility: 'visible_users',
  device: {
    table: 'users',
    indexes: 'key',
    since: 1,
    row: keyedRow(UserSchema),
    key: (id) => id,
    toRow: (id, data) => ({ key: id, data }),
  },
});

/** The council's settings: one record, id "council" on the server and key "council" on the device. */
export const SETTINGS_KEY = 'council';

export const SETTINGS_RECORD = defineRecordKind({
  kind: 'settings',
  schema: CouncilSettingsSchema,
  visibility: 'visible_settings',
  device: {
    table: 'settings',
    indexes: 'key',
    since: 2,
    row: z.strictObject({ key: z.literal(SETTINGS_KEY), data: CouncilSettingsSchema }),
    // One record for the whole council; the key is fixed whatever id the server uses.
    key: () => SETTINGS_KEY,
    toRow: (_id, data) => ({ key: SETTINGS_KEY, data }),
  },
});

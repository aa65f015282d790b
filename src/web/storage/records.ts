// The shapes this device keeps in IndexedDB, distinct from the domain and wire shapes: each record
// wraps the domain object with what only the device needs (keys, outbox state). Every read parses.
import { z } from 'zod';
import { MutationSchema, RejectReasonSchema } from '#shared/protocol/sync.ts';
import { AuditSchema } from '#shared/schemas/audit.ts';
import { AssignmentSchema, CycleSchema } from '#shared/schemas/cycle.ts';
import { FrameworkSchema } from '#shared/schemas/framework.ts';
import { ModerationSchema } from '#shared/schemas/moderation.ts';
import { PlanSchema } from '#shared/schemas/plan.ts';
import { CouncilSettingsSchema } from '#shared/schemas/settings.ts';
import { SessionSchema, UserSchema } from '#shared/schemas/user.ts';

/** This installation: its sync identity and the next outbox sequence number. */
export const DeviceMetaSchema = z.strictObject({
  clientId: z.uuid(),
  nextClientSeq: z.number().int().min(1),
  /** What the browser answered when asked to keep our storage: null until asked. */
  isStoragePersisted: z.boolean().nullable(),
});
export type DeviceMeta = z.infer<typeof DeviceMetaSchema>;

export const StoredSessionSchema = SessionSchema.safeExtend({
  signedInAt: z.iso.datetime(),
});
export type StoredSession = z.infer<typeof StoredSessionSchema>;

export const SyncMetaSchema = z.strictObject({
  cursor: z.string().nullable(),
  lastSyncedAt: z.iso.datetime().nullable(),
});
export type SyncMeta = z.infer<typeof SyncMetaSchema>;

export const MetaRecordSchema = z.discriminatedUnion('key', [
  z.strictObject({ key: z.literal('device'), value: DeviceMetaSchema }),
  z.strictObject({ key: z.literal('session'), value: StoredSessionSchema }),
  z.strictObject({ key: z.literal('sync'), value: SyncMetaSchema }),
]);
export type MetaRecord = z.infer<typeof MetaRecordSchema>;
export type MetaKey = MetaRecord['key'];

export const FrameworkRecordSchema = z.strictObject({
  key: z.string(),
  frameworkId: z.string(),
  version: z.number().int(),
  data: FrameworkSchema,
});
export type FrameworkRecord = z.infer<typeof FrameworkRecordSchema>;

export const PlanRecordSchema = z.strictObject({ key: z.string(), ref: z.string(), data: PlanSchema });
export const CycleRecordSchema = z.strictObject({ key: z.string(), data: CycleSchema });
export const AssignmentRecordSchema = z.strictObject({
  key: z.string(),
  cycleId: z.string(),
  planRef: z.string(),
  data: AssignmentSchema,
});
export const UserRecordSchema = z.strictObject({ key: z.string(), data: UserSchema });

export const AuditRecordSchema = z.strictObject({
  id: z.uuid(),
  cycleId: z.string(),
  planRef: z.string(),
  audit: AuditSchema,
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const ModerationRecordSchema = z.strictObject({
  id: z.uuid(),
  cycleId: z.string(),
  planRef: z.string(),
  status: z.string(),
  moderation: ModerationSchema,
});
export type ModerationRecord = z.infer<typeof ModerationRecordSchema>;

/** The council's settings as last pulled; one record, key "council". */
export const SettingsRecordSchema = z.strictObject({ key: z.literal('council'), data: CouncilSettingsSchema });
export type SettingsRecord = z.infer<typeof SettingsRecordSchema>;

/** Where an outbox entry stands. Applied entries are deleted; nothing else ever is without the user. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'rejected', 'conflict'] as const;
export const OutboxStatusSchema = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

export const OutboxEntrySchema = z.strictObject({
  clientSeq: z.number().int().min(1),
  /** What the mutation changes; absent on entries written before moderation existed, meaning "audit". */
  entity: z.enum(['audit', 'moderation']).optional(),
  /** The id of the record the mutation changes: an audit id, or a moderation id when entity is "moderation". */
  auditId: z.uuid(),
  /** The one audit field a patch changes ("responses.F2", "overallOverride"); null for start and submit. */
  field: z.string().nullable(),
  mutation: MutationSchema,
  status: OutboxStatusSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  rejection: z
    .strictObject({ reason: RejectReasonSchema, message: z.string(), fields: z.array(z.string()).optional() })
    .optional(),
  conflict: z
    .strictObject({
      fields: z.array(z.string()),
      serverRecord: AuditSchema.optional(),
      serverModeration: ModerationSchema.optional(),
    })
    .optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

// The shapes this device keeps in IndexedDB, distinct from the domain and wire shapes: each record
// wraps the domain object with what only the device needs (keys, outbox state). Every read parses.
import { z } from 'zod';
import { MutationSchema, RejectReasonSchema } from '#shared/protocol/sync.ts';
import { EDITED_KINDS, RECORD_KINDS, type DeviceRow, type EditedKind } from '#shared/records/index.ts';
import { AuditSchema } from '#shared/schemas/audit.ts';
import { ModerationSchema } from '#shared/schemas/moderation.ts';
import { SessionSchema } from '#shared/schemas/user.ts';

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

// The rows of the synced kinds are defined with their kind, in the registry (#shared/records).
export const FrameworkRecordSchema = RECORD_KINDS.framework.device.row;
export type FrameworkRecord = DeviceRow<'framework'>;
export const PlanRecordSchema = RECORD_KINDS.plan.device.row;
export const CycleRecordSchema = RECORD_KINDS.cycle.device.row;
export const AssignmentRecordSchema = RECORD_KINDS.assignment.device.row;
export const UserRecordSchema = RECORD_KINDS.user.device.row;
export const AuditRecordSchema = RECORD_KINDS.audit.device.row;
export type AuditRecord = DeviceRow<'audit'>;
export const ModerationRecordSchema = RECORD_KINDS.moderation.device.row;
export type ModerationRecord = DeviceRow<'moderation'>;
/** The council's settings as last pulled; one record, key "council". */
export const SettingsRecordSchema = RECORD_KINDS.settings.device.row;
export type SettingsRecord = DeviceRow<'settings'>;

/** Where an outbox entry stands. Applied entries are deleted; nothing else ever is without the user. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'rejected', 'conflict'] as const;
export const OutboxStatusSchema = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

export const OutboxEntrySchema = z.strictObject({
  clientSeq: z.number().int().min(1),
  /** The kind of record the mutation changes; absent on entries written before moderation existed, meaning "audit". */
  entity: z.enum(EDITED_KINDS as [EditedKind, ...EditedKind[]]).optional(),
  /** The id of the record the mutation changes, of the kind `entity` names (auditId before device schema 3). */
  recordId: z.uuid(),
  /** The one field a patch changes ("responses.F2", "sections.F.rationale"); null for other mutations. */
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

/** The data key wrapped by one key-encryption key (base64 fields). */
export const WrappedKeySchema = z.strictObject({ wrapIv: z.string(), wrappedKey: z.string() });

/**
 * The lock of a device with a PIN: the data key wrapped by a key derived from the PIN (PBKDF2),
 * and, when the server gave one at sign-in, wrapped again by the user's recovery key, so a
 * forgotten PIN can be reset by signing in online (device-key.ts). Counts wrong PINs.
 */
export const DeviceLockSchema = z.strictObject({
  salt: z.string(),
  iterations: z.number().int().min(1),
  pin: WrappedKeySchema,
  recovery: WrappedKeySchema.optional(),
  failedAttempts: z.number().int().min(0),
});
export type DeviceLock = z.infer<typeof DeviceLockSchema>;

export const VaultRecordSchema = z.union([
  z.strictObject({ key: z.literal('lock'), value: DeviceLockSchema }),
  /** Goes up with every sealed write, so a change computed on an older state is run again. */
  z.strictObject({ key: z.literal('revision'), value: z.number().int().min(0) }),
  /** Rows (and their lock) set aside, still sealed, by a PIN reset that could not unwrap the old key. */
  z.strictObject({ key: z.string().regex(/^kept(-lock)?:/), value: z.unknown() }),
]);
export type VaultRecord = z.infer<typeof VaultRecordSchema>;

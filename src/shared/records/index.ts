// The registry of synced record kinds. Each kind is defined once (its own file, or
// simple-kinds.ts for the receive-only ones) and listed here; the wire's Change, the server's
// feed and pull, the device's tables and pull, and the sync page all read this list rather than
// switching on kinds. docs/adding-a-record-kind.md walks through adding one.
import { z } from 'zod';
import { AUDIT_RECORD, AUDIT_WORDS } from './audit.ts';
import { FEEDBACK_CALL_RECORD, FEEDBACK_CALL_WORDS } from './feedback-call.ts';
import { MODERATION_RECORD, MODERATION_WORDS } from './moderation.ts';
import { changeSchema, type RecordWords } from './record-kind.ts';
import {
  ASSIGNMENT_RECORD,
  CYCLE_RECORD,
  FRAMEWORK_RECORD,
  PLAN_RECORD,
  SETTINGS_RECORD,
  USER_RECORD,
} from './simple-kinds.ts';

export const RECORD_KINDS = {
  framework: FRAMEWORK_RECORD,
  plan: PLAN_RECORD,
  cycle: CYCLE_RECORD,
  assignment: ASSIGNMENT_RECORD,
  audit: AUDIT_RECORD,
  user: USER_RECORD,
  moderation: MODERATION_RECORD,
  settings: SETTINGS_RECORD,
  'feedback-call': FEEDBACK_CALL_RECORD,
} as const;

export type EntityKind = keyof typeof RECORD_KINDS;
export const ENTITY_KINDS = Object.keys(RECORD_KINDS) as EntityKind[];
export const EntityKindSchema = z.enum(ENTITY_KINDS as [EntityKind, ...EntityKind[]]);

/** The data of a kind's record, and the row the device keeps it in. */
export type RecordData<K extends EntityKind> = z.infer<(typeof RECORD_KINDS)[K]['schema']>;
export type DeviceRow<K extends EntityKind> = z.infer<(typeof RECORD_KINDS)[K]['device']['row']>;

/** One change in a pull: a record of some kind, as it is now, or gone. */
export const ChangeSchema = z.discriminatedUnion('kind', [
  changeSchema(FRAMEWORK_RECORD),
  changeSchema(PLAN_RECORD),
  changeSchema(CYCLE_RECORD),
  changeSchema(ASSIGNMENT_RECORD),
  changeSchema(AUDIT_RECORD),
  changeSchema(USER_RECORD),
  changeSchema(MODERATION_RECORD),
  changeSchema(SETTINGS_RECORD),
  changeSchema(FEEDBACK_CALL_RECORD),
]);
export type Change = z.infer<typeof ChangeSchema>;

/** The kinds the device changes (through the outbox), with what the sync page says about them. */
export const RECORD_WORDS = {
  audit: AUDIT_WORDS,
  moderation: MODERATION_WORDS,
  'feedback-call': FEEDBACK_CALL_WORDS,
} as const satisfies Partial<Record<EntityKind, RecordWords>>;
export type EditedKind = keyof typeof RECORD_WORDS;
export const EDITED_KINDS = Object.keys(RECORD_WORDS) as EditedKind[];

// The device database. Every schema version stays listed here, oldest first, so a device that
// skipped releases still upgrades step by step; a new version adds a line and, if records change
// shape, an upgrade function with a test that opens the old shape and reads the new one.
import { Dexie, type Table } from 'dexie';
import type {
  AuditRecord,
  FrameworkRecord,
  MetaRecord,
  ModerationRecord,
  OutboxEntry,
  SettingsRecord,
} from './records.ts';
import type { z } from 'zod';
import type { AssignmentRecordSchema, CycleRecordSchema, PlanRecordSchema, UserRecordSchema } from './records.ts';

export const DATABASE_NAME = 'ehcp-audit';

export const SCHEMA_VERSIONS: Record<number, Record<string, string>> = {
  1: {
    meta: 'key',
    frameworks: 'key, [frameworkId+version]',
    plans: 'key, ref',
    cycles: 'key',
    assignments: 'key, cycleId, [cycleId+planRef]',
    users: 'key',
    audits: 'id, [cycleId+planRef]',
    outbox: 'clientSeq, status, auditId, [auditId+field]',
  },
  // Moderations (one per plan per cycle and revision) and the council's settings.
  2: {
    moderations: 'id, [cycleId+planRef], status',
    settings: 'key',
  },
};

export class AuditDatabase extends Dexie {
  declare meta: Table<MetaRecord, string>;
  declare frameworks: Table<FrameworkRecord, string>;
  declare plans: Table<z.infer<typeof PlanRecordSchema>, string>;
  declare cycles: Table<z.infer<typeof CycleRecordSchema>, string>;
  declare assignments: Table<z.infer<typeof AssignmentRecordSchema>, string>;
  declare users: Table<z.infer<typeof UserRecordSchema>, string>;
  declare audits: Table<AuditRecord, string>;
  declare outbox: Table<OutboxEntry, number>;
  declare moderations: Table<ModerationRecord, string>;
  declare settings: Table<SettingsRecord, string>;

  constructor(name = DATABASE_NAME) {
    super(name);
    for (const [version, stores] of Object.entries(SCHEMA_VERSIONS)) {
      this.version(Number(version)).stores(stores);
    }
  }
}

let current: AuditDatabase | undefined;

/** The one open database of this page. */
export function getDatabase(): AuditDatabase {
  current ??= new AuditDatabase();
  return current;
}

/** Deletes every record on this device (sign-out on a shared device) and starts an empty database. */
export async function wipeDatabase(): Promise<void> {
  const db = getDatabase();
  db.close();
  await Dexie.delete(db.name);
  current = new AuditDatabase(db.name);
  await current.open();
}

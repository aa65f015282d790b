// The device database. Every schema version stays listed, oldest first, so a device that skipped
// releases still upgrades step by step. The tables of synced kinds come from the registry of record
// kinds (#shared/records: each kind names its table, indexes and the version that added it); the
// device's own tables, and every change of shape with its upgrade function, are listed here. A
// change to a stored shape ships with a test that opens the old shape and reads the new one.
import { Dexie, type Table, type Transaction, type TransactionMode } from 'dexie';
import { ENTITY_KINDS, RECORD_KINDS, type DeviceRow, type EntityKind } from '#shared/records/index.ts';
import type { MetaRecord, OutboxEntry, VaultRecord } from './records.ts';
import { runSealedTransaction, sealingMiddleware, VAULT_TABLE } from './sealing.ts';

/**
 * The IndexedDB database's name. It says "audit" but holds every synced kind and the outbox; it
 * is not renamed, because a new name would be a new, empty database and orphan what devices in
 * the field hold (unsent work included).
 */
export const DATABASE_NAME = 'ehcp-audit';

/** The device's own tables (not synced kinds), by the version that added or changed them. */
const DEVICE_TABLES: Record<number, Record<string, string>> = {
  1: { meta: 'key', outbox: 'clientSeq, status, auditId, [auditId+field]' },
  // The outbox's record id is named for what it holds: an audit's or a moderation's id.
  3: { outbox: 'clientSeq, status, recordId, [recordId+field]' },
  // The lock (wrapped data key, wrong attempts) and the revision number of sealed writes. Rows of
  // the sealed tables keep their indexes; the rest of each row moves into its `sealed` field when
  // a PIN is set (sealing.ts), which needs the key, so no upgrade function can do it.
  5: { [VAULT_TABLE]: 'key' },
};

/** Rewrites records stored in the previous version's shape, by the version that changed it. */
const UPGRADES: Record<number, (tx: Transaction) => Promise<unknown>> = {
  3: (tx) =>
    tx
      .table('outbox')
      .toCollection()
      .modify((entry: Record<string, unknown>) => {
        entry.recordId = entry.auditId;
        delete entry.auditId;
      }),
};

function schemaVersions(): Record<number, Record<string, string>> {
  const kinds = ENTITY_KINDS.map((kind) => RECORD_KINDS[kind].device);
  const newest = Math.max(...Object.keys(DEVICE_TABLES).map(Number), ...kinds.map((device) => device.since));
  const versions: Record<number, Record<string, string>> = {};
  for (let version = 1; version <= newest; version += 1) {
    versions[version] = {
      ...Object.fromEntries(kinds.filter((device) => device.since === version).map((d) => [d.table, d.indexes])),
      ...DEVICE_TABLES[version],
    };
  }
  return versions;
}

export const SCHEMA_VERSIONS: Record<number, Record<string, string>> = schemaVersions();

type KindTables = {
  [K in EntityKind as (typeof RECORD_KINDS)[K]['device']['table']]: Table<DeviceRow<K>, string>;
};

/** The open database: one table per synced kind (named by the registry), the meta table and the outbox. */
export type DeviceDatabase = Dexie &
  KindTables & {
    meta: Table<MetaRecord, string>;
    outbox: Table<OutboxEntry, number>;
    vault: Table<VaultRecord, string>;
  };

/** A device database under this name, with every version declared (not yet opened). */
export function createDeviceDatabase(name = DATABASE_NAME): DeviceDatabase {
  const db = new Dexie(name);
  for (const [version, stores] of Object.entries(SCHEMA_VERSIONS)) {
    const declared = db.version(Number(version)).stores(stores);
    const upgrade = UPGRADES[Number(version)];
    if (upgrade) declared.upgrade(upgrade);
  }
  db.use(sealingMiddleware(db));
  // Every transaction goes through the sealing wrapper, so no caller can forget it: with no PIN set
  // it is the plain transaction; with one it runs the code so it never waits on WebCrypto.
  const plain = db.transaction.bind(db) as (
    mode: TransactionMode,
    tables: Table[],
    body: () => Promise<unknown>,
  ) => Promise<unknown>;
  Object.assign(db, {
    transaction: (mode: TransactionMode, tables: Table | Table[], body: () => Promise<unknown>) =>
      runSealedTransaction(db, plain, mode, Array.isArray(tables) ? tables : [tables], body),
  });
  // Dexie adds a property for each declared table; the type names them from the registry.
  return db as DeviceDatabase;
}

/** The table a kind's records live in on this device. */
export const kindTable = <K extends EntityKind>(db: DeviceDatabase, kind: K): Table<DeviceRow<K>, string> =>
  db.table(RECORD_KINDS[kind].device.table);

let current: DeviceDatabase | undefined;

/** The one open database of this page. */
export function getDatabase(): DeviceDatabase {
  current ??= createDeviceDatabase();
  return current;
}

/** Deletes every record on this device (sign-out on a shared device) and starts an empty database. */
export async function wipeDatabase(): Promise<void> {
  const db = getDatabase();
  db.close();
  await Dexie.delete(db.name);
  current = createDeviceDatabase(db.name);
  await current.open();
}

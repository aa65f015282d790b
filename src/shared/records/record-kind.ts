// What the registry holds for each kind of synced record (see index.ts): enough for the wire, the
// server's feed and pull, the device's store and pull, and the sync page to handle the kind
// without a switch of their own.
import { z } from 'zod';
import type { RejectReason } from '#shared/protocol/sync.ts';

/**
 * Where the device keeps a kind: its IndexedDB table, the table's Dexie index spec (primary key
 * first), the device schema version that added the table (never changed once released), and the
 * row, which wraps the record with the keys the device looks it up by.
 */
export type DeviceTable<Table extends string, Data, Row> = {
  table: Table;
  indexes: string;
  since: number;
  row: z.ZodType<Row>;
  /** The row's primary key for a change's id. */
  key: (id: string) => string;
  toRow: (id: string, data: Data) => Row;
};

/** The words the sync page uses for a kind whose records are changed on the device. */
export type RecordWords = {
  /** Why the server refused a change, for this kind ("The audit was already submitted…"). */
  reasons: Record<RejectReason, string>;
  /** A field path in words, capitalised ("Criterion F2", "Agreed grade for section F"). */
  field: (path: string | null) => string;
  /** Each mutation of this kind, in the past tense ("Started the audit"). */
  mutations: Record<string, (field: string | null) => string>;
};

export type RecordKind<Kind extends string, Schema extends z.ZodType, Table extends string, Row> = {
  kind: Kind;
  /** The record as it travels in a pull. */
  schema: Schema;
  /** The SQL view (a migration) that says who may see each record: (user_id, record_id). */
  visibility: string;
  device: DeviceTable<Table, z.infer<Schema>, Row>;
  /** Only for kinds the device changes: how the sync page talks about them. */
  words?: RecordWords;
};

/** A kind's definition, its types checked (the identity function, for inference). */
export const defineRecordKind = <Kind extends string, Schema extends z.ZodType, Table extends string, Row>(
  definition: RecordKind<Kind, Schema, Table, Row>,
): RecordKind<Kind, Schema, Table, Row> => definition;

/** The wire shape of one change to a kind's record: gone (`deleted`), or its data as it is now. */
export const changeSchema = <Kind extends string, Schema extends z.ZodType>(definition: {
  kind: Kind;
  schema: Schema;
}) =>
  z.strictObject({
    kind: z.literal(definition.kind),
    id: z.string(),
    deleted: z.boolean(),
    data: definition.schema.optional(),
  });

/** The common row of a kind kept whole under its id: { key, data }. */
export const keyedRow = <Schema extends z.ZodType>(schema: Schema) => z.strictObject({ key: z.string(), data: schema });

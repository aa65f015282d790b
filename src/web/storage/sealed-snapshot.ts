// What this thread knows of one device database's committed rows at one revision, in plaintext:
// the rows and query results that changes read, and what they then wrote. A change (a rating
// click) runs against it in memory, with no IndexedDB transaction before its write; the write
// transaction's revision check (sealing.ts) catches knowledge that was out of date, and the
// change then runs again against the database. Held only while unlocked.
import { cmp, type DBCoreIndex, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreTableSchema } from 'dexie';

/** A row as last committed, or null where the row is known to be absent. */
type KnownRow = { value: unknown } | null;
type Entry = { indexKey: unknown; primaryKey: unknown };
type KnownQuery = {
  index: DBCoreIndex;
  range: DBCoreKeyRange;
  isReverse: boolean;
  limit: number | undefined;
  /** The result's keys in the order IndexedDB gives them. */
  entries: Entry[];
};

export type Snapshot = {
  revision: number;
  rows: Map<string, Map<string, KnownRow>>;
  queries: Map<string, Map<string, KnownQuery>>;
};

/** A query as DBCore asks it: the parts that decide its result. */
export type QueryShape = {
  values?: boolean;
  limit?: number;
  direction?: string;
  query: { index: DBCoreIndex; range: DBCoreKeyRange };
};

/** What a change read from the database, to be known for the next change. */
export type SnapshotRead =
  | { kind: 'row'; table: string; key: unknown; row: unknown }
  | { kind: 'query'; table: string; query: QueryShape; rows: unknown[] };

/** A change's write, with the plaintext values as they will be read back. */
export type SnapshotWrite = { table: string; request: DBCoreMutateRequest; values?: unknown[] };

type SchemaOf = (table: string) => DBCoreTableSchema;

// Range types of DBCoreKeyRange (a const enum in Dexie's types, so spelled out here).
const EQUAL = 1;
const RANGE = 2;
const ANY = 3;

// A plaintext cache this small is not worth a policy: past this many queries it starts again.
const MAX_QUERIES = 2000;

export const emptySnapshot = (revision: number): Snapshot => ({ revision, rows: new Map(), queries: new Map() });

/** Drops every plaintext the snapshot holds, so a change still holding it finds nothing. */
export function clearSnapshot(snapshot: Snapshot): void {
  snapshot.rows.clear();
  snapshot.queries.clear();
}

function isValidKey(key: unknown): boolean {
  if (typeof key === 'string') return true;
  if (typeof key === 'number') return !Number.isNaN(key);
  if (key instanceof Date) return !Number.isNaN(key.getTime());
  if (key instanceof ArrayBuffer || ArrayBuffer.isView(key)) return true;
  return Array.isArray(key) && key.every(isValidKey);
}

/** A text naming a key exactly (JSON would make Infinity and -Infinity the same). */
function keyId(key: unknown): string {
  if (typeof key === 'number') return `n${String(key)}`;
  if (typeof key === 'string') return `s${JSON.stringify(key)}`;
  if (key instanceof Date) return `d${key.getTime()}`;
  if (Array.isArray(key)) return `[${key.map(keyId).join(',')}]`;
  if (key instanceof ArrayBuffer || ArrayBuffer.isView(key)) {
    const bytes = key instanceof ArrayBuffer ? new Uint8Array(key) : new Uint8Array(key.buffer);
    return `b${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  }
  return `?${String(key)}`;
}

const limitOf = (limit: number | undefined): number | undefined =>
  limit === undefined || !Number.isFinite(limit) ? undefined : limit;

/** The query's name in the snapshot, or undefined for a query whose result cannot be kept up to date. */
function queryId(shape: QueryShape): string | undefined {
  const { index, range } = shape.query;
  const isVirtual = (index as { isVirtual?: boolean }).isVirtual === true;
  const direction = shape.direction ?? 'next';
  if (!shape.values || isVirtual || index.multiEntry || !index.extractKey) return undefined;
  if (direction !== 'next' && direction !== 'prev') return undefined;
  const type: number = range.type;
  if (type !== EQUAL && type !== RANGE && type !== ANY) return undefined;
  const bound = (key: unknown) => (key === undefined ? 'u' : keyId(key));
  const limit = limitOf(shape.limit);
  return [
    index.name ?? ':id',
    direction,
    limit ?? '',
    type,
    bound(range.lower),
    bound(range.upper),
    range.lowerOpen ? 1 : 0,
    range.upperOpen ? 1 : 0,
  ].join('|');
}

function isInRange(key: unknown, range: DBCoreKeyRange): boolean {
  const type: number = range.type;
  if (type === ANY) return true;
  if (type === EQUAL) return cmp(key, range.lower) === 0;
  if (range.lower !== undefined) {
    const low = cmp(key, range.lower);
    if (low < 0 || (low === 0 && range.lowerOpen)) return false;
  }
  if (range.upper !== undefined) {
    const high = cmp(key, range.upper);
    if (high > 0 || (high === 0 && range.upperOpen)) return false;
  }
  return true;
}

const compareEntries = (query: KnownQuery, a: Entry, b: Entry): number =>
  (cmp(a.indexKey, b.indexKey) || cmp(a.primaryKey, b.primaryKey)) * (query.isReverse ? -1 : 1);

function entryFor(query: KnownQuery, primaryKey: unknown, value: unknown): Entry | undefined {
  const indexKey: unknown = query.index.extractKey?.(value);
  if (!isValidKey(indexKey) || !isInRange(indexKey, query.range)) return undefined;
  return { indexKey, primaryKey };
}

/**
 * Keeps a known result right after a row changed or went. False when the result can no longer be
 * known: a row left a result cut at its limit, and what comes next was never read.
 */
function updateQuery(query: KnownQuery, primaryKey: unknown, value: unknown): boolean {
  const at = query.entries.findIndex((entry) => cmp(entry.primaryKey, primaryKey) === 0);
  const isFull = query.limit !== undefined && query.entries.length >= query.limit;
  const last = query.entries.at(-1);
  if (at >= 0) query.entries.splice(at, 1);
  const entry = value === null ? undefined : entryFor(query, primaryKey, value);
  if (!entry) return !(isFull && at >= 0);
  if (isFull && last && compareEntries(query, entry, last) > 0) return at < 0;
  const before = query.entries.findIndex((other) => compareEntries(query, entry, other) < 0);
  query.entries.splice(before < 0 ? query.entries.length : before, 0, entry);
  if (query.limit !== undefined && query.entries.length > query.limit) query.entries.pop();
  return true;
}

const tableOf = <V>(maps: Map<string, Map<string, V>>, table: string): Map<string, V> => {
  const found = maps.get(table);
  if (found) return found;
  const made = new Map<string, V>();
  maps.set(table, made);
  return made;
};

/** A copy of a known row (undefined: absent), or `unknown` when the snapshot does not know it. */
export function knownRow(snapshot: Snapshot, table: string, key: unknown): { value: unknown } | 'unknown' {
  const row = snapshot.rows.get(table)?.get(keyId(key));
  if (row === undefined) return 'unknown';
  return { value: row === null ? undefined : structuredClone(row.value) };
}

/** Copies of a known query's rows, or undefined when the snapshot does not know its result. */
export function knownQueryRows(snapshot: Snapshot, table: string, shape: QueryShape): unknown[] | undefined {
  const id = queryId(shape);
  const query = id === undefined ? undefined : snapshot.queries.get(table)?.get(id);
  if (!query) return undefined;
  const rows = snapshot.rows.get(table);
  const values: unknown[] = [];
  for (const { primaryKey } of query.entries) {
    const row = rows?.get(keyId(primaryKey));
    if (!row) return undefined;
    values.push(structuredClone(row.value));
  }
  return values;
}

/** Adds what a change read, at the snapshot's revision. */
export function rememberReads(snapshot: Snapshot, reads: readonly SnapshotRead[], schemaOf: SchemaOf): void {
  for (const read of reads) {
    const rows = tableOf(snapshot.rows, read.table);
    if (read.kind === 'row') {
      rows.set(keyId(read.key), read.row === undefined ? null : { value: structuredClone(read.row) });
      continue;
    }
    const id = queryId(read.query);
    const primaryKeyOf = schemaOf(read.table).primaryKey.extractKey;
    if (id === undefined || !primaryKeyOf) continue;
    const query: KnownQuery = {
      index: read.query.query.index,
      range: read.query.query.range,
      isReverse: read.query.direction === 'prev',
      limit: limitOf(read.query.limit),
      entries: [],
    };
    let isKnown = true;
    for (const row of read.rows) {
      const primaryKey: unknown = primaryKeyOf(row);
      const entry = entryFor(query, primaryKey, row);
      if (!entry || !isValidKey(primaryKey)) isKnown = false;
      else query.entries.push(entry);
      rows.set(keyId(primaryKey), { value: structuredClone(row) });
    }
    const queries = tableOf(snapshot.queries, read.table);
    if (queries.size >= MAX_QUERIES) queries.clear();
    if (isKnown) queries.set(id, query);
  }
}

/**
 * Applies a committed change's writes. False when a write cannot be followed (a range delete, a
 * key IndexedDB generates): the caller then forgets the snapshot.
 */
export function applyWrites(snapshot: Snapshot, writes: readonly SnapshotWrite[], schemaOf: SchemaOf): boolean {
  for (const { table, request, values } of writes) {
    const rows = tableOf(snapshot.rows, table);
    const queries = snapshot.queries.get(table);
    const change = (primaryKey: unknown, value: unknown) => {
      rows.set(keyId(primaryKey), value === null ? null : { value: structuredClone(value) });
      for (const [id, query] of queries ?? []) if (!updateQuery(query, primaryKey, value)) queries?.delete(id);
    };
    if (request.type === 'delete') {
      for (const key of request.keys) change(key, null);
      continue;
    }
    const primaryKeyOf = schemaOf(table).primaryKey.extractKey;
    if (request.type !== 'put' && request.type !== 'add') return false;
    if (!values || request.keys || !primaryKeyOf) return false;
    for (const value of values) {
      const primaryKey: unknown = primaryKeyOf(value);
      if (!isValidKey(primaryKey)) return false;
      change(primaryKey, value);
    }
  }
  return true;
}

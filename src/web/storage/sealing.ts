// Encryption at rest for the rows that hold free text and ratings (audits, moderations, feedback
// calls, the outbox): each is stored as its index fields in the clear plus one `sealed` field, the
// whole row as AES-GCM ciphertext under the device's data key. WebCrypto is asynchronous and an
// IndexedDB transaction commits as soon as it waits on anything else, so no transaction ever waits
// on it: reads are unsealed from a cache of plaintext filled outside transactions, and a write
// transaction runs twice. The first run executes the caller's code against the real database with
// placeholders where ciphertext belongs, records what it wrote, and is rolled back; the rows are
// then sealed; the second transaction checks that nothing was committed in between (a revision
// number) and writes the recorded changes with the ciphertext, synchronously. If something was
// committed in between, the whole change runs again. Once this thread knows the rows a change
// reads (sealed-snapshot.ts), the first run needs no transaction at all: it runs in memory.
import {
  Dexie,
  type DBCore,
  type DBCoreCursor,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreQueryRequest,
  type DBCoreQueryResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
  type Table,
  type TransactionMode,
} from 'dexie';
import { DeviceLockedError, readSealState } from './seal-state.ts';
import {
  applyWrites,
  clearSnapshot,
  emptySnapshot,
  knownQueryRows,
  knownRow,
  rememberReads,
  type Snapshot,
  type SnapshotRead,
  type SnapshotWrite,
} from './sealed-snapshot.ts';

/** The tables sealed on this device and the fields each keeps in the clear (ids, status, dates: no free text). */
export const SEALED_TABLES: Readonly<Record<string, readonly string[]>> = {
  audits: ['id', 'cycleId', 'planRef'],
  moderations: ['id', 'cycleId', 'planRef', 'status'],
  feedbackCalls: ['id', 'planRef', 'calledOn'],
  outbox: ['clientSeq', 'status', 'recordId', 'field'],
};

/** The table holding the revision number and the lock (wrapped key, attempts). Never sealed. */
export const VAULT_TABLE = 'vault';

export type SealedBlob = { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };
type Placeholder = { pending: number };

const isSealedTable = (name: string): boolean => Object.hasOwn(SEALED_TABLES, name);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function additionalData(table: string, key: unknown): Uint8Array<ArrayBuffer> {
  // Binds each ciphertext to its table and row, so rows cannot be swapped on disk unnoticed.
  return encoder.encode(`${table}\u0000${JSON.stringify(key)}`);
}

export async function sealText(key: CryptoKey, table: string, rowKey: unknown, text: string): Promise<SealedBlob> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(table, rowKey) },
    key,
    encoder.encode(text),
  );
  return { iv, data };
}

export async function unsealText(key: CryptoKey, table: string, rowKey: unknown, blob: SealedBlob): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: blob.iv, additionalData: additionalData(table, rowKey) },
    key,
    blob.data,
  );
  return decoder.decode(plain);
}

const ivId = (iv: Uint8Array): string => {
  let id = '';
  for (const byte of iv) id += byte.toString(16).padStart(2, '0');
  return id;
};

/** Plaintext of sealed rows this thread has seen, by their (never reused) IV. Cleared on lock. */
const plaintexts = new Map<string, string>();

/** What this thread knows of each open database's rows (sealed-snapshot.ts). Cleared on lock. */
const snapshots = new Map<Dexie, Snapshot>();

// Goes up at every forgetting, so work that was under way when the device locked keeps nothing.
let generation = 0;

export function forgetPlaintexts(): void {
  plaintexts.clear();
  for (const snapshot of snapshots.values()) clearSnapshot(snapshot);
  snapshots.clear();
  generation += 1;
}

/** How many plaintext rows this thread holds (decrypted texts and known rows): none while locked. */
export function countHeldPlaintexts(): number {
  let count = plaintexts.size;
  for (const snapshot of snapshots.values()) for (const rows of snapshot.rows.values()) count += rows.size;
  return count;
}

// Other threads and tabs say when they commit, so this one stops trusting what it knows before a
// change of its own finds out the slow way (a failed revision check). Only a hint: the revision
// check in the write transaction is what keeps changes right.
const revisionChannel =
  typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('ehcp-audit-sealed-revision');
(revisionChannel as { unref?: () => void } | undefined)?.unref?.();
revisionChannel?.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { name?: unknown; revision?: unknown } | null;
  for (const [db, snapshot] of snapshots) {
    if (data?.name !== db.name) continue;
    if (typeof data.revision !== 'number' || data.revision > snapshot.revision) dropSnapshot(db);
  }
});

/**
 * A write made outside a captured change (device-key.ts writes IndexedDB directly when sealing a
 * device or setting rows aside): what this thread and the others know of the rows is dropped.
 * Such writes also raise the revision, so a change already running still runs again.
 */
export function forgetSnapshot(db: Dexie, revision?: number): void {
  dropSnapshot(db);
  revisionChannel?.postMessage({ name: db.name, revision });
}

/** Drops what this thread knows of a database's rows (the others are not told). */
function dropSnapshot(db: Dexie): void {
  const snapshot = snapshots.get(db);
  if (snapshot) clearSnapshot(snapshot);
  snapshots.delete(db);
}

const isBlob = (value: unknown): value is SealedBlob =>
  typeof value === 'object' && value !== null && 'iv' in value && 'data' in value;

type Miss = { table: string; key: unknown; blob: SealedBlob };

/** A read met a sealed row this thread has not decrypted yet: decrypt `misses`, then run the reader again. */
export class SealMissError extends Error {
  constructor(readonly misses: Miss[]) {
    super('Sealed rows need decrypting before this read.');
    this.name = 'SealMissError';
  }
}

/** Decrypts rows into the cache (outside any transaction). A row that will not decrypt is left out. */
export async function decryptMisses(misses: readonly Miss[]): Promise<void> {
  const state = readSealState();
  if (state.mode !== 'sealed') throw new DeviceLockedError();
  const started = generation;
  await Promise.all(
    misses.map(async ({ table, key, blob }) => {
      const id = ivId(blob.iv);
      if (plaintexts.has(id)) return;
      const text = await unsealText(state.key, table, key, blob);
      // Locked while decrypting: keep nothing.
      if (started === generation) plaintexts.set(id, text);
    }),
  );
}

type Op = { table: string; request: DBCoreMutateRequest; texts?: string[]; values?: unknown[] };

/** What one run of a change's code did, while its transaction is open. */
type Capture = {
  kind: 'capture' | 'replay';
  misses: Miss[];
  ops: Op[];
  tokens: number[];
  coreTrans?: DBCoreTransaction;
  /**
   * The fast first run: writes are kept in memory, not sent to IndexedDB, and reads of a row
   * written in this run are answered from them. A read this cannot answer (a query of a table
   * written to) ends the run, and the change runs again writing placeholders (`isInMemory` false).
   */
  isInMemory?: boolean;
  written?: Map<string, Map<string, { value: unknown } | null>>;
  isStale?: boolean;
  /** The run answers every read from what this thread knows (no IndexedDB transaction behind it). */
  snapshot?: Snapshot;
  /** The snapshot could not answer a read: the change runs again against the database. */
  isSnapshotMiss?: boolean;
  /** What an in-memory run read from the database, kept for the next change once this one commits. */
  reads?: SnapshotRead[];
};

/** A read the snapshot cannot answer: run the change again against the database. */
class SnapshotMiss extends Error {
  constructor() {
    super('This change reads rows this thread does not know: running it again against the database.');
  }
}

/** A read the in-memory first run cannot answer: run the change again with placeholders. */
class NeedsPlaceholders extends Error {
  constructor() {
    super('This change reads what it wrote: running it again with placeholders.');
  }
}

const captures = new WeakMap<object, Capture>();
// Placeholders' plaintext by token: kept for the life of the change that wrote them (a live query
// may read a row of the first run's transaction while it is open).
const pendingTexts = new Map<number, string>();
let nextPlaceholder = 1;

function currentCapture(): Capture | undefined {
  const trans = Dexie.currentTransaction as { idbtrans?: object } | null;
  return trans?.idbtrans ? captures.get(trans.idbtrans) : undefined;
}

const MISSING = Symbol('missing');

function unsealRow(table: string, primaryKeyPath: string, row: unknown, misses: Miss[]): unknown {
  if (typeof row !== 'object' || row === null || !('sealed' in row)) return row;
  const sealed = row.sealed;
  if (typeof sealed === 'object' && sealed !== null && 'pending' in sealed) {
    const text = pendingTexts.get((sealed as Placeholder).pending);
    if (text === undefined) throw new Error('A placeholder row outlived its transaction.');
    return JSON.parse(text) as unknown;
  }
  if (!isBlob(sealed)) return row;
  const text = plaintexts.get(ivId(sealed.iv));
  if (text !== undefined) return JSON.parse(text) as unknown;
  if (readSealState().mode !== 'sealed') throw new DeviceLockedError();
  misses.push({ table, key: (row as Record<string, unknown>)[primaryKeyPath], blob: sealed });
  return MISSING;
}

function placeholderFor(table: string, value: unknown, capture: Capture): { row: unknown; text: string } {
  const text = JSON.stringify(value);
  const token = nextPlaceholder;
  nextPlaceholder += 1;
  pendingTexts.set(token, text);
  capture.tokens.push(token);
  const clear: Record<string, unknown> = {};
  for (const field of SEALED_TABLES[table] ?? []) {
    const fieldValue = (value as Record<string, unknown>)[field];
    if (fieldValue !== undefined) clear[field] = fieldValue;
  }
  return { row: { ...clear, sealed: { pending: token } }, text };
}

function sealedTable(down: DBCoreTable): DBCoreTable {
  const name = down.name;
  const keyPath = down.schema.primaryKey.keyPath;
  const primaryKeyPath = typeof keyPath === 'string' ? keyPath : '';
  const isSealed = isSealedTable(name);

  // Reads: sealed rows come back as plaintext. Inside a change's transaction an undecrypted row
  // ends the run (it is decrypted and the change runs again); a lone read outside one decrypts
  // first, as it has nothing else to keep alive.
  // Dexie's own promises are kept (not async functions), so its transaction zone follows the
  // callbacks Dexie chains on them.
  function settle<T>(rows: unknown[], rebuild: (rows: unknown[]) => T): T | Promise<T> {
    if (!isSealed) return rebuild(rows);
    const capture = currentCapture();
    const misses: Miss[] = [];
    const unsealed = rows.map((row) => unsealRow(name, primaryKeyPath, row, misses));
    if (misses.length === 0) return rebuild(unsealed);
    if (capture) {
      capture.misses.push(...misses);
      throw new SealMissError(misses);
    }
    return decryptMisses(misses).then(() => rebuild(rows.map((row) => unsealRow(name, primaryKeyPath, row, []))));
  }

  function mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    const capture = currentCapture();
    if (capture) capture.coreTrans ??= req.trans;
    if (capture?.kind !== 'capture') {
      if (isSealed && (req.type === 'add' || req.type === 'put') && readSealState().mode !== 'plain') {
        // Sealed mode writes only through a captured change; a row in the clear must not slip in.
        const isAllSealed = req.values.every((value) => isBlob((value as { sealed?: unknown }).sealed));
        if (!isAllSealed) return Dexie.Promise.reject(new DeviceLockedError());
      }
      return down.mutate(req);
    }
    if (capture.isInMemory) return keepInMemory(req, capture);
    if (isSealed && (req.type === 'add' || req.type === 'put')) {
      const placed = req.values.map((value) => placeholderFor(name, value, capture));
      capture.ops.push({ table: name, request: req, texts: placed.map((p) => p.text) });
      return down.mutate({ ...req, values: placed.map((p) => p.row) });
    }
    capture.ops.push({ table: name, request: req });
    return down.mutate(req);
  }

  function keepInMemory(req: DBCoreMutateRequest, capture: Capture): Promise<DBCoreMutateResponse> {
    const written = capture.written ?? new Map<string, Map<string, { value: unknown } | null>>();
    capture.written = written;
    const rows = written.get(name) ?? new Map<string, { value: unknown } | null>();
    written.set(name, rows);
    if (req.type === 'add' || req.type === 'put') {
      if (!primaryKeyPath || req.keys) return stale(capture);
      const keys = req.values.map((value) => (value as Record<string, unknown>)[primaryKeyPath]);
      const texts = req.values.map((value) => JSON.stringify(value));
      // As a later read will see them: the sealed text parsed, or IndexedDB's copy of a clear row.
      const values = isSealed
        ? texts.map((text) => JSON.parse(text) as unknown)
        : req.values.map((value: unknown) => structuredClone(value));
      keys.forEach((key, index) => rows.set(JSON.stringify(key), { value: JSON.parse(texts[index] ?? 'null') }));
      capture.ops.push({ table: name, request: req, texts: isSealed ? texts : undefined, values });
      return Dexie.Promise.resolve({
        numFailures: 0,
        failures: {},
        results: keys,
        lastResult: keys.at(-1),
      });
    }
    if (req.type === 'delete') {
      for (const key of req.keys) rows.set(JSON.stringify(key), null);
      capture.ops.push({ table: name, request: req });
      const response: DBCoreMutateResponse = { numFailures: 0, failures: {}, lastResult: undefined };
      return Dexie.Promise.resolve(response);
    }
    return stale(capture);
  }

  function stale<T>(capture: Capture): Promise<T> {
    capture.isStale = true;
    return Dexie.Promise.reject(new NeedsPlaceholders());
  }

  function miss<T>(capture: Capture): Promise<T> {
    capture.isSnapshotMiss = true;
    return Dexie.Promise.reject(new SnapshotMiss());
  }

  /** In an in-memory run: what this run wrote under a key, `undefined` if nothing. */
  function writtenRow(capture: Capture | undefined, key: unknown): { value: unknown } | null | undefined {
    if (!capture?.isInMemory) return undefined;
    const row = capture.written?.get(name)?.get(JSON.stringify(key));
    return row === null ? null : row ? { value: JSON.parse(JSON.stringify(row.value)) as unknown } : undefined;
  }

  /** A query of a table this in-memory run wrote to cannot see the writes: run again. */
  function guardQuery<T>(capture: Capture | undefined, run: () => Promise<T>): Promise<T> {
    if (capture?.isInMemory && (capture.written?.get(name)?.size ?? 0) > 0) return stale(capture);
    return run();
  }

  /** Keeps what an in-memory run read from the database, for the next change (sealed-snapshot.ts). */
  function remember(capture: Capture | undefined, read: SnapshotRead): void {
    capture?.reads?.push(read);
  }

  function get(req: Parameters<DBCoreTable['get']>[0]): Promise<unknown> {
    const capture = currentCapture();
    const own = writtenRow(capture, req.key);
    if (own !== undefined) return Dexie.Promise.resolve(own?.value);
    if (capture?.snapshot) {
      const known = knownRow(capture.snapshot, name, req.key);
      return known === 'unknown' ? miss(capture) : Dexie.Promise.resolve(known.value);
    }
    return down.get(req).then((row: unknown) =>
      settle([row], ([only]) => {
        remember(capture, { kind: 'row', table: name, key: req.key, row: only });
        return only;
      }),
    );
  }

  function getMany(req: Parameters<DBCoreTable['getMany']>[0]): Promise<unknown[]> {
    const capture = currentCapture();
    const own = req.keys.map((key) => writtenRow(capture, key));
    const { snapshot } = capture ?? {};
    if (capture && snapshot) {
      const rows: unknown[] = [];
      for (const [index, key] of req.keys.entries()) {
        const written = own[index];
        const known = written === undefined ? knownRow(snapshot, name, key) : { value: written?.value };
        if (known === 'unknown') return miss(capture);
        rows.push(known.value);
      }
      return Dexie.Promise.resolve(rows);
    }
    return down.getMany(req).then((rows) =>
      settle(rows, (unsealed) =>
        unsealed.map((row, i) => {
          if (own[i] !== undefined) return own[i]?.value;
          remember(capture, { kind: 'row', table: name, key: req.keys[i], row });
          return row;
        }),
      ),
    );
  }

  function query(req: DBCoreQueryRequest): Promise<DBCoreQueryResponse> {
    const capture = currentCapture();
    return guardQuery<DBCoreQueryResponse>(capture, () => {
      if (capture?.snapshot) {
        const result = knownQueryRows(capture.snapshot, name, req);
        return result ? Dexie.Promise.resolve({ result }) : miss<DBCoreQueryResponse>(capture);
      }
      return down.query(req);
    }).then((response) =>
      req.values && !capture?.snapshot
        ? settle(response.result, (result) => {
            remember(capture, { kind: 'query', table: name, query: req, rows: result });
            return { ...response, result };
          })
        : response,
    );
  }

  const passRead = <T>(read: () => Promise<T>): Promise<T> => {
    const capture = currentCapture();
    return capture?.snapshot ? miss(capture) : guardQuery(capture, read);
  };

  return {
    ...down,
    mutate,
    get,
    getMany,
    query,
    count: (req) => passRead(() => down.count(req)),
    openCursor: (req) =>
      passRead(() => down.openCursor(req)).then((cursor) => {
        if (!cursor || !req.values || !isSealed) return cursor;
        const capture = currentCapture();
        return Object.create(cursor, {
          value: {
            get(): unknown {
              const misses: Miss[] = [];
              const value = unsealRow(name, primaryKeyPath, cursor.value, misses);
              if (misses.length === 0) return value;
              capture?.misses.push(...misses);
              throw new SealMissError(misses);
            },
          },
        }) as DBCoreCursor;
      }),
  };
}

const downCores = new WeakMap<Dexie, DBCore>();

// Marks the Dexie zone of a change that runs against the snapshot: the transaction Dexie asks for
// there is one with nothing behind it, as every read and write of the run stays in memory.
const SNAPSHOT_ZONE = 'sealingSnapshotRun';
type ZoneMark = { isUsed: boolean };
const zones = Dexie.Promise as unknown as {
  PSD: Record<string, unknown>;
  newPSD: <R>(fn: () => R, props: Record<string, unknown>) => R;
};

function inSnapshotZone<R>(run: () => R): R {
  return zones.newPSD(run, { [SNAPSHOT_ZONE]: { isUsed: false } satisfies ZoneMark });
}

/** A transaction for a run kept in memory: Dexie sets its handlers; nothing reaches IndexedDB. */
const memoryTransaction = (): DBCoreTransaction => ({ abort: () => undefined });

/** The middleware that seals and unseals rows; installed on every device database. */
export function sealingMiddleware(db: Dexie): Middleware<DBCore> {
  // A closed connection (a wipe, another tab deleting the database) ends what this thread knows.
  db.on('close', () => dropSnapshot(db));
  db.on('versionchange', () => dropSnapshot(db));
  return {
    stack: 'dbcore',
    name: 'sealing',
    create: (down) => {
      downCores.set(db, down);
      return {
        ...down,
        table: (name) => sealedTable(down.table(name)),
        transaction: (stores, mode, options) => {
          const mark = zones.PSD[SNAPSHOT_ZONE] as ZoneMark | undefined;
          if (mark && !mark.isUsed) {
            mark.isUsed = true;
            return memoryTransaction();
          }
          return down.transaction(stores, mode, options);
        },
      };
    },
  };
}

/** Something was committed since the change's first run: it runs again. */
class StaleRevision extends Error {
  constructor() {
    super('stale');
  }
}

class Captured extends Error {
  constructor(readonly result: unknown) {
    super('captured');
  }
}

type Scope = (mode: TransactionMode, tables: Table[], body: () => Promise<unknown>) => Promise<unknown>;

// Changes on this thread take turns, so they do not make each other run again.
let queue: Promise<unknown> = Promise.resolve();

async function readRevision(vault: Table): Promise<number> {
  const record = (await vault.get('revision')) as { value?: number } | undefined;
  return record?.value ?? 0;
}

/**
 * Runs a transaction's code so that what it reads is plaintext and what it writes is sealed (see
 * the top of this file). With no PIN set it is the plain transaction. Nested calls join the
 * transaction they are in.
 */
export async function runSealedTransaction<T>(
  db: Dexie,
  plain: Scope,
  mode: TransactionMode,
  tables: Table[],
  body: () => Promise<T>,
): Promise<T> {
  if (readSealState().mode === 'plain' || currentCapture() || Dexie.currentTransaction) {
    return plain(mode, tables, body) as Promise<T>;
  }
  const isWrite = mode === 'rw' || mode === 'readwrite';
  if (!isWrite) return readWithRetry(() => plain(mode, tables, withCapture('capture', body)) as Promise<T>);
  const run = queue.then(() => captureAndCommit(db, plain, mode, tables, body));
  queue = run.catch(() => undefined);
  return run;
}

function withCapture<T>(kind: Capture['kind'], body: (capture: Capture) => Promise<T>, capture?: Capture) {
  return async () => {
    const idbtrans = (Dexie.currentTransaction as { idbtrans: object }).idbtrans;
    const own = capture ?? { kind, misses: [], ops: [], tokens: [] };
    captures.set(idbtrans, own);
    return body(own);
  };
}

async function readWithRetry<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof SealMissError) || attempt > 20) throw error;
      await decryptMisses(error.misses);
    }
  }
}

type RunKind = 'snapshot' | 'memory' | 'placeholders';

async function captureAndCommit<T>(
  db: Dexie,
  plain: Scope,
  mode: TransactionMode,
  tables: Table[],
  body: () => Promise<T>,
): Promise<T> {
  const vault = db.table(VAULT_TABLE);
  const scope = [...tables, vault];
  // The cheapest run first: against what this thread knows, then against the database with the
  // writes kept in memory, then with placeholders written (for a change that queries its writes).
  let kind: RunKind = 'snapshot';
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const snapshot = kind === 'snapshot' ? snapshots.get(db) : undefined;
    if (kind === 'snapshot' && !snapshot) kind = 'memory';
    const started = generation;
    const capture: Capture = {
      kind: 'capture',
      misses: [],
      ops: [],
      tokens: [],
      isInMemory: kind !== 'placeholders',
      snapshot,
      reads: kind === 'memory' ? [] : undefined,
    };
    let revision = snapshot?.revision ?? 0;
    let result: T;
    const run = () =>
      plain(
        mode,
        scope,
        withCapture(
          'capture',
          async () => {
            // Asked alongside the change's own reads, not before them: one round trip fewer.
            // A Dexie promise, not an async function, so Dexie's zone is not lost alongside the body.
            const revisionRead = snapshot ? undefined : vault.get('revision');
            revisionRead?.catch(() => undefined);
            const value = await body();
            if (revisionRead) revision = ((await revisionRead) as { value?: number } | undefined)?.value ?? 0;
            if (capture.misses.length > 0) throw new SealMissError(capture.misses);
            // Anything written is rolled back here and written again, sealed, below. A run against
            // the snapshot always ends here: even "nothing to change" must be checked against the
            // database, so it is answered by the next run.
            if (snapshot || capture.ops.length > 0) throw new Captured(value);
            return value;
          },
          capture,
        ),
      );
    try {
      result = (await (snapshot ? inSnapshotZone(run) : run())) as T;
      if (capture.reads) keepReads(db, capture, revision, started);
      return result;
    } catch (error) {
      if (!(error instanceof Captured)) for (const token of capture.tokens) pendingTexts.delete(token);
      if (snapshot) {
        // Whatever went wrong in memory (a row not known, an error from out-of-date rows, nothing
        // to write) is for the database to answer.
        if (!(error instanceof Captured) || capture.ops.length === 0 || capture.isStale || capture.isSnapshotMiss) {
          kind = 'memory';
          continue;
        }
      } else if (capture.isStale) {
        kind = 'placeholders';
        continue;
      } else if (capture.misses.length > 0) {
        await decryptMisses(capture.misses);
        continue;
      } else if (!(error instanceof Captured)) {
        throw error;
      }
      result = error.result as T;
    }
    try {
      if (await commitCaptured(db, plain, scope, vault, capture, revision, started)) {
        keepCommitted(db, capture, revision, started);
        return result;
      }
      // Something was committed in between: what this thread knew is out of date.
      dropSnapshot(db);
      kind = 'memory';
    } finally {
      for (const token of capture.tokens) pendingTexts.delete(token);
    }
  }
  throw new Error('The device database was too busy to save this change. Try again.');
}

const schemaOf = (db: Dexie) => (table: string) => {
  const down = downCores.get(db);
  if (!down) throw new Error('The sealing middleware is not installed.');
  return down.table(table).schema;
};

/** The snapshot a run's reads at `revision` can join: the one held if it is at that revision, else a new one. */
function snapshotAt(db: Dexie, revision: number, started: number): Snapshot | undefined {
  if (started !== generation || readSealState().mode !== 'sealed') return undefined;
  const held = snapshots.get(db);
  if (held?.revision === revision) return held;
  if (held) clearSnapshot(held);
  const made = emptySnapshot(revision);
  snapshots.set(db, made);
  return made;
}

/** An in-memory run that wrote nothing: what it read is known at its revision. */
function keepReads(db: Dexie, capture: Capture, revision: number, started: number): void {
  const snapshot = snapshotAt(db, revision, started);
  if (snapshot && capture.reads) rememberReads(snapshot, capture.reads, schemaOf(db));
}

/** A committed change: what it read, then what it wrote, is the database at the next revision. */
function keepCommitted(db: Dexie, capture: Capture, revision: number, started: number): void {
  if (!capture.isInMemory) {
    // Placeholders were written and queried: too rare to follow. Start again from the database.
    forgetSnapshot(db, revision + 1);
    return;
  }
  const snapshot = capture.snapshot ?? snapshotAt(db, revision, started);
  const isHeld = snapshot && snapshots.get(db) === snapshot && snapshot.revision === revision;
  if (!snapshot || !isHeld || started !== generation) {
    forgetSnapshot(db, revision + 1);
    return;
  }
  if (capture.reads) rememberReads(snapshot, capture.reads, schemaOf(db));
  const writes: SnapshotWrite[] = capture.ops.map((op) => ({
    table: op.table,
    request: op.request,
    values: op.values,
  }));
  if (!applyWrites(snapshot, writes, schemaOf(db))) {
    forgetSnapshot(db, revision + 1);
    return;
  }
  snapshot.revision = revision + 1;
  revisionChannel?.postMessage({ name: db.name, revision: revision + 1 });
}

async function commitCaptured(
  db: Dexie,
  plain: Scope,
  scope: Table[],
  vault: Table,
  capture: Capture,
  revision: number,
  started: number,
): Promise<boolean> {
  const state = readSealState();
  // A change to the clear tables alone (the session, say, at a sign-in on a locked device) needs no key.
  const key = state.mode === 'sealed' ? state.key : undefined;
  if (!key && capture.ops.some((op) => op.texts)) throw new DeviceLockedError();
  const down = downCores.get(db);
  if (!down) throw new Error('The sealing middleware is not installed.');
  // Seal every written row before the second transaction opens.
  const sealedOps = await Promise.all(
    capture.ops.map(async (op) => {
      const { texts, request } = op;
      if (!key || !texts || (request.type !== 'add' && request.type !== 'put')) return { op, written: [] };
      const keyPath = down.table(op.table).schema.primaryKey.keyPath;
      const written = await Promise.all(
        request.values.map(async (value, index) => {
          const text = texts[index] ?? 'null';
          const rowKey = typeof keyPath === 'string' ? (value as Record<string, unknown>)[keyPath] : undefined;
          const blob = await sealText(key, op.table, rowKey, text);
          const clear: Record<string, unknown> = {};
          for (const field of SEALED_TABLES[op.table] ?? []) {
            const fieldValue = (value as Record<string, unknown>)[field];
            if (fieldValue !== undefined) clear[field] = fieldValue;
          }
          return { row: { ...clear, sealed: blob }, id: ivId(blob.iv), text };
        }),
      );
      return { op, written };
    }),
  );
  const replay: Capture = { kind: 'replay', misses: [], ops: [], tokens: [] };
  const isCommitted = await (
    plain(
      'rw',
      scope,
      withCapture(
        'replay',
        async () => {
          // Everything is asked at once; a changed revision aborts the transaction, undoing the writes.
          const revisionCheck = readRevision(vault);
          const bump = vault.put({ key: 'revision', value: revision + 1 });
          if (!replay.coreTrans) await bump;
          const trans = replay.coreTrans;
          if (!trans) throw new Error('The replay transaction is not known.');
          // Only IndexedDB requests from here to commit: the transaction never waits on anything else.
          const writes = Promise.all([
            bump,
            ...sealedOps.map(({ op, written }) => {
              const table = down.table(op.table);
              if (written.length === 0) return table.mutate({ ...op.request, trans });
              const request = op.request as Extract<DBCoreMutateRequest, { type: 'add' | 'put' }>;
              return table.mutate({ ...request, trans, values: written.map((w) => w.row) });
            }),
          ]);
          writes.catch(() => undefined);
          if ((await revisionCheck) !== revision) throw new StaleRevision();
          await writes;
          return true;
        },
        replay,
      ),
    ) as Promise<boolean>
  ).catch((error: unknown) => {
    if (error instanceof StaleRevision) return false;
    throw error;
  });
  // Locked meanwhile: keep no plaintext.
  if (isCommitted && started === generation) {
    for (const { written } of sealedOps) for (const w of written) plaintexts.set(w.id, w.text);
  }
  return isCommitted;
}

// Encryption at rest for the rows that hold free text and ratings (audits, moderations, feedback
// calls, the outbox): each is stored as its index fields in the clear plus one `sealed` field, the
// whole row as AES-GCM ciphertext under the device's data key. WebCrypto is asynchronous and an
// IndexedDB transaction commits as soon as it waits on anything else, so no transaction ever waits
// on it: reads are unsealed from a cache of plaintext filled outside transactions, and a write
// transaction runs twice. The first run executes the caller's code against the real database with
// placeholders where ciphertext belongs, records what it wrote, and is rolled back; the rows are
// then sealed; the second transaction checks that nothing was committed in between (a revision
// number) and writes the recorded changes with the ciphertext, synchronously. If something was
// committed in between, the whole change runs again.
import {
  Dexie,
  type DBCore,
  type DBCoreCursor,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
  type Table,
  type TransactionMode,
} from 'dexie';
import { DeviceLockedError, readSealState } from './seal-state.ts';

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

export function forgetPlaintexts(): void {
  plaintexts.clear();
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
  await Promise.all(
    misses.map(async ({ table, key, blob }) => {
      const id = ivId(blob.iv);
      if (plaintexts.has(id)) return;
      plaintexts.set(id, await unsealText(state.key, table, key, blob));
    }),
  );
}

type Op = { table: string; request: DBCoreMutateRequest; texts?: string[] };

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
};

/** A read the in-memory first run cannot answer: run the change again with placeholders. */
class NeedsPlaceholders extends Error {
  constructor() {
    super('This change reads what it wrote: running it again with placeholders.');
  }
}

const captures = new WeakMap<IDBTransaction, Capture>();
// Placeholders' plaintext by token: kept for the life of the change that wrote them (a live query
// may read a row of the first run's transaction while it is open).
const pendingTexts = new Map<number, string>();
let nextPlaceholder = 1;

function currentCapture(): Capture | undefined {
  const trans = Dexie.currentTransaction as { idbtrans?: IDBTransaction } | null;
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

  if (!isSealed) {
    return { ...down, mutate: (req) => mutate(req) };
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
      keys.forEach((key, index) => rows.set(JSON.stringify(key), { value: JSON.parse(texts[index] ?? 'null') }));
      capture.ops.push({ table: name, request: req, texts: isSealed ? texts : undefined });
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

  /** In the in-memory first run: what this run wrote under a key, `undefined` if nothing. */
  function writtenRow(key: unknown): { value: unknown } | null | undefined {
    const capture = currentCapture();
    if (!capture?.isInMemory) return undefined;
    const row = capture.written?.get(name)?.get(JSON.stringify(key));
    return row === null ? null : row ? { value: JSON.parse(JSON.stringify(row.value)) as unknown } : undefined;
  }

  /** A query of a table this in-memory run wrote to cannot see the writes: run again. */
  function guardQuery<T>(run: () => Promise<T>): Promise<T> {
    const capture = currentCapture();
    if (capture?.isInMemory && (capture.written?.get(name)?.size ?? 0) > 0) return stale(capture);
    return run();
  }

  return {
    ...down,
    mutate,
    get: (req) => {
      const own = writtenRow(req.key);
      if (own !== undefined) return Dexie.Promise.resolve(own?.value) as Promise<unknown>;
      return down.get(req).then((row: unknown) => settle([row], ([only]) => only));
    },
    getMany: (req) => {
      const own = req.keys.map((key) => writtenRow(key));
      if (own.every((row) => row === undefined)) {
        return down.getMany(req).then((rows) => settle(rows, (unsealed) => unsealed));
      }
      return down
        .getMany(req)
        .then((rows) =>
          settle(rows, (unsealed) => unsealed.map((row, i) => (own[i] === undefined ? row : own[i]?.value))),
        );
    },
    count: (req) => guardQuery(() => down.count(req)),
    query: (req) =>
      guardQuery(() => down.query(req)).then((response) =>
        req.values ? settle(response.result, (result) => ({ ...response, result })) : response,
      ),
    openCursor: (req) =>
      guardQuery(() => down.openCursor(req)).then((cursor) => {
        if (!cursor || !req.values) return cursor;
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

/** The middleware that seals and unseals rows; installed on every device database. */
export function sealingMiddleware(db: Dexie): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'sealing',
    create: (down) => {
      downCores.set(db, down);
      return { ...down, table: (name) => sealedTable(down.table(name)) };
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
    const idbtrans = (Dexie.currentTransaction as { idbtrans: IDBTransaction }).idbtrans;
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

async function captureAndCommit<T>(
  db: Dexie,
  plain: Scope,
  mode: TransactionMode,
  tables: Table[],
  body: () => Promise<T>,
): Promise<T> {
  const vault = db.table(VAULT_TABLE);
  const scope = [...tables, vault];
  let isInMemory = true;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const capture: Capture = { kind: 'capture', misses: [], ops: [], tokens: [], isInMemory };
    let revision = 0;
    let result: T;
    try {
      result = (await plain(
        mode,
        scope,
        withCapture(
          'capture',
          async () => {
            revision = await readRevision(vault);
            const value = await body();
            if (capture.misses.length > 0) throw new SealMissError(capture.misses);
            // Anything written is rolled back here and written again, sealed, below.
            if (capture.ops.length > 0) throw new Captured(value);
            return value;
          },
          capture,
        ),
      )) as T;
      return result;
    } catch (error) {
      if (!(error instanceof Captured)) for (const token of capture.tokens) pendingTexts.delete(token);
      if (capture.isStale) {
        isInMemory = false;
        continue;
      }
      if (capture.misses.length > 0) {
        await decryptMisses(capture.misses);
        continue;
      }
      if (!(error instanceof Captured)) throw error;
      result = error.result as T;
    }
    try {
      if (await commitCaptured(db, plain, scope, vault, capture, revision)) return result;
    } finally {
      for (const token of capture.tokens) pendingTexts.delete(token);
    }
  }
  throw new Error('The device database was too busy to save this change. Try again.');
}

async function commitCaptured(
  db: Dexie,
  plain: Scope,
  scope: Table[],
  vault: Table,
  capture: Capture,
  revision: number,
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
  if (isCommitted) for (const { written } of sealedOps) for (const w of written) plaintexts.set(w.id, w.text);
  return isCommitted;
}

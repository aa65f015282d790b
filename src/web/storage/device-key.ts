// The device's data key and the PIN that guards it. The data key (AES-GCM, 256 bits) is random; on
// the device it is kept only wrapped: by a key derived from the PIN with PBKDF2-SHA-256, and, when
// the server gave one at sign-in, by the user's recovery key (so a forgotten PIN can be reset by
// signing in online). Unwrapped, it is held non-extractable, in memory only, while unlocked.
import { getDatabase, type DeviceDatabase } from './db.ts';
import { DeviceLockSchema, type DeviceLock } from './records.ts';
import { adoptSealState, readSealState } from './seal-state.ts';
import { forgetPlaintexts, forgetSnapshot, sealText, SEALED_TABLES, type SealedBlob } from './sealing.ts';

/** OWASP's current figure for PBKDF2-HMAC-SHA-256; tests pass a smaller count to stay quick. */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PIN_LENGTH = 6;

export const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
export const fromBase64 = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

export async function readLock(db: DeviceDatabase = getDatabase()): Promise<DeviceLock | undefined> {
  const record = await db.vault.get('lock');
  return record?.key === 'lock' ? DeviceLockSchema.parse(record.value) : undefined;
}

/** On start: a device with a PIN starts locked; one without seals nothing until a PIN is set. */
export async function loadSealState(db: DeviceDatabase = getDatabase()): Promise<void> {
  const lock = await readLock(db);
  if (!lock) adoptSealState({ mode: 'plain' });
  else if (readSealState().mode !== 'sealed') adoptSealState({ mode: 'locked' });
}

async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** The recovery key the server gave this user at an online sign-in (base64, 32 bytes). */
export const importRecoveryKey = (base64: string): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', fromBase64(base64), { name: 'AES-GCM' }, false, ['wrapKey', 'unwrapKey']);

async function wrap(dataKey: CryptoKey, wrapping: CryptoKey): Promise<DeviceLock['pin']> {
  const wrapIv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await crypto.subtle.wrapKey('raw', dataKey, wrapping, { name: 'AES-GCM', iv: wrapIv });
  return { wrapIv: toBase64(wrapIv), wrappedKey: toBase64(new Uint8Array(wrapped)) };
}

async function unwrap(wrapped: DeviceLock['pin'], wrapping: CryptoKey, extractable = false): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.unwrapKey(
      'raw',
      fromBase64(wrapped.wrappedKey),
      wrapping,
      { name: 'AES-GCM', iv: fromBase64(wrapped.wrapIv) },
      { name: 'AES-GCM', length: 256 },
      extractable,
      ['encrypt', 'decrypt'],
    );
  } catch {
    // AES-GCM's tag does not match: the wrong PIN, or another user's recovery key.
    return null;
  }
}

export type PinOptions = { iterations?: number; recoveryKey?: CryptoKey };

/**
 * Writes a new lock around a data key: wrapped by the new PIN and, if given, the recovery key.
 * The data key must be extractable here, as wrapping exports it; the copy kept in memory is not.
 */
async function writeLock(db: DeviceDatabase, pin: string, dataKey: CryptoKey, options: PinOptions): Promise<CryptoKey> {
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const wrapping = await pinKey(pin, salt, iterations);
  const wrappedPin = await wrap(dataKey, wrapping);
  const recovery = options.recoveryKey ? await wrap(dataKey, options.recoveryKey) : undefined;
  const held = await unwrap(wrappedPin, wrapping);
  if (!held) throw new Error('The new device key could not be unwrapped.');
  const lock: DeviceLock = { salt: toBase64(salt), iterations, pin: wrappedPin, recovery, failedAttempts: 0 };
  await db.vault.put({ key: 'lock', value: DeviceLockSchema.parse(lock) });
  return held;
}

/**
 * Sets the PIN on a device that has none (first sign-in): a new data key, wrapped by the PIN, then
 * every row still in the clear (an unencrypted device from before, or what sign-in pulled) sealed
 * under it. Nothing is lost: a row is replaced only by its own sealed copy.
 */
export async function setDevicePin(pin: string, options: PinOptions = {}, db = getDatabase()): Promise<void> {
  const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const held = await writeLock(db, pin, dataKey, options);
  adoptSealState({ mode: 'sealed', key: held });
  await sealRowsInTheClear(db);
}

export type UnlockOutcome = { status: 'unlocked' } | { status: 'wrong'; attemptsLeft: number } | { status: 'wiped' };

/**
 * Unlocks with the PIN, offline: no server is asked. A wrong PIN counts; at the limit the device's
 * data is wiped (the caller warns when one attempt is left).
 */
export async function unlockDevice(
  pin: string,
  maxAttempts: number,
  wipe: () => Promise<void>,
  db: DeviceDatabase = getDatabase(),
): Promise<UnlockOutcome> {
  const lock = await readLock(db);
  if (!lock) return { status: 'unlocked' };
  const key = await unwrap(lock.pin, await pinKey(pin, fromBase64(lock.salt), lock.iterations));
  if (key) {
    await db.vault.put({ key: 'lock', value: { ...lock, failedAttempts: 0 } });
    adoptSealState({ mode: 'sealed', key });
    // A PIN set just before the page closed may have left rows in the clear: seal them now.
    await sealRowsInTheClear(db);
    return { status: 'unlocked' };
  }
  const failedAttempts = lock.failedAttempts + 1;
  if (failedAttempts >= maxAttempts) {
    await wipe();
    adoptSealState({ mode: 'plain' });
    return { status: 'wiped' };
  }
  await db.vault.put({ key: 'lock', value: { ...lock, failedAttempts } });
  return { status: 'wrong', attemptsLeft: maxAttempts - failedAttempts };
}

export type ResetOutcome = 'recovered' | 'not-recovered';

/**
 * A forgotten PIN, after the user signed in online again: if the recovery key the server gave
 * (or the old PIN, if remembered after all) unwraps the old data key, the new PIN wraps that same
 * key and nothing is lost. Otherwise the old rows stay on the device, sealed under the old key,
 * and a new key starts; the caller tells the user plainly.
 */
export async function resetDevicePin(
  newPin: string,
  unlockWith: { recoveryKey?: CryptoKey; oldPin?: string },
  options: Omit<PinOptions, 'recoveryKey'> = {},
  db: DeviceDatabase = getDatabase(),
): Promise<ResetOutcome> {
  const lock = await readLock(db);
  let oldKey: CryptoKey | null = null;
  if (lock && unlockWith.recoveryKey && lock.recovery)
    oldKey = await unwrap(lock.recovery, unlockWith.recoveryKey, true);
  if (lock && !oldKey && unlockWith.oldPin) {
    oldKey = await unwrap(lock.pin, await pinKey(unlockWith.oldPin, fromBase64(lock.salt), lock.iterations), true);
  }
  const recoveryKey = unlockWith.recoveryKey;
  if (oldKey) {
    const held = await writeLock(db, newPin, oldKey, { ...options, recoveryKey });
    adoptSealState({ mode: 'sealed', key: held });
    await sealRowsInTheClear(db);
    return 'recovered';
  }
  // The old rows cannot be read: they are moved aside, still sealed under the old key, with the
  // old lock, so they could be opened later by the old PIN. The server's copies come back with a
  // full pull; new work goes under a new key.
  if (lock) await setAsideSealedRows(db, lock);
  const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  forgetPlaintexts();
  const held = await writeLock(db, newPin, dataKey, { ...options, recoveryKey });
  await db.meta.put({ key: 'sync', value: { cursor: null, lastSyncedAt: null } });
  adoptSealState({ mode: 'sealed', key: held });
  return 'not-recovered';
}

/** How many queued changes were set aside, unreadable, by a PIN reset that could not recover them. */
export async function countSetAsideChanges(db: DeviceDatabase = getDatabase()): Promise<number> {
  return db.vault.where('key').startsWith('kept:outbox:').count();
}

function setAsideSealedRows(db: DeviceDatabase, lock: DeviceLock): Promise<void> {
  const idb = db.backendDB();
  const tables = [...Object.keys(SEALED_TABLES), 'vault'];
  const stamp = new Date().toISOString();
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(tables, 'readwrite');
    const vault = tx.objectStore('vault');
    vault.put({ key: `kept-lock:${stamp}`, value: lock });
    for (const table of Object.keys(SEALED_TABLES)) {
      const store = tx.objectStore(table);
      const keyPath = store.keyPath as string;
      const all = store.getAll();
      all.onsuccess = () => {
        for (const row of all.result as Row[]) {
          if (!('sealed' in row)) continue;
          vault.put({ key: `kept:${table}:${stamp}:${JSON.stringify(row[keyPath])}`, value: row });
          store.delete(row[keyPath] as IDBValidKey);
        }
      };
    }
    bumpRevision(vault);
    tx.oncomplete = () => {
      forgetSnapshot(db);
      resolve();
    };
    tx.onerror = () => reject(tx.error ?? new Error('Could not set the old work aside.'));
  });
}

/** Drops the key from memory: the data stays, sealed, until the PIN is given again. */
export function lockDevice(): void {
  if (readSealState().mode !== 'sealed') return;
  forgetPlaintexts();
  adoptSealState({ mode: 'locked' });
}

/** After a wipe or sign-out nothing is sealed and no key is held. */
export function forgetDeviceKey(): void {
  forgetPlaintexts();
  adoptSealState({ mode: 'plain' });
}

type Row = Record<string, unknown>;

/**
 * Seals every row of the sealed tables still in the clear: the migration of an unencrypted device,
 * run when the PIN is set (and again after each unlock, in case it was cut short). Each row is
 * sealed outside any transaction; the write then replaces a row only if it is still the same
 * clear row, so a change made meanwhile is never overwritten (it is sealed on the next pass).
 */
export async function sealRowsInTheClear(db: DeviceDatabase = getDatabase()): Promise<number> {
  const state = readSealState();
  if (state.mode !== 'sealed') return 0;
  let sealedCount = 0;
  for (let pass = 0; pass < 10; pass += 1) {
    const found: { table: string; key: unknown; text: string; blob: SealedBlob; clear: Row }[] = [];
    for (const [table, clearFields] of Object.entries(SEALED_TABLES)) {
      const keyPath = db.table(table).schema.primKey.keyPath as string;
      // Straight from IndexedDB: the rows still in the clear, without decrypting the sealed ones.
      for (const row of (await rawRows(db, table)).filter((raw) => !('sealed' in raw))) {
        const key = row[keyPath];
        const text = JSON.stringify(row);
        const clear: Row = {};
        for (const field of clearFields) if (row[field] !== undefined) clear[field] = row[field];
        found.push({ table, key, text, clear, blob: await sealText(state.key, table, key, text) });
      }
    }
    if (found.length === 0) return sealedCount;
    await writeSealedRows(db, found);
    sealedCount += found.length;
  }
  return sealedCount;
}

/** The rows of a table as IndexedDB holds them (sealed rows sealed), bypassing the middleware. */
export async function rawRows(db: DeviceDatabase, table: string): Promise<Row[]> {
  const idb = db.backendDB();
  return new Promise((resolve, reject) => {
    const request = idb.transaction(table, 'readonly').objectStore(table).getAll();
    request.onsuccess = () => resolve(request.result as Row[]);
    request.onerror = () => reject(request.error ?? new Error('Could not read the device database.'));
  });
}

/** Others' changes computed before a direct write must run again (sealing.ts checks the revision). */
function bumpRevision(vault: IDBObjectStore): void {
  const revision = vault.get('revision');
  revision.onsuccess = () => {
    const value = (revision.result as { value?: number } | undefined)?.value ?? 0;
    vault.put({ key: 'revision', value: value + 1 });
  };
}

/** Writes sealed copies of clear rows in one IndexedDB transaction, each only if still unchanged. */
function writeSealedRows(
  db: DeviceDatabase,
  rows: { table: string; key: unknown; text: string; blob: SealedBlob; clear: Row }[],
): Promise<void> {
  const idb = db.backendDB();
  const tables = [...new Set(rows.map((row) => row.table)), 'vault'];
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(tables, 'readwrite');
    for (const row of rows) {
      const store = tx.objectStore(row.table);
      const current = store.get(row.key as IDBValidKey);
      current.onsuccess = () => {
        const value = current.result as Row | undefined;
        if (value && !('sealed' in value) && JSON.stringify(value) === row.text) {
          store.put({ ...row.clear, sealed: row.blob });
        }
      };
    }
    bumpRevision(tx.objectStore('vault'));
    tx.oncomplete = () => {
      forgetSnapshot(db);
      resolve();
    };
    tx.onerror = () => reject(tx.error ?? new Error('Could not encrypt this device.'));
  });
}

// Reads the device database as a thief with the browser's developer tools would: straight from
// IndexedDB, past the app's code, every store and every value, ciphertext bytes included.
import { DATABASE_NAME } from '#web/storage/db.ts';

const bytesAsText = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

function flatten(value: unknown): string {
  if (value instanceof ArrayBuffer) return bytesAsText(new Uint8Array(value));
  if (ArrayBuffer.isView(value)) return bytesAsText(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (Array.isArray(value)) return value.map(flatten).join('\n');
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([key, inner]) => `${key}:${flatten(inner)}`)
      .join('\n');
  return String(value);
}

/** Every row of every store, as text (ArrayBuffers as their bytes), by store name. */
export async function readRawDatabase(name: string = DATABASE_NAME): Promise<Record<string, unknown[]>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
  const names = [...db.objectStoreNames];
  const rows: Record<string, unknown[]> = {};
  if (names.length > 0) {
    const transaction = db.transaction(names, 'readonly');
    await Promise.all(
      names.map(
        (store) =>
          new Promise<void>((resolve, reject) => {
            const request = transaction.objectStore(store).getAll();
            request.onsuccess = () => {
              rows[store] = request.result as unknown[];
              resolve();
            };
            request.onerror = () => reject(request.error ?? new Error('read failed'));
          }),
      ),
    );
  }
  db.close();
  return rows;
}

/** The whole database as one text to search for what must not be there. */
export async function rawDatabaseText(name: string = DATABASE_NAME): Promise<string> {
  return flatten(await readRawDatabase(name));
}

// What a thread knows of the rows keeps matching the database as its own changes commit: after any
// run of writes and deletes, a query it still claims to know gives exactly what IndexedDB would
// (rows in the range, ordered by index then key, cut at the limit), and one it cannot know is dropped.
import { cmp, type DBCoreIndex, type DBCoreKeyRange, type DBCoreTableSchema } from 'dexie';
import { describe, expect, it } from 'vitest';
import {
  applyWrites,
  emptySnapshot,
  knownQueryRows,
  knownRow,
  rememberReads,
  type QueryShape,
  type SnapshotWrite,
} from './sealed-snapshot.ts';

type Row = { seq: number; recordId: string; field: string | null; status: string };

const byField: DBCoreIndex = {
  name: '[recordId+field]',
  keyPath: ['recordId', 'field'],
  compound: true,
  extractKey: (row: Row) => [row.recordId, row.field],
};
const byStatus: DBCoreIndex = { name: 'status', keyPath: 'status', extractKey: (row: Row) => row.status };
const schema = { primaryKey: { extractKey: (row: Row) => row.seq } } as unknown as DBCoreTableSchema;
const schemaOf = () => schema;

const equal = (key: unknown): DBCoreKeyRange => ({ type: 1, lower: key, upper: key });
const between = (lower: unknown, upper: unknown): DBCoreKeyRange => ({ type: 2, lower, upper, upperOpen: true });

/** What IndexedDB answers: rows with a valid index key in range, by index key then primary key, cut at the limit. */
function indexedDbAnswer(rows: Map<number, Row>, shape: QueryShape): Row[] {
  const { index, range } = shape.query;
  const isEqual = (range.type as number) === 1;
  const inRange = (key: unknown) =>
    isEqual
      ? cmp(key, range.lower) === 0
      : cmp(key, range.lower) >= 0 && (range.upperOpen ? cmp(key, range.upper) < 0 : cmp(key, range.upper) <= 0);
  const matching = [...rows.values()]
    .map((row) => ({ row, key: index.extractKey?.(row) as unknown }))
    .filter(({ key }) => !(Array.isArray(key) && key.includes(null)) && inRange(key))
    .sort((a, b) => cmp(a.key, b.key) || a.row.seq - b.row.seq);
  if (shape.direction === 'prev') matching.reverse();
  return matching.slice(0, shape.limit ?? Infinity).map(({ row }) => row);
}

// A small generator with a seed, so a failure can be run again.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const SHAPES: QueryShape[] = [
  { values: true, limit: 1, direction: 'prev', query: { index: byField, range: equal(['a1', 'responses.F1']) } },
  { values: true, limit: 1, direction: 'prev', query: { index: byField, range: equal(['a1', 'responses.F2']) } },
  { values: true, query: { index: byStatus, range: equal('pending') } },
  { values: true, limit: 2, query: { index: byStatus, range: between('p', 'r') } },
  { values: true, limit: 3, direction: 'prev', query: { index: byField, range: between(['a1'], ['a2']) } },
];

describe('what a thread knows of the rows', () => {
  it('answers each query it still knows exactly as IndexedDB would, through any mix of writes and deletes', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
      const database = new Map<number, Row>();
      for (let seq = 1; seq <= 6; seq += 1) {
        database.set(seq, {
          seq,
          recordId: pick(['a1', 'a2']),
          field: pick(['responses.F1', 'responses.F2', null]),
          status: pick(['pending', 'sending', 'rejected']),
        });
      }
      const snapshot = emptySnapshot(1);
      rememberReads(
        snapshot,
        SHAPES.map((query) => ({ kind: 'query', table: 'outbox', query, rows: indexedDbAnswer(database, query) })),
        schemaOf,
      );
      for (let step = 0; step < 30; step += 1) {
        const seq = 1 + Math.floor(next() * 9);
        let write: SnapshotWrite;
        if (next() < 0.3) {
          database.delete(seq);
          write = { table: 'outbox', request: { type: 'delete', trans: {} as never, keys: [seq] } };
        } else {
          const row: Row = {
            seq,
            recordId: pick(['a1', 'a2']),
            field: pick(['responses.F1', 'responses.F2', null]),
            status: pick(['pending', 'sending', 'rejected']),
          };
          database.set(seq, row);
          write = { table: 'outbox', request: { type: 'put', trans: {} as never, values: [row] }, values: [row] };
        }
        expect(applyWrites(snapshot, [write], schemaOf)).toBe(true);
        for (const shape of SHAPES) {
          const known = knownQueryRows(snapshot, 'outbox', shape);
          if (known) expect(known, `seed ${seed}, step ${step}`).toEqual(indexedDbAnswer(database, shape));
        }
        const written = knownRow(snapshot, 'outbox', seq);
        expect(written).toEqual({ value: database.get(seq) });
      }
    }
  });

  it('keeps the latest change to a field known while it is rewritten in place, as a rating click does', () => {
    const snapshot = emptySnapshot(1);
    const shape = SHAPES[0] as QueryShape;
    rememberReads(snapshot, [{ kind: 'query', table: 'outbox', query: shape, rows: [] }], schemaOf);
    const entry: Row = { seq: 7, recordId: 'a1', field: 'responses.F1', status: 'pending' };
    const put = (row: Row): SnapshotWrite => ({
      table: 'outbox',
      request: { type: 'put', trans: {} as never, values: [row] },
      values: [row],
    });
    applyWrites(snapshot, [put(entry)], schemaOf);
    applyWrites(snapshot, [put({ ...entry, status: 'pending' })], schemaOf);
    expect(knownQueryRows(snapshot, 'outbox', shape)).toEqual([entry]);
    // Sent: it leaves the "pending" answer, and the next change is known to start a new entry.
    applyWrites(snapshot, [{ table: 'outbox', request: { type: 'delete', trans: {} as never, keys: [7] } }], schemaOf);
    expect(knownQueryRows(snapshot, 'outbox', shape)).toBeUndefined();
  });

  it('hands out copies, so a caller changing what it read changes nothing known', () => {
    const snapshot = emptySnapshot(1);
    const row: Row = { seq: 1, recordId: 'a1', field: null, status: 'pending' };
    rememberReads(snapshot, [{ kind: 'row', table: 'outbox', key: 1, row }], schemaOf);
    row.status = 'sending';
    const first = knownRow(snapshot, 'outbox', 1);
    if (first === 'unknown') throw new Error('the row should be known');
    (first.value as Row).status = 'rejected';
    expect(knownRow(snapshot, 'outbox', 1)).toEqual({ value: { ...row, status: 'pending' } });
    expect(knownRow(snapshot, 'outbox', 2)).toBe('unknown');
  });
});

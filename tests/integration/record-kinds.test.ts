// The registry of record kinds and the database agree: every kind's visibility view exists and is
// in the `visibility` union the feed grants from. A kind added to the registry without its
// migration fails here, not in a pull on someone's device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_KINDS, RECORD_KINDS } from '#shared/records/index.ts';
import type { Store } from '#server/store/store.ts';
import { ENGINES, openTestStore, type Engine } from '../setup/test-server.ts';

describe.each(ENGINES)('record kinds on %s', (engine: Engine) => {
  let store: Store;
  let release: () => Promise<void>;

  beforeAll(async () => {
    ({ store, release } = await openTestStore(engine));
  });

  afterAll(async () => {
    await release();
  });

  it.each(ENTITY_KINDS)('has the visibility view the registry names for %s, in the visibility union', async (kind) => {
    const view = RECORD_KINDS[kind].visibility;
    const [found] = await store.db.query<{ columns: string[] }>(
      `SELECT array_agg(column_name::text ORDER BY column_name) AS columns FROM information_schema.columns
       WHERE table_name = $1`,
      [view],
    );
    expect(found?.columns).toEqual(['record_id', 'user_id']);
    const [union] = await store.db.query<{ definition: string }>(
      "SELECT pg_get_viewdef('visibility'::regclass) AS definition",
    );
    // PostgreSQL prints each branch of the union over several lines: the kind, then its view, before the next UNION.
    expect(union?.definition).toMatch(new RegExp(`'${kind}'(?:(?!UNION)[\\s\\S])*FROM ${view}\\b`));
  });
});

// The device database's versions: listed oldest first, and the newest opens with every table.
import { describe, expect, it } from 'vitest';
import { AuditDatabase, SCHEMA_VERSIONS } from './db.ts';

describe('the device database', () => {
  it('keeps every schema version, in order', () => {
    const versions = Object.keys(SCHEMA_VERSIONS).map(Number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions[0]).toBe(1);
  });

  it('opens at the newest version with every table the app uses', async () => {
    const db = new AuditDatabase('schema-check');
    await db.open();
    expect(db.verno).toBe(Math.max(...Object.keys(SCHEMA_VERSIONS).map(Number)));
    expect(db.tables.map((table) => table.name).sort()).toEqual(
      ['assignments', 'audits', 'cycles', 'frameworks', 'meta', 'outbox', 'plans', 'users'].sort(),
    );
    db.close();
  });
});

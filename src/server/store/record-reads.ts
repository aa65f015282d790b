// Reads one page's records of each synced kind for a pull: one statement per kind that both keeps
// only the records the reader may see now (the kind's visibility view) and loads them, as JSON text
// ready for the wire, with what shaping them needs (an auditor's pseudonym number, a person's
// plans in a cycle). Shaping itself (redaction, an auditor's view of a cycle) is the sync engine's
// (sync/pull.ts). A new kind adds its reader here.
import { RECORD_KINDS, type EntityKind } from '#shared/records/index.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import { ASSIGNMENT_COLUMNS, toAssignment, type AssignmentRow } from './cycles.ts';
import { SETTINGS_KEY } from './settings.ts';
import type { SqlRunner } from './sql-client.ts';
import { PUBLIC_USER_COLUMNS, toUser, type PublicUserRow } from './users.ts';

/** What one pull's readers share and need to know about the reader. */
export type PullReads = {
  /** The council's settings, read at most once per pull. */
  settings: () => Promise<CouncilSettings>;
  /** Number each audit's auditor among the plan's assigned auditors (for pseudonyms). */
  withAuditorNumbers: boolean;
  /** List, with each cycle, the plans of it the reader audits or is invited to moderate. */
  withOwnPlans: boolean;
};

/**
 * One record as read for a pull: its data as JSON text (sent as it is unless the reader's view
 * reshapes it), plus, for the kinds that need them, the facts the reshaping reads.
 */
export type PulledRow = {
  id: string;
  json: string;
  /** audit: 1, 2… among the plan's assigned auditors in the cycle, in agency order. */
  auditorNumber?: number | null;
  /** cycle: the plans of it the reader audits or is invited to moderate. */
  ownPlans?: string[] | null;
};

export type VisibleReader = (
  db: SqlRunner,
  userId: string,
  ids: readonly string[],
  reads: PullReads,
) => Promise<PulledRow[]>;

/**
 * The condition that `column` names a record of `kind` this person may see now: $1 is the
 * person, $2 the page's ids. The view, filtered to the page's ids, is read once into an array and
 * the table looked up by it: the plan stays linear in the page size whatever the planner guesses
 * for an array parameter (a prepared statement's generic plan guesses 10 elements, and a semi-join
 * planned for 10 compares every id with every other at 500). `cast` turns the view's text ids
 * back into the key's type, so the key's index is used.
 */
const visibleTo = (kind: EntityKind, column: string, cast = ''): string =>
  `${column} = ANY (ARRAY(
     SELECT record_id${cast} FROM ${RECORD_KINDS[kind].visibility} WHERE user_id = $1 AND record_id = ANY ($2::text[])))`;

/** A kind whose record is one jsonb document: sent as PostgreSQL prints it, never parsed here. */
const documents =
  (kind: EntityKind, table: string, key: string, cast = ''): VisibleReader =>
  (db, userId, ids) =>
    db.query<PulledRow>(
      `SELECT ${key}::text AS id, doc::text AS json FROM ${table} WHERE ${visibleTo(kind, key, cast)}`,
      [userId, ids],
    );

export const VISIBLE_READERS: { [K in EntityKind]: VisibleReader } = {
  user: async (db, userId, ids) => {
    const rows = await db.query<PublicUserRow>(
      `SELECT ${PUBLIC_USER_COLUMNS} FROM users WHERE ${visibleTo('user', 'id')}`,
      [userId, ids],
    );
    return rows.map((row) => ({ id: row.id, json: JSON.stringify(toUser(row)) }));
  },
  framework: (db, userId, ids) =>
    db.query<PulledRow>(
      `SELECT id || '@' || version AS id, doc::text AS json FROM frameworks
       WHERE status = 'published' AND ${visibleTo('framework', `id || '@' || version`)}`,
      [userId, ids],
    ),
  plan: (db, userId, ids) =>
    db.query<PulledRow>(
      `SELECT ref AS id, jsonb_build_object('ref', ref, 'attributes', attributes)::text AS json
       FROM plans WHERE ${visibleTo('plan', 'ref')}`,
      [userId, ids],
    ),
  cycle: (db, userId, ids, reads) =>
    db
      .query<PulledRow & { own_plans: string[] | null }>(
        `SELECT c.id, c.doc::text AS json,
         CASE WHEN $3::boolean THEN ARRAY(
           SELECT plan_ref FROM assignments WHERE auditor_id = $1 AND cycle_id = c.id
           UNION SELECT plan_ref FROM parent_rep_invitations WHERE user_id = $1 AND cycle_id = c.id) END AS own_plans
       FROM cycles c WHERE ${visibleTo('cycle', 'c.id')}`,
        [userId, ids, reads.withOwnPlans],
      )
      .then((rows) => rows.map((row) => ({ id: row.id, json: row.json, ownPlans: row.own_plans }))),
  assignment: async (db, userId, ids) => {
    const rows = await db.query<AssignmentRow>(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments WHERE ${visibleTo('assignment', 'id')}`,
      [userId, ids],
    );
    return rows.map((row) => ({ id: row.id, json: JSON.stringify(toAssignment(row)) }));
  },
  audit: async (db, userId, ids, reads) => {
    // doc_json is the document's text as the server wrote it (migrations 0011 and 0012). The number is the
    // auditor's place among the plan's assigned auditors in the cycle (one assignment each: a
    // unique constraint), so an auditor has the same pseudonym in every audit.
    const rows = await db.query<{ id: string; json: string; auditor_number: number | null }>(
      `SELECT a.id, a.doc_json AS json,
         CASE WHEN $3::boolean THEN (
           SELECT n FROM (
             SELECT s.auditor_id, row_number() OVER (ORDER BY s.agency, s.auditor_id)::int AS n
             FROM assignments s WHERE s.cycle_id = a.cycle_id AND s.plan_ref = a.plan_ref) numbered
           WHERE numbered.auditor_id = a.auditor_id) END AS auditor_number
       FROM audits a WHERE ${visibleTo('audit', 'a.id')}`,
      [userId, ids, reads.withAuditorNumbers],
    );
    return rows.map((row) => ({ id: row.id, json: row.json, auditorNumber: row.auditor_number }));
  },
  moderation: documents('moderation', 'moderations', 'id', '::uuid'),
  settings: async (db, userId, ids, reads) => {
    const rows = await db.query<{ record_id: string }>(
      `SELECT record_id FROM ${RECORD_KINDS.settings.visibility} WHERE user_id = $1 AND record_id = ANY ($2::text[])`,
      [userId, ids.filter((id) => id === SETTINGS_KEY)],
    );
    return rows.length > 0 ? [{ id: SETTINGS_KEY, json: JSON.stringify(await reads.settings()) }] : [];
  },
  'feedback-call': documents('feedback-call', 'feedback_calls', 'id'),
};

// Answers a pull: the next page of the caller's feed, each record re-checked against the
// visibility view and loaded as it is now. A record the caller may no longer see goes out as deleted.
import { SYNC_PROTOCOL_VERSION, type Change, type EntityKind, type PullResponse } from '#shared/protocol/sync.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import type { FeedbackCall } from '#shared/schemas/feedback.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import type { User } from '#shared/schemas/user.ts';
import { ASSIGNMENT_COLUMNS, toAssignment, type AssignmentRow } from '../store/cycles.ts';
import { permittedIds, readFeed, type FeedPosition } from '../store/feed.ts';
import { getSettings, SETTINGS_KEY } from '../store/settings.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { PUBLIC_USER_COLUMNS, toUser, type PublicUserRow } from '../store/users.ts';
import { auditorKey, redactAudit, redactModeration, seesRedacted } from './redact.ts';

export const START_CURSOR: FeedPosition = { txid: 0, seq: 0 };

/** '0' or nothing: from the beginning; otherwise "txid-seq" as handed out by a previous pull. */
export function parseCursor(cursor: string | undefined): FeedPosition | undefined {
  if (cursor === undefined || cursor === '' || cursor === '0') return START_CURSOR;
  const match = /^(\d{1,15})-(\d{1,15})$/.exec(cursor);
  if (!match) return undefined;
  return { txid: Number(match[1]), seq: Number(match[2]) };
}

export const formatCursor = (position: FeedPosition): string =>
  position.txid === 0 && position.seq === 0 ? '0' : `${position.txid}-${position.seq}`;

type Loaded = Map<string, Change>;
/** The council's settings, read at most once per pull however many kinds need them. */
type SettingsOnce = () => Promise<CouncilSettings>;

async function loadUsers(db: SqlRunner, ids: string[]): Promise<Loaded> {
  const rows = await db.query<PublicUserRow>(`SELECT ${PUBLIC_USER_COLUMNS} FROM users WHERE id = ANY ($1::text[])`, [
    ids,
  ]);
  return new Map(rows.map((row) => [row.id, { kind: 'user', id: row.id, deleted: false, data: toUser(row) }]));
}

async function loadFrameworks(db: SqlRunner, ids: string[]): Promise<Loaded> {
  const rows = await db.query<{ key: string; doc: Framework }>(
    `SELECT id || '@' || version AS key, doc FROM frameworks
     WHERE status = 'published' AND id || '@' || version = ANY ($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.key, { kind: 'framework', id: row.key, deleted: false, data: row.doc }]));
}

async function loadPlans(db: SqlRunner, ids: string[]): Promise<Loaded> {
  const rows = await db.query<{ ref: string; attributes: PlanAttributes }>(
    'SELECT ref, attributes FROM plans WHERE ref = ANY ($1::text[])',
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.ref,
      { kind: 'plan', id: row.ref, deleted: false, data: { ref: row.ref, attributes: row.attributes } },
    ]),
  );
}

/**
 * QA leads see a cycle whole; an auditor sees only the sampled plans assigned to them, and a
 * parent-carer representative those of the moderations they are invited to; neither sees the frame.
 */
async function loadCycles(db: SqlRunner, user: User, ids: string[]): Promise<Loaded> {
  const rows = await db.query<{ id: string; doc: Cycle }>('SELECT id, doc FROM cycles WHERE id = ANY ($1::text[])', [
    ids,
  ]);
  const isQaLead = user.roles.includes('qa-lead');
  const assigned = new Map<string, Set<string>>();
  if (!isQaLead) {
    const mine = await db.query<{ cycle_id: string; plan_ref: string }>(
      `SELECT cycle_id, plan_ref FROM assignments WHERE auditor_id = $1 AND cycle_id = ANY ($2::text[])
       UNION SELECT cycle_id, plan_ref FROM parent_rep_invitations WHERE user_id = $1 AND cycle_id = ANY ($2::text[])`,
      [user.id, ids],
    );
    for (const row of mine) assigned.set(row.cycle_id, (assigned.get(row.cycle_id) ?? new Set()).add(row.plan_ref));
  }
  return new Map(
    rows.map((row) => {
      if (isQaLead) return [row.id, { kind: 'cycle', id: row.id, deleted: false, data: row.doc }];
      const { sample: _sample, samplingFrame: _frame, ...rest } = row.doc;
      const refs = assigned.get(row.id) ?? new Set<string>();
      const data: Cycle = { ...rest, sampledPlans: row.doc.sampledPlans.filter((ref) => refs.has(ref)) };
      return [row.id, { kind: 'cycle', id: row.id, deleted: false, data }];
    }),
  );
}

async function loadAssignments(db: SqlRunner, ids: string[]): Promise<Loaded> {
  const rows = await db.query<AssignmentRow>(
    `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments WHERE id = ANY ($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [row.id, { kind: 'assignment', id: row.id, deleted: false, data: toAssignment(row) }]),
  );
}

async function loadAudits(
  db: SqlRunner,
  user: User,
  ids: string[],
  today: Date,
  settings: SettingsOnce,
): Promise<Loaded> {
  const rows = await db.query<{ id: string; doc: Audit }>('SELECT id, doc FROM audits WHERE id = ANY ($1::text[])', [
    ids,
  ]);
  const redacted = seesRedacted(user);
  const showNames = redacted && (await settings()).showAuditorNamesToParentReps;
  const pseudonyms = redacted && !showNames ? await auditorPseudonyms(db, rows) : new Map<string, string>();
  return new Map(
    rows.map((row) => {
      const audit = row.doc;
      const data =
        redacted && audit.auditorId !== user.id
          ? redactAudit(
              audit,
              showNames
                ? undefined
                : (pseudonyms.get(auditorKey(audit.cycleId, audit.planRef, audit.auditorId)) ?? 'auditor'),
              today,
            )
          : audit;
      return [row.id, { kind: 'audit', id: row.id, deleted: false, data }];
    }),
  );
}

/**
 * "auditor-1", "auditor-2"…: the plan's assigned auditors in the cycle, numbered in agency order,
 * so the same auditor has the same pseudonym in every audit and moderation of that plan.
 */
async function auditorPseudonyms(db: SqlRunner, rows: { doc: Audit }[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const numbered = await db.query<{ cycle_id: string; plan_ref: string; auditor_id: string; n: number }>(
    `SELECT cycle_id, plan_ref, auditor_id,
       row_number() OVER (PARTITION BY cycle_id, plan_ref ORDER BY agency, auditor_id)::int AS n
     FROM assignments WHERE cycle_id = ANY ($1::text[]) AND plan_ref = ANY ($2::text[])`,
    [[...new Set(rows.map((r) => r.doc.cycleId))], [...new Set(rows.map((r) => r.doc.planRef))]],
  );
  return new Map(numbered.map((r) => [auditorKey(r.cycle_id, r.plan_ref, r.auditor_id), `auditor-${r.n}`]));
}

async function loadModerations(
  db: SqlRunner,
  user: User,
  ids: string[],
  today: Date,
  settings: SettingsOnce,
): Promise<Loaded> {
  const rows = await db.query<{ id: string; doc: Moderation }>(
    'SELECT id::text AS id, doc FROM moderations WHERE id::text = ANY ($1::text[])',
    [ids],
  );
  const redacted = seesRedacted(user);
  const showNames = redacted && (await settings()).showAuditorNamesToParentReps;
  return new Map(
    rows.map((row) => [
      row.id,
      {
        kind: 'moderation',
        id: row.id,
        deleted: false,
        data: redacted ? redactModeration(row.doc, showNames, today) : row.doc,
      },
    ]),
  );
}

async function loadSettings(ids: string[], settings: SettingsOnce): Promise<Loaded> {
  if (!ids.includes(SETTINGS_KEY)) return new Map();
  return new Map([[SETTINGS_KEY, { kind: 'settings', id: SETTINGS_KEY, deleted: false, data: await settings() }]]);
}

/** What a loader needs besides the ids: who is reading, today's date, and the council's settings. */
type Reader = { user: User; today: Date; settings: SettingsOnce };

/** How each kind of record is read for a pull: the kind's records as this reader may receive them. */
async function loadFeedbackCalls(db: SqlRunner, ids: string[]): Promise<Loaded> {
  const rows = await db.query<{ id: string; doc: FeedbackCall }>(
    'SELECT id, doc FROM feedback_calls WHERE id = ANY ($1::text[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, { kind: 'feedback-call', id: row.id, deleted: false, data: row.doc }]));
}

const LOADERS: Record<EntityKind, (db: SqlRunner, ids: string[], reader: Reader) => Promise<Loaded>> = {
  user: (db, ids) => loadUsers(db, ids),
  framework: (db, ids) => loadFrameworks(db, ids),
  plan: (db, ids) => loadPlans(db, ids),
  cycle: (db, ids, { user }) => loadCycles(db, user, ids),
  assignment: (db, ids) => loadAssignments(db, ids),
  audit: (db, ids, { user, today, settings }) => loadAudits(db, user, ids, today, settings),
  moderation: (db, ids, { user, today, settings }) => loadModerations(db, user, ids, today, settings),
  settings: (_db, ids, { settings }) => loadSettings(ids, settings),
  'feedback-call': (db, ids) => loadFeedbackCalls(db, ids),
};

export async function computePull(
  db: SqlRunner,
  user: User,
  after: FeedPosition,
  limit: number,
  today: Date = new Date(),
): Promise<PullResponse> {
  const entries = await readFeed(db, user.id, after, limit + 1);
  const hasMore = entries.length > limit;
  const page = entries.slice(0, limit);
  const wanted = new Map<EntityKind, string[]>();
  for (const entry of page) {
    if (entry.visible) wanted.set(entry.kind, [...(wanted.get(entry.kind) ?? []), entry.recordId]);
  }
  let read: Promise<CouncilSettings> | undefined;
  const settings: SettingsOnce = () => (read ??= getSettings(db));
  const loaded = new Map<EntityKind, Loaded>();
  for (const [kind, ids] of wanted) {
    const allowed = await permittedIds(db, user.id, kind, ids);
    loaded.set(
      kind,
      allowed.length > 0 ? await LOADERS[kind](db, allowed, { user, today, settings }) : new Map<string, Change>(),
    );
  }
  const changes = page.map(
    (entry): Change =>
      loaded.get(entry.kind)?.get(entry.recordId) ?? { kind: entry.kind, id: entry.recordId, deleted: true },
  );
  const last = page.at(-1);
  return {
    protocolVersion: SYNC_PROTOCOL_VERSION,
    cursor: formatCursor(last ? { txid: last.txid, seq: last.seq } : after),
    hasMore,
    changes,
  };
}

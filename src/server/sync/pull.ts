// Answers a pull: the next page of the caller's feed (keyset-paged on the feed's (txid, seq)),
// then one statement per kind on the page that keeps what the caller may see now and loads it
// (store/record-reads.ts), shaped for the caller (redaction, an auditor's view of a cycle). A
// record the caller may no longer see goes out as deleted. Records nobody reshapes go from the
// database's JSON text to the wire without being parsed: a page of audits is megabytes.
import { SYNC_PROTOCOL_VERSION, type EntityKind } from '#shared/protocol/sync.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import type { User } from '#shared/schemas/user.ts';
import { readFeed, type FeedPosition } from '../store/feed.ts';
import { VISIBLE_READERS, type PulledRow, type PullReads } from '../store/record-reads.ts';
import { getSettings } from '../store/settings.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { redactAudit, redactModeration, seesRedacted } from './redact.ts';

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

/** Who is reading, and what shaping their records needs. */
type Reader = { user: User; today: Date; settings: () => Promise<CouncilSettings> };

/** A record's data as JSON text, reshaped for this reader when its kind depends on who reads it. */
type Shaper = (row: PulledRow, reader: Reader, showNames: boolean) => string;

/**
 * QA leads see a cycle whole; an auditor sees only the sampled plans assigned to them, and a
 * parent-carer representative those of the moderations they are invited to; neither sees the frame.
 */
const shapeCycle: Shaper = (row, { user }) => {
  if (user.roles.includes('qa-lead')) return row.json;
  const { sample: _sample, samplingFrame: _frame, ...rest } = JSON.parse(row.json) as Cycle;
  const own = new Set(row.ownPlans ?? []);
  return JSON.stringify({ ...rest, sampledPlans: rest.sampledPlans.filter((ref) => own.has(ref)) });
};

/**
 * A parent-carer representative's own audit as stored; anyone else's redacted, the auditor as
 * "auditor-N" (the plan's assigned auditors numbered in agency order, so the same auditor has the
 * same pseudonym in every audit and moderation of that plan) unless the council shows names.
 */
const shapeAudit: Shaper = (row, { user, today }, showNames) => {
  if (!seesRedacted(user)) return row.json;
  const audit = JSON.parse(row.json) as Audit;
  if (audit.auditorId === user.id) return row.json;
  const pseudonym = showNames ? undefined : row.auditorNumber ? `auditor-${row.auditorNumber}` : 'auditor';
  return JSON.stringify(redactAudit(audit, pseudonym, today));
};

const shapeModeration: Shaper = (row, { user, today }, showNames) =>
  seesRedacted(user)
    ? JSON.stringify(redactModeration(JSON.parse(row.json) as Moderation, showNames, today))
    : row.json;

/** The kinds whose records depend on who reads them; every other kind goes out as stored. */
const SHAPERS: { [K in EntityKind]?: Shaper } = { cycle: shapeCycle, audit: shapeAudit, moderation: shapeModeration };

/** The records of one kind on this page the reader may see, by id, as JSON text of their data. */
async function loadKind(db: SqlRunner, kind: EntityKind, ids: string[], reader: Reader): Promise<Map<string, string>> {
  const redacted = seesRedacted(reader.user);
  // Names are shown or not by the council's setting: read only for a reader whose view is redacted.
  const showNames =
    redacted && (kind === 'audit' || kind === 'moderation')
      ? (await reader.settings()).showAuditorNamesToParentReps
      : true;
  const reads: PullReads = {
    settings: reader.settings,
    withAuditorNumbers: redacted && !showNames,
    withOwnPlans: !reader.user.roles.includes('qa-lead'),
  };
  const rows = await VISIBLE_READERS[kind](db, reader.user.id, ids, reads);
  const shape = SHAPERS[kind];
  return new Map(rows.map((row) => [row.id, shape ? shape(row, reader, showNames) : row.json]));
}

/** One page of a pull, as the JSON text of a PullResponse (the route sends it as it is). */
export type PullPage = { json: string; cursor: string; hasMore: boolean; changes: number };

/** The pieces of one change's JSON, pushed onto `parts` so the page is joined in one copy. */
function pushChange(parts: string[], kind: EntityKind, id: string, data: string | undefined): void {
  const head = `{"kind":${JSON.stringify(kind)},"id":${JSON.stringify(id)},"deleted":`;
  if (data === undefined) parts.push(head, 'true}');
  else parts.push(head, 'false,"data":', data, '}');
}

export async function computePull(
  db: SqlRunner,
  user: User,
  after: FeedPosition,
  limit: number,
  today: Date = new Date(),
): Promise<PullPage> {
  const entries = await readFeed(db, user.id, after, limit + 1);
  const hasMore = entries.length > limit;
  const page = entries.slice(0, limit);
  const wanted = new Map<EntityKind, string[]>();
  for (const entry of page) {
    if (!entry.visible) continue;
    const ids = wanted.get(entry.kind);
    if (ids) ids.push(entry.recordId);
    else wanted.set(entry.kind, [entry.recordId]);
  }
  let read: Promise<CouncilSettings> | undefined;
  const reader: Reader = { user, today, settings: () => (read ??= getSettings(db)) };
  const loaded = new Map<EntityKind, Map<string, string>>();
  for (const [kind, ids] of wanted) loaded.set(kind, await loadKind(db, kind, ids, reader));
  const last = page.at(-1);
  const cursor = formatCursor(last ? { txid: last.txid, seq: last.seq } : after);
  const parts = [
    `{"protocolVersion":${SYNC_PROTOCOL_VERSION},"cursor":${JSON.stringify(cursor)},"hasMore":${hasMore},"changes":[`,
  ];
  page.forEach((entry, i) => {
    if (i > 0) parts.push(',');
    pushChange(parts, entry.kind, entry.recordId, loaded.get(entry.kind)?.get(entry.recordId));
  });
  parts.push(']}');
  return { json: parts.join(''), cursor, hasMore, changes: page.length };
}

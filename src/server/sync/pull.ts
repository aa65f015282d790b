// Answers a pull: the next page of the caller's feed, each record re-checked against the
// visibility view, read as it is now (store/record-reads.ts) and shaped for the caller (redaction,
// an auditor's view of a cycle). A record the caller may no longer see goes out as deleted.
import { SYNC_PROTOCOL_VERSION, type Change, type EntityKind, type PullResponse } from '#shared/protocol/sync.ts';
import type { RecordData } from '#shared/records/index.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import type { User } from '#shared/schemas/user.ts';
import { permittedIds, readFeed, type FeedPosition } from '../store/feed.ts';
import {
  auditorNumbers,
  plansOfPersonInCycles,
  RECORD_READERS,
  type Reader as StoreReader,
} from '../store/record-reads.ts';
import { getSettings } from '../store/settings.ts';
import type { SqlRunner } from '../store/sql-client.ts';
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

/** The council's settings, read at most once per pull however many kinds need them. */
type SettingsOnce = () => Promise<CouncilSettings>;

/** Who is reading, and what shaping their records needs. */
type Reader = { user: User; today: Date; settings: SettingsOnce };

type Shaper<K extends EntityKind> = (
  db: SqlRunner,
  records: Map<string, RecordData<K>>,
  reader: Reader,
) => Promise<Map<string, RecordData<K>>>;

/**
 * QA leads see a cycle whole; an auditor sees only the sampled plans assigned to them, and a
 * parent-carer representative those of the moderations they are invited to; neither sees the frame.
 */
const shapeCycles: Shaper<'cycle'> = async (db, cycles, { user }) => {
  if (user.roles.includes('qa-lead')) return cycles;
  const assigned = await plansOfPersonInCycles(db, user.id, [...cycles.keys()]);
  return new Map(
    [...cycles].map(([id, cycle]) => {
      const { sample: _sample, samplingFrame: _frame, ...rest } = cycle;
      const refs = assigned.get(id) ?? new Set<string>();
      return [id, { ...rest, sampledPlans: cycle.sampledPlans.filter((ref) => refs.has(ref)) }];
    }),
  );
};

const shapeAudits: Shaper<'audit'> = async (db, audits, { user, today, settings }) => {
  if (!seesRedacted(user)) return audits;
  const showNames = (await settings()).showAuditorNamesToParentReps;
  const pseudonyms = showNames ? new Map<string, string>() : await auditorPseudonyms(db, [...audits.values()]);
  return new Map(
    [...audits].map(([id, audit]) => [
      id,
      audit.auditorId === user.id
        ? audit
        : redactAudit(
            audit,
            showNames
              ? undefined
              : (pseudonyms.get(auditorKey(audit.cycleId, audit.planRef, audit.auditorId)) ?? 'auditor'),
            today,
          ),
    ]),
  );
};

/**
 * "auditor-1", "auditor-2"…: the plan's assigned auditors in the cycle, numbered in agency order,
 * so the same auditor has the same pseudonym in every audit and moderation of that plan.
 */
async function auditorPseudonyms(db: SqlRunner, audits: readonly Audit[]): Promise<Map<string, string>> {
  if (audits.length === 0) return new Map();
  const numbered = await auditorNumbers(
    db,
    [...new Set(audits.map((a) => a.cycleId))],
    [...new Set(audits.map((a) => a.planRef))],
  );
  return new Map(numbered.map((r) => [auditorKey(r.cycleId, r.planRef, r.auditorId), `auditor-${r.n}`]));
}

const shapeModerations: Shaper<'moderation'> = async (_db, moderations, { user, today, settings }) => {
  if (!seesRedacted(user)) return moderations;
  const showNames = (await settings()).showAuditorNamesToParentReps;
  return new Map([...moderations].map(([id, moderation]) => [id, redactModeration(moderation, showNames, today)]));
};

/** The kinds whose records depend on who reads them; every other kind goes out as stored. */
const SHAPERS: { [K in EntityKind]?: Shaper<K> } = {
  cycle: shapeCycles,
  audit: shapeAudits,
  moderation: shapeModerations,
};

/** The records of one kind, by id, as this reader may receive them, as changes. */
async function loadKind<K extends EntityKind>(
  db: SqlRunner,
  kind: K,
  ids: string[],
  reader: Reader,
): Promise<Map<string, Change>> {
  const read: StoreReader<K> = RECORD_READERS[kind];
  const stored = await read(db, ids, { settings: reader.settings });
  const shape: Shaper<K> | undefined = SHAPERS[kind];
  const shaped = shape ? await shape(db, stored, reader) : stored;
  // Each record was read by its kind's reader, so it is that kind's data: TypeScript cannot
  // follow the kind from the generic into the Change union.
  return new Map([...shaped].map(([id, data]) => [id, { kind, id, deleted: false, data } as Change]));
}

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
  const loaded = new Map<EntityKind, Map<string, Change>>();
  for (const [kind, ids] of wanted) {
    const allowed = await permittedIds(db, user.id, kind, ids);
    loaded.set(
      kind,
      allowed.length > 0 ? await loadKind(db, kind, allowed, { user, today, settings }) : new Map<string, Change>(),
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

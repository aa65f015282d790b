// Subject access: everything the server holds about one plan reference, as a ZIP of JSON (complete,
// as stored) and CSV (for reading in a spreadsheet): the plan, its assignments, every audit
// revision with its responses, every moderation revision with its actions, its re-audit links,
// and the audit-log entries about any of those records. Nothing about any other plan.
import { strToU8, zipSync } from 'fflate';
import { toCsv, type CsvValue } from '#shared/domain/csv.ts';
import { shownBefore } from '#shared/domain/log-entry-before.ts';
import type { SubjectAccessManifest } from '#shared/protocol/data-protection-api.ts';
import { appendLog } from '../store/audit-log.ts';
import type { SqlClient } from '../store/sql-client.ts';

export class UnknownPlanError extends Error {}

type Json = Record<string, unknown>;
const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
const text = (value: unknown): CsvValue =>
  value === undefined || value === null
    ? ''
    : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? value
      : JSON.stringify(value);
const record = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});

/** One kind of record in the export: `name`.json (when `json` is given) and `name`.csv (when `csv` is). */
type ExportKind = { name: string; json?: unknown; csv?: { columns: readonly string[]; rows: readonly Json[] } };

const csvOf = ({ columns, rows }: { columns: readonly string[]; rows: readonly Json[] }): string =>
  toCsv(
    columns,
    rows.map((row) => Object.fromEntries(columns.map((column) => [column, text(row[column])]))),
  );

export type SubjectAccessExport = { zip: Uint8Array; manifest: SubjectAccessManifest; fileName: string };

export async function exportSubjectAccess(
  db: SqlClient,
  actorId: string,
  planRef: string,
  now: Date,
): Promise<SubjectAccessExport> {
  return db.transaction(async (tx) => {
    const [plan] = await tx.query<{ ref: string; attributes: unknown; created_at: Date; updated_at: Date }>(
      'SELECT ref, attributes, created_at, updated_at FROM plans WHERE ref = $1',
      [planRef],
    );
    if (!plan) throw new UnknownPlanError(`no plan has the reference ${planRef}`);
    const assignments = await tx.query<{
      id: string;
      cycle_id: string;
      cycle_name: string | null;
      auditor_id: string;
      agency: string;
      due_date: string | null;
      created_at: Date;
    }>(
      `SELECT s.id, s.cycle_id, c.doc->>'name' AS cycle_name, s.auditor_id, s.agency, s.due_date, s.created_at
       FROM assignments s JOIN cycles c ON c.id = s.cycle_id WHERE s.plan_ref = $1 ORDER BY s.cycle_id, s.id`,
      [planRef],
    );
    const audits = await tx.query<{
      id: string;
      cycle_id: string;
      auditor_id: string;
      status: string;
      revision: number;
      doc: unknown;
      created_at: Date;
      updated_at: Date;
    }>(
      `SELECT id, cycle_id, auditor_id, status, revision, doc, created_at, updated_at
       FROM audits WHERE plan_ref = $1 ORDER BY cycle_id, assignment_id, revision`,
      [planRef],
    );
    const moderations = await tx.query<{
      id: string;
      cycle_id: string;
      revision: number;
      status: string;
      doc: unknown;
      created_at: Date;
      updated_at: Date;
      signed_off_at: Date | null;
    }>(
      `SELECT id::text AS id, cycle_id, revision, status, doc, created_at, updated_at, signed_off_at
       FROM moderations WHERE plan_ref = $1 ORDER BY cycle_id, revision`,
      [planRef],
    );
    const reAudits = await tx.query<{
      cycle_id: string;
      source_cycle_id: string;
      source_moderation_id: string;
      source_grade: number;
      created_at: Date;
    }>(
      `SELECT cycle_id, source_cycle_id, source_moderation_id::text AS source_moderation_id, source_grade, created_at
       FROM re_audits WHERE plan_ref = $1 ORDER BY cycle_id`,
      [planRef],
    );
    const ids = [planRef, ...assignments.map((a) => a.id), ...audits.map((a) => a.id), ...moderations.map((m) => m.id)];
    const log = await tx.query<{
      id: number;
      at: Date;
      actor_id: string | null;
      action: string;
      entity_kind: string;
      entity_id: string;
      before: unknown;
      after: unknown;
    }>(
      `SELECT id::int AS id, at, actor_id, action, entity_kind, entity_id, before, after
       FROM audit_log WHERE entity_id = ANY ($1::text[]) ORDER BY id`,
      [ids],
    );

    const actions = moderations.flatMap((m) =>
      Object.values(record(record(m.doc).actions)).map((action): Json => ({
        moderationId: m.id,
        moderationRevision: m.revision,
        cycleId: m.cycle_id,
        ...record(action),
      })),
    );
    const responses = audits.flatMap((a) =>
      Object.entries(record(record(a.doc).responses)).map(([criterionId, response]) => {
        const r = record(response);
        return {
          auditId: a.id,
          revision: a.revision,
          cycleId: a.cycle_id,
          auditorId: a.auditor_id,
          criterionId,
          rating: r.rating,
          comment: r.comment,
          evidence: r.evidence,
          measure: r.measure,
        };
      }),
    );

    const assignmentRows = assignments.map((a) => ({
      id: a.id,
      cycleId: a.cycle_id,
      cycleName: a.cycle_name,
      auditorId: a.auditor_id,
      agency: a.agency,
      dueDate: a.due_date,
      createdAt: iso(a.created_at),
    }));
    const logRows = log.map((l) => ({
      id: l.id,
      at: iso(l.at),
      actorId: l.actor_id,
      action: l.action,
      entityKind: l.entity_kind,
      entityId: l.entity_id,
      // A patch's blank fields shown as null, as the audit log viewer shows them.
      before: shownBefore({ action: l.action, before: l.before, after: l.after }),
      after: l.after,
    }));
    // Each kind's files, in the ZIP's order: the JSON complete (audits and moderations as stored),
    // the CSV the named columns of its rows, one cell each (objects as JSON text).
    const kinds: ExportKind[] = [
      {
        name: 'plan',
        json: {
          ref: plan.ref,
          attributes: plan.attributes,
          createdAt: iso(plan.created_at),
          updatedAt: iso(plan.updated_at),
        },
      },
      {
        name: 'assignments',
        json: assignmentRows,
        csv: {
          columns: ['id', 'cycleId', 'cycleName', 'auditorId', 'agency', 'dueDate', 'createdAt'],
          rows: assignmentRows,
        },
      },
      {
        name: 'audits',
        json: audits.map((a) => a.doc),
        csv: {
          columns: ['id', 'cycleId', 'auditorId', 'revision', 'status', 'createdAt', 'updatedAt'],
          rows: audits.map((a) => ({
            id: a.id,
            cycleId: a.cycle_id,
            auditorId: a.auditor_id,
            revision: a.revision,
            status: a.status,
            createdAt: iso(a.created_at),
            updatedAt: iso(a.updated_at),
          })),
        },
      },
      {
        name: 'audit-responses',
        csv: {
          columns: [
            'auditId',
            'revision',
            'cycleId',
            'auditorId',
            'criterionId',
            'rating',
            'comment',
            'evidence',
            'measure',
          ],
          rows: responses,
        },
      },
      {
        name: 'moderations',
        json: moderations.map((m) => m.doc),
        csv: {
          columns: [
            'id',
            'cycleId',
            'revision',
            'status',
            'createdAt',
            'updatedAt',
            'signedOffAt',
            'overallGrade',
            'rationale',
          ],
          rows: moderations.map((m) => {
            const overall = record(record(m.doc).overall);
            return {
              id: m.id,
              cycleId: m.cycle_id,
              revision: m.revision,
              status: m.status,
              createdAt: iso(m.created_at),
              updatedAt: iso(m.updated_at),
              signedOffAt: iso(m.signed_off_at),
              overallGrade: overall.agreedGrade,
              rationale: overall.rationale,
            };
          }),
        },
      },
      {
        name: 'actions',
        json: actions,
        csv: {
          columns: [
            'moderationId',
            'moderationRevision',
            'cycleId',
            'id',
            'description',
            'ownerRole',
            'dueDate',
            'criterionId',
            'status',
          ],
          rows: actions,
        },
      },
      {
        name: 're-audits',
        json: reAudits.map((r) => ({
          cycleId: r.cycle_id,
          sourceCycleId: r.source_cycle_id,
          sourceModerationId: r.source_moderation_id,
          sourceGrade: r.source_grade,
          createdAt: iso(r.created_at),
        })),
      },
      {
        name: 'audit-log',
        json: logRows,
        csv: { columns: ['id', 'at', 'actorId', 'action', 'entityKind', 'entityId', 'before', 'after'], rows: logRows },
      },
    ];
    const files: Record<string, string> = {};
    for (const kind of kinds) {
      if (kind.json !== undefined) files[`${kind.name}.json`] = JSON.stringify(kind.json, null, 2);
      if (kind.csv) files[`${kind.name}.csv`] = csvOf(kind.csv);
    }
    const manifest: SubjectAccessManifest = {
      planRef,
      exportedAt: now.toISOString(),
      exportedBy: actorId,
      counts: {
        assignments: assignments.length,
        audits: audits.length,
        moderations: moderations.length,
        actions: actions.length,
        reAudits: reAudits.length,
        auditLogEntries: log.length,
      },
      files: ['manifest.json', ...Object.keys(files)],
    };
    const entries: Record<string, Uint8Array> = { 'manifest.json': strToU8(JSON.stringify(manifest, null, 2)) };
    for (const [name, content] of Object.entries(files)) entries[name] = strToU8(content);
    // Fixed dates inside the ZIP: the export's time is in the manifest, not in every entry.
    const zip = zipSync(entries, { level: 6, mtime: now });
    await appendLog(tx, {
      actorId,
      action: 'subject-access.export',
      entityKind: 'plan',
      entityId: planRef,
      after: { counts: manifest.counts, files: manifest.files },
    });
    return { zip, manifest, fileName: `subject-access-${planRef}-${now.toISOString().slice(0, 10)}.zip` };
  });
}

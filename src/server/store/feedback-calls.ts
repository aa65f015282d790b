// Parent-carer feedback calls in the database (migration 0009): each feedback push handler's
// statements on them, the claim of the mutation made in the same statement where it is the first
// (see applied-mutations.ts), as audits.ts does for audits.
import type { FeedbackCall } from '#shared/schemas/feedback.ts';
import { CLAIM, CLAIMED, type Claim } from './applied-mutations.ts';
import { restampRecord } from './feed.ts';
import type { SqlRunner } from './sql-client.ts';

/** Writes a call with its audit-log entry in one statement, then re-stamps it for everyone who may see it. */
export async function writeFeedbackCall(
  tx: SqlRunner,
  call: FeedbackCall,
  action: string,
  isNew: boolean,
  before?: FeedbackCall,
): Promise<void> {
  const log = `WITH log AS (
      INSERT INTO audit_log (actor_id, action, entity_kind, entity_id, before, after)
      VALUES ($3, $6, 'feedback-call', $1, $7::jsonb, $2::jsonb))`;
  const write = isNew
    ? `INSERT INTO feedback_calls (id, doc, recorded_by, status, updated_at, created_at, plan_ref, form_id, form_version, called_on)
       VALUES ($1, $2::jsonb, $3, $4, $5, $5, $8, $9, $10, $11)`
    : `UPDATE feedback_calls SET doc = $2::jsonb, status = $4, updated_at = $5, called_on = $11,
         recorded_by = $3, plan_ref = $8, form_id = $9, form_version = $10 WHERE id = $1`;
  await tx.query(`${log} ${write}`, [
    call.id,
    JSON.stringify(call),
    call.recordedBy,
    call.status,
    new Date(call.updatedAt),
    action,
    before === undefined ? null : JSON.stringify(before),
    call.planRef,
    call.formId,
    call.formVersion,
    call.calledOn,
  ]);
  await restampRecord(tx, 'feedback-call', call.id);
}

/** Claims the mutation and locks the call in one statement: `doc` is null if there is no such call. */
export async function claimAndLockFeedbackCall(
  tx: SqlRunner,
  claim: Claim,
  callId: string,
): Promise<{ claimed: number; doc: FeedbackCall | null } | undefined> {
  const [found] = await tx.query<{ claimed: number; doc: FeedbackCall | null }>(
    `${CLAIM}
     SELECT ${CLAIMED}, f.doc FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (SELECT doc FROM feedback_calls WHERE id = $6 FOR UPDATE) f ON true`,
    [...claim, callId],
  );
  return found;
}

/** Claims the mutation and reads the plan a new call is for and any call already under its id. */
export async function claimFeedbackStart(
  tx: SqlRunner,
  claim: Claim,
  planRef: string,
  callId: string,
): Promise<{ claimed: number; plan_ref: string | null; existing: FeedbackCall | null } | undefined> {
  const [found] = await tx.query<{ claimed: number; plan_ref: string | null; existing: FeedbackCall | null }>(
    `${CLAIM}
     SELECT ${CLAIMED}, p.ref AS plan_ref, f.doc AS existing FROM (SELECT 1) AS one
     LEFT JOIN plans p ON p.ref = $6
     LEFT JOIN feedback_calls f ON f.id = $7`,
    [...claim, planRef, callId],
  );
  return found;
}

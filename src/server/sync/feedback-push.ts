// The feedback call mutations of a push (feedback.start, .patch, .submit), each run by push.ts under its
// own savepoint after claiming the mutation id, like audits: field-level patches checked against
// what the device last saw, answers checked against the form, a submitted call never changed.
import { conflictingPaths } from '#shared/domain/audit-patch.ts';
import type { MutationResult } from '#shared/protocol/sync.ts';
import {
  applyFeedbackPatch,
  feedbackFieldValue,
  feedbackPatchFields,
  startedFeedbackCall,
} from '#shared/records/feedback-call.ts';
import type { FeedbackCall, FeedbackForm } from '#shared/schemas/feedback.ts';
import type { User } from '#shared/schemas/user.ts';
import { shippedFeedbackForms } from '../store/feedback-forms.ts';
import { restampRecord } from '../store/feed.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { CLAIM, CLAIMED } from '../store/applied-mutations.ts';
import { duplicate, invalid, rejected, type Claim, type Handler, type PushContext } from './push-common.ts';

/** SEND staff record calls: SEND auditors, QA leads and admins; never a parent-carer representative. */
export const mayRecordFeedback = (user: User): boolean =>
  !user.roles.includes('parent-rep') &&
  ((user.roles.includes('auditor') && user.agency === 'sendat') ||
    user.roles.includes('qa-lead') ||
    user.roles.includes('admin'));

async function writeCall(
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

/** Claims the mutation and locks the call; answers with it if the caller may change it. */
async function ownCall(
  tx: SqlRunner,
  ctx: PushContext,
  callId: string,
  mutationId: string,
  claim: Claim,
): Promise<{ call: FeedbackCall } | { refusal: MutationResult }> {
  const [found] = await tx.query<{ claimed: number; doc: FeedbackCall | null }>(
    `${CLAIM}
     SELECT ${CLAIMED}, f.doc FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (SELECT doc FROM feedback_calls WHERE id = $6 FOR UPDATE) f ON true`,
    [...claim, callId],
  );
  if (!found?.claimed) return { refusal: duplicate(mutationId) };
  if (!found.doc) return { refusal: rejected(mutationId, 'not-found', 'there is no such feedback call') };
  if (found.doc.recordedBy !== ctx.user.id) {
    return { refusal: rejected(mutationId, 'forbidden', 'this feedback call was recorded by someone else') };
  }
  return { call: found.doc };
}

/** Each answer names a question of the form, a scale answer a point on its scale, text only where text is asked. */
function answerProblems(form: FeedbackForm, call: FeedbackCall): { field: string; message: string }[] {
  const points = new Set(form.scale.points.map((p) => p.value));
  return Object.entries(call.answers).flatMap(([questionId, answer]) => {
    const field = `answers.${questionId}`;
    const question = form.questions.find((q) => q.id === questionId);
    if (!question) return [{ field, message: `the form has no question "${questionId}"` }];
    if (answer.isDeclined && (answer.value !== undefined || answer.text !== undefined))
      return [{ field, message: 'a declined question has no answer' }];
    if (question.answer === 'scale' && answer.value !== undefined && !points.has(answer.value))
      return [{ field, message: `${answer.value} is not a point on the form's scale` }];
    if (question.answer === 'text' && answer.value !== undefined)
      return [{ field, message: 'this question is answered in words, not on the scale' }];
    return [];
  });
}

export const startFeedback: Handler<'feedback.start'> = async (tx, ctx, args, mutationId, claim) => {
  const [found] = await tx.query<{ claimed: number; plan_ref: string | null; existing: FeedbackCall | null }>(
    `${CLAIM}
     SELECT ${CLAIMED}, p.ref AS plan_ref, f.doc AS existing FROM (SELECT 1) AS one
     LEFT JOIN plans p ON p.ref = $6
     LEFT JOIN feedback_calls f ON f.id = $7`,
    [...claim, args.planRef, args.callId],
  );
  if (!found?.claimed) return duplicate(mutationId);
  if (!mayRecordFeedback(ctx.user)) {
    return rejected(mutationId, 'forbidden', 'only SEND staff record parent-carer feedback calls');
  }
  if (found.existing) {
    return found.existing.recordedBy === ctx.user.id && found.existing.planRef === args.planRef
      ? duplicate(mutationId)
      : rejected(mutationId, 'invalid', 'this feedback call id is already used', ['callId']);
  }
  if (!found.plan_ref) return rejected(mutationId, 'not-found', 'there is no such plan');
  const form = shippedFeedbackForms().get(args.formId, args.formVersion);
  if (!form) return rejected(mutationId, 'not-found', 'there is no such published feedback form');
  const call = startedFeedbackCall({
    id: args.callId,
    planRef: args.planRef,
    form: { id: form.id, version: form.version ?? args.formVersion },
    calledOn: args.calledOn,
    recordedBy: ctx.user.id,
    startedAt: args.startedAt,
  });
  await writeCall(tx, call, 'feedback-call.start', true);
  return { mutationId, status: 'applied' };
};

export const patchFeedback: Handler<'feedback.patch'> = async (tx, ctx, args, mutationId, claim) => {
  const owned = await ownCall(tx, ctx, args.callId, mutationId, claim);
  if ('refusal' in owned) return owned.refusal;
  const { call } = owned;
  if (call.status === 'submitted') return rejected(mutationId, 'immutable', 'the feedback call was already submitted');
  const conflicts = conflictingPaths(feedbackPatchFields(args.patch), (path) => feedbackFieldValue(call, path));
  if (conflicts.length > 0) return { mutationId, status: 'conflict', fields: conflicts, serverFeedbackCall: call };
  const next = applyFeedbackPatch(call, args.patch, args.updatedAt);
  const form = shippedFeedbackForms().get(call.formId, call.formVersion);
  const problems = form ? answerProblems(form, next) : [];
  if (problems.length > 0) return invalid(mutationId, problems);
  await writeCall(tx, next, 'feedback-call.patch', false, call);
  return { mutationId, status: 'applied' };
};

export const submitFeedback: Handler<'feedback.submit'> = async (tx, ctx, args, mutationId, claim) => {
  const owned = await ownCall(tx, ctx, args.callId, mutationId, claim);
  if ('refusal' in owned) return owned.refusal;
  const { call } = owned;
  if (call.status === 'submitted') return duplicate(mutationId);
  const headline = shippedFeedbackForms()
    .get(call.formId, call.formVersion)
    ?.questions.find((q) => q.isHeadline);
  const answer = headline ? call.answers[headline.id] : undefined;
  if (headline && answer?.value === undefined && !answer?.isDeclined) {
    return rejected(mutationId, 'incomplete', 'answer the headline question, or record that the parent declined', [
      `answers.${headline.id}`,
    ]);
  }
  const submitted: FeedbackCall = {
    ...call,
    status: 'submitted',
    submittedAt: args.submittedAt,
    updatedAt: args.submittedAt,
  };
  await writeCall(tx, submitted, 'feedback-call.submit', false, call);
  return { mutationId, status: 'applied' };
};

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
import { claimAndLockFeedbackCall, claimFeedbackStart, writeFeedbackCall } from '../store/feedback-calls.ts';
import { shippedFeedbackForms } from '../store/feedback-forms.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { duplicate, invalid, rejected, type Claim, type Handler, type PushContext } from './push-common.ts';

/** SEND staff record calls: SEND auditors, QA leads and admins; never a parent-carer representative. */
export const mayRecordFeedback = (user: User): boolean =>
  !user.roles.includes('parent-rep') &&
  ((user.roles.includes('auditor') && user.agency === 'sendat') ||
    user.roles.includes('qa-lead') ||
    user.roles.includes('admin'));

/** Claims the mutation and locks the call; answers with it if the caller may change it. */
async function ownCall(
  tx: SqlRunner,
  ctx: PushContext,
  callId: string,
  mutationId: string,
  claim: Claim,
): Promise<{ call: FeedbackCall } | { refusal: MutationResult }> {
  const found = await claimAndLockFeedbackCall(tx, claim, callId);
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
  const found = await claimFeedbackStart(tx, claim, args.planRef, args.callId);
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
  await writeFeedbackCall(tx, call, 'feedback-call.start', true);
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
  await writeFeedbackCall(tx, next, 'feedback-call.patch', false, call);
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
  await writeFeedbackCall(tx, submitted, 'feedback-call.submit', false, call);
  return { mutationId, status: 'applied' };
};

// The parent-carer feedback call record kind: a SEND officer's record of one call to a family after
// a new plan is finalised. Its schema and device row, its field paths ("answers.overall",
// "calledOn"), the builder of a new call (used by the device and the server alike), and the sync
// page's words. Its visibility view (migration 0009) never includes parent-carer representatives.
import { z } from 'zod';
import type { FeedbackPatch } from '#shared/protocol/sync.ts';
import { FeedbackCallSchema, type FeedbackAnswer, type FeedbackCall } from '#shared/schemas/feedback.ts';
import { defineRecordKind, type RecordWords } from './record-kind.ts';

/** "answers.<question id>" or "calledOn". */
export type FeedbackField = { kind: 'answer'; questionId: string } | { kind: 'calledOn' };

export function feedbackFieldPath(field: FeedbackField): string {
  return field.kind === 'answer' ? `answers.${field.questionId}` : 'calledOn';
}

export function parseFeedbackFieldPath(path: string): FeedbackField | undefined {
  if (path === 'calledOn') return { kind: 'calledOn' };
  if (path.startsWith('answers.') && path.length > 'answers.'.length) {
    return { kind: 'answer', questionId: path.slice('answers.'.length) };
  }
  return undefined;
}

/** Every field a patch changes, by path, with the value the device last saw and the one it wants. */
export function feedbackPatchFields(patch: FeedbackPatch): { path: string; from: unknown; to: unknown }[] {
  const fields: { path: string; from: unknown; to: unknown }[] = Object.entries(patch.answers ?? {}).map(
    ([questionId, change]) => ({
      path: feedbackFieldPath({ kind: 'answer', questionId }),
      ...change,
    }),
  );
  if (patch.calledOn) fields.push({ path: 'calledOn', ...patch.calledOn });
  return fields;
}

/** The current value of a field in a call; null when absent, as in a patch. */
export function feedbackFieldValue(call: Pick<FeedbackCall, 'answers' | 'calledOn'>, path: string): unknown {
  const field = parseFeedbackFieldPath(path);
  if (field?.kind === 'calledOn') return call.calledOn;
  if (field?.kind === 'answer')
    return Object.hasOwn(call.answers, field.questionId) ? call.answers[field.questionId] : null;
  return null;
}

/** The call with a patch's wanted values applied (null removes an answer). */
export function applyFeedbackPatch(call: FeedbackCall, patch: FeedbackPatch, updatedAt: string): FeedbackCall {
  const answers: Record<string, FeedbackAnswer> = { ...call.answers };
  for (const [questionId, change] of Object.entries(patch.answers ?? {})) {
    if (change.to === null) delete answers[questionId];
    else answers[questionId] = change.to;
  }
  return { ...call, answers, calledOn: patch.calledOn?.to ?? call.calledOn, updatedAt };
}

/** A new call as the officer starts it: pinned to the form's version, nothing answered. */
export function startedFeedbackCall(input: {
  id: string;
  planRef: string;
  form: { id: string; version: number };
  calledOn: string;
  recordedBy: string;
  startedAt: string;
}): FeedbackCall {
  return {
    id: input.id,
    planRef: input.planRef,
    formId: input.form.id,
    formVersion: input.form.version,
    calledOn: input.calledOn,
    recordedBy: input.recordedBy,
    answers: {},
    status: 'draft',
    createdAt: input.startedAt,
    updatedAt: input.startedAt,
  };
}

export function describeFeedbackField(path: string | null): string {
  if (!path) return 'The feedback call';
  const field = parseFeedbackFieldPath(path);
  if (field?.kind === 'calledOn') return 'Date of the call';
  if (field?.kind === 'answer') return `Answer to question ${field.questionId}`;
  return path;
}

export const FEEDBACK_CALL_WORDS: RecordWords = {
  reasons: {
    invalid: 'The server found the change invalid',
    forbidden: 'You are not allowed to record this feedback call',
    'not-found': 'The server does not have this feedback call, plan or form',
    immutable: 'The feedback call was already submitted, so it cannot change',
    incomplete: 'The headline question is not answered, so the call cannot be submitted',
  },
  field: describeFeedbackField,
  mutations: {
    'feedback.start': () => 'Started the feedback call',
    'feedback.patch': (field) => `Changed ${describeFeedbackField(field).toLowerCase()}`,
    'feedback.submit': () => 'Submitted the feedback call',
  },
};

export const FeedbackCallRowSchema = z.strictObject({
  id: z.uuid(),
  planRef: z.string(),
  calledOn: z.string(),
  call: FeedbackCallSchema,
});
export type FeedbackCallRow = z.infer<typeof FeedbackCallRowSchema>;

export const FEEDBACK_CALL_RECORD = defineRecordKind({
  kind: 'feedback-call',
  schema: FeedbackCallSchema,
  visibility: 'visible_feedback_calls',
  device: {
    table: 'feedbackCalls',
    indexes: 'id, planRef, calledOn',
    since: 4,
    row: FeedbackCallRowSchema,
    key: (id) => id,
    toRow: (_id, call): FeedbackCallRow => ({ id: call.id, planRef: call.planRef, calledOn: call.calledOn, call }),
  },
  words: FEEDBACK_CALL_WORDS,
});

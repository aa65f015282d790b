// The parent-carer feedback call after a new plan is finalised: a form (questions answered on a
// satisfaction scale, or in free text) configured like a framework, and the call a SEND officer records.
// The scale is its own: points with labels and a "satisfied from" line, never the Met/Not met ratings,
// which is why a form is not an audit Framework and has no grades, limiting rules or sections.
import { z } from 'zod';
import { FreeTextSchema } from './audit.ts';
import { PlanRefSchema } from './plan.ts';
import { UserIdSchema } from './user.ts';

const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'an id is 1 to 40 letters, digits, dots, dashes or underscores');
const TextSchema = z.string().trim().min(1, 'must not be empty');

export const FeedbackPointSchema = z.strictObject({
  value: z.number().int(),
  label: TextSchema.max(60),
});

/** A Likert-style scale, most satisfied first, e.g. 5 "Very satisfied" to 1 "Very dissatisfied". */
export const FeedbackScaleSchema = z.strictObject({
  points: z.array(FeedbackPointSchema).min(3, 'a satisfaction scale needs at least three points').max(7),
  satisfiedFrom: z.number().int().meta({ description: 'Answers at or above this value count as satisfied.' }),
});
export type FeedbackScale = z.infer<typeof FeedbackScaleSchema>;

export const FeedbackQuestionSchema = z.strictObject({
  id: IdSchema,
  text: TextSchema.max(300),
  hint: z.string().max(600).optional(),
  answer: z.enum(['scale', 'text']),
  /** The one scale question whose answers make the headline satisfaction figure. */
  isHeadline: z.boolean().optional(),
});
export type FeedbackQuestion = z.infer<typeof FeedbackQuestionSchema>;

const FeedbackFormShapeSchema = z.strictObject({
  $schema: z.string().optional(),
  id: IdSchema,
  version: z.number().int().min(1).optional(),
  status: z.enum(['draft', 'published']),
  title: TextSchema.max(160),
  kind: z.literal('feedback'),
  description: z.string().max(4000).optional(),
  scale: FeedbackScaleSchema,
  questions: z.array(FeedbackQuestionSchema).min(1, 'a feedback form needs at least one question'),
});
export type FeedbackForm = z.infer<typeof FeedbackFormShapeSchema>;

export const FeedbackFormSchema = FeedbackFormShapeSchema.superRefine((form, ctx) => {
  const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (form.status === 'published' && form.version === undefined)
    report(['version'], 'a published form needs a version');
  const values = form.scale.points.map((p) => p.value);
  values.forEach((value, i) => {
    const previous = values[i - 1];
    if (previous !== undefined && value >= previous) {
      report(['scale', 'points', i, 'value'], `points must be listed most satisfied first with falling values`);
    }
  });
  if (!values.includes(form.scale.satisfiedFrom)) {
    report(['scale', 'satisfiedFrom'], `${form.scale.satisfiedFrom} is not a point on the scale`);
  }
  const seen = new Set<string>();
  form.questions.forEach((q, i) => {
    if (seen.has(q.id)) report(['questions', i, 'id'], `duplicate question id "${q.id}"`);
    seen.add(q.id);
    if (q.isHeadline && q.answer !== 'scale')
      report(['questions', i, 'isHeadline'], 'the headline question is answered on the scale');
  });
  const headlines = form.questions.filter((q) => q.isHeadline).length;
  if (headlines !== 1) report(['questions'], `exactly one question must be the headline, found ${headlines}`);
});

/** One answer: a point on the scale, or the parent declined; free text is guarded for identifiers like audit comments. */
export const FeedbackAnswerSchema = z.strictObject({
  value: z.number().int().optional(),
  isDeclined: z.literal(true).optional(),
  text: FreeTextSchema.optional(),
});
export type FeedbackAnswer = z.infer<typeof FeedbackAnswerSchema>;

export const FeedbackCallSchema = z.strictObject({
  id: z.uuid(),
  planRef: PlanRefSchema,
  formId: z.string().min(1).max(40),
  formVersion: z.number().int().min(1),
  /** The day of the call: places it in a term. No time, no caller's name or number. */
  calledOn: z.iso.date(),
  recordedBy: UserIdSchema,
  answers: z.record(z.string().max(40), FeedbackAnswerSchema),
  status: z.enum(['draft', 'submitted']),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().optional(),
});
export type FeedbackCall = z.infer<typeof FeedbackCallSchema>;

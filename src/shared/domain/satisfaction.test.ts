import { describe, expect, it } from 'vitest';
import {
  FeedbackFormSchema,
  type FeedbackAnswer,
  type FeedbackCall,
  type FeedbackForm,
} from '#shared/schemas/feedback.ts';
import { computeSatisfaction, feedbackIdentifierWarnings, suppressSatisfaction } from './satisfaction.ts';

const FORM: FeedbackForm = {
  id: 'parent-feedback',
  version: 1,
  status: 'published',
  title: 'Parent-carer feedback call',
  kind: 'feedback',
  scale: {
    points: [
      { value: 5, label: 'Very satisfied' },
      { value: 4, label: 'Satisfied' },
      { value: 3, label: 'Neither satisfied nor dissatisfied' },
      { value: 2, label: 'Dissatisfied' },
      { value: 1, label: 'Very dissatisfied' },
    ],
    satisfiedFrom: 4,
  },
  questions: [
    { id: 'overall', text: 'How satisfied are you with the plan overall?', answer: 'scale', isHeadline: true },
    { id: 'heard', text: 'Did you feel listened to?', answer: 'scale' },
    { id: 'anything', text: 'Is there anything else you would like to tell us?', answer: 'text' },
  ],
};

type CallFigures = Pick<FeedbackCall, 'formId' | 'calledOn' | 'answers' | 'status'>;
const call = (
  calledOn: string,
  overall: FeedbackAnswer | undefined,
  status: FeedbackCall['status'] = 'submitted',
): CallFigures => ({ formId: FORM.id, calledOn, status, answers: overall ? { overall } : {} });
const AUTUMN = '2026-10-10';
const SPRING = '2027-01-20';

describe('feedback forms', () => {
  it('accept a Likert scale with no Met or Not met anywhere', () => {
    expect(FeedbackFormSchema.safeParse(FORM).success).toBe(true);
  });

  it('refuse a scale out of order, a satisfied line off the scale, and no single headline question', () => {
    const broken = {
      ...FORM,
      scale: { points: [...FORM.scale.points].reverse(), satisfiedFrom: 6 },
      questions: FORM.questions.map((q) => ({ ...q, isHeadline: true })),
    };
    const result = FeedbackFormSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toContain('scale.points.1.value: points must be listed most satisfied first with falling values');
    expect(messages).toContain('scale.satisfiedFrom: 6 is not a point on the scale');
    expect(messages).toContain('questions.2.isHeadline: the headline question is answered on the scale');
    expect(messages).toContain('questions: exactly one question must be the headline, found 3');
  });
});

describe('computeSatisfaction', () => {
  it('gives the share satisfied of those who answered, per term, leaving declined and blank answers out', () => {
    const figures = computeSatisfaction(
      [
        call(AUTUMN, { value: 5 }),
        call(AUTUMN, { value: 2 }),
        call(AUTUMN, { isDeclined: true }),
        call(AUTUMN, undefined),
        call(SPRING, { value: 4 }),
        call(SPRING, { value: 4 }),
        call(SPRING, { value: 3 }),
        call(SPRING, { value: 5 }),
        call(SPRING, { value: 9 }),
        call(SPRING, { value: 1 }, 'draft'),
        { ...call(SPRING, { value: 1 }), formId: 'another-form' },
      ],
      FORM,
    );
    expect(figures.question).toBe('How satisfied are you with the plan overall?');
    expect(figures.terms.map((t) => [t.term, t.satisfied, t.answered, t.share, t.change, t.notAnswered])).toEqual([
      ['2026/27 Autumn', 1, 2, 50, null, 2],
      ['2026/27 Spring', 3, 4, 75, 25, 1],
    ]);
    expect(figures.total).toMatchObject({ satisfied: 4, answered: 6, share: 66.7, notAnswered: 3 });
  });

  it('withholds terms over fewer answers than the threshold, and shares a small group would give away', () => {
    const many = (n: number, value: number) => Array.from({ length: n }, () => call(SPRING, { value }));
    const figures = computeSatisfaction([call(AUTUMN, { value: 5 }), ...many(10, 5), ...many(2, 1)], FORM);
    const withheld = suppressSatisfaction(figures, 5);
    expect(withheld.terms.map((t) => [t.satisfied, t.answered, t.share])).toEqual([
      [null, null, null],
      [null, 12, null],
    ]);
    const shown = suppressSatisfaction(computeSatisfaction([...many(10, 5), ...many(6, 2)], FORM), 5);
    expect(shown.total).toMatchObject({ satisfied: 10, answered: 16, share: 62.5 });
  });
});

describe('feedbackIdentifierWarnings', () => {
  it('flags free text that looks like it identifies the family, as audit comments are', () => {
    const warnings = feedbackIdentifierWarnings({
      answers: { anything: { text: 'Call me on 07700 900123 or at 12 Acacia Avenue' }, overall: { value: 5 } },
    });
    expect(Object.keys(warnings)).toEqual(['anything']);
    expect(warnings.anything?.length).toBeGreaterThan(0);
  });
});

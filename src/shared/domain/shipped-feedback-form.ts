// The shipped parent-carer feedback form (audit-frameworks/parent-carer-feedback.json), for the device's
// satisfaction figures. Feedback forms do not yet sync to devices like audit frameworks, so the
// device reads this copy; tests/unit/real-frameworks.test.ts keeps it equal to the file.
import { FeedbackFormSchema, type FeedbackForm } from '#shared/schemas/feedback.ts';

export const SHIPPED_FEEDBACK_FORM: FeedbackForm = FeedbackFormSchema.parse({
  id: 'parent-carer-feedback',
  version: 1,
  status: 'published',
  title: 'Parent-carer feedback call after a new EHC plan',
  kind: 'feedback',
  description:
    "A SEND officer calls the parent or carer within a month of a new plan being finalised and asks these questions. Answers are on the satisfaction scale or in the parent's words; never write a name, address, date of birth or NHS number in a free-text answer. A parent may decline any question.",
  scale: {
    points: [
      {
        value: 5,
        label: 'Very satisfied',
      },
      {
        value: 4,
        label: 'Satisfied',
      },
      {
        value: 3,
        label: 'Neither satisfied nor dissatisfied',
      },
      {
        value: 2,
        label: 'Dissatisfied',
      },
      {
        value: 1,
        label: 'Very dissatisfied',
      },
    ],
    satisfiedFrom: 4,
  },
  questions: [
    {
      id: 'overall',
      text: "Overall, how satisfied are you with the process of getting your child's EHC plan?",
      answer: 'scale',
      isHeadline: true,
    },
    {
      id: 'listened',
      text: "How satisfied are you that your views, and your child's views, were listened to and are in the plan?",
      answer: 'scale',
    },
    {
      id: 'informed',
      text: 'How satisfied are you with how well you were kept informed while the plan was being written?',
      answer: 'scale',
    },
    {
      id: 'describes-child',
      text: "How satisfied are you that the plan describes your child's needs and what they want to achieve?",
      answer: 'scale',
    },
    {
      id: 'provision',
      text: 'How satisfied are you that the plan says clearly what help your child will get and who will give it?',
      answer: 'scale',
    },
    {
      id: 'went-well',
      text: 'What went well?',
      hint: "In the parent's words. No names of people or places.",
      answer: 'text',
    },
    {
      id: 'even-better',
      text: 'What could we have done better?',
      hint: "In the parent's words. No names of people or places.",
      answer: 'text',
    },
  ],
});

// What is still to do before an audit can be submitted: unanswered applicable criteria,
// measures left blank, overrides without a reason.
import type { AuditAnswers } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import { criterionApplies } from './applicability.ts';

export type SectionProgress = {
  sectionId: string;
  applicable: number;
  answered: number;
  unanswered: string[];
  /** Criteria with a count pair (e.g. provision lines delivered of specified) still to be entered. */
  missingMeasures: string[];
  status: 'not-started' | 'in-progress' | 'completed';
};

export type Completeness = {
  sections: SectionProgress[];
  applicable: number;
  answered: number;
  missingOverrideReasons: string[];
  isComplete: boolean;
};

export function assessCompleteness(
  framework: Framework,
  answers: AuditAnswers,
  plan: PlanAttributes | undefined,
): Completeness {
  const sections = framework.sections.map((section): SectionProgress => {
    const applicable = section.criteria.filter((c) => criterionApplies(c, plan));
    const unanswered = applicable.filter((c) => !answers.responses[c.id]?.rating).map((c) => c.id);
    const missingMeasures = applicable
      .filter((c) => {
        const rating = answers.responses[c.id]?.rating;
        const isScored = rating === 'met' || rating === 'partly-met' || rating === 'not-met';
        return c.measure !== undefined && isScored && answers.responses[c.id]?.measure === undefined;
      })
      .map((c) => c.id);
    const answered = applicable.length - unanswered.length;
    const isDone = unanswered.length === 0 && missingMeasures.length === 0;
    return {
      sectionId: section.id,
      applicable: applicable.length,
      answered,
      unanswered,
      missingMeasures,
      status: isDone ? 'completed' : answered === 0 ? 'not-started' : 'in-progress',
    };
  });
  const missingOverrideReasons = Object.entries(answers.sectionOverrides)
    .filter(([, override]) => override.reason.trim() === '')
    .map(([sectionId]) => sectionId);
  if (answers.overallOverride && answers.overallOverride.reason.trim() === '') missingOverrideReasons.push('overall');
  const applicable = sections.reduce((n, s) => n + s.applicable, 0);
  const answered = sections.reduce((n, s) => n + s.answered, 0);
  return {
    sections,
    applicable,
    answered,
    missingOverrideReasons,
    isComplete: sections.every((s) => s.status === 'completed') && missingOverrideReasons.length === 0,
  };
}

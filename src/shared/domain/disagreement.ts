// Where auditors disagree on a plan, by the framework's own thresholds: a spread of
// `disagreementSpread` grade steps or more, or (if `flagStraddle`) grades either side of the
// "Good or better" line. The moderation panel discusses these sections first.
import type { Framework } from '#shared/schemas/framework.ts';

export type AuditorGrades = {
  auditorId: string;
  /** Final section grades by section id; null where the auditor gave no grade. */
  sections: Record<string, number | null>;
  overall: number | null;
};

export type SectionDisagreement = {
  sectionId: string;
  grades: { auditorId: string; grade: number }[];
  /** Grade steps between the lowest and highest grade on the framework's scale. */
  spread: number;
  straddlesGoodLine: boolean;
  isDisagreement: boolean;
  reason: string;
};

/** Steps between two grade values on the scale, so a 1-10 scale with gaps still counts in steps. */
function stepsApart(framework: Framework, low: number, high: number): number {
  const values = framework.gradeScale.grades.map((g) => g.value).sort((a, b) => a - b);
  const from = values.indexOf(low);
  const to = values.indexOf(high);
  return from < 0 || to < 0 ? high - low : to - from;
}

function judge(
  framework: Framework,
  sectionId: string,
  grades: { auditorId: string; grade: number }[],
): SectionDisagreement {
  const { disagreementSpread, flagStraddle } = framework.moderation;
  const line = framework.gradeScale.goodOrBetterFrom;
  const values = grades.map((g) => g.grade);
  const low = values.length > 0 ? Math.min(...values) : 0;
  const high = values.length > 0 ? Math.max(...values) : 0;
  const spread = values.length > 1 ? stepsApart(framework, low, high) : 0;
  const straddlesGoodLine = values.length > 1 && low < line && high >= line;
  const bySpread = spread >= disagreementSpread;
  const byStraddle = flagStraddle && straddlesGoodLine;
  const reasons: string[] = [];
  if (bySpread) reasons.push(`grades ${spread} steps apart`);
  if (byStraddle) reasons.push('auditors either side of the Good line');
  return {
    sectionId,
    grades,
    spread,
    straddlesGoodLine,
    isDisagreement: bySpread || byStraddle,
    reason: reasons.length > 0 ? `Disagreement: ${reasons.join(' and ')}.` : 'Auditors agree closely.',
  };
}

/** Every section of the framework, then the overall judgement under the id "overall". */
export function findDisagreements(framework: Framework, auditors: AuditorGrades[]): SectionDisagreement[] {
  const graded = (pick: (a: AuditorGrades) => number | null) =>
    auditors.flatMap((a) => {
      const grade = pick(a);
      return grade === null ? [] : [{ auditorId: a.auditorId, grade }];
    });
  return [
    ...framework.sections.map((section) =>
      judge(
        framework,
        section.id,
        graded((a) => a.sections[section.id] ?? null),
      ),
    ),
    judge(
      framework,
      'overall',
      graded((a) => a.overall),
    ),
  ];
}

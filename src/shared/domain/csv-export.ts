// CSV exports that Excel and Power BI open as they are (see csv.ts for the format), with ISO dates
// and column names that never change (the README documents them).
import { criterionApplies } from './applicability.ts';
import { toCsv } from './csv.ts';
import { gradeAudit, gradeLabel } from './grading.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';

export type AuditExportInput = { audit: Audit; framework: Framework; plan: PlanAttributes | undefined };

export const AUDIT_RESPONSE_COLUMNS = [
  'cycle_id',
  'plan_ref',
  'audit_id',
  'revision',
  'auditor_id',
  'agency',
  'framework_id',
  'framework_version',
  'status',
  'submitted_at',
  'section_id',
  'criterion_id',
  'statutory',
  'applies',
  'rating',
  'comment',
  'evidence',
  'measure_numerator',
  'measure_denominator',
] as const;

/** One row per criterion of each audit, including criteria not answered or not applicable. */
export function auditResponsesCsv(inputs: AuditExportInput[]): string {
  const rows = inputs.flatMap(({ audit, framework, plan }) =>
    framework.sections.flatMap((section) =>
      section.criteria.map((criterion) => {
        const response = audit.responses[criterion.id];
        return {
          cycle_id: audit.cycleId,
          plan_ref: audit.planRef,
          audit_id: audit.id,
          revision: audit.revision,
          auditor_id: audit.auditorId,
          agency: audit.agency,
          framework_id: audit.frameworkId,
          framework_version: audit.frameworkVersion,
          status: audit.status,
          submitted_at: audit.submittedAt,
          section_id: section.id,
          criterion_id: criterion.id,
          statutory: criterion.statutory,
          applies: criterionApplies(criterion, plan),
          rating: response?.rating,
          comment: response?.comment,
          evidence: response?.evidence,
          measure_numerator: response?.measure?.numerator,
          measure_denominator: response?.measure?.denominator,
        };
      }),
    ),
  );
  return toCsv(AUDIT_RESPONSE_COLUMNS, rows);
}

export const SECTION_GRADE_COLUMNS = [
  'cycle_id',
  'plan_ref',
  'audit_id',
  'auditor_id',
  'agency',
  'section_id',
  'suggested_grade',
  'final_grade',
  'final_grade_label',
  'overridden',
  'override_reason',
  'score_weighted',
  'score_unweighted',
  'reason',
] as const;

/** One row per section of each audit, plus a row with section_id "overall". */
export function sectionGradesCsv(inputs: AuditExportInput[]): string {
  const rows = inputs.flatMap(({ audit, framework, plan }) => {
    const graded = gradeAudit(framework, audit, plan);
    const base = {
      cycle_id: audit.cycleId,
      plan_ref: audit.planRef,
      audit_id: audit.id,
      auditor_id: audit.auditorId,
      agency: audit.agency,
    };
    const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 1000) / 1000);
    return [
      ...graded.sections.map((s) => ({
        ...base,
        section_id: s.sectionId,
        suggested_grade: s.grade,
        final_grade: s.finalGrade,
        final_grade_label: s.finalGrade === null ? '' : gradeLabel(framework, s.finalGrade),
        overridden: s.isOverridden,
        override_reason: audit.sectionOverrides[s.sectionId]?.reason,
        score_weighted: round(s.score?.weighted),
        score_unweighted: round(s.score?.unweighted),
        reason: s.reason,
      })),
      {
        ...base,
        section_id: 'overall',
        suggested_grade: graded.overall.grade,
        final_grade: graded.overall.finalGrade,
        final_grade_label: graded.overall.finalGrade === null ? '' : gradeLabel(framework, graded.overall.finalGrade),
        overridden: graded.overall.isOverridden,
        override_reason: audit.overallOverride?.reason,
        score_weighted: round(graded.overall.score?.weighted),
        score_unweighted: round(graded.overall.score?.unweighted),
        reason: graded.overall.reason,
      },
    ];
  });
  return toCsv(SECTION_GRADE_COLUMNS, rows);
}

export const MODERATED_RESULT_COLUMNS = [
  'cycle_id',
  'plan_ref',
  'moderation_id',
  'revision',
  'status',
  'signed_off_at',
  'section_id',
  'agreed_grade',
  'agreed_grade_label',
  'rationale',
] as const;

export function moderatedResultsCsv(moderations: { moderation: Moderation; framework: Framework }[]): string {
  const rows = moderations.flatMap(({ moderation: m, framework }) => {
    const base = {
      cycle_id: m.cycleId,
      plan_ref: m.planRef,
      moderation_id: m.id,
      revision: m.revision,
      status: m.status,
      signed_off_at: m.signedOffAt,
    };
    const row = (sectionId: string, agreed: Moderation['overall'] | undefined) => ({
      ...base,
      section_id: sectionId,
      agreed_grade: agreed?.agreedGrade,
      agreed_grade_label:
        agreed?.agreedGrade === null || agreed?.agreedGrade === undefined
          ? ''
          : gradeLabel(framework, agreed.agreedGrade),
      rationale: agreed?.rationale,
    });
    return [...framework.sections.map((s) => row(s.id, m.sections[s.id])), row('overall', m.overall)];
  });
  return toCsv(MODERATED_RESULT_COLUMNS, rows);
}

export const ACTION_COLUMNS = [
  'cycle_id',
  'plan_ref',
  'moderation_id',
  'action_id',
  'description',
  'owner_role',
  'due_date',
  'criterion_id',
  'status',
  'overdue',
] as const;

export function actionsCsv(moderations: Moderation[], today: string): string {
  const rows = moderations.flatMap((m) =>
    Object.values(m.actions).map((a) => ({
      cycle_id: m.cycleId,
      plan_ref: m.planRef,
      moderation_id: m.id,
      action_id: a.id,
      description: a.description,
      owner_role: a.ownerRole,
      due_date: a.dueDate,
      criterion_id: a.criterionId,
      status: a.status,
      overdue: a.status !== 'done' && a.dueDate < today,
    })),
  );
  return toCsv(ACTION_COLUMNS, rows);
}

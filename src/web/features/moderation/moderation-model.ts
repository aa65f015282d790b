// What the moderation screens show, worked out from the records on the device with the shared
// domain rules: each audit's grades (gradeAudit), where auditors disagree (findDisagreements),
// the plan's pre-moderation agreement (summariseMultiRater), and how auditors are named.
import { summariseMultiRater, type MultiRaterSummary } from '#shared/domain/agreement.ts';
import { findDisagreements, type SectionDisagreement } from '#shared/domain/disagreement.ts';
import { gradeAudit, type AuditGrading } from '#shared/domain/grading.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import { AGENCY_LABELS, type Framework, type RatingMeaning } from '#shared/schemas/framework.ts';
import type { Moderation, ModerationStatus } from '#shared/schemas/moderation.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import type { User } from '#shared/schemas/user.ts';

export const STATUS_LABELS: Record<ModerationStatus, string> = {
  open: 'Open',
  agreed: 'Agreed',
  'signed-off': 'Signed off',
};

export const STATUS_COLOURS: Record<ModerationStatus, 'light-blue' | 'yellow' | 'green'> = {
  open: 'light-blue',
  agreed: 'yellow',
  'signed-off': 'green',
};

export const moderationPath = (id: string): string => `/moderation/${id}`;

/** One audit as a column of the comparison: who (as the viewer may know them), and its grades. */
export type AuditorColumn = {
  audit: Audit;
  label: string;
  grading: AuditGrading;
};

/**
 * "Hana Health (Health)" when this device knows the auditor, otherwise "Auditor 1 (Health)": a
 * parent-carer representative receives pseudonyms ("auditor-1") and no other users' records.
 */
export function auditorLabel(audit: Audit, index: number, users: ReadonlyMap<string, User>): string {
  const agency = AGENCY_LABELS[audit.agency];
  const user = users.get(audit.auditorId);
  if (user) return `${user.name} (${agency})`;
  const pseudonym = /^auditor-(\d+)$/.exec(audit.auditorId);
  return `Auditor ${pseudonym?.[1] ?? String(index + 1)} (${agency})`;
}

export function auditorColumns(
  framework: Framework,
  plan: Plan | undefined,
  audits: readonly Audit[],
  users: readonly User[],
): AuditorColumn[] {
  const userById = new Map(users.map((user) => [user.id, user]));
  return audits.map((audit, index) => ({
    audit,
    label: auditorLabel(audit, index, userById),
    grading: gradeAudit(framework, audit, plan?.attributes),
  }));
}

/** The moderation's audits in the order it names them; those not on this device are left out. */
export function orderAudits(moderation: Moderation, audits: readonly Audit[]): Audit[] {
  const byId = new Map(audits.map((audit) => [audit.id, audit]));
  return moderation.auditRefs.flatMap((ref) => {
    const audit = byId.get(ref.auditId);
    return audit ? [audit] : [];
  });
}

export function sectionGrade(column: AuditorColumn, sectionId: string): number | null {
  if (sectionId === 'overall') return column.grading.overall.finalGrade;
  return column.grading.sections.find((s) => s.sectionId === sectionId)?.finalGrade ?? null;
}

/** Every section and the overall judgement, with where the auditors disagree by the framework's thresholds. */
export function disagreementsFor(framework: Framework, columns: readonly AuditorColumn[]): SectionDisagreement[] {
  return findDisagreements(
    framework,
    columns.map((column) => ({
      auditorId: column.audit.id,
      sections: Object.fromEntries(column.grading.sections.map((s) => [s.sectionId, s.finalGrade])),
      overall: column.grading.overall.finalGrade,
    })),
  );
}

/** The plan's pre-moderation agreement over its section grades (one unit per section). */
export function planAgreement(framework: Framework, columns: readonly AuditorColumn[]): MultiRaterSummary {
  const units = framework.sections.map((section) => columns.map((column) => sectionGrade(column, section.id)));
  return summariseMultiRater(
    units,
    framework.gradeScale.grades.map((grade) => grade.value),
  );
}

/** Sections a grade must be agreed for before the panel can agree: every section with criteria. */
export function ratingText(framework: Framework, rating: RatingMeaning | undefined): string {
  if (!rating) return 'Not answered';
  return framework.ratingOptions.find((option) => option.meaning === rating)?.label ?? rating;
}

export function sectionTitle(framework: Framework, sectionId: string): string {
  if (sectionId === 'overall') return 'Overall judgement';
  return framework.sections.find((section) => section.id === sectionId)?.title ?? `Section ${sectionId}`;
}

export function formatPercent(value: number | null): string {
  return value === null ? 'Not available' : `${Math.round(value * 100)}%`;
}

export function formatAlpha(value: number | null): string {
  return value === null ? 'Not available' : value.toFixed(2);
}

// ---------------------------------------------------------------------------------------------
// The QA lead's list: each sampled plan of each cycle and where its moderation stands.

export type PlanModerationState =
  | { kind: 'no-auditors' }
  | { kind: 'waiting'; submitted: number; assigned: number }
  | { kind: 'ready'; audits: Audit[] }
  | { kind: 'moderation'; moderation: Moderation };

export type BoardRow = { cycle: Cycle; planRef: string; state: PlanModerationState };

export function planStates(
  cycle: Cycle,
  assignments: readonly Assignment[],
  audits: readonly Audit[],
  latest: ReadonlyMap<string, Moderation>,
): BoardRow[] {
  const inCycle = assignments.filter((a) => a.cycleId === cycle.id);
  const plans = [...new Set([...cycle.sampledPlans, ...inCycle.map((a) => a.planRef)])];
  return plans.map((planRef) => {
    const moderation = latest.get(`${cycle.id}|${planRef}`);
    if (moderation) return { cycle, planRef, state: { kind: 'moderation', moderation } };
    const assigned = inCycle.filter((a) => a.planRef === planRef);
    if (assigned.length === 0) return { cycle, planRef, state: { kind: 'no-auditors' } };
    const submitted = assigned.flatMap((assignment) => {
      const audit = audits
        .filter(
          (a) =>
            a.cycleId === cycle.id &&
            a.planRef === planRef &&
            a.auditorId === assignment.auditorId &&
            a.status === 'submitted',
        )
        .sort((a, b) => b.revision - a.revision)[0];
      return audit ? [audit] : [];
    });
    return submitted.length < assigned.length
      ? { cycle, planRef, state: { kind: 'waiting', submitted: submitted.length, assigned: assigned.length } }
      : { cycle, planRef, state: { kind: 'ready', audits: submitted } };
  });
}

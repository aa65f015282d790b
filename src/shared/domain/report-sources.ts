// The reports' policy over the records a device holds: which revisions count (the latest submitted
// audit, the latest moderation revision), one outcome per plan, what a plan report shows its reader
// and the rows behind the CSV exports. Pure: the device's storage reads the records, this decides.
import type { AuditExportInput } from '#shared/domain/csv-export.ts';
import type { FeedbackCall, FeedbackForm } from '#shared/schemas/feedback.ts';
import { SHIPPED_FEEDBACK_FORM } from './shipped-feedback-form.ts';
import {
  auditSectionGrades,
  buildReportPlan,
  type CouncilBranding,
  type PlanReportInput,
  type ReportPlan,
} from '#shared/domain/report-model.ts';
import { readsRedactedView } from '#shared/domain/redacted-view.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import { AGENCY_LABELS, type Framework } from '#shared/schemas/framework.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { Plan, PlanAttributes } from '#shared/schemas/plan.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import type { User } from '#shared/schemas/user.ts';

/** The records as stored, every revision included: what the device's storage hands over. */
export type ReportRecords = {
  cycles: Cycle[];
  /** Keyed by the id and version the framework was stored under. */
  frameworks: { frameworkId: string; version: number; data: Framework }[];
  plans: Plan[];
  audits: Audit[];
  moderations: Moderation[];
  users: User[];
  settings: CouncilSettings;
  /** Parent-carer feedback calls the reader may see (none for parent-carer representatives). */
  feedbackCalls?: FeedbackCall[];
};

export type ReportSources = {
  /** Newest period first. */
  cycles: Cycle[];
  frameworks: Map<string, Framework>;
  plans: Map<string, PlanAttributes>;
  /** Submitted audits, the latest revision of each auditor's audit of each plan in each cycle. */
  audits: Audit[];
  /** The latest revision of each plan's moderation in each cycle. */
  moderations: Moderation[];
  users: Map<string, User>;
  settings: CouncilSettings;
  /** Submitted parent-carer feedback calls. */
  feedbackCalls: FeedbackCall[];
};

export const frameworkKey = (id: string, version: number): string => `${id}@${version}`;
const planKey = (cycleId: string, planRef: string) => `${cycleId}|${planRef}`;

/** Submitted audits only, the latest submission of each auditor's audit of each plan in each cycle. */
export function latestSubmittedAudits(audits: readonly Audit[]): Audit[] {
  const latest = new Map<string, Audit>();
  for (const audit of audits) {
    if (audit.status !== 'submitted') continue;
    const key = `${audit.cycleId}/${audit.planRef}/${audit.auditorId}/${audit.agency}`;
    const seen = latest.get(key);
    if (!seen || (seen.submittedAt ?? '') < (audit.submittedAt ?? '')) latest.set(key, audit);
  }
  return [...latest.values()];
}

/** The newest revision of each plan's moderation in each cycle, keyed "cycleId|planRef". */
export function latestRevisions(moderations: readonly Moderation[]): Map<string, Moderation> {
  const latest = new Map<string, Moderation>();
  for (const moderation of moderations) {
    const key = planKey(moderation.cycleId, moderation.planRef);
    const current = latest.get(key);
    if (!current || current.revision < moderation.revision) latest.set(key, moderation);
  }
  return latest;
}

/** The frameworks a set of records was scored on, as [id, version] pairs, each once. */
export function frameworksUsedBy(
  records: readonly { frameworkId: string; frameworkVersion: number }[],
): [string, number][] {
  const wanted = new Map<string, [string, number]>();
  for (const r of records)
    wanted.set(frameworkKey(r.frameworkId, r.frameworkVersion), [r.frameworkId, r.frameworkVersion]);
  return [...wanted.values()];
}

export function reportSourcesFrom(records: ReportRecords): ReportSources {
  return {
    cycles: [...records.cycles].sort((a, b) => b.periodStart.localeCompare(a.periodStart)),
    frameworks: new Map(records.frameworks.map((f) => [frameworkKey(f.frameworkId, f.version), f.data])),
    plans: new Map(records.plans.map((p) => [p.ref, p.attributes])),
    audits: latestSubmittedAudits(records.audits),
    moderations: [...latestRevisions(records.moderations).values()],
    users: new Map(records.users.map((u) => [u.id, u])),
    settings: records.settings,
    feedbackCalls: (records.feedbackCalls ?? []).filter((c) => c.status === 'submitted'),
  };
}

/**
 * Section grades of submitted audits, kept for this page's life: grading is most of the cost of
 * opening a report over thousands of audits, and a submitted revision never changes. The key holds
 * everything a grade depends on, so a changed audit, plan or framework is graded again.
 */
const gradeCache = new Map<string, Record<string, number | null>>();
const GRADE_CACHE_LIMIT = 50_000;

function memoisedGrader(framework: Framework, attributes: PlanAttributes) {
  const context = `${framework.id}@${framework.version ?? 0}|${JSON.stringify(attributes)}`;
  return (audit: Audit): Record<string, number | null> => {
    const key = `${audit.id}|${audit.revision}|${audit.updatedAt}|${context}`;
    let grades = gradeCache.get(key);
    if (!grades) {
      if (gradeCache.size >= GRADE_CACHE_LIMIT) gradeCache.clear();
      grades = auditSectionGrades(framework, audit, attributes);
      gradeCache.set(key, grades);
    }
    return grades;
  };
}

/** One outcome per plan per cycle that has a submitted audit or a moderation, on a framework the device holds. */
export function reportPlansFrom(sources: ReportSources): ReportPlan[] {
  const groups = new Map<
    string,
    { cycleId: string; planRef: string; audits: Audit[]; moderation: Moderation | null }
  >();
  const group = (cycleId: string, planRef: string) => {
    const key = planKey(cycleId, planRef);
    let g = groups.get(key);
    if (!g) {
      g = { cycleId, planRef, audits: [], moderation: null };
      groups.set(key, g);
    }
    return g;
  };
  for (const audit of sources.audits) group(audit.cycleId, audit.planRef).audits.push(audit);
  for (const m of sources.moderations) group(m.cycleId, m.planRef).moderation = m;
  const cycles = new Map(sources.cycles.map((c) => [c.id, c]));
  const out: ReportPlan[] = [];
  for (const g of groups.values()) {
    const cycle = cycles.get(g.cycleId);
    const ref = g.moderation ?? g.audits[0] ?? null;
    const framework =
      (ref && sources.frameworks.get(frameworkKey(ref.frameworkId, ref.frameworkVersion))) ??
      (cycle && sources.frameworks.get(frameworkKey(cycle.frameworkId, cycle.frameworkVersion)));
    const attributes = sources.plans.get(g.planRef);
    if (!framework || !attributes) continue;
    out.push(buildReportPlan({ ...g, framework, attributes, gradeSections: memoisedGrader(framework, attributes) }));
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.planRef.localeCompare(b.planRef));
}

export function councilBranding(settings: CouncilSettings): CouncilBranding {
  return { councilName: settings.councilName, logoDataUrl: settings.logoDataUrl };
}

/**
 * Counts below this are withheld in what this reader sees; null when nothing is withheld. Whether the
 * reader reads the redacted view is the one rule in redacted-view.ts, the one the server redacts by.
 */
export function suppressionThreshold(settings: CouncilSettings, readsRedacted: boolean): number | null {
  return readsRedacted ? settings.smallNumberThreshold : null;
}

export type ReportablePlan = { cycleId: string; cycleName: string; planRef: string; status: string };

/** The plans a plan report can be made for: those with a submitted audit or a moderation. */
export function reportablePlans(sources: ReportSources): ReportablePlan[] {
  const cycles = new Map(sources.cycles.map((c) => [c.id, c.name]));
  const seen = new Map<string, ReportablePlan>();
  for (const a of sources.audits) {
    const key = planKey(a.cycleId, a.planRef);
    if (!seen.has(key))
      seen.set(key, {
        cycleId: a.cycleId,
        cycleName: cycles.get(a.cycleId) ?? a.cycleId,
        planRef: a.planRef,
        status: 'Audited',
      });
  }
  for (const m of sources.moderations) {
    seen.set(planKey(m.cycleId, m.planRef), {
      cycleId: m.cycleId,
      cycleName: cycles.get(m.cycleId) ?? m.cycleId,
      planRef: m.planRef,
      status: m.status === 'signed-off' ? 'Signed off' : m.status === 'agreed' ? 'Agreed' : 'Moderation open',
    });
  }
  return [...seen.values()].sort(
    (a, b) => a.cycleName.localeCompare(b.cycleName) || a.planRef.localeCompare(b.planRef),
  );
}

export function planReportInputFrom(
  sources: ReportSources,
  cycleId: string,
  planRef: string,
  today: string,
  viewer: Pick<User, 'roles'> | undefined,
): PlanReportInput | null {
  const cycle = sources.cycles.find((c) => c.id === cycleId);
  const moderation = sources.moderations.find((m) => m.cycleId === cycleId && m.planRef === planRef) ?? null;
  const audits = sources.audits
    .filter((a) => a.cycleId === cycleId && a.planRef === planRef)
    .sort((a, b) => a.agency.localeCompare(b.agency) || a.auditorId.localeCompare(b.auditorId));
  const ref =
    moderation ??
    audits[0] ??
    (cycle ? { frameworkId: cycle.frameworkId, frameworkVersion: cycle.frameworkVersion } : null);
  const framework = ref ? sources.frameworks.get(frameworkKey(ref.frameworkId, ref.frameworkVersion)) : undefined;
  const attributes = sources.plans.get(planRef);
  if (!framework || !attributes || (audits.length === 0 && !moderation)) return null;
  const showNames = !readsRedactedView(viewer) || sources.settings.showAuditorNamesToParentReps;
  return {
    council: councilBranding(sources.settings),
    planRef,
    attributes,
    cycleName: cycle?.name ?? cycleId,
    framework,
    audits: audits.map((audit, i) => {
      const name = showNames ? sources.users.get(audit.auditorId)?.name : undefined;
      return {
        auditorLabel: `${name ?? `Auditor ${i + 1}`} (${AGENCY_LABELS[audit.agency]})`,
        agency: audit.agency,
        audit,
      };
    }),
    moderation,
    today,
  };
}

/** The rows behind the CSV exports. */
export function exportInputs(sources: ReportSources): {
  audits: AuditExportInput[];
  moderations: { moderation: Moderation; framework: Framework }[];
} {
  const audits = sources.audits.flatMap((audit) => {
    const framework = sources.frameworks.get(frameworkKey(audit.frameworkId, audit.frameworkVersion));
    return framework ? [{ audit, framework, plan: sources.plans.get(audit.planRef) }] : [];
  });
  const moderations = sources.moderations.flatMap((moderation) => {
    const framework = sources.frameworks.get(frameworkKey(moderation.frameworkId, moderation.frameworkVersion));
    return framework ? [{ moderation, framework }] : [];
  });
  return { audits, moderations };
}

/**
 * What the board report needs for parent-carer satisfaction: the submitted calls, their form and the
 * council's small-number threshold, which applies to these figures whoever reads them.
 */
export function satisfactionInput(
  sources: Pick<ReportSources, 'feedbackCalls' | 'settings'>,
  period: { from?: string | undefined; to?: string | undefined } = {},
  form: FeedbackForm = SHIPPED_FEEDBACK_FORM,
): { calls: FeedbackCall[]; form: FeedbackForm; threshold: number } {
  // Only the date range narrows calls: they belong to no cycle, and key stage or agency would
  // narrow the families counted towards small numbers without saying so.
  const calls = sources.feedbackCalls.filter(
    (c) => (!period.from || c.calledOn >= period.from) && (!period.to || c.calledOn <= period.to),
  );
  return { calls, form, threshold: sources.settings.smallNumberThreshold };
}

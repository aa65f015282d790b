// What the reports read from the device: submitted audits (latest revision each), the latest
// moderation of each plan, the plans, cycles, frameworks and the council's settings. Used on the
// page (dashboard, HTML versions, CSV) and in the report worker (PDFs), so both read the same data.
import type { AuditExportInput } from '#shared/domain/csv-export.ts';
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
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import { DEFAULT_COUNCIL_SETTINGS, type CouncilSettings } from '#shared/schemas/settings.ts';
import type { User } from '#shared/schemas/user.ts';
import { getDatabase } from './db.ts';
import {
  AuditRecordSchema,
  CycleRecordSchema,
  FrameworkRecordSchema,
  ModerationRecordSchema,
  PlanRecordSchema,
  SettingsRecordSchema,
  UserRecordSchema,
} from './records.ts';

export type ReportSources = {
  cycles: Cycle[];
  frameworks: Map<string, Framework>;
  plans: Map<string, PlanAttributes>;
  /** Submitted audits, the latest revision of each auditor's audit of each plan in each cycle. */
  audits: Audit[];
  /** The latest revision of each plan's moderation in each cycle. */
  moderations: Moderation[];
  users: Map<string, User>;
  settings: CouncilSettings;
};

const frameworkKey = (id: string, version: number) => `${id}@${version}`;
const planKey = (cycleId: string, planRef: string) => `${cycleId}/${planRef}`;

/** Submitted audits only, the latest submission of each auditor's audit of each plan in each cycle. */
function latestSubmitted(audits: Audit[]): Audit[] {
  const latest = new Map<string, Audit>();
  for (const audit of audits) {
    if (audit.status !== 'submitted') continue;
    const key = `${audit.cycleId}/${audit.planRef}/${audit.auditorId}/${audit.agency}`;
    const seen = latest.get(key);
    if (!seen || (seen.submittedAt ?? '') < (audit.submittedAt ?? '')) latest.set(key, audit);
  }
  return [...latest.values()];
}

/** The latest revision of each plan's moderation in each cycle. */
function latestRevisions(moderations: Moderation[]): Moderation[] {
  const latest = new Map<string, Moderation>();
  for (const moderation of moderations) {
    const key = planKey(moderation.cycleId, moderation.planRef);
    const seen = latest.get(key);
    if (!seen || seen.revision < moderation.revision) latest.set(key, moderation);
  }
  return [...latest.values()];
}

function frameworksByKey(records: unknown[]): Map<string, Framework> {
  return new Map(
    records.map((r) => {
      const f = FrameworkRecordSchema.parse(r);
      return [frameworkKey(f.frameworkId, f.version), f.data];
    }),
  );
}

function usersById(records: unknown[]): Map<string, User> {
  return new Map(
    records.map((r) => {
      const u = UserRecordSchema.parse(r).data;
      return [u.id, u];
    }),
  );
}

export async function getCouncilSettings(): Promise<CouncilSettings> {
  const record = await getDatabase().settings.get('council');
  const parsed = record ? SettingsRecordSchema.safeParse(record) : undefined;
  return parsed?.success ? parsed.data.data : DEFAULT_COUNCIL_SETTINGS;
}

/** Replaces the stored settings, after the server accepted them, so reports use them at once. */
export async function storeCouncilSettings(settings: CouncilSettings): Promise<void> {
  await getDatabase().settings.put(SettingsRecordSchema.parse({ key: 'council', data: settings }));
}

export async function loadReportSources(): Promise<ReportSources> {
  const db = getDatabase();
  const [cycleRecords, frameworkRecords, planRecords, auditRecords, moderationRecords, userRecords, settings] =
    await db.transaction(
      'r',
      [db.cycles, db.frameworks, db.plans, db.audits, db.moderations, db.users, db.settings],
      () =>
        Promise.all([
          db.cycles.toArray(),
          db.frameworks.toArray(),
          db.plans.toArray(),
          db.audits.toArray(),
          db.moderations.toArray(),
          db.users.toArray(),
          getCouncilSettings(),
        ]),
    );
  return {
    cycles: cycleRecords
      .map((r) => CycleRecordSchema.parse(r).data)
      .sort((a, b) => b.periodStart.localeCompare(a.periodStart)),
    frameworks: frameworksByKey(frameworkRecords),
    plans: new Map(
      planRecords.map((r) => {
        const p = PlanRecordSchema.parse(r).data;
        return [p.ref, p.attributes];
      }),
    ),
    audits: latestSubmitted(auditRecords.map((r) => AuditRecordSchema.parse(r).audit)),
    moderations: latestRevisions(moderationRecords.map((r) => ModerationRecordSchema.parse(r).moderation)),
    users: usersById(userRecords),
    settings,
  };
}

/**
 * Only what one plan report needs: that plan's audits and moderations, its cycle, plan and
 * framework. Reading and checking every audit on the device would cost a plan report seconds.
 */
export async function loadPlanReportSources(cycleId: string, planRef: string): Promise<ReportSources> {
  const db = getDatabase();
  const [cycleRecord, planRecord, auditRecords, moderationRecords, userRecords, settings] = await db.transaction(
    'r',
    [db.cycles, db.plans, db.audits, db.moderations, db.users, db.settings],
    () =>
      Promise.all([
        db.cycles.get(cycleId),
        db.plans.where('ref').equals(planRef).first(),
        db.audits.where('[cycleId+planRef]').equals([cycleId, planRef]).toArray(),
        db.moderations.where('[cycleId+planRef]').equals([cycleId, planRef]).toArray(),
        db.users.toArray(),
        getCouncilSettings(),
      ]),
  );
  const partial = {
    cycles: cycleRecord ? [CycleRecordSchema.parse(cycleRecord).data] : [],
    plans: planRecord ? [PlanRecordSchema.parse(planRecord).data] : [],
    audits: auditRecords.map((r) => AuditRecordSchema.parse(r).audit),
    moderations: moderationRecords.map((r) => ModerationRecordSchema.parse(r).moderation),
  };
  const wanted = new Map<string, [string, number]>();
  for (const r of [...partial.audits, ...partial.moderations, ...partial.cycles]) {
    wanted.set(frameworkKey(r.frameworkId, r.frameworkVersion), [r.frameworkId, r.frameworkVersion]);
  }
  const frameworkRecords = await db.frameworks
    .where('[frameworkId+version]')
    .anyOf([...wanted.values()])
    .toArray();
  return {
    cycles: partial.cycles,
    frameworks: frameworksByKey(frameworkRecords),
    plans: new Map(partial.plans.map((p) => [p.ref, p.attributes])),
    audits: latestSubmitted(partial.audits),
    moderations: latestRevisions(partial.moderations),
    users: usersById(userRecords),
    settings,
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

export async function loadReportPlans(): Promise<{ plans: ReportPlan[]; sources: ReportSources }> {
  const sources = await loadReportSources();
  return { plans: reportPlansFrom(sources), sources };
}

export function councilBranding(settings: CouncilSettings): CouncilBranding {
  return { councilName: settings.councilName, logoDataUrl: settings.logoDataUrl };
}

/**
 * Whoever reads the reports on this device in the redacted view sees small numbers withheld and
 * auditors without names unless the council allows them: the same rule the server redacts by.
 */
export function isParentRepView(user: Pick<User, 'roles'> | undefined): boolean {
  return readsRedactedView(user);
}

/** Counts below this are withheld in what this reader sees; null when nothing is withheld. */
export function suppressionThreshold(settings: CouncilSettings, isParentRep: boolean): number | null {
  return isParentRep ? settings.smallNumberThreshold : null;
}

/** The plans a plan report can be made for: those with a submitted audit or a moderation. */
export function reportablePlans(
  sources: ReportSources,
): { cycleId: string; cycleName: string; planRef: string; status: string }[] {
  const cycles = new Map(sources.cycles.map((c) => [c.id, c.name]));
  const seen = new Map<string, { cycleId: string; cycleName: string; planRef: string; status: string }>();
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
  const showNames = !isParentRepView(viewer) || sources.settings.showAuditorNamesToParentReps;
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

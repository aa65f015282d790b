// What the reports read from the device: plans, cycles, frameworks, users, the council's settings and
// every audit and moderation revision, parsed. Which revisions count and what a reader sees is
// report policy, in #shared/domain/report-sources.ts. Used on the page and in the PDF worker alike.
import { frameworksUsedBy, reportSourcesFrom, type ReportSources } from '#shared/domain/report-sources.ts';
import { FeedbackCallRowSchema } from '#shared/records/feedback-call.ts';
import { getDatabase } from './db.ts';
import {
  AuditRecordSchema,
  CycleRecordSchema,
  FrameworkRecordSchema,
  ModerationRecordSchema,
  PlanRecordSchema,
  UserRecordSchema,
} from './records.ts';
import { getCouncilSettings } from './settings.ts';

const parseFramework = (r: unknown) => {
  const { frameworkId, version, data } = FrameworkRecordSchema.parse(r);
  return { frameworkId, version, data };
};

export async function loadReportSources(): Promise<ReportSources> {
  const db = getDatabase();
  const [cycles, frameworks, plans, audits, moderations, users, settings, feedbackCalls] = await db.transaction(
    'r',
    [db.cycles, db.frameworks, db.plans, db.audits, db.moderations, db.users, db.settings, db.feedbackCalls],
    () =>
      Promise.all([
        db.cycles.toArray(),
        db.frameworks.toArray(),
        db.plans.toArray(),
        db.audits.toArray(),
        db.moderations.toArray(),
        db.users.toArray(),
        getCouncilSettings(),
        db.feedbackCalls.toArray(),
      ]),
  );
  return reportSourcesFrom({
    cycles: cycles.map((r) => CycleRecordSchema.parse(r).data),
    frameworks: frameworks.map(parseFramework),
    plans: plans.map((r) => PlanRecordSchema.parse(r).data),
    audits: audits.map((r) => AuditRecordSchema.parse(r).audit),
    moderations: moderations.map((r) => ModerationRecordSchema.parse(r).moderation),
    users: users.map((r) => UserRecordSchema.parse(r).data),
    settings,
    feedbackCalls: feedbackCalls.map((r) => FeedbackCallRowSchema.parse(r).call),
  });
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
  const cycles = cycleRecord ? [CycleRecordSchema.parse(cycleRecord).data] : [];
  const audits = auditRecords.map((r) => AuditRecordSchema.parse(r).audit);
  const moderations = moderationRecords.map((r) => ModerationRecordSchema.parse(r).moderation);
  const frameworks = await db.frameworks
    .where('[frameworkId+version]')
    .anyOf(frameworksUsedBy([...audits, ...moderations, ...cycles]))
    .toArray();
  return reportSourcesFrom({
    cycles,
    frameworks: frameworks.map(parseFramework),
    plans: planRecord ? [PlanRecordSchema.parse(planRecord).data] : [],
    audits,
    moderations,
    users: userRecords.map((r) => UserRecordSchema.parse(r).data),
    settings,
  });
}

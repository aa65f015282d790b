// The reports' reading of the device: submitted audits only (latest revision), the latest moderation,
// settings with a default, and what a parent-carer representative may see.
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COUNCIL_SETTINGS } from '#shared/schemas/settings.ts';
import {
  BOARD_AUDITS,
  PARENT_REP,
  PLAN_MODERATION,
  QA_LEAD,
  REPORT_TODAY,
  seedReportDevice,
} from '#tests/web-support/report-fixtures.ts';
import { applyPull } from './pull.ts';
import { wipeDevice } from './device.ts';
import { readsRedactedView } from '#shared/domain/redacted-view.ts';
import { exportInputs, planReportInputFrom, reportablePlans, reportPlansFrom } from '#shared/domain/report-sources.ts';
import { getDatabase } from './db.ts';
import { loadPlanReportSources, loadReportSources } from './report-data.ts';
import { getCouncilSettings } from './settings.ts';

/** What the reports pages do: read the device, then grade. */
async function loadReportPlans() {
  const sources = await loadReportSources();
  return { plans: reportPlansFrom(sources), sources };
}

beforeEach(async () => {
  await seedReportDevice();
});

describe('report data', () => {
  it('builds one outcome per audited plan, with its moderated grades', async () => {
    const { plans, sources } = await loadReportPlans();
    expect(plans.map((p) => [p.planRef, p.date, p.moderated?.overall ?? null])).toEqual([
      ['PLN-0101', '2026-10-12', 2],
      ['PLN-0102', '2026-11-05', 4],
      ['PLN-0103', '2026-11-10', null],
    ]);
    expect(sources.settings.councilName).toBe('Northshire Council');
    expect(reportablePlans(sources).map((p) => [p.planRef, p.status])).toEqual([
      ['PLN-0101', 'Signed off'],
      ['PLN-0102', 'Signed off'],
      ['PLN-0103', 'Audited'],
    ]);
    expect(exportInputs(sources).audits).toHaveLength(BOARD_AUDITS.length);
  });

  it('leaves drafts out and keeps the latest moderation revision', async () => {
    const draft = {
      ...BOARD_AUDITS[4]!,
      id: '00000000-0000-4000-8000-000000009999',
      auditorId: 'user-health-auditor',
      agency: 'health' as const,
      status: 'draft' as const,
      submittedAt: undefined,
    };
    const amended = {
      ...PLAN_MODERATION,
      id: '00000000-0000-4000-8000-000000009998',
      revision: 2,
      overall: { agreedGrade: 3, rationale: 'Amended after review.' },
      supersedes: { moderationId: PLAN_MODERATION.id, reason: 'New evidence' },
    };
    await applyPull(
      [
        { kind: 'audit', id: draft.id, deleted: false, data: draft },
        { kind: 'moderation', id: amended.id, deleted: false, data: amended },
      ],
      'cursor-2',
    );
    const { plans } = await loadReportPlans();
    expect(plans.find((p) => p.planRef === 'PLN-0103')?.audits).toHaveLength(1);
    expect(plans.find((p) => p.planRef === 'PLN-0101')?.moderated?.overall).toBe(3);
  });

  it('labels auditors without names for parent-carer representatives', async () => {
    const { sources } = await loadReportPlans();
    const input = planReportInputFrom(sources, 'cycle-autumn-2026', 'PLN-0101', REPORT_TODAY, PARENT_REP);
    expect(input?.audits.map((a) => a.auditorLabel)).toEqual(['Auditor 1 (Education)', 'Auditor 2 (Health)']);
    expect(planReportInputFrom(sources, 'cycle-autumn-2026', 'PLN-9999', REPORT_TODAY, QA_LEAD)).toBeNull();
    expect(readsRedactedView(PARENT_REP)).toBe(true);
    expect(readsRedactedView(QA_LEAD)).toBe(false);
  });

  it('reads only one plan’s records for a plan report, with the same result', async () => {
    const one = await loadPlanReportSources('cycle-autumn-2026', 'PLN-0101');
    expect(one.audits.map((a) => a.planRef)).toEqual(['PLN-0101', 'PLN-0101']);
    expect([...one.frameworks.keys()]).toEqual(['test-framework@1']);
    const { sources } = await loadReportPlans();
    expect(planReportInputFrom(one, 'cycle-autumn-2026', 'PLN-0101', REPORT_TODAY, QA_LEAD)).toEqual(
      planReportInputFrom(sources, 'cycle-autumn-2026', 'PLN-0101', REPORT_TODAY, QA_LEAD),
    );
  });

  it('uses the default council settings when none were pulled', async () => {
    await wipeDevice();
    expect(await getCouncilSettings()).toEqual(DEFAULT_COUNCIL_SETTINGS);
  });

  it('falls back to the cautious defaults when the stored settings cannot be read', async () => {
    await getDatabase().settings.put({ key: 'council', data: { councilName: '', smallNumberThreshold: 0 } } as never);
    expect(await getCouncilSettings()).toEqual(DEFAULT_COUNCIL_SETTINGS);
    const { sources } = await loadReportPlans();
    expect(sources.settings.smallNumberThreshold).toBe(DEFAULT_COUNCIL_SETTINGS.smallNumberThreshold);
  });
});

describe('grading for reports', () => {
  it('grades a submitted audit once per page, and again once it has changed', async () => {
    const first = await loadReportPlans();
    const again = reportPlansFrom(first.sources);
    const graded = (plans: typeof again) => plans.find((p) => p.planRef === 'PLN-0101')?.auditGrades[0]?.sections;
    expect(graded(again)).toBe(graded(first.plans));

    const changed = {
      ...first.sources,
      audits: first.sources.audits.map((a) => ({ ...a, updatedAt: '2026-11-21T09:00:00.000Z' })),
    };
    const regraded = graded(reportPlansFrom(changed));
    expect(regraded).not.toBe(graded(first.plans));
    expect(regraded).toEqual(graded(first.plans));
  });
});

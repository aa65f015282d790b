import { describe, expect, it } from 'vitest';
import {
  buildBoardReport,
  buildPlanReport,
  filterReportPlans,
  sectionHeading,
  summariseAgreement,
} from '#shared/domain/report-model.ts';
import { boardPlans, planReportInput, REPORT_COUNCIL, REPORT_TODAY } from '#web/testing/report-fixtures.ts';

describe('buildPlanReport', () => {
  const report = buildPlanReport(planReportInput());

  it('shows each auditor’s grades beside the moderated grade and rationale', () => {
    expect(report.auditors).toEqual(['Auditor 1 (Education)', 'Auditor 2 (Health)']);
    const f = report.sections.find((s) => s.sectionId === 'F');
    expect(f).toEqual({
      sectionId: 'F',
      title: 'Section F',
      auditorGrades: ['Outstanding', 'Inadequate'],
      moderatedGrade: 'Requires improvement',
      rationale: 'Panel view of F.',
    });
    expect(report.overall.auditorGrades).toEqual(['Outstanding', 'Requires improvement']);
    expect(report.overall.moderatedGrade).toBe('Requires improvement');
    expect(report.moderationStatus).toBe('Signed off');
  });

  it('lists statutory criteria not met, with who found them not met', () => {
    expect(report.statutoryNotMet).toEqual([
      { criterionId: 'F2', sectionId: 'F', text: 'Criterion F2', notMetBy: ['Auditor 2 (Health)'] },
    ]);
  });

  it('lists actions by due date and marks the overdue ones', () => {
    expect(report.actions.map((a) => [a.id, a.overdue])).toEqual([
      ['act-2', false],
      ['act-1', true],
    ]);
    expect(report.strengths).toContain('voice');
  });

  it('says so when the plan is not moderated yet', () => {
    const open = buildPlanReport({ ...planReportInput(), moderation: null });
    expect(open.overall.moderatedGrade).toBe('Not agreed');
    expect(open.moderationStatus).toBe('Not moderated yet');
  });
});

describe('buildBoardReport', () => {
  const report = buildBoardReport(boardPlans(), {
    council: REPORT_COUNCIL,
    today: REPORT_TODAY,
    scope: 'Cycle: Autumn 2026',
  });
  const f = report.figures;

  it('counts plans, the Good-or-better share and the distribution', () => {
    expect(f.plansAudited).toBe(3);
    expect(f.plansModerated).toBe(2);
    expect(f.goodOrBetterOverall).toEqual({ count: 1, of: 2, percent: 50 });
    expect(f.distribution.map((d) => [d.label, d.count])).toEqual([
      ['Outstanding', 1],
      ['Good', 0],
      ['Requires improvement', 1],
      ['Inadequate', 0],
    ]);
    expect(f.goodOrBetterBySection.find((s) => s.sectionId === 'F')?.share).toEqual({ count: 1, of: 2, percent: 50 });
    expect(f.goodOrBetterBySection.find((s) => s.sectionId === 'C')?.share).toEqual({ count: 2, of: 2, percent: 100 });
  });

  it('reports statutory failures, actions and provision delivery', () => {
    expect(f.statutoryFailures).toEqual([
      { criterionId: 'F2', text: 'Criterion F2', notMet: 1, partlyMet: 1, judged: 5 },
    ]);
    expect(f.actions).toEqual({ open: 1, overdue: 1, done: 2 });
    expect(f.provisionDelivery).toEqual({ delivered: 3, specified: 4, rate: 75, plans: 1 });
    expect(f.trend).toEqual([
      expect.objectContaining({ term: '2026/27 Autumn', plans: 2, goodOrBetter: { count: 1, of: 2, percent: 50 } }),
    ]);
  });

  it('gives each chart a text alternative with its figures', () => {
    expect(report.alt.distribution).toBe(
      'Overall grades of 2 moderated plans: Outstanding 1, Good 0, Requires improvement 1, Inadequate 0.',
    );
    expect(report.alt.trend).toBe('Good or better by term: 2026/27 Autumn 50% of 2 plans.');
    expect(report.alt.sections).toContain('F 50%');
  });

  it('measures agreement between the two auditors of each plan section', () => {
    // PLN-0101: B, C, E agree (4, 4), F differs (4 vs 1); PLN-0102: all four agree: 7 of 8 exact.
    const agreement = summariseAgreement(boardPlans());
    expect(agreement.units).toBe(8);
    expect(agreement.exactPercent.value).toBe(87.5);
    expect(agreement.withinOnePercent.value).toBe(87.5);
    expect(report.agreement?.exactPercent.value).toBe(87.5);
  });

  it('withholds small numbers and agreement for parent-carer representatives', () => {
    const suppressed = buildBoardReport(boardPlans(), {
      council: REPORT_COUNCIL,
      today: REPORT_TODAY,
      scope: 'All',
      suppressBelow: 5,
    });
    expect(suppressed.figures.goodOrBetterOverall).toEqual({ count: null, of: null, percent: null });
    expect(suppressed.figures.distribution[0]?.count).toBeNull();
    expect(suppressed.agreement).toBeNull();
    expect(suppressed.alt.distribution).toContain('Outstanding fewer than 5');
  });
});

describe('filterReportPlans', () => {
  const plans = boardPlans();

  it('filters by date, key stage, setting and agency', () => {
    expect(filterReportPlans(plans, { from: '2026-11-01' }).map((p) => p.planRef)).toEqual(['PLN-0102', 'PLN-0103']);
    expect(filterReportPlans(plans, { to: '2026-10-31' }).map((p) => p.planRef)).toEqual(['PLN-0101']);
    expect(filterReportPlans(plans, { keyStage: 'ks4' }).map((p) => p.planRef)).toEqual(['PLN-0102']);
    expect(filterReportPlans(plans, { settingType: 'special' }).map((p) => p.planRef)).toEqual(['PLN-0102']);
    expect(filterReportPlans(plans, { cycleId: 'other' })).toEqual([]);
    const health = filterReportPlans(plans, { agency: 'health' });
    expect(health.map((p) => p.planRef)).toEqual(['PLN-0101', 'PLN-0102']);
    expect(health.every((p) => p.audits.every((a) => a.agency === 'health'))).toBe(true);
  });
});

describe('sectionHeading', () => {
  it('keeps a title that already names its section, and prefixes one that does not', () => {
    expect(sectionHeading('A', 'Section A: views, interests and aspirations')).toBe(
      'Section A: views, interests and aspirations',
    );
    expect(sectionHeading('gate', 'Compliance gate: format and timeliness')).toBe(
      'Compliance gate: format and timeliness',
    );
    expect(sectionHeading('WP', 'Whole plan quality')).toBe('WP: Whole plan quality');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHIPPED_FEEDBACK_FORM } from '#shared/domain/shipped-feedback-form.ts';
import { satisfactionInput } from '#shared/domain/report-sources.ts';
import type { FeedbackCall } from '#shared/schemas/feedback.ts';
import { DEFAULT_COUNCIL_SETTINGS } from '#shared/schemas/settings.ts';
import { buildAgreementReport } from '#shared/domain/agreement-report.ts';
import {
  agreementRows,
  boardTables,
  buildBoardReport,
  buildPlanReport,
  filterReportPlans,
  planTables,
  sectionHeading,
  summariseAgreement,
} from '#shared/domain/report-model.ts';
import { loadShippedFramework, REVIEW_FRAMEWORK_FILE } from '#tests/fixtures/shipped-frameworks.ts';
import {
  boardPlans,
  planReportInput,
  REPORT_COUNCIL,
  REPORT_TODAY,
  reviewPlans,
} from '#tests/web-support/report-fixtures.ts';

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

describe('report tables', () => {
  it('gives the plan report’s grades, statutory failures and actions as the cells both versions print', () => {
    const tables = planTables(buildPlanReport(planReportInput()));
    expect(tables.grades.head).toEqual([
      'Section',
      'Auditor 1 (Education)',
      'Auditor 2 (Health)',
      'Moderated grade',
      'Rationale',
    ]);
    expect(tables.grades.rows.at(-1)).toEqual([
      'Overall',
      'Outstanding',
      'Requires improvement',
      'Requires improvement',
      expect.any(String),
    ]);
    expect(tables.grades.rows).toContainEqual([
      'Section F',
      'Outstanding',
      'Inadequate',
      'Requires improvement',
      'Panel view of F.',
    ]);
    expect(tables.statutory.rows).toEqual([['F2', 'Criterion F2', 'Auditor 2 (Health)']]);
    expect(tables.actions.rows.map((r) => r.at(-1))).toEqual(['done', 'open (overdue)']);
  });

  it('prints agreement as percentages except alpha, and leaves it out when numbers are withheld', () => {
    const options = { council: REPORT_COUNCIL, today: REPORT_TODAY, scope: 'All' };
    const tables = boardTables(buildBoardReport(boardPlans(), options));
    expect(tables.agreement?.rows.map((r) => r.slice(0, 2))).toEqual([
      ['Exact agreement', '87.5%'],
      ['Agreement within one grade', '87.5%'],
      ["Krippendorff's alpha (ordinal)", '0'],
    ]);
    expect(tables.statutory.rows).toEqual([['F2', 'Criterion F2', '1', '1', '5']]);
    const withheld = boardTables(buildBoardReport(boardPlans(), { ...options, suppressBelow: 5 }));
    expect(withheld.agreement).toBeNull();
    expect(withheld.statutory.rows).toEqual([['F2', 'Criterion F2', 'fewer than 5', 'fewer than 5', '5']]);
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

describe('agreementRows', () => {
  // Hand-checked from the fixture: PLN-0101 education 4/4/4/4, health 4/4/4/1, panel 3/3/3/2;
  // PLN-0102 both 4/4/4/4, panel 4/3/4/4; PLN-0103 education only, F partly met so F 2.
  const unit = (ref: string) => `cycle-autumn-2026|${ref}`;
  const rows = agreementRows(boardPlans());

  it('gives one row per auditor per section of each plan, in framework order', () => {
    expect(rows.scale).toEqual([1, 2, 3, 4]);
    expect(rows.ratings).toHaveLength(20);
    expect(rows.ratings.slice(6, 8)).toEqual([
      {
        unitId: unit('PLN-0101'),
        sectionId: 'F',
        raterId: 'user-education-auditor',
        agency: 'education',
        grade: 4,
        cycleId: 'cycle-autumn-2026',
      },
      {
        unitId: unit('PLN-0101'),
        sectionId: 'F',
        raterId: 'user-health-auditor',
        agency: 'health',
        grade: 1,
        cycleId: 'cycle-autumn-2026',
      },
    ]);
    expect(rows.ratings.filter((r) => r.unitId === unit('PLN-0103')).map((r) => [r.sectionId, r.grade])).toEqual([
      ['B', 4],
      ['C', 4],
      ['E', 4],
      ['F', 2],
    ]);
  });

  it('gives the agreed grades of moderated plans only', () => {
    expect(rows.moderated.map((m) => [m.unitId, m.sectionId, m.grade])).toEqual([
      [unit('PLN-0101'), 'B', 3],
      [unit('PLN-0101'), 'C', 3],
      [unit('PLN-0101'), 'E', 3],
      [unit('PLN-0101'), 'F', 2],
      [unit('PLN-0102'), 'B', 4],
      [unit('PLN-0102'), 'C', 3],
      [unit('PLN-0102'), 'E', 4],
      [unit('PLN-0102'), 'F', 4],
    ]);
  });

  it('feeds the agreement report: 7 of 8 sections agreed, and each auditor against the panel', () => {
    const report = buildAgreementReport(rows.ratings, rows.scale, rows.moderated);
    expect(report.overall).toMatchObject({ nUnits: 12, nRaters: 2 });
    expect(report.overall.exact.value).toBe(0.875);
    // The one disagreement (4 against 1) is the only grade that is not 4, so alpha is exactly 0.
    expect(report.overall.alpha.ordinal.value).toBeCloseTo(0, 10);
    expect(report.bySection.map((s) => [s.sectionId, s.exact.value])).toEqual([
      ['B', 1],
      ['C', 1],
      ['E', 1],
      ['F', 0.5],
    ]);
    // Education 4 on all 8 sections against the panel 3,3,3,2,4,3,4,4: 3 of 8 agree.
    expect(report.byAuditor.map((a) => [a.raterId, a.exact.nPairs, a.exact.value])).toEqual([
      ['user-education-auditor', 8, 0.375],
      ['user-health-auditor', 8, 0.375],
    ]);
  });

  it('keeps only the chosen agency’s grades when filtered by agency', () => {
    const filtered = agreementRows(filterReportPlans(boardPlans(), { agency: 'health' }));
    expect(new Set(filtered.ratings.map((r) => r.agency))).toEqual(new Set(['health']));
    expect(filtered.ratings).toHaveLength(8);
  });
});

describe('annual review measures in the board report', () => {
  const plans = reviewPlans(loadShippedFramework(REVIEW_FRAMEWORK_FILE));
  const options = { council: REPORT_COUNCIL, today: REPORT_TODAY, scope: 'Annual reviews' };

  it('shows each measure the framework declares per term, with the number behind it and the change', () => {
    const rows = boardTables(buildBoardReport(plans, options)).measures.rows;
    const onTime = rows.filter(([label]) => label === 'Reviews held within 12 months');
    expect(onTime).toEqual([
      ['Reviews held within 12 months', '2026/27 Autumn', '50% (1 of 2 reviews)', '–', '0 unknown, 0 not applicable'],
      [
        'Reviews held within 12 months',
        '2026/27 Spring',
        '75% (3 of 4 reviews)',
        'up 25 points',
        '1 unknown, 0 not applicable',
      ],
      ['Reviews held within 12 months', 'All terms', '66.7% (4 of 6 reviews)', '–', '1 unknown, 0 not applicable'],
    ]);
    const provision = rows.find(
      ([label, term]) => label?.startsWith('Section F provision in place') && term === 'All terms',
    );
    expect(provision?.[2]).toBe('75% (9 of 12 lines, 3 reviews)');
    expect(rows.map(([label]) => label)).toContain(
      'Reviews with the views of the parent or carer and of the child captured beforehand',
    );
  });

  it('withholds measures over too few reviews in the suppressed view', () => {
    const rows = boardTables(buildBoardReport(plans, { ...options, suppressBelow: 5 })).measures.rows;
    const onTime = rows.filter(([label]) => label === 'Reviews held within 12 months').map((r) => r[2]);
    expect(onTime).toEqual(['withheld (fewer than 5 reviews)', 'withheld (fewer than 5 reviews)', 'withheld']);
  });

  it('has no measures section for plan audits whose framework declares none', () => {
    expect(boardTables(buildBoardReport(boardPlans(), options)).measures.rows).toEqual([]);
  });
});

describe('parent-carer satisfaction on the board report', () => {
  const call = (i: number, value: number, calledOn: string): FeedbackCall => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    planRef: `PLN-${i}`,
    formId: SHIPPED_FEEDBACK_FORM.id,
    formVersion: 1,
    calledOn,
    recordedBy: 'user-sendat-auditor',
    answers: { overall: { value } },
    status: 'submitted',
    createdAt: `${calledOn}T10:00:00.000Z`,
    updatedAt: `${calledOn}T10:00:00.000Z`,
    submittedAt: `${calledOn}T10:00:00.000Z`,
  });
  const options = { council: REPORT_COUNCIL, today: REPORT_TODAY, scope: 'All' };
  const rowsFor = (calls: FeedbackCall[], threshold = 5) =>
    boardTables(
      buildBoardReport(boardPlans(), { ...options, satisfaction: { calls, form: SHIPPED_FEEDBACK_FORM, threshold } }),
    ).satisfaction.rows;

  it('withholds a term over fewer answers than the threshold, whoever reads it', () => {
    const rows = rowsFor([call(1, 5, '2026-10-01'), call(2, 2, '2026-10-02'), call(3, 4, '2026-10-03')]);
    expect(rows[0]).toEqual(['2026/27 Autumn', 'withheld (fewer than 5 answered)', '–', '0']);
  });

  it('shows the share of satisfied answers with the number behind it once there are enough', () => {
    const calls = [5, 4, 4, 5, 1, 2, 4, 5, 3, 1].map((v, i) => call(i + 1, v, '2026-10-05'));
    // 6 of 10 satisfied but only 4 not: a share that would show fewer than 5 families either way is withheld.
    expect(rowsFor(calls)[0]?.[1]).toBe('withheld (10 answered)');
    const more = [...calls, ...[1, 2].map((v, i) => call(i + 20, v, '2026-10-06'))];
    expect(rowsFor(more)[0]).toEqual(['2026/27 Autumn', '50% (6 of 12 answered)', '–', '0']);
    expect(rowsFor(more).at(-1)?.[0]).toBe('All terms');
  });

  it('has no rows without feedback calls', () => {
    expect(rowsFor([])).toEqual([]);
    expect(boardTables(buildBoardReport(boardPlans(), options)).satisfaction.rows).toEqual([]);
  });

  it('the device copy of the shipped feedback form is the file', () => {
    expect(SHIPPED_FEEDBACK_FORM).toEqual(
      JSON.parse(readFileSync('audit-frameworks/parent-carer-feedback.json', 'utf8')) as unknown,
    );
  });
});

describe('satisfaction input', () => {
  it('narrows feedback calls by the date range only', () => {
    const calls = ['2026-09-10', '2026-11-20', '2027-02-01'].map((calledOn, i): FeedbackCall => ({
      id: `00000000-0000-4000-8000-00000000010${i}`,
      planRef: 'PLN-1',
      formId: SHIPPED_FEEDBACK_FORM.id,
      formVersion: 1,
      calledOn,
      recordedBy: 'user-sendat-auditor',
      answers: {},
      status: 'submitted',
      createdAt: `${calledOn}T10:00:00.000Z`,
      updatedAt: `${calledOn}T10:00:00.000Z`,
    }));
    const sources = { feedbackCalls: calls, settings: { ...DEFAULT_COUNCIL_SETTINGS, smallNumberThreshold: 7 } };
    const input = satisfactionInput(sources, { from: '2026-10-01', to: '2026-12-31' });
    expect(input.calls.map((c) => c.calledOn)).toEqual(['2026-11-20']);
    expect(input.threshold).toBe(7);
    expect(satisfactionInput(sources).calls).toHaveLength(3);
  });
});

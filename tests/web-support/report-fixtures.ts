// Hand-checked report data for the report tests: a miniature framework (B, C, E, F), three plans
// audited by two agencies, two of them moderated, with the figures each report must show.
import { buildFramework, rate, YEAR_5_PLAN, YEAR_10_PLAN } from '#tests/fixtures/frameworks.ts';
import { buildReportPlan, type PlanReportInput, type ReportPlan } from '#shared/domain/report-model.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Agency, Framework, RatingMeaning } from '#shared/schemas/framework.ts';
import type { Action, Moderation } from '#shared/schemas/moderation.ts';
import type { Change } from '#shared/protocol/sync.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import type { User } from '#shared/schemas/user.ts';
import { wipeDevice } from '#web/storage/device.ts';
import { saveSession } from '#web/storage/meta.ts';
import { applyPull } from '#web/storage/pull.ts';

export const REPORT_FRAMEWORK = buildFramework();
export const REPORT_TODAY = '2026-11-22';
export const REPORT_COUNCIL = { councilName: 'Northshire Council' };

let counter = 0;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function makeAudit(
  planRef: string,
  agency: Agency,
  ratings: Record<string, RatingMeaning>,
  extra: Partial<Audit> = {},
): Audit {
  counter += 1;
  return {
    id: uuid(counter),
    cycleId: 'cycle-autumn-2026',
    planRef,
    frameworkId: REPORT_FRAMEWORK.id,
    frameworkVersion: 1,
    auditorId: `user-${agency}-auditor`,
    agency,
    responses: rate(ratings),
    sectionOverrides: {},
    status: 'submitted',
    revision: 1,
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: '2026-10-02T09:00:00.000Z',
    submittedAt: '2026-10-02T09:00:00.000Z',
    ...extra,
  };
}

export function makeModeration(
  planRef: string,
  grades: { sections: Record<string, number | null>; overall: number | null },
  extra: Partial<Moderation> = {},
): Moderation {
  counter += 1;
  return {
    id: uuid(1000 + counter),
    cycleId: 'cycle-autumn-2026',
    planRef,
    frameworkId: REPORT_FRAMEWORK.id,
    frameworkVersion: 1,
    auditRefs: [],
    participants: {},
    sections: Object.fromEntries(
      Object.entries(grades.sections).map(([id, g]) => [id, { agreedGrade: g, rationale: `Panel view of ${id}.` }]),
    ),
    overall: { agreedGrade: grades.overall, rationale: 'Best fit of the agreed section grades.' },
    strengths: 'The child’s voice runs through the plan.',
    areasForDevelopment: 'Quantify the provision in Section F.',
    actions: {},
    status: 'signed-off',
    revision: 1,
    openedAt: '2026-10-10T09:00:00.000Z',
    openedBy: 'user-qa-lead',
    updatedAt: '2026-10-12T09:00:00.000Z',
    signedOffAt: '2026-10-12T09:00:00.000Z',
    signedOffBy: 'user-qa-lead',
    ...extra,
  };
}

export const ACTION_OVERDUE: Action = {
  id: 'act-1',
  description: 'Quantify speech and language therapy hours in F',
  ownerRole: 'SEN case officer',
  dueDate: '2026-11-01',
  criterionId: 'F2',
  status: 'open',
};
export const ACTION_DONE: Action = {
  id: 'act-2',
  description: 'Add the child’s own words to Section A',
  ownerRole: 'Educational psychologist',
  dueDate: '2026-10-30',
  status: 'done',
};

const ALL_MET = { B1: 'met', B2: 'met', B3: 'met', B4: 'met', C1: 'met', C2: 'met', E1: 'met', E2: 'met' } as const;
const F_MET = { F1: 'met', F2: 'met', F3: 'met', F4: 'met' } as const;

/**
 * PLN-0101: education rates all met (every section Outstanding, overall Outstanding); health rates
 * F2 not met (F Inadequate by the statutory cap, overall capped at Requires improvement).
 * Moderated: B Good, C Good, E Good, F Requires improvement, overall Requires improvement.
 */
export const PLAN_AUDITS = [
  makeAudit('PLN-0101', 'education', { ...ALL_MET, ...F_MET }),
  makeAudit('PLN-0101', 'health', { ...ALL_MET, ...F_MET, F2: 'not-met' }),
];
export const PLAN_MODERATION = makeModeration(
  'PLN-0101',
  { sections: { B: 3, C: 3, E: 3, F: 2 }, overall: 2 },
  { actions: { [ACTION_OVERDUE.id]: ACTION_OVERDUE, [ACTION_DONE.id]: ACTION_DONE } },
);

export function planReportInput(): PlanReportInput {
  return {
    council: REPORT_COUNCIL,
    planRef: 'PLN-0101',
    attributes: YEAR_5_PLAN,
    cycleName: 'Autumn 2026: EHC plan quality audit',
    framework: REPORT_FRAMEWORK,
    audits: [
      { auditorLabel: 'Auditor 1 (Education)', agency: 'education', audit: PLAN_AUDITS[0]! },
      { auditorLabel: 'Auditor 2 (Health)', agency: 'health', audit: PLAN_AUDITS[1]! },
    ],
    moderation: PLAN_MODERATION,
    today: REPORT_TODAY,
  };
}

/**
 * Board data, hand-checked:
 * - PLN-0101 (above): moderated overall 2, signed off 2026-10-12 (2026/27 Autumn); F2 not met once.
 * - PLN-0102: both agencies all met; moderated overall 4 (B 4, C 3, E 4, F 4); signed off 2026-11-05;
 *   Year 10 special school; action done.
 * - PLN-0103: education only, F2 partly met with 3 of 4 provision lines delivered; not moderated.
 * So: 3 plans audited, 2 moderated, 1 of 2 (50%) Good or better overall; distribution Outstanding 1,
 * Requires improvement 1; statutory failures F2 not met 1 of 5 judged; actions 1 open, 1 overdue, 1 done;
 * provision 3 of 4 delivered (75%) in 1 plan.
 */
const PLN_0102_AUDITS = [
  makeAudit('PLN-0102', 'education', { ...ALL_MET, E3: 'met', ...F_MET }),
  makeAudit('PLN-0102', 'health', { ...ALL_MET, E3: 'met', ...F_MET }),
];
const PLN_0102_MODERATION = makeModeration(
  'PLN-0102',
  { sections: { B: 4, C: 3, E: 4, F: 4 }, overall: 4 },
  { signedOffAt: '2026-11-05T10:00:00.000Z', actions: { 'act-3': { ...ACTION_DONE, id: 'act-3' } } },
);
const PLN_0103_AUDIT: Audit = (() => {
  const a = makeAudit('PLN-0103', 'education', { ...ALL_MET, ...F_MET, F2: 'partly-met' });
  return {
    ...a,
    submittedAt: '2026-11-10T09:00:00.000Z',
    responses: { ...a.responses, F1: { rating: 'met', measure: { numerator: 3, denominator: 4 } } },
  };
})();

export const BOARD_AUDITS: Audit[] = [...PLAN_AUDITS, ...PLN_0102_AUDITS, PLN_0103_AUDIT];
export const BOARD_MODERATIONS: Moderation[] = [PLAN_MODERATION, PLN_0102_MODERATION];

export function boardPlans(): ReportPlan[] {
  const common = { cycleId: 'cycle-autumn-2026', framework: REPORT_FRAMEWORK };
  return [
    buildReportPlan({
      ...common,
      planRef: 'PLN-0101',
      attributes: YEAR_5_PLAN,
      audits: PLAN_AUDITS,
      moderation: PLAN_MODERATION,
    }),
    buildReportPlan({
      ...common,
      planRef: 'PLN-0102',
      attributes: { ...YEAR_10_PLAN, settingType: 'special' },
      audits: PLN_0102_AUDITS,
      moderation: PLN_0102_MODERATION,
    }),
    buildReportPlan({
      ...common,
      planRef: 'PLN-0103',
      attributes: YEAR_5_PLAN,
      audits: [PLN_0103_AUDIT],
      moderation: null,
    }),
  ];
}

export const REPORT_CYCLE: Cycle = {
  id: 'cycle-autumn-2026',
  name: 'Autumn 2026: EHC plan quality audit',
  periodStart: '2026-09-01',
  periodEnd: '2026-12-18',
  frameworkId: REPORT_FRAMEWORK.id,
  frameworkVersion: 1,
  status: 'open',
  sampledPlans: ['PLN-0101', 'PLN-0102', 'PLN-0103'],
};

export const QA_LEAD: User = {
  id: 'user-qa-lead',
  name: 'Quinn Lead',
  email: 'qa.lead@demo.example',
  roles: ['qa-lead'],
};
export const PARENT_REP: User = {
  id: 'user-parent-rep',
  name: 'Pat Parent',
  email: 'parent.rep@demo.example',
  roles: ['parent-rep'],
};

/** The one auditor the report device knows by name: the agreement page falls back to "Auditor 1" for the other. */
export const HEALTH_AUDITOR: User = {
  id: 'user-health-auditor',
  name: 'Hana Health',
  email: 'health.auditor@demo.example',
  roles: ['auditor'],
  agency: 'health',
};

/** What a QA lead's device holds after a sync: the three plans above, their audits and moderations. */
export function reportChanges(): Change[] {
  const plans = boardPlans();
  return [
    { kind: 'framework', id: `${REPORT_FRAMEWORK.id}@1`, deleted: false, data: REPORT_FRAMEWORK },
    { kind: 'cycle', id: REPORT_CYCLE.id, deleted: false, data: REPORT_CYCLE },
    ...plans.map((p): Change => ({
      kind: 'plan',
      id: p.planRef,
      deleted: false,
      data: { ref: p.planRef, attributes: p.attributes },
    })),
    ...BOARD_AUDITS.map((a): Change => ({ kind: 'audit', id: a.id, deleted: false, data: a })),
    ...BOARD_MODERATIONS.map((m): Change => ({ kind: 'moderation', id: m.id, deleted: false, data: m })),
    { kind: 'user', id: HEALTH_AUDITOR.id, deleted: false, data: HEALTH_AUDITOR },
    {
      kind: 'settings',
      id: 'council',
      deleted: false,
      data: { councilName: 'Northshire Council', showAuditorNamesToParentReps: false, smallNumberThreshold: 5 },
    },
  ];
}

export async function seedReportDevice(user: User = QA_LEAD): Promise<void> {
  await wipeDevice();
  await saveSession({ user, csrfToken: 'csrf-token-for-tests-0001', expiresAt: '2030-01-01T00:00:00.000Z' });
  await applyPull(reportChanges(), 'cursor-1');
}

/**
 * Six annual reviews on the shipped annual-review framework, two in Autumn and four in Spring: the
 * 12-month measure is 1 of 2 then 3 of 4; Section F lines 9 of 12 over three reviews; one review's
 * timing could not be judged.
 */
export function reviewPlans(framework: Framework): ReportPlan[] {
  const spec: { date: string; time: RatingMeaning; lines?: [number, number] }[] = [
    { date: '2026-10-05', time: 'met', lines: [4, 5] },
    { date: '2026-10-06', time: 'not-met' },
    { date: '2027-02-01', time: 'met', lines: [3, 4] },
    { date: '2027-02-02', time: 'met', lines: [2, 3] },
    { date: '2027-02-03', time: 'met' },
    { date: '2027-02-04', time: 'not-met' },
    { date: '2027-02-05', time: 'cannot-judge' },
  ];
  return spec.map((s, i) => {
    const planRef = `PLN-09${String(i).padStart(2, '0')}`;
    const audit = makeAudit(
      planRef,
      'sendat',
      { TIME1: s.time, PROG1: 'met', VOICE1: 'met', VOICE3: 'met' },
      {
        frameworkId: framework.id,
        submittedAt: `${s.date}T09:00:00.000Z`,
      },
    );
    if (s.lines) audit.responses.PROV1 = { rating: 'met', measure: { numerator: s.lines[0], denominator: s.lines[1] } };
    return buildReportPlan({
      cycleId: 'cycle-reviews',
      framework,
      planRef,
      attributes: YEAR_5_PLAN,
      audits: [audit],
      moderation: null,
    });
  });
}

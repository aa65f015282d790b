// The demo council seeded into an empty database: one account per role and agency, both shipped
// frameworks published, 40 pseudonymous plans, a plan-audit cycle of 12 sampled plans assigned to
// the education, health and social care auditors, and an annual-review cycle of 5 for the SENDAT.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { criterionApplies } from '#shared/domain/applicability.ts';
import { gradeAudit, nearestGrade } from '#shared/domain/grading.ts';
import { seededGenerator } from '#shared/domain/sampling.ts';
import type { CreateUserRequest } from '#shared/protocol/api.ts';
import {
  SYNC_PROTOCOL_VERSION,
  type ModerationPatch,
  type Mutation,
  type MutationResult,
} from '#shared/protocol/sync.ts';
import type { AuditAnswers, CriterionResponse } from '#shared/schemas/audit.ts';
import type { Framework, RatingMeaning } from '#shared/schemas/framework.ts';
import type { Action } from '#shared/schemas/moderation.ts';
import {
  keyStageForYear,
  PRIMARY_NEEDS,
  type Plan,
  type PlanAttributes,
  type PlanType,
  type SettingType,
} from '#shared/schemas/plan.ts';
import type { User } from '#shared/schemas/user.ts';
import type { SqlClient } from '../store/sql-client.ts';
import { countUsers } from '../store/users.ts';
import { sectionsNeedingGrades } from '#shared/domain/moderation-patch.ts';
import { applyPush } from '../sync/push.ts';
import { createUserWithHash } from '../services/accounts.ts';
import { assignAuditors } from '../services/cycle-assignments.ts';
import { createCycle } from '../services/cycles.ts';
import { importFramework, publishFramework } from '../services/frameworks.ts';
import { hashPassword } from '../services/passwords.ts';
import { upsertPlans } from '../services/plans.ts';
import { FrameworkCache } from '../store/frameworks.ts';

export const DEMO_PASSWORD = 'demo-audit-2026';

export const DEMO_USERS = [
  { id: 'user-admin', name: 'Alex Admin', email: 'admin@demo.example', roles: ['admin'] },
  { id: 'user-qa-lead', name: 'Quinn QA Lead', email: 'qa.lead@demo.example', roles: ['qa-lead'] },
  {
    id: 'user-education-auditor',
    name: 'Erin Education',
    email: 'education.auditor@demo.example',
    roles: ['auditor'],
    agency: 'education',
  },
  {
    id: 'user-health-auditor',
    name: 'Harper Health',
    email: 'health.auditor@demo.example',
    roles: ['auditor'],
    agency: 'health',
  },
  {
    id: 'user-social-care-auditor',
    name: 'Sam Social Care',
    email: 'social-care.auditor@demo.example',
    roles: ['auditor'],
    agency: 'social-care',
  },
  {
    id: 'user-sendat-auditor',
    name: 'Sasha SENDAT',
    email: 'sendat@demo.example',
    roles: ['auditor'],
    agency: 'sendat',
  },
  { id: 'user-parent-rep', name: 'Pat Parent Rep', email: 'parent.rep@demo.example', roles: ['parent-rep'] },
] as const satisfies readonly (Omit<CreateUserRequest, 'password'> & { id: string })[];

const FRAMEWORK_FILES = ['ehcp-quality-audit.json', 'annual-review-visit.json', 'advice-quality.json'];
const FRAMEWORKS_DIR = fileURLToPath(new URL('../../../audit-frameworks/', import.meta.url));

/** 40 plans across every key stage, need and kind of setting; a third are annual reviews. */
export function demoPlans(count = 40): Plan[] {
  const random = seededGenerator(2026);
  const teams = ['North team', 'South team', 'East team', 'West team'];
  const schoolSettings: SettingType[] = [
    'mainstream',
    'mainstream',
    'resourced-provision',
    'special',
    'independent-special',
    'alternative-provision',
  ];
  const planTypes: PlanType[] = ['annual-review', 'new', 'annual-review', 'amended'];
  return Array.from({ length: count }, (_, i) => {
    const yearGroup = (i % 16) - 1;
    const keyStage = keyStageForYear(yearGroup);
    const settingType: SettingType =
      keyStage === 'early-years'
        ? 'early-years'
        : keyStage === 'post-16' || keyStage === 'post-19'
          ? i % 2 === 0
            ? 'further-education'
            : 'special'
          : (schoolSettings[Math.floor(random() * schoolSettings.length)] ?? 'mainstream');
    const month = String(1 + (i % 12)).padStart(2, '0');
    return {
      ref: `PLN-${String(i + 1).padStart(4, '0')}`,
      attributes: {
        keyStage,
        yearGroup,
        primaryNeed: PRIMARY_NEEDS[i % PRIMARY_NEEDS.length] ?? 'ASD',
        settingType,
        planType: planTypes[i % planTypes.length] ?? 'annual-review',
        lookedAfter: i % 7 === 3,
        personalBudgetRequested: i % 5 === 2,
        issueDate: `2024-${month}-15`,
        reviewDate: `2025-${month}-10`,
        team: teams[i % teams.length] ?? 'North team',
      },
    };
  });
}

export type SeedResult = { isSeeded: boolean };

/**
 * The demo cycles run from the start of this month to the end of next, so a newcomer sees work
 * that is due rather than a cycle that closed long ago.
 */
export function demoCyclePeriod(today: Date): { start: string; end: string; due: string; label: string } {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 2, 0));
  const due = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 28));
  const label = start.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return { start: iso(start), end: iso(end), due: iso(due), label };
}

export type SeedOptions = {
  /**
   * Also seed the previous term's cycle, audited and moderated, so dashboards, board reports and
   * re-audits have data at once. Off by default: the test suites count on the current cycle alone.
   */
  history?: boolean;
};

/** Seeds the demo council when the database has no users; otherwise leaves it alone. */
export async function seedDemo(
  db: SqlClient,
  today: Date = new Date(),
  options: SeedOptions = {},
): Promise<SeedResult> {
  if ((await countUsers(db)) > 0) return { isSeeded: false };
  // Hash in parallel (scrypt runs on the thread pool), store one by one.
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  for (const [i, user] of DEMO_USERS.entries()) {
    await createUserWithHash(db, null, { ...user, roles: [...user.roles] }, hashes[i] ?? '', user.id);
  }
  const qaLead = 'user-qa-lead';
  for (const file of FRAMEWORK_FILES) {
    const data: unknown = JSON.parse(readFileSync(`${FRAMEWORKS_DIR}${file}`, 'utf8'));
    const framework = await importFramework(db, qaLead, data);
    await publishFramework(db, qaLead, framework.id, framework.version ?? 1);
  }
  await upsertPlans(db, qaLead, demoPlans());

  const period = demoCyclePeriod(today);
  const planAudit = await createCycle(db, qaLead, {
    name: `${period.label}: EHC plan quality audit`,
    periodStart: period.start,
    periodEnd: period.end,
    frameworkId: 'ehcp-quality',
    frameworkVersion: 1,
    sample: { method: 'stratified', size: 12, seed: 20260105, strata: ['keyStage'] },
  });
  const agencyAuditors = ['user-education-auditor', 'user-health-auditor', 'user-social-care-auditor'];
  await assignAuditors(db, qaLead, planAudit.id, {
    assignments: planAudit.sampledPlans.flatMap((planRef) =>
      agencyAuditors.map((auditorId) => ({ planRef, auditorId, dueDate: period.due })),
    ),
  });

  const reviews = await createCycle(db, qaLead, {
    name: `${period.label}: annual review visits`,
    periodStart: period.start,
    periodEnd: period.end,
    frameworkId: 'annual-review-visit',
    frameworkVersion: 1,
    sample: { method: 'random', size: 5, seed: 20260106 },
    frame: { planTypes: ['annual-review'] },
  });
  await assignAuditors(db, qaLead, reviews.id, {
    assignments: reviews.sampledPlans.map((planRef) => ({
      planRef,
      auditorId: 'user-sendat-auditor',
      dueDate: period.due,
    })),
  });
  if (options.history) await seedDemoHistory(db, today);
  return { isSeeded: true };
}

/** The term before the demo cycles: the three months ending the day before they start. */
export function previousTermPeriod(today: Date): { start: string; end: string; label: string } {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 3, 1));
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  const label = start.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return { start: iso(start), end: iso(end), label };
}

const demoUser = (id: string): User => {
  const found = DEMO_USERS.find((user) => user.id === id);
  if (!found) throw new Error(`no demo user ${id}`);
  const { roles, ...rest } = found;
  return { ...rest, roles: [...roles] };
};

/** Ratings for one auditor of one plan: the plan's quality plus this auditor's leaning, so panels disagree. */
function demoResponses(
  framework: Framework,
  plan: PlanAttributes,
  quality: number,
  random: () => number,
): Record<string, CriterionResponse> {
  const responses: Record<string, CriterionResponse> = {};
  for (const section of framework.sections) {
    for (const criterion of section.criteria) {
      if (!criterionApplies(criterion, plan)) continue;
      const level = quality + (random() - 0.5) * 0.7;
      let rating: RatingMeaning = level > 0.55 ? 'met' : level > 0.3 ? 'partly-met' : 'not-met';
      if (criterion.allowedRatings && !criterion.allowedRatings.includes(rating)) {
        rating = criterion.allowedRatings[0] ?? 'met';
      }
      const specified = 4;
      const delivered = Math.max(0, Math.min(specified, Math.round(level * specified)));
      responses[criterion.id] = {
        rating,
        ...(criterion.measure ? { measure: { numerator: delivered, denominator: specified } } : {}),
      };
    }
  }
  return responses;
}

async function pushAs(db: SqlClient, user: User, today: Date, mutations: Mutation[]): Promise<void> {
  const response = await applyPush(
    { db, frameworks: new FrameworkCache(), user, now: () => today },
    { protocolVersion: SYNC_PROTOCOL_VERSION, clientId: randomUUID(), mutations },
  );
  const refused = response.results.find((result: MutationResult) => result.status !== 'applied');
  if (refused) throw new Error(`the demo history was refused: ${JSON.stringify(refused)}`);
}

const mutation = <N extends Mutation['name']>(
  name: N,
  args: Extract<Mutation, { name: N }>['args'],
  clientSeq: number,
): Mutation => ({ id: randomUUID(), clientSeq, name, args }) as Mutation;

/**
 * The previous term's plan-audit cycle: 8 plans, each audited and submitted by the three agency
 * auditors, with deterministic ratings that sometimes disagree, and a signed-off moderation per plan
 * with a few actions (some overdue). Everything goes through the sync handlers, so every rule holds.
 */
export async function seedDemoHistory(db: SqlClient, today: Date): Promise<void> {
  const qaLead = demoUser('user-qa-lead');
  const period = previousTermPeriod(today);
  const cycle = await createCycle(db, qaLead.id, {
    name: `${period.label}: EHC plan quality audit`,
    periodStart: period.start,
    periodEnd: period.end,
    frameworkId: 'ehcp-quality',
    frameworkVersion: 1,
    sample: { method: 'stratified', size: 8, seed: 20251005, strata: ['keyStage'] },
  });
  const auditorIds = ['user-education-auditor', 'user-health-auditor', 'user-social-care-auditor'];
  const assigned = await assignAuditors(db, qaLead.id, cycle.id, {
    assignments: cycle.sampledPlans.flatMap((planRef) =>
      auditorIds.map((auditorId) => ({ planRef, auditorId, dueDate: period.end })),
    ),
  });
  const framework = await new FrameworkCache().get(db, 'ehcp-quality', 1);
  if (!framework) throw new Error('the EHCP framework is not published');
  const plans = new Map(demoPlans().map((plan) => [plan.ref, plan.attributes]));
  const random = seededGenerator(20251006);
  const at = today.toISOString();
  const dayOffset = (days: number) => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const needing = sectionsNeedingGrades(framework);

  for (const [planIndex, planRef] of cycle.sampledPlans.entries()) {
    const attributes = plans.get(planRef);
    if (!attributes) continue;
    const quality = 0.25 + random() * 0.7;
    const answers: AuditAnswers[] = [];
    for (const auditorId of auditorIds) {
      const assignment = assigned.find((a) => a.planRef === planRef && a.auditorId === auditorId);
      if (!assignment) continue;
      const auditId = randomUUID();
      const responses = demoResponses(framework, attributes, quality, random);
      await pushAs(db, demoUser(auditorId), today, [
        mutation('audit.start', { auditId, assignmentId: assignment.id, startedAt: at }, 1),
        mutation(
          'audit.patch',
          {
            auditId,
            patch: {
              responses: Object.fromEntries(Object.entries(responses).map(([id, to]) => [id, { from: null, to }])),
            },
          },
          2,
        ),
        mutation('audit.submit', { auditId, revision: 1, submittedAt: at }, 3),
      ]);
      answers.push({ responses, sectionOverrides: {} });
    }
    // The panel agrees the best fit of the auditors' grades, section by section.
    const gradings = answers.map((answer) => gradeAudit(framework, answer, attributes));
    const lowest = framework.gradeScale.grades.at(-1)?.value ?? 1;
    const agreed = (grades: (number | null | undefined)[]): number => {
      const known = grades.filter((g): g is number => typeof g === 'number');
      return known.length === 0 ? lowest : nearestGrade(framework, known.reduce((a, b) => a + b, 0) / known.length);
    };
    const moderationId = randomUUID();
    const actions: Record<string, Action> = {};
    if (planIndex % 2 === 0) {
      const overdue = planIndex % 4 === 0;
      const id = randomUUID();
      const criterionId = framework.sections.find((s) => s.id === 'F')?.criteria[0]?.id;
      actions[id] = {
        id,
        description: 'Rewrite the Section F provision so each line says who provides what, and how often.',
        ownerRole: 'SEN case officer',
        dueDate: dayOffset(overdue ? -14 : 30),
        ...(criterionId === undefined ? {} : { criterionId }),
        status: overdue ? 'open' : 'in-progress',
      };
    }
    if (planIndex % 3 === 0) {
      const id = randomUUID();
      actions[id] = {
        id,
        description: 'Request updated health advice before the next annual review.',
        ownerRole: 'Designated Clinical Officer',
        dueDate: dayOffset(planIndex === 0 ? -7 : -30),
        status: planIndex === 0 ? 'open' : 'done',
      };
    }
    const patch: ModerationPatch = {
      sections: Object.fromEntries(
        needing.map((sectionId) => [
          sectionId,
          {
            agreedGrade: {
              from: null,
              to: agreed(gradings.map((g) => g.sections.find((s) => s.sectionId === sectionId)?.finalGrade)),
            },
          },
        ]),
      ),
      overall: {
        agreedGrade: { from: null, to: agreed(gradings.map((g) => g.overall.grade)) },
        rationale: { from: '', to: 'Best fit of the section grades the panel agreed.' },
      },
      strengths: { from: '', to: 'The child’s views are recorded in their own words.' },
      areasForDevelopment: { from: '', to: 'Outcomes need to be specific and measurable.' },
      actions: Object.fromEntries(Object.entries(actions).map(([id, to]) => [id, { from: null, to }])),
      ...(planIndex < 2
        ? {
            participants: {
              [randomUUID()]: {
                from: null,
                to: { userId: 'user-parent-rep', name: 'Parent carer forum representative', role: 'parent-rep' },
              },
            },
          }
        : {}),
      status: { from: 'open', to: 'agreed' },
    };
    await pushAs(db, qaLead, today, [
      mutation('moderation.open', { moderationId, cycleId: cycle.id, planRef, openedAt: at }, 1),
      mutation('moderation.patch', { moderationId, patch, updatedAt: at }, 2),
      mutation('moderation.signOff', { moderationId, revision: 1, signedOffAt: at }, 3),
    ]);
  }
}

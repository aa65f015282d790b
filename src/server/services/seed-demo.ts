// The demo council seeded into an empty database: one account per role and agency, both shipped
// frameworks published, 40 pseudonymous plans, a plan-audit cycle of 12 sampled plans assigned to
// the education, health and social care auditors, and an annual-review cycle of 5 for the SENDAT.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededGenerator } from '#shared/domain/sampling.ts';
import type { CreateUserRequest } from '#shared/protocol/api.ts';
import { PRIMARY_NEEDS, type KeyStage, type Plan, type PlanType, type SettingType } from '#shared/schemas/plan.ts';
import type { SqlClient } from '../store/sql-client.ts';
import { countUsers } from '../store/users.ts';
import { createUserWithHash } from './accounts.ts';
import { assignAuditors, createCycle } from './cycles.ts';
import { importFramework, publishFramework } from './frameworks.ts';
import { hashPassword } from './passwords.ts';
import { upsertPlans } from './plans.ts';

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

const FRAMEWORK_FILES = ['ehcp-quality-audit.json', 'annual-review-visit.json'];
const FRAMEWORKS_DIR = fileURLToPath(new URL('../../../audit-frameworks/', import.meta.url));

function keyStageFor(yearGroup: number): KeyStage {
  if (yearGroup <= 0) return 'early-years';
  if (yearGroup <= 2) return 'ks1';
  if (yearGroup <= 6) return 'ks2';
  if (yearGroup <= 9) return 'ks3';
  if (yearGroup <= 11) return 'ks4';
  if (yearGroup <= 13) return 'post-16';
  return 'post-19';
}

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
    const keyStage = keyStageFor(yearGroup);
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

/** Seeds the demo council when the database has no users; otherwise leaves it alone. */
export async function seedDemo(db: SqlClient, today: Date = new Date()): Promise<SeedResult> {
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
  return { isSeeded: true };
}

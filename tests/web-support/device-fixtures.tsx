// Test support for component tests: a device seeded through the real storage code (fake-indexeddb
// stands in for the browser's IndexedDB), and rendering inside the app's providers.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import ehcpJson from '../../audit-frameworks/ehcp-quality-audit.json';
import { criterionApplies } from '#shared/domain/applicability.ts';
import type { Change } from '#shared/protocol/sync.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import { FrameworkSchema, type Framework } from '#shared/schemas/framework.ts';
import { WITHHELD_TEXT, type Moderation } from '#shared/schemas/moderation.ts';
import type { Plan, PlanAttributes } from '#shared/schemas/plan.ts';
import type { Session, User } from '#shared/schemas/user.ts';
import { createInertUpdateController } from '#web/pwa/update-controller.ts';
import { ServicesProvider, type Services } from '#web/services/services-context.tsx';
import { startAudit } from '#web/storage/audit-repository.ts';
import { wipeDevice } from '#web/storage/device.ts';
import { setDevicePin } from '#web/storage/device-key.ts';
import { saveSession } from '#web/storage/meta.ts';
import { newModeration } from '#web/storage/moderation-repository.ts';
import { applyPull } from '#web/storage/pull.ts';
import { ApiFailure, type ApiClient, type ApiRequest } from '#web/sync/api-client.ts';
import { createCycleApi } from '#web/sync/cycle-api.ts';
import { createFrameworkApi } from '#web/sync/framework-api.ts';
import { createPeopleApi } from '#web/sync/people-api.ts';
import { createDataProtectionApi } from '#web/sync/data-protection-api.ts';
import { createSettingsApi } from '#web/sync/settings-api.ts';
import { createSyncEngine } from '#web/sync/sync-engine.ts';

export const EHCP_FRAMEWORK: Framework = FrameworkSchema.parse(ehcpJson);

export const AUDITOR: User = {
  id: 'user-education-auditor',
  name: 'Erin Education',
  email: 'education.auditor@demo.example',
  roles: ['auditor'],
  agency: 'education',
};

export const SESSION: Session = {
  user: AUDITOR,
  csrfToken: 'csrf-token-for-tests-0001',
  expiresAt: '2030-01-01T00:00:00.000Z',
};

export const CYCLE: Cycle = {
  id: 'cycle-spring-2026',
  name: 'Spring term 2026: EHC plan quality audit',
  periodStart: '2026-01-05',
  periodEnd: '2026-03-31',
  frameworkId: EHCP_FRAMEWORK.id,
  frameworkVersion: EHCP_FRAMEWORK.version ?? 1,
  status: 'open',
  sampledPlans: ['PLN-0005'],
};

/** A Year 5 pupil in a mainstream school: the preparing-for-adulthood criteria (Year 9+) do not apply. */
export const PLAN_ATTRIBUTES: PlanAttributes = {
  keyStage: 'ks2',
  yearGroup: 5,
  primaryNeed: 'ASD',
  settingType: 'mainstream',
  planType: 'annual-review',
  lookedAfter: false,
};

export const ASSIGNMENT: Assignment = {
  id: 'assignment-0005',
  cycleId: CYCLE.id,
  planRef: 'PLN-0005',
  auditorId: AUDITOR.id,
  agency: 'education',
  dueDate: '2026-03-13',
};

export function referenceChanges(plan: Plan = { ref: 'PLN-0005', attributes: PLAN_ATTRIBUTES }): Change[] {
  return [
    { kind: 'framework', id: `${EHCP_FRAMEWORK.id}@1`, deleted: false, data: EHCP_FRAMEWORK },
    { kind: 'plan', id: plan.ref, deleted: false, data: plan },
    { kind: 'cycle', id: CYCLE.id, deleted: false, data: CYCLE },
    { kind: 'assignment', id: ASSIGNMENT.id, deleted: false, data: ASSIGNMENT },
    { kind: 'user', id: AUDITOR.id, deleted: false, data: AUDITOR },
  ];
}

let isSealingSeeds = false;

/**
 * From now on in this test file, every seeded device then gets a PIN, so the whole device is
 * encrypted before the test acts (src/web/storage/sealed-repositories.test.ts runs the repository
 * suites this way). A low PBKDF2 count keeps it quick.
 */
export function sealSeededDevices(): void {
  isSealingSeeds = true;
}

async function afterSeeding(): Promise<void> {
  if (isSealingSeeds) await setDevicePin('246810', { iterations: 1000 });
}

/** An empty device, then a signed-in auditor with one assignment, as after a first sync. */
export async function seedDevice(attributes: Partial<PlanAttributes> = {}): Promise<void> {
  await wipeDevice();
  await saveSession(SESSION, '2026-03-01T09:00:00.000Z');
  await applyPull(referenceChanges({ ref: 'PLN-0005', attributes: { ...PLAN_ATTRIBUTES, ...attributes } }), 'cursor-1');
  await afterSeeding();
}

export async function seedStartedAudit(attributes: Partial<PlanAttributes> = {}): Promise<string> {
  await seedDevice(attributes);
  return startAudit({ assignment: ASSIGNMENT, cycle: CYCLE, auditorId: AUDITOR.id }, '2026-03-02T09:00:00.000Z');
}

/** An API that behaves like a device with no connection: the only thing component tests mock. */
export function offlineApi(): ApiClient {
  const fail = (): Promise<never> => Promise.reject(new ApiFailure('network', 'Failed to fetch', null));
  return { getSession: fail, signIn: fail, signOut: fail, push: fail, pull: fail };
}

/** A request that finds no connection: the online-only clients below answer as they would offline. */
export const offlineRequest: ApiRequest = () => Promise.reject(new ApiFailure('network', 'Failed to fetch', null));

/** The app's services with nothing reachable; a test hands in the clients it fakes. */
export function testServices(overrides: Partial<Services> = {}): Services {
  const api = overrides.api ?? offlineApi();
  return {
    api,
    cycles: createCycleApi(offlineRequest),
    people: createPeopleApi(offlineRequest),
    frameworks: createFrameworkApi({ request: offlineRequest }),
    settings: createSettingsApi(offlineRequest),
    // The subject access download uses the global fetch, which a test stubs to fake the server.
    dataProtection: createDataProtectionApi({ request: offlineRequest }),
    sync: createSyncEngine({ api, eventTarget: null, debounceMs: 60_000 }),
    updates: createInertUpdateController(),
    ...overrides,
  };
}

/** Renders a route element at a URL, inside the providers the app gives every screen. */
export function renderRoute(
  element: ReactElement,
  options: { path: string; url: string; services?: Services; extraRoutes?: { path: string; element: ReactElement }[] },
): RenderResult {
  return render(
    <ServicesProvider services={options.services ?? testServices()}>
      <MemoryRouter initialEntries={[options.url]}>
        <Routes>
          <Route path={options.path} element={element} />
          {(options.extraRoutes ?? []).map((route) => (
            <Route key={route.path} path={route.path} element={route.element} />
          ))}
        </Routes>
      </MemoryRouter>
    </ServicesProvider>,
  );
}

// ---------------------------------------------------------------------------------------------
// Moderation: a QA lead's device after a first sync, with the three agencies' submitted audits of
// PLN-0005 (they disagree on Section F), and the users a panel is made of.

export const QA_LEAD: User = {
  id: 'user-qa-lead',
  name: 'Quinn Lead',
  email: 'qa.lead@demo.example',
  roles: ['qa-lead'],
};

export const HEALTH_AUDITOR: User = {
  id: 'user-health-auditor',
  name: 'Hana Health',
  email: 'health.auditor@demo.example',
  roles: ['auditor'],
  agency: 'health',
};

export const SOCIAL_CARE_AUDITOR: User = {
  id: 'user-social-care-auditor',
  name: 'Sol Social',
  email: 'social-care.auditor@demo.example',
  roles: ['auditor'],
  agency: 'social-care',
};

export const PARENT_REP: User = {
  id: 'user-parent-rep',
  name: 'Pat Parent',
  email: 'parent.rep@demo.example',
  roles: ['parent-rep'],
};

const MODERATED_AUDITORS = [AUDITOR, HEALTH_AUDITOR, SOCIAL_CARE_AUDITOR] as const;

/** Each auditor's submitted audit: education rates all Met, health fails Section F, social care Partly met. */
export function submittedAudit(auditor: User, index: number): Audit {
  const responses: Audit['responses'] = {};
  for (const section of EHCP_FRAMEWORK.sections) {
    for (const criterion of section.criteria) {
      if (!criterionApplies(criterion, PLAN_ATTRIBUTES)) continue;
      const allowed = criterion.allowedRatings;
      const wish = index === 0 ? 'met' : index === 1 ? (section.id === 'F' ? 'not-met' : 'met') : 'partly-met';
      const rating = allowed && !allowed.includes(wish) ? (allowed[0] ?? 'met') : wish;
      responses[criterion.id] = {
        rating,
        ...(criterion.measure ? { measure: { numerator: 3, denominator: 4 } } : {}),
        ...(criterion.id === 'F1' ? { comment: `${auditor.agency ?? ''} view of F1` } : {}),
      };
    }
  }
  return {
    id: `0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1b00${index + 1}`,
    cycleId: CYCLE.id,
    planRef: 'PLN-0005',
    frameworkId: EHCP_FRAMEWORK.id,
    frameworkVersion: EHCP_FRAMEWORK.version ?? 1,
    auditorId: auditor.id,
    agency: auditor.agency ?? 'education',
    responses,
    sectionOverrides: {},
    status: 'submitted',
    revision: 1,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-03T09:00:00.000Z',
    submittedAt: '2026-03-03T09:00:00.000Z',
  };
}

export const MODERATED_AUDITS: Audit[] = MODERATED_AUDITORS.map((auditor, index) => submittedAudit(auditor, index));

export function moderationChanges(submitted: number = MODERATED_AUDITS.length): Change[] {
  return [
    { kind: 'framework', id: `${EHCP_FRAMEWORK.id}@1`, deleted: false, data: EHCP_FRAMEWORK },
    { kind: 'plan', id: 'PLN-0005', deleted: false, data: { ref: 'PLN-0005', attributes: PLAN_ATTRIBUTES } },
    { kind: 'cycle', id: CYCLE.id, deleted: false, data: CYCLE },
    ...MODERATED_AUDITORS.map((auditor, index): Change => ({
      kind: 'assignment',
      id: `assignment-0005-${index}`,
      deleted: false,
      data: {
        ...ASSIGNMENT,
        id: `assignment-0005-${index}`,
        auditorId: auditor.id,
        agency: auditor.agency ?? 'education',
      },
    })),
    ...[QA_LEAD, PARENT_REP, ...MODERATED_AUDITORS].map((user): Change => ({
      kind: 'user',
      id: user.id,
      deleted: false,
      data: user,
    })),
    ...MODERATED_AUDITS.slice(0, submitted).map((audit): Change => ({
      kind: 'audit',
      id: audit.id,
      deleted: false,
      data: audit,
    })),
  ];
}

/** A QA lead's device after a first sync. */
export async function seedQaLeadDevice(submitted?: number): Promise<void> {
  await wipeDevice();
  await saveSession({ ...SESSION, user: QA_LEAD }, '2026-03-04T09:00:00.000Z');
  await applyPull(moderationChanges(submitted), 'cursor-1');
  await afterSeeding();
}

export const MODERATION_ID = '0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1c001';

/** The moderation of PLN-0005 as the server holds it once opened, with the given changes. */
export function serverModeration(patch: Partial<Moderation> = {}): Moderation {
  const openedAt = '2026-03-04T10:00:00.000Z';
  const opened = newModeration({
    id: MODERATION_ID,
    cycle: CYCLE,
    planRef: 'PLN-0005',
    audits: MODERATED_AUDITS,
    chair: QA_LEAD,
    openedAt,
  });
  return { ...opened, ...patch };
}

/** A QA lead's device holding an opened (synced) moderation. */
export async function seedModeration(patch: Partial<Moderation> = {}): Promise<Moderation> {
  await seedQaLeadDevice();
  const moderation = serverModeration(patch);
  await applyPull([{ kind: 'moderation', id: moderation.id, deleted: false, data: moderation }], 'cursor-2');
  return moderation;
}

/**
 * A parent-carer representative's device: what the server sends them, pseudonymised (auditors as
 * "auditor-1"..., flagged comments withheld) and only for the moderation they are invited to.
 */
export async function seedParentRepDevice(patch: Partial<Moderation> = {}): Promise<Moderation> {
  await wipeDevice();
  await saveSession({ ...SESSION, user: PARENT_REP }, '2026-03-04T09:00:00.000Z');
  const moderation = serverModeration({
    participants: {
      chair: { name: 'Panel member 1', role: 'chair' },
      invite: { userId: PARENT_REP.id, name: PARENT_REP.name, role: 'parent-rep' },
    },
    ...patch,
  });
  const audits = MODERATED_AUDITS.map((audit, index): Audit => {
    const responses = { ...audit.responses };
    if (index === 1 && responses.F1) responses.F1 = { ...responses.F1, comment: WITHHELD_TEXT };
    return { ...audit, auditorId: `auditor-${index + 1}`, responses };
  });
  await applyPull(
    [
      { kind: 'framework', id: `${EHCP_FRAMEWORK.id}@1`, deleted: false, data: EHCP_FRAMEWORK },
      { kind: 'plan', id: 'PLN-0005', deleted: false, data: { ref: 'PLN-0005', attributes: PLAN_ATTRIBUTES } },
      { kind: 'cycle', id: CYCLE.id, deleted: false, data: CYCLE },
      { kind: 'user', id: PARENT_REP.id, deleted: false, data: PARENT_REP },
      ...audits.map((audit): Change => ({ kind: 'audit', id: audit.id, deleted: false, data: audit })),
      { kind: 'moderation', id: moderation.id, deleted: false, data: moderation },
    ],
    'cursor-1',
  );
  return moderation;
}

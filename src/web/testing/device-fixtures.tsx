// Test support for component tests: a device seeded through the real storage code (fake-indexeddb
// stands in for the browser's IndexedDB), and rendering inside the app's providers.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import ehcpJson from '../../../audit-frameworks/ehcp-quality-audit.json';
import type { Change } from '#shared/protocol/sync.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import { FrameworkSchema, type Framework } from '#shared/schemas/framework.ts';
import type { Plan, PlanAttributes } from '#shared/schemas/plan.ts';
import type { Session, User } from '#shared/schemas/user.ts';
import { createInertUpdateController } from '#web/pwa/update-controller.ts';
import { ServicesProvider, type Services } from '#web/services/services-context.tsx';
import { startAudit } from '#web/storage/audit-repository.ts';
import { wipeDevice } from '#web/storage/device.ts';
import { saveSession } from '#web/storage/meta.ts';
import { applyPull } from '#web/storage/pull.ts';
import { ApiFailure, type ApiClient } from '#web/sync/api-client.ts';
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

/** An empty device, then a signed-in auditor with one assignment, as after a first sync. */
export async function seedDevice(attributes: Partial<PlanAttributes> = {}): Promise<void> {
  await wipeDevice();
  await saveSession(SESSION, '2026-03-01T09:00:00.000Z');
  await applyPull(referenceChanges({ ref: 'PLN-0005', attributes: { ...PLAN_ATTRIBUTES, ...attributes } }), 'cursor-1');
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

export function testServices(api: ApiClient = offlineApi()): Services {
  return {
    api,
    sync: createSyncEngine({ api, eventTarget: null, debounceMs: 60_000 }),
    updates: createInertUpdateController(),
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

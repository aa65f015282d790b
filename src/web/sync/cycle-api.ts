// The online-only API calls of the cycle screens (QA leads): the plan list and its import,
// cycles, sampling, assignments, progress, workload, re-audits and movement. Each answer is
// parsed with the shared schema; failures come out as ApiFailure, like the rest of the client.
import { sessionCsrfToken } from './session-csrf.ts';
import {
  AuditorWorkloadResponseSchema,
  CycleClosingResponseSchema,
  CycleDetailResponseSchema,
  CycleMovementResponseSchema,
  CycleProgressResponseSchema,
  CycleSummaryListResponseSchema,
  FrameworkListResponseSchema,
  PlanImportResponseSchema,
  PlanListResponseSchema,
  ReAuditCandidatesResponseSchema,
  ReAuditResponseSchema,
  type AuditorWorkload,
  type CreateAssignmentsRequest,
  type CreateCycleRequest,
  type CycleClosingResponse,
  type CycleDetailResponse,
  type CycleMovementResponse,
  type CycleProgressResponse,
  type CycleSummaryListResponse,
  type FrameworkSummary,
  type PlanImportResponse,
  type ReAuditCandidatesResponse,
  type ReAuditRequest,
  type ReAuditResponse,
} from '#shared/protocol/api.ts';
import { SYNC_PROTOCOL_VERSION } from '#shared/protocol/sync.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { ApiFailure, createApiRequest, jsonRequest, type ApiRequest } from './api-client.ts';

export type CycleApi = {
  listPlans(): Promise<Plan[]>;
  importPlans(csv: string): Promise<PlanImportResponse>;
  listPublishedFrameworks(): Promise<FrameworkSummary[]>;
  listCycleSummaries(): Promise<CycleSummaryListResponse>;
  createCycle(request: CreateCycleRequest): Promise<CycleDetailResponse>;
  getCycle(cycleId: string): Promise<CycleDetailResponse>;
  getProgress(cycleId: string): Promise<CycleProgressResponse>;
  listAuditors(): Promise<AuditorWorkload[]>;
  assign(cycleId: string, request: CreateAssignmentsRequest): Promise<CycleDetailResponse>;
  reAuditCandidates(cycleId: string, fromCycleId: string): Promise<ReAuditCandidatesResponse>;
  scheduleReAudits(cycleId: string, request: ReAuditRequest): Promise<ReAuditResponse>;
  getMovement(cycleId: string): Promise<CycleMovementResponse>;
  /** Whether the cycle may close or reopen now, and why not. */
  getClosing(cycleId: string): Promise<CycleClosingResponse>;
  /** QA leads and admins; refused (conflict) while a moderation is unsigned or an audit a draft. */
  close(cycleId: string): Promise<CycleDetailResponse>;
  /** Admins only; refused once retention has deleted from the cycle. */
  reopen(cycleId: string): Promise<CycleDetailResponse>;
};

const at = (cycleId: string): string => `/api/cycles/${encodeURIComponent(cycleId)}`;

export function createCycleApi(request: ApiRequest = createApiRequest()): CycleApi {
  return {
    listPlans: async () => (await request(PlanListResponseSchema, '/api/plans')).plans,
    importPlans: async (csv) =>
      request(PlanImportResponseSchema, '/api/plans/import', {
        method: 'POST',
        body: csv,
        headers: {
          'content-type': 'text/csv',
          'x-sync-protocol': String(SYNC_PROTOCOL_VERSION),
          'x-csrf-token': await sessionCsrfToken(),
        },
      }),
    listPublishedFrameworks: async () =>
      (await request(FrameworkListResponseSchema, '/api/frameworks')).frameworks.filter(
        (f) => f.status === 'published',
      ),
    listCycleSummaries: () => request(CycleSummaryListResponseSchema, '/api/cycle-summaries'),
    createCycle: async (body) =>
      request(CycleDetailResponseSchema, '/api/cycles', jsonRequest(body, await sessionCsrfToken())),
    getCycle: (cycleId) => request(CycleDetailResponseSchema, at(cycleId)),
    getProgress: (cycleId) => request(CycleProgressResponseSchema, `${at(cycleId)}/progress`),
    listAuditors: async () => (await request(AuditorWorkloadResponseSchema, '/api/auditors')).auditors,
    assign: async (cycleId, body) =>
      request(CycleDetailResponseSchema, `${at(cycleId)}/assignments`, jsonRequest(body, await sessionCsrfToken())),
    reAuditCandidates: (cycleId, fromCycleId) =>
      request(
        ReAuditCandidatesResponseSchema,
        `${at(cycleId)}/re-audit-candidates?from=${encodeURIComponent(fromCycleId)}`,
      ),
    scheduleReAudits: async (cycleId, body) =>
      request(ReAuditResponseSchema, `${at(cycleId)}/re-audits`, jsonRequest(body, await sessionCsrfToken())),
    getMovement: (cycleId) => request(CycleMovementResponseSchema, `${at(cycleId)}/movement`),
    getClosing: (cycleId) => request(CycleClosingResponseSchema, `${at(cycleId)}/closing`),
    close: async (cycleId) =>
      request(CycleDetailResponseSchema, `${at(cycleId)}/close`, jsonRequest({}, await sessionCsrfToken())),
    reopen: async (cycleId) =>
      request(CycleDetailResponseSchema, `${at(cycleId)}/reopen`, jsonRequest({}, await sessionCsrfToken())),
  };
}

/** The message a screen shows when a call fails: plain, and saying that nothing typed is lost. */
export function describeCycleApiFailure(error: unknown): string {
  if (error instanceof ApiFailure) {
    switch (error.kind) {
      case 'network':
        return 'You need to be online for this. Check your connection and try again: what you entered is still here.';
      case 'unauthenticated':
      case 'session-expired':
        return 'Your session has ended. Sign in again, then try again.';
      case 'forbidden':
        return 'Your role does not allow this. Ask a QA lead.';
      case 'server-error':
        return 'The server could not do this just now. Try again later: what you entered is still here.';
      default:
        return `The server refused this: ${error.message}.`;
    }
  }
  return 'Something went wrong. Try again.';
}

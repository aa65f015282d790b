// The data protection calls: the privacy notice (anyone reads it, admins complete it), the retention
// periods and what the next run would remove (admins), and a subject access export of one plan
// (admins), which is a ZIP, not JSON. Online only; every failure comes out as ApiFailure.
import {
  PrivacyNoticeResponseSchema,
  RetentionReportSchema,
  RetentionSettingsBodySchema,
  type PrivacyNoticeResponse,
  type RetentionReport,
} from '#shared/protocol/data-protection-api.ts';
import { ApiErrorSchema } from '#shared/protocol/sync.ts';
import type { PrivacyNotice, RetentionSettings } from '#shared/schemas/data-protection.ts';
import { ApiFailure, createApiRequest, jsonRequest, type ApiRequest, type FetchLike } from './api-client.ts';
import { sessionCsrfToken } from './session-csrf.ts';

export type SubjectAccessExport = { blob: Blob; fileName: string };

export type DataProtectionApi = {
  getPrivacyNotice(): Promise<PrivacyNoticeResponse>;
  /** Replaces the notice; answers with what the server stored. */
  savePrivacyNotice(notice: PrivacyNotice): Promise<PrivacyNoticeResponse>;
  getRetentionSettings(): Promise<RetentionSettings>;
  saveRetentionSettings(settings: RetentionSettings): Promise<RetentionSettings>;
  /** What the next daily run would remove, changing nothing. */
  previewRetention(): Promise<RetentionReport>;
  /** Everything held about one plan, as the ZIP and the file name the server gives it. */
  downloadSubjectAccess(planRef: string): Promise<SubjectAccessExport>;
};

export function createDataProtectionApi(options: { request?: ApiRequest; fetch?: FetchLike } = {}): DataProtectionApi {
  const request = options.request ?? createApiRequest();
  // Looked up at each call, not kept, so the global a test stubs is the one used.
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    getPrivacyNotice: () => request(PrivacyNoticeResponseSchema, '/api/privacy-notice'),
    savePrivacyNotice: async (notice) =>
      request(
        PrivacyNoticeResponseSchema,
        '/api/settings/privacy-notice',
        jsonRequest(notice, await sessionCsrfToken(), 'PUT'),
      ),
    getRetentionSettings: () => request(RetentionSettingsBodySchema, '/api/settings/retention'),
    saveRetentionSettings: async (settings) =>
      request(
        RetentionSettingsBodySchema,
        '/api/settings/retention',
        jsonRequest(settings, await sessionCsrfToken(), 'PUT'),
      ),
    previewRetention: () => request(RetentionReportSchema, '/api/retention/preview'),
    async downloadSubjectAccess(planRef) {
      let response: Response;
      try {
        response = await doFetch(`/api/subject-access/${encodeURIComponent(planRef)}`, { credentials: 'same-origin' });
      } catch (error) {
        throw new ApiFailure(
          'network',
          error instanceof Error ? error.message : 'The server could not be reached.',
          null,
        );
      }
      if (!response.ok) {
        const problem = ApiErrorSchema.safeParse(await response.json().catch(() => undefined));
        if (problem.success) {
          throw new ApiFailure(problem.data.error, problem.data.message, response.status, problem.data.issues);
        }
        if (response.status === 401) throw new ApiFailure('unauthenticated', 'Sign in to continue.', 401);
        throw new ApiFailure('server-error', `The server answered ${response.status}.`, response.status);
      }
      const fileName =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
        `subject-access-${planRef}.zip`;
      return { blob: await response.blob(), fileName };
    },
  };
}

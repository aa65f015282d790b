// The council settings calls (admins): read them, replace them. Online only; the device keeps the
// last pulled copy for reports (storage/settings.ts). Failures come out as ApiFailure.
import { GetSettingsResponseSchema, PutSettingsResponseSchema } from '#shared/protocol/settings-api.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import { createApiRequest, jsonRequest, type ApiRequest } from './api-client.ts';
import { sessionCsrfToken } from './session-csrf.ts';

export type SettingsApi = {
  get(): Promise<CouncilSettings>;
  /** Replaces the whole record; answers with what the server stored. */
  put(settings: CouncilSettings): Promise<CouncilSettings>;
};

export function createSettingsApi(request: ApiRequest = createApiRequest()): SettingsApi {
  return {
    get: () => request(GetSettingsResponseSchema, '/api/settings'),
    put: async (settings) =>
      request(PutSettingsResponseSchema, '/api/settings', jsonRequest(settings, await sessionCsrfToken(), 'PUT')),
  };
}

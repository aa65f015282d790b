// The council settings calls (admins): read them, replace them. Online only; the device keeps the
// last pulled copy for reports (storage/settings.ts). Failures come out as ApiFailure.
import type { FigureChoice } from '#shared/domain/published-figures.ts';
import {
  GetSettingsResponseSchema,
  PublishableFiguresResponseSchema,
  PutSettingsResponseSchema,
} from '#shared/protocol/settings-api.ts';
import { z } from 'zod';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import { createApiRequest, jsonRequest, type ApiRequest } from './api-client.ts';
import { sessionCsrfToken } from './session-csrf.ts';

export type SettingsApi = {
  get(): Promise<CouncilSettings>;
  /** Replaces the whole record; answers with what the server stored. */
  put(settings: CouncilSettings): Promise<CouncilSettings>;
  /** The figures the council may publish: the fixed ones and the published frameworks' measures. */
  publishableFigures(): Promise<FigureChoice[]>;
  /**
   * The user's key for recovering a device's data key (base64), given only just after an online
   * sign-in. Here with the settings as it sets up how this device is guarded.
   */
  deviceRecoveryKey(): Promise<string>;
};

const RecoveryKeyResponseSchema = z.strictObject({ key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) });

export function createSettingsApi(request: ApiRequest = createApiRequest()): SettingsApi {
  return {
    get: () => request(GetSettingsResponseSchema, '/api/settings'),
    put: async (settings) =>
      request(PutSettingsResponseSchema, '/api/settings', jsonRequest(settings, await sessionCsrfToken(), 'PUT')),
    publishableFigures: async () =>
      (await request(PublishableFiguresResponseSchema, '/api/publication/choices')).choices,
    deviceRecoveryKey: async () =>
      (
        await request(
          RecoveryKeyResponseSchema,
          '/api/device/recovery-key',
          jsonRequest({}, await sessionCsrfToken(), 'POST'),
        )
      ).key,
  };
}

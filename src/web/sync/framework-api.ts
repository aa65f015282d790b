// The framework authoring calls: list versions, read one, store a draft, publish. Authoring is an
// online task, so these go straight to the server (no outbox); failures come out as ApiFailure.
import { FrameworkListResponseSchema, FrameworkResponseSchema, type FrameworkSummary } from '#shared/protocol/api.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { sessionCsrfToken } from './session-csrf.ts';
import { createApiRequest, jsonRequest, type ApiRequest } from './api-client.ts';

export type FrameworkApi = {
  list(): Promise<FrameworkSummary[]>;
  get(id: string, version: number): Promise<Framework>;
  /** Stores a draft: without `version` it becomes the next one; the same draft version is replaced. */
  saveDraft(framework: unknown): Promise<Framework>;
  publish(id: string, version: number): Promise<Framework>;
};

const versionPath = (id: string, version: number): string =>
  `/api/frameworks/${encodeURIComponent(id)}/${String(version)}`;

export function createFrameworkApi(options: { request?: ApiRequest } = {}): FrameworkApi {
  const request = options.request ?? createApiRequest();
  const unwrap = (response: { framework: Framework }): Framework => response.framework;
  return {
    list: async () => (await request(FrameworkListResponseSchema, '/api/frameworks')).frameworks,
    get: async (id, version) => unwrap(await request(FrameworkResponseSchema, versionPath(id, version))),
    saveDraft: async (framework) =>
      unwrap(
        await request(FrameworkResponseSchema, '/api/frameworks', jsonRequest(framework, await sessionCsrfToken())),
      ),
    publish: async (id, version) =>
      unwrap(
        await request(
          FrameworkResponseSchema,
          `${versionPath(id, version)}/publish`,
          jsonRequest({}, await sessionCsrfToken()),
        ),
      ),
  };
}

// The online-only API calls of the people screens, passwords, single sign-on and the audit log
// viewer. Each answer is parsed with the shared schema; failures come out as ApiFailure.
import { z } from 'zod';
import {
  AuditLogPageSchema,
  ManagedUserSchema,
  UserListResponseSchema,
  type AuditLogPage,
  type CreateUserRequest,
  type ManagedUser,
  type UpdateUserRequest,
} from '#shared/protocol/api.ts';
import {
  CreatePersonResponseSchema,
  PasswordLinkSchema,
  PasswordLinkStatusSchema,
  SignInOptionsSchema,
  type AuditLogFilter,
  type CreatePersonResponse,
  type PasswordLink,
  type SignInOptions,
} from '#shared/protocol/people-api.ts';
import { ApiFailure, createApiRequest, jsonRequest, type ApiRequest } from './api-client.ts';
import { sessionCsrfToken } from './session-csrf.ts';

export type PeopleApi = {
  listPeople(): Promise<ManagedUser[]>;
  getPerson(id: string): Promise<ManagedUser>;
  addPerson(request: CreateUserRequest): Promise<CreatePersonResponse>;
  updatePerson(id: string, request: UpdateUserRequest): Promise<ManagedUser>;
  sendPasswordLink(id: string): Promise<PasswordLink>;
  auditLog(filter: AuditLogFilter, before: number | undefined, limit: number): Promise<AuditLogPage>;
  signInOptions(): Promise<SignInOptions>;
  checkPasswordLink(token: string): Promise<{ email: string; name: string }>;
  usePasswordLink(token: string, password: string): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
};

const person = (id: string): string => `/api/users/${encodeURIComponent(id)}`;

/** The filter as query parameters, leaving out what is not set. */
export function auditLogQuery(filter: AuditLogFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

export function auditLogCsvUrl(filter: AuditLogFilter): string {
  const query = auditLogQuery(filter);
  return `/api/audit-log.csv${query ? `?${query}` : ''}`;
}

export function createPeopleApi(request: ApiRequest = createApiRequest()): PeopleApi {
  return {
    listPeople: async () => (await request(UserListResponseSchema, '/api/users')).users,
    getPerson: (id) => request(ManagedUserSchema, person(id)),
    addPerson: async (body) =>
      request(CreatePersonResponseSchema, '/api/users', jsonRequest(body, await sessionCsrfToken())),
    updatePerson: async (id, body) =>
      request(ManagedUserSchema, person(id), jsonRequest(body, await sessionCsrfToken(), 'PATCH')),
    sendPasswordLink: async (id) =>
      request(PasswordLinkSchema, `${person(id)}/password-link`, jsonRequest({}, await sessionCsrfToken())),
    auditLog: (filter, before, limit) =>
      request(
        AuditLogPageSchema,
        `/api/audit-log?${auditLogQuery(filter, { order: 'newest', limit: String(limit), ...(before ? { before: String(before) } : {}) })}`,
      ),
    signInOptions: () => request(SignInOptionsSchema, '/api/sign-in-options'),
    checkPasswordLink: (token) =>
      request(PasswordLinkStatusSchema, '/api/password-links/check', jsonRequest({ token })),
    async usePasswordLink(token, password) {
      await request(z.unknown(), '/api/password-links/use', jsonRequest({ token, password }));
    },
    async changePassword(currentPassword, newPassword) {
      await request(
        z.unknown(),
        '/api/session/password',
        jsonRequest({ currentPassword, newPassword }, await sessionCsrfToken(), 'PUT'),
      );
    },
  };
}

/** The message a screen shows when a call fails: plain, and saying that nothing typed is lost. */
export function describePeopleApiFailure(error: unknown): string {
  if (error instanceof ApiFailure) {
    switch (error.kind) {
      case 'network':
        return 'You need to be online for this. Check your connection and try again: what you entered is still here.';
      case 'unauthenticated':
      case 'session-expired':
        return 'Your session has ended. Sign in again, then try again.';
      case 'account-deactivated':
        return 'Your account has been deactivated. Ask an administrator.';
      case 'forbidden':
        return 'Your role does not allow this. Ask an administrator.';
      case 'server-error':
        return 'The server could not do this just now. Try again later: what you entered is still here.';
      default:
        return `The server refused this: ${error.message}.`;
    }
  }
  return 'Something went wrong. Try again.';
}

// The HTTP client for the server's API: one origin, the session cookie, the CSRF header on every
// non-GET request, and every answer parsed with the shared schemas. Errors come out as ApiFailure.
import { z } from 'zod';
import {
  ApiErrorSchema,
  PULL_CURSOR_HEADER,
  PULL_HAS_MORE_HEADER,
  PullResponseSchema,
  PushResponseSchema,
  SYNC_PROTOCOL_VERSION,
  type ApiError,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '#shared/protocol/sync.ts';
import { SessionSchema, type Session } from '#shared/schemas/user.ts';

export type FailureKind =
  | ApiError['error']
  /** No answer at all: offline, DNS, the server down, or a timeout. */
  | 'network'
  /** An answer we could not read: a 5xx page, or a body that fails the schema. */
  | 'server-error';

export class ApiFailure extends Error {
  readonly kind: FailureKind;
  readonly status: number | null;
  readonly issues: ApiError['issues'];

  constructor(kind: FailureKind, message: string, status: number | null, issues?: ApiError['issues']) {
    super(message);
    this.name = 'ApiFailure';
    this.kind = kind;
    this.status = status;
    this.issues = issues;
  }
}

export type ApiClient = {
  getSession(): Promise<Session>;
  signIn(email: string, password: string): Promise<Session>;
  signOut(csrfToken: string): Promise<void>;
  push(request: PushRequest, csrfToken: string): Promise<PushResponse>;
  /**
   * One page of the caller's feed. `onNext` hears where the following page starts as soon as the
   * answer's headers arrive, before its body is read and parsed (see pull-pages.ts).
   */
  pull(cursor: string | null, onNext?: (next: PageHead) => void): Promise<PullResponse>;
};

/** Where the page after this one starts, as the pull's headers say before its body is read. */
export type PageHead = { cursor: string; hasMore: boolean };

/** Reads the next page's start from a pull's headers; undefined from a server that does not send it. */
export function readPageHead(headers: Headers): PageHead | undefined {
  const cursor = headers.get(PULL_CURSOR_HEADER);
  const hasMore = headers.get(PULL_HAS_MORE_HEADER);
  if (cursor === null || (hasMore !== 'true' && hasMore !== 'false')) return undefined;
  return { cursor, hasMore: hasMore === 'true' };
}

const REQUEST_TIMEOUT_MS = 30_000;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Sends one request and parses the answer with `schema`; every failure comes out as an ApiFailure. */
export type ApiRequest = <T>(
  schema: z.ZodType<T>,
  path: string,
  init?: RequestInit,
  /** Hears a successful answer's headers before its body is read. */
  onHeaders?: (headers: Headers) => void,
) => Promise<T>;

export function createApiRequest(options: { baseUrl?: string; fetch?: FetchLike } = {}): ApiRequest {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return async function request<T>(
    schema: z.ZodType<T>,
    path: string,
    init: RequestInit = {},
    onHeaders?: (headers: Headers) => void,
  ): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        credentials: 'same-origin',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        ...init,
        headers: { accept: 'application/json', ...init.headers },
      });
    } catch (error) {
      throw new ApiFailure(
        'network',
        error instanceof Error ? error.message : 'The server could not be reached.',
        null,
      );
    }
    if (response.ok) onHeaders?.(response.headers);
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page): treated as an unreadable answer below.
    }
    if (!response.ok) {
      const parsed = ApiErrorSchema.safeParse(body);
      if (parsed.success) {
        throw new ApiFailure(parsed.data.error, parsed.data.message, response.status, parsed.data.issues);
      }
      if (response.status === 401) throw new ApiFailure('unauthenticated', 'Sign in to continue.', 401);
      throw new ApiFailure('server-error', `The server answered ${response.status}.`, response.status);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ApiFailure('server-error', 'The server sent an answer this app could not read.', response.status);
    }
    return parsed.data;
  };
}

/** A JSON request body with the protocol and CSRF headers: for the admin screens' own API calls. */
export function jsonRequest(value: unknown, csrfToken?: string, method = 'POST'): RequestInit {
  return {
    method,
    body: JSON.stringify(value),
    headers: {
      'content-type': 'application/json',
      'x-sync-protocol': String(SYNC_PROTOCOL_VERSION),
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
  };
}

export function createApiClient(options: { baseUrl?: string; fetch?: FetchLike } = {}): ApiClient {
  const request = createApiRequest(options);

  const json = (value: unknown, csrfToken?: string): RequestInit => jsonRequest(value, csrfToken);

  return {
    getSession: () => request(SessionSchema, '/api/session'),
    signIn: (email, password) => request(SessionSchema, '/api/session', json({ email, password })),
    async signOut(csrfToken) {
      await request(z.unknown(), '/api/session', { method: 'DELETE', headers: { 'x-csrf-token': csrfToken } });
    },
    push: (body, csrfToken) => request(PushResponseSchema, '/api/sync/push', json(body, csrfToken)),
    pull: (cursor, onNext) =>
      request(
        PullResponseSchema,
        `/api/sync/pull${cursor === null ? '' : `?cursor=${encodeURIComponent(cursor)}`}`,
        { headers: { 'x-sync-protocol': String(SYNC_PROTOCOL_VERSION) } },
        (headers) => {
          const next = readPageHead(headers);
          if (next) onNext?.(next);
        },
      ),
  };
}

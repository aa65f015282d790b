// How the API says no: every refusal is a 4xx with a closed error code (#shared/protocol/sync.ts)
// and a plain message. Fastify's own errors (bad JSON, body too large) are mapped to the same shape.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { formatPath } from '#shared/domain/framework-check.ts';
import type { ApiError } from '#shared/protocol/sync.ts';
import { sqlErrorCode } from '../store/sql-client.ts';

export type ApiErrorCode = ApiError['error'];
export type Issue = { path: string; message: string };

export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

const MAX_ISSUES = 50;

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** Parses a request part with a shared schema, or refuses it naming each problem's path. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what = 'the request'): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new HttpProblem(400, 'validation-failed', `${what} has problems`, zodIssues(parsed.error));
}

export function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
  const body: ApiError = { error: problem.code, message: problem.message };
  if (problem.issues) body.issues = problem.issues;
  return reply.code(problem.statusCode).type('application/json; charset=utf-8').send(body);
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'statusCode' in error;
}

/** Fastify and plugin errors to API errors; anything else is a bug, logged and answered 500. */
export function toProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  // A database "data exception" means the input could not be stored as given; a constraint
  // violation means it clashed with another record. Either is the request's fault, not a crash.
  const sqlState = sqlErrorCode(error);
  if (sqlState?.startsWith('22')) return new HttpProblem(400, 'bad-request', 'a value in the request cannot be stored');
  if (sqlState?.startsWith('23'))
    return new HttpProblem(409, 'conflict', 'the request clashes with a record already stored');
  if (!isFastifyError(error)) return undefined;
  const status = error.statusCode ?? 500;
  if (status === 413) return new HttpProblem(413, 'payload-too-large', 'the request body is too large');
  if (status === 429)
    return new HttpProblem(429, 'rate-limited', 'too many attempts: wait a few minutes and try again');
  if (status === 415) return new HttpProblem(415, 'bad-request', 'send the body as application/json');
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new HttpProblem(400, 'bad-request', 'the body is not valid JSON');
  }
  if (status >= 400 && status < 500) return new HttpProblem(status, 'bad-request', 'the request cannot be read');
  return undefined;
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error);
  if (problem) {
    if (sqlErrorCode(error)) request.log.warn({ err: error }, 'database refused the request');
    return sendProblem(reply, problem);
  }
  request.log.error({ err: error }, 'request failed');
  return reply
    .code(500)
    .type('application/json; charset=utf-8')
    .send({ error: 'internal-error', message: 'something went wrong on the server' });
}

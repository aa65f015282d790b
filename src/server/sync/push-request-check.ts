// A quick check of the push a device sends most (audit start, patch and submit, each patch of
// ratings and comments), written out by hand: the schema check (zod) of a batch of 100 mutations
// with 68 ratings a patch was about a tenth of a bulk push's time. It only ever accepts what
// PushRequestSchema accepts (push-request-check.test.ts holds it to that); anything else, valid
// or not, goes to the schema, which answers a refusal with its reason.
import { z } from 'zod';
import { MAX_MUTATIONS_PER_PUSH, type PushRequest } from '#shared/protocol/sync.ts';
import { hasOnlyKeys, isPlainCriterionResponse, isPlainObject } from '#shared/schemas/criterion-response-check.ts';

// A stricter form of zod's own uuid pattern (lower and upper case, no nil or max uuid).
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const isUuid = (value: unknown): boolean => typeof value === 'string' && UUID.test(value);
const isCount = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
const DateTime = z.iso.datetime();
const isDateTime = (value: unknown): boolean => typeof value === 'string' && DateTime.safeParse(value).success;

/** A side of a field change: a response, or null for blank. */
const isResponse = (value: unknown): boolean => value === null || isPlainCriterionResponse(value);

function isPatchOfResponses(patch: unknown): boolean {
  if (!isPlainObject(patch) || !hasOnlyKeys(patch, [], ['responses'])) return false;
  if (!Object.hasOwn(patch, 'responses')) return true;
  const responses = patch.responses;
  if (!isPlainObject(responses)) return false;
  for (const id in responses) {
    const change = responses[id];
    if (id.length > 40 || !isPlainObject(change) || !hasOnlyKeys(change, ['from', 'to'])) return false;
    if (!isResponse(change.from) || !isResponse(change.to)) return false;
  }
  return true;
}

function isAuditRunMutation(mutation: unknown): boolean {
  if (!isPlainObject(mutation) || !hasOnlyKeys(mutation, ['id', 'clientSeq', 'name', 'args'])) return false;
  if (!isUuid(mutation.id) || !isCount(mutation.clientSeq, 1)) return false;
  const args = mutation.args;
  if (!isPlainObject(args) || !isUuid(args.auditId)) return false;
  switch (mutation.name) {
    case 'audit.start':
      return (
        hasOnlyKeys(args, ['auditId', 'assignmentId', 'startedAt']) &&
        typeof args.assignmentId === 'string' &&
        args.assignmentId.length >= 1 &&
        args.assignmentId.length <= 64 &&
        isDateTime(args.startedAt)
      );
    case 'audit.patch':
      return hasOnlyKeys(args, ['auditId', 'patch']) && isPatchOfResponses(args.patch);
    case 'audit.submit':
      return (
        hasOnlyKeys(args, ['auditId', 'revision', 'submittedAt']) &&
        isCount(args.revision, 1) &&
        isDateTime(args.submittedAt)
      );
    default:
      return false;
  }
}

/**
 * Whether the body is a push of audit start, patch (of responses only) and submit mutations that
 * PushRequestSchema accepts as it is. False says nothing: let the schema decide.
 */
export function isPlainAuditPush(body: unknown): body is PushRequest {
  if (!isPlainObject(body) || !hasOnlyKeys(body, ['protocolVersion', 'clientId', 'mutations'])) return false;
  if (!isCount(body.protocolVersion, 1) || !isUuid(body.clientId)) return false;
  const mutations = body.mutations;
  if (!Array.isArray(mutations) || mutations.length < 1 || mutations.length > MAX_MUTATIONS_PER_PUSH) return false;
  return mutations.every(isAuditRunMutation);
}

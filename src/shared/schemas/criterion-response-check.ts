// A quick check of criterion responses, written out by hand. An audit carries one response per
// criterion (68 in the demo framework), and checking them through zod's record of strict objects
// was most of the CPU a device spends checking a full pull (10,000 audits: about 0.5 s). These
// functions only ever accept what CriterionResponseSchema accepts (criterion-response-check.test.ts
// holds them to that); anything they refuse goes to the schema, which says what is wrong and where.
import { RATING_MEANINGS } from './framework.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object has these keys and no others (required ones all present). */
export function hasOnlyKeys(value: Json, required: readonly string[], optional: readonly string[] = []): boolean {
  let count = 0;
  for (const key of required) {
    if (!Object.hasOwn(value, key)) return false;
    count += 1;
  }
  for (const key of optional) if (Object.hasOwn(value, key)) count += 1;
  return Object.keys(value).length === count;
}

const RATINGS: ReadonlySet<unknown> = new Set(RATING_MEANINGS);
const RESPONSE_KEYS = ['rating', 'comment', 'evidence', 'measure'] as const;
const MAX_TEXT = 4000;

const isText = (value: unknown): boolean => typeof value === 'string' && value.length <= MAX_TEXT;
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Whether CriterionResponseSchema surely accepts the value as it is. False says nothing: ask the schema. */
export function isPlainCriterionResponse(value: unknown): boolean {
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (!hasOnlyKeys(value, [], RESPONSE_KEYS)) return false;
  if (Object.hasOwn(value, 'rating') && !RATINGS.has(value.rating)) return false;
  if (Object.hasOwn(value, 'comment') && !isText(value.comment)) return false;
  if (Object.hasOwn(value, 'evidence') && !isText(value.evidence)) return false;
  if (Object.hasOwn(value, 'measure')) {
    const measure = value.measure;
    if (!isObject(measure) || !hasOnlyKeys(measure, ['numerator', 'denominator'])) return false;
    if (!isCount(measure.numerator) || !isCount(measure.denominator)) return false;
    if (measure.numerator > measure.denominator) return false;
  }
  return true;
}

/** The same for a record of responses by criterion id. */
export function isPlainCriterionResponses(value: unknown): boolean {
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const id of Object.keys(value)) if (!isPlainCriterionResponse(value[id])) return false;
  return true;
}

// A quick check of criterion responses, written out by hand. An audit carries one response per
// criterion (68 in the demo framework), and checking them through zod's record of strict objects
// was most of the CPU a device spends checking a full pull (10,000 audits: about 0.5 s). These
// functions only ever accept what CriterionResponseSchema accepts (criterion-response-check.test.ts
// holds them to that); anything they refuse goes to the schema, which says what is wrong and where.
import { RATING_MEANINGS } from './framework.ts';

type Json = Record<string, unknown>;

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
const MAX_TEXT = 4000;

const isText = (value: unknown): boolean => typeof value === 'string' && value.length <= MAX_TEXT;
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * A plain object: made by JSON.parse or an object literal. Its prototype being Object.prototype
 * rules out arrays, dates and class instances, and means for-in sees its own keys only (the loops
 * below walk keys with for-in, not Object.keys: an array per response was a third of the check).
 */
export const isPlainObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

const isPlainMeasure = (value: unknown): boolean =>
  isPlainObject(value) &&
  hasOnlyKeys(value, ['numerator', 'denominator']) &&
  isCount(value.numerator) &&
  isCount(value.denominator) &&
  value.numerator <= value.denominator;

/** Whether CriterionResponseSchema surely accepts the value as it is. False says nothing: ask the schema. */
export function isPlainCriterionResponse(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    const field = value[key];
    switch (key) {
      case 'rating':
        if (!RATINGS.has(field)) return false;
        break;
      case 'comment':
      case 'evidence':
        if (!isText(field)) return false;
        break;
      case 'measure':
        if (!isPlainMeasure(field)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The same for a record of responses by criterion id. */
export function isPlainCriterionResponses(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const id in value) if (!isPlainCriterionResponse(value[id])) return false;
  return true;
}

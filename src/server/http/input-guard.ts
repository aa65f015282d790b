// Input PostgreSQL cannot store is refused at the door as a 400, not found later as a database
// error: NUL characters and unpaired UTF-16 surrogates in any string or key, and nesting deeper
// than any request of this API needs.
const MAX_DEPTH = 32;
const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnstorableText(text: string): boolean {
  return text.includes(NUL) || LONE_SURROGATE.test(text);
}

/**
 * Whether the JSON text may hold NUL or a lone surrogate once parsed. The server reads bodies as
 * UTF-8, which cannot carry a lone surrogate, and JSON.parse refuses a raw NUL, so either can only
 * come from a `\u` escape: text with no `\u0000` and no `\uD800` to `\uDFFF` cannot hold one.
 */
const MAY_HOLD_UNSTORABLE = /\\u(?:0000|d[89a-f])/i;

const TEXT_PROBLEM = 'text must not contain NUL characters or broken Unicode';
const KEY_PROBLEM = 'field names must not contain NUL characters or broken Unicode';

function problemIn(value: unknown, depth: number, checkText: boolean): string | undefined {
  if (typeof value === 'string') return checkText && hasUnstorableText(value) ? TEXT_PROBLEM : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_DEPTH) return `the body is nested more than ${MAX_DEPTH} levels deep`;
  if (Array.isArray(value)) {
    for (const child of value) {
      const problem = problemIn(child, depth + 1, checkText);
      if (problem) return problem;
    }
    return undefined;
  }
  // A parsed body's objects are plain, so for-in sees their own keys (no array of entries each).
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (checkText && hasUnstorableText(key)) return KEY_PROBLEM;
    const problem = problemIn(record[key], depth + 1, checkText);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A reason to refuse the parsed body, or undefined when it is fine. Given the text it was parsed
 * from, its strings are looked at only if the text has an escape that could make them unstorable;
 * the depth is always checked (the walk stops at the limit, so it never recurses deeper).
 */
export function checkJsonValue(root: unknown, text?: string): string | undefined {
  return problemIn(root, 0, text === undefined || MAY_HOLD_UNSTORABLE.test(text));
}

/** Percent-encoded NUL, or a raw one, anywhere in the address. */
export function hasNulInUrl(url: string): boolean {
  return /%00/i.test(url) || url.includes(NUL);
}

// Turns a framework file's text into either a framework or a list of problems an author can act on:
// the file, the path inside it (sections[3].criteria[2].id) and a plain message. Used by the
// frameworks:check command, the server's import endpoint and the in-app editor.
import type { z } from 'zod';
import { FeedbackFormSchema, type FeedbackForm } from '#shared/schemas/feedback.ts';
import { FrameworkSchema, type Framework } from '#shared/schemas/framework.ts';

export type FrameworkProblem = { file: string; path: string; message: string };
export type FrameworkCheck = { ok: true; framework: Framework } | { ok: false; problems: FrameworkProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

/**
 * The offset of the first syntax error in a JSON text. Engines do not always say where JSON.parse
 * failed, and an author needs a line and column, so this walks the text with a minimal grammar.
 */
class JsonSyntaxError extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

export function findJsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonSyntaxError(i);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i += 1;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text.charAt(i) !== ch) fail();
      i += 1;
    }
  };
  const string = (): void => {
    i += 1;
    while (i < text.length && text.charAt(i) !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text.charAt(i) === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i += 1;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const ch = text.charAt(i);
    if (ch === '{') container('}', true);
    else if (ch === '[') container(']', false);
    else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else number();
    space();
  };
  const container = (close: string, isObject: boolean): void => {
    i += 1;
    space();
    if (text.charAt(i) === close) {
      i += 1;
      return;
    }
    for (;;) {
      if (isObject) {
        space();
        if (text.charAt(i) !== '"') fail();
        string();
        space();
        if (text.charAt(i) !== ':') fail();
        i += 1;
      }
      value();
      if (text.charAt(i) === ',') i += 1;
      else if (text.charAt(i) === close) {
        i += 1;
        return;
      } else fail();
    }
  };
  try {
    value();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error.offset;
    throw error;
  }
}

function locateJsonError(text: string): string {
  const offset = findJsonErrorOffset(text);
  if (offset < 0) return 'unknown position';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function jsonErrorWhat(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/end of (JSON )?input/i.test(message)) return 'the file ends too early';
  const token = /Unexpected token '?(.)'?/.exec(message)?.[1];
  if (token) return `unexpected "${token}"`;
  const what = message.replace(/,? ?(in JSON )?at position \d+.*$/s, '').trim();
  return what ? what.charAt(0).toLowerCase() + what.slice(1) : 'unreadable content';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${JSON.stringify(value) ?? typeof value}`;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'required field is missing';
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeType(issue.input)}`;
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeType(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array')
        return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return issue.message.startsWith('Too small') ? 'must not be empty' : issue.message;
      return `must be at least ${String(issue.minimum)}, got ${describeType(issue.input)}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
      return `must be at most ${String(issue.maximum)}, got ${describeType(issue.input)}`;
    default:
      return issue.message;
  }
}

/** Unions report every branch's failure; keep the branch that came closest, which names the real mistake. */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => score(a) - score(b))[0] ?? [];
      return flatten(closest, path);
    }
    return [{ ...issue, path }];
  });
}

/** A branch whose only complaints are about one wrong discriminator or extra keys came close. */
function score(branch: readonly z.core.$ZodIssue[]): number {
  return branch.reduce(
    (n, issue) => n + (issue.code === 'unrecognized_keys' ? 3 : issue.code === 'invalid_value' ? 2 : 1),
    0,
  );
}

export function checkFrameworkData(file: string, data: unknown): FrameworkCheck {
  const parsed = FrameworkSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, framework: parsed.data };
  const problems = flatten(parsed.error.issues).map((issue) => ({
    file,
    path: formatPath(issue.path),
    message: plainMessage(issue),
  }));
  return { ok: false, problems };
}

export type FeedbackFormCheck = { ok: true; form: FeedbackForm } | { ok: false; problems: FrameworkProblem[] };

/**
 * A feedback form (kind "feedback") has its own Likert scale and no grades, so it is checked
 * against its own schema, with the same plain messages as an audit framework.
 */
export function checkFeedbackFormData(file: string, data: unknown): FeedbackFormCheck {
  const parsed = FeedbackFormSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, form: parsed.data };
  const problems = flatten(parsed.error.issues).map((issue) => ({
    file,
    path: formatPath(issue.path),
    message: plainMessage(issue),
  }));
  return { ok: false, problems };
}

const isFeedbackKind = (data: unknown): boolean =>
  typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'feedback';

/** What frameworks:check runs on a file: an audit framework, or a feedback form when its kind says so. */
export function checkAnyFrameworkText(file: string, text: string): { ok: boolean; problems: FrameworkProblem[] } {
  const parsed = parseFrameworkJson(file, text);
  if (!parsed.ok) return parsed;
  const result = isFeedbackKind(parsed.data)
    ? checkFeedbackFormData(file, parsed.data)
    : checkFrameworkData(file, parsed.data);
  return result.ok ? { ok: true, problems: [] } : result;
}

function parseFrameworkJson(
  file: string,
  text: string,
): { ok: true; data: unknown } | { ok: false; problems: FrameworkProblem[] } {
  if (text.trim() === '') return { ok: false, problems: [{ file, path: '(file)', message: 'the file is empty' }] };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      problems: [
        { file, path: '(file)', message: `not valid JSON: ${jsonErrorWhat(error)} at ${locateJsonError(text)}` },
      ],
    };
  }
}

export function checkFrameworkText(file: string, text: string): FrameworkCheck {
  if (text.trim() === '') return { ok: false, problems: [{ file, path: '(file)', message: 'the file is empty' }] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [
        { file, path: '(file)', message: `not valid JSON: ${jsonErrorWhat(error)} at ${locateJsonError(text)}` },
      ],
    };
  }
  return checkFrameworkData(file, data);
}

export function formatProblem(problem: FrameworkProblem): string {
  return `${problem.file}: ${problem.path}: ${problem.message}`;
}

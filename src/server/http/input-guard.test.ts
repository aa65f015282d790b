import { describe, expect, it } from 'vitest';
import { checkJsonValue } from './input-guard.ts';

/** As the server checks a body: parsed, with the text it came from; and without the text (walk every string). */
const check = (text: string): [string | undefined, string | undefined] => {
  const value = JSON.parse(text) as unknown;
  return [checkJsonValue(value, text), checkJsonValue(value)];
};

const nested = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('the check of a parsed JSON body', () => {
  it('passes ordinary bodies, including paired surrogates and an escaped backslash before u0000', () => {
    for (const text of [
      '{"mutations":[{"id":"m1","args":{"responses":{"B1":{"rating":"met","comment":"Clear – \\u00e9"}}}}]}',
      '{"emoji":"\\ud83d\\ude00","raw":"😀"}',
      '{"path":"C:\\\\u0000 is text, not NUL"}',
      '[]',
      nested(31),
    ])
      expect(check(text), text).toEqual([undefined, undefined]);
  });

  it('refuses NUL and lone surrogates in values and in field names, however they are escaped', () => {
    for (const text of ['{"a":"\\u0000"}', '{"a":["x","\\u0000"]}', '{"a":{"b":"\\ud800"}}', '{"a":"\\uDC00x"}'])
      expect(check(text), text).toEqual([
        'text must not contain NUL characters or broken Unicode',
        'text must not contain NUL characters or broken Unicode',
      ]);
    expect(check('{"\\u0000":1}')[0]).toBe('field names must not contain NUL characters or broken Unicode');
    expect(check('{"a":{"\\udfff":1}}')[0]).toBe('field names must not contain NUL characters or broken Unicode');
  });

  it('refuses bodies nested deeper than 32 levels, in objects or arrays', () => {
    expect(check(nested(33))[0]).toBe('the body is nested more than 32 levels deep');
    expect(check(`${'['.repeat(40)}${']'.repeat(40)}`)[0]).toBe('the body is nested more than 32 levels deep');
    expect(check(nested(2000))[0]).toBe('the body is nested more than 32 levels deep');
  });
});

import { describe, expect, it } from 'vitest';
import { buildFramework } from '#tests/fixtures/frameworks.ts';
import { checkFrameworkData, checkFrameworkText, findJsonErrorOffset, formatPath } from './framework-check.ts';

describe('findJsonErrorOffset', () => {
  it.each([
    ['{"a": 1}', -1],
    ['[1, 2, {"b": [true, false, null, "x\\"y"]}]', -1],
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['{"a": 1} x', 9],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['{"a": "unterminated', 19],
    ['', 0],
  ])('finds where %j goes wrong', (text, offset) => {
    expect(findJsonErrorOffset(text)).toBe(offset);
  });
});

describe('checkFrameworkText', () => {
  it('gives the line and column of a syntax error', () => {
    const result = checkFrameworkText('f.json', '{\n  "id": "x",\n  "title": \n}');
    expect(result).toEqual({
      ok: false,
      problems: [{ file: 'f.json', path: '(file)', message: 'not valid JSON: unexpected "}" at line 4, column 1' }],
    });
  });

  it('says an empty file is empty', () => {
    expect(checkFrameworkText('f.json', '  \n')).toMatchObject({ problems: [{ message: 'the file is empty' }] });
  });

  it('returns the parsed framework when it is valid', () => {
    const framework = buildFramework();
    expect(checkFrameworkText('f.json', JSON.stringify(framework))).toEqual({ ok: true, framework });
  });

  it('reports every problem of one file, not only the first', () => {
    const framework = buildFramework();
    const result = checkFrameworkData('f.json', { ...framework, title: 3, kind: 'survey' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['title', 'kind']);
  });

  it('finds the closest form of an applicability condition', () => {
    const framework = buildFramework();
    const [first] = framework.sections;
    const broken = {
      ...framework,
      sections: [
        {
          ...first,
          criteria: [
            {
              ...first?.criteria[0],
              applicability: { label: 'x', when: { all: [{ attribute: 'yearGroup', op: 'gte', value: 'nine' }] } },
            },
          ],
        },
      ],
    };
    const result = checkFrameworkData('f.json', broken);
    expect(!result.ok && result.problems).toEqual([
      {
        file: 'f.json',
        path: 'sections[0].criteria[0].applicability.when.all[0].value',
        message: 'expected a number, got the text "nine"',
      },
    ]);
  });
});

describe('formatPath', () => {
  it('writes paths as an author reads them', () => {
    expect(formatPath([])).toBe('(top level)');
    expect(formatPath(['sections', 3, 'criteria', 2, 'id'])).toBe('sections[3].criteria[2].id');
  });
});

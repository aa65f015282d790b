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

describe('headline measures', () => {
  const withRatio = (): ReturnType<typeof buildFramework> => {
    const framework = buildFramework();
    const first = framework.sections[0];
    if (!first) throw new Error('fixture has no sections');
    const [b1, ...rest] = first.criteria;
    if (!b1) throw new Error('fixture has no criteria');
    const lines = {
      kind: 'ratio' as const,
      id: 'lines',
      label: 'Lines',
      numeratorLabel: 'Done',
      denominatorLabel: 'All',
    };
    return {
      ...framework,
      sections: [{ ...first, criteria: [{ ...b1, measure: lines }, ...rest] }, ...framework.sections.slice(1)],
    };
  };

  it('accepts measures that name real criteria and a real count pair', () => {
    const framework = {
      ...withRatio(),
      measures: [
        { kind: 'criteria' as const, id: 'on-time', label: 'On time', criteria: ['B1', 'B2'] },
        { kind: 'lines' as const, id: 'f', label: 'Provision in place', ratio: 'lines' },
      ],
    };
    expect(checkFrameworkData('f.json', framework)).toEqual({ ok: true, framework });
  });

  it('names each measure that points at nothing, a repeated id and a rating the framework does not offer', () => {
    const framework = {
      ...buildFramework({ ratingOptions: buildFramework().ratingOptions.filter((o) => o.meaning !== 'partly-met') }),
      measures: [
        { kind: 'criteria', id: 'm', label: 'M', criteria: ['B1', 'NOPE'], countsAsMet: ['met', 'partly-met'] },
        { kind: 'lines', id: 'm', label: 'Lines', ratio: 'missing' },
      ],
    };
    const result = checkFrameworkData('f.json', framework);
    expect(!result.ok && result.problems.filter((p) => p.path.startsWith('measures'))).toEqual([
      { file: 'f.json', path: 'measures[0].criteria[1]', message: 'unknown criterion "NOPE"' },
      {
        file: 'f.json',
        path: 'measures[0].countsAsMet[1]',
        message: 'rating "partly-met" is not one of this framework\'s rating options',
      },
      { file: 'f.json', path: 'measures[1].id', message: 'duplicate measure id "m"' },
      { file: 'f.json', path: 'measures[1].ratio', message: 'no criterion records a count pair with id "missing"' },
    ]);
  });

  it('says which kinds of measure there are when the kind is wrong', () => {
    const result = checkFrameworkData('f.json', {
      ...buildFramework(),
      measures: [{ kind: 'score', id: 'x', label: 'X' }],
    });
    expect(!result.ok && result.problems[0]?.path).toBe('measures[0].kind');
  });
});

describe('formatPath', () => {
  it('writes paths as an author reads them', () => {
    expect(formatPath([])).toBe('(top level)');
    expect(formatPath(['sections', 3, 'criteria', 2, 'id'])).toBe('sections[3].criteria[2].id');
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFrameworkFiles } from './frameworks-check.ts';

const broken = (name: string): string => join('tests', 'fixtures', 'broken-frameworks', `${name}.json`);

// Each kind of broken file an author might write, with where the checker must point and what it must say.
const CASES: [name: string, path: string, message: RegExp][] = [
  ['not-json', '(file)', /^not valid JSON: .* at line 18, column 21$/],
  ['missing-field', 'title', /^required field is missing$/],
  ['wrong-type', 'sections[1].criteria[0].statutory', /^expected true or false, got the text "yes"$/],
  [
    'duplicate-criterion-id',
    'sections[1].criteria[1].id',
    /^duplicate criterion id "B1" \(also sections\[0\]\.criteria\[0\]\)$/,
  ],
  ['rule-unknown-section', 'overall.rules[0].when.section', /^unknown section "X"$/],
  ['rule-unknown-criterion', 'limitingRules[0].appliesTo.criteria[0]', /^unknown criterion "F9"$/],
  ['unordered-scale', 'gradeScale.grades[2].value', /best first with falling values, but 3 follows 2/],
  ['negative-weight', 'sections[0].weight', /^weight must be a positive number, got -2$/],
  ['unknown-rating-option', 'limitingRules[0].ratings[0]', /^must be one of "met", .* got the text "maybe"$/],
  [
    'rating-not-offered',
    'sections[0].criteria[0].allowedRatings[1]',
    /"na-not-relevant" is not one of this framework's rating options/,
  ],
  ['empty-section', 'sections[1].criteria', /^needs at least 1 item$/],
  ['published-without-version', 'version', /^a published framework needs a version$/],
  ['unknown-field', 'sections[0].criteria[1]', /^unknown field "guidence"$/],
  [
    'bad-applicability',
    'sections[1].criteria[1].applicability.when.op',
    /^must be one of "gte", "lte", "eq", got the text "after"$/,
  ],
  ['unknown-attribute-value', 'sections[1].criteria[1].applicability.when.values[1]', /"year-9" is not a keyStage/],
  ['cap-off-scale', 'limitingRules[0].capAt', /^0 is not a value on the grade scale$/],
  // Feedback forms (kind "feedback") have a Likert scale of their own and no grade scale.
  ['feedback-unordered-scale', 'scale.points[4].value', /most satisfied first with falling values/],
  ['feedback-satisfied-off-scale', 'scale.satisfiedFrom', /^0 is not a point on the scale$/],
  ['feedback-with-grades', '(top level)', /^unknown field "gradeScale"$/],
  ['feedback-no-headline', 'questions', /^exactly one question must be the headline, found 0$/],
];

describe('frameworks:check on broken files', () => {
  it.each(CASES)('%s: names the file, the path and the problem', (name, path, message) => {
    const { problems } = checkFrameworkFiles([broken(name)]);
    expect(problems).toContainEqual({ file: broken(name), path, message: expect.stringMatching(message) as string });
  });

  it('accepts the shipped feedback form, whose scale has no Met or Not met', () => {
    expect(checkFrameworkFiles(['audit-frameworks/parent-carer-feedback.json']).problems).toEqual([]);
  });

  it('accepts a valid file', () => {
    expect(checkFrameworkFiles([join('tests', 'fixtures', 'valid-framework.json')]).problems).toEqual([]);
  });

  it('reports a missing file instead of crashing', () => {
    expect(checkFrameworkFiles(['no-such-file.json']).problems).toEqual([
      { file: 'no-such-file.json', path: '(file)', message: 'file not found' },
    ]);
  });

  it('as a command prints one line per problem, exits 1, and shows no stack trace', () => {
    const run = spawnSync(
      join('node_modules', '.bin', 'tsx'),
      [
        'src/server/cli/frameworks-check.ts',
        broken('unordered-scale'),
        broken('not-json'),
        'tests/fixtures/valid-framework.json',
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^tests\/fixtures\/broken-frameworks\/unordered-scale\.json: gradeScale\.grades\[2\]\.value: /,
      ),
      expect.stringMatching(
        /^tests\/fixtures\/broken-frameworks\/unordered-scale\.json: gradeScale\.grades\[2\]\.minScore: /,
      ),
      expect.stringMatching(/^tests\/fixtures\/broken-frameworks\/not-json\.json: \(file\): not valid JSON/),
      '3 problems in 2 of 3 files.',
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

import { describe, expect, it } from 'vitest';
import { YEAR_10_PLAN, YEAR_5_PLAN } from '#tests/fixtures/frameworks.ts';
import { applicableCriteria } from './applicability.ts';
import { importFrameworkCsv } from './framework-csv.ts';

const GOOD = [
  'Section,Section title,Criterion ID,Text,Guidance,Statutory,Lead agency,Applies from year',
  'B,Section B: needs,B1,Needs are specific,"Look for detail, not labels",Yes,Education,',
  'B,Section B: needs,B2,Needs are evidenced,Trace to advice in K,No,education,',
  'E,Section E: outcomes,E1,Outcomes are SMART,Check each outcome,no,Education,',
  'E,Section E: outcomes,E2,Adulthood outcomes,Four areas covered,yes,Education,9',
  'C,Section C: health,C1,Health needs described,"Or ""no health needs"" stated",Y,Health,',
].join('\r\n');

describe('importFrameworkCsv', () => {
  it('builds a draft framework with sections in file order and the usual rules', () => {
    const result = importFrameworkCsv(GOOD, 'council-2027', 'Council audit 2027');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { framework } = result;
    expect(framework).toMatchObject({ id: 'council-2027', status: 'draft', kind: 'plan-audit' });
    expect(framework.sections.map((s) => [s.id, s.title, s.leadAgency, s.criteria.length])).toEqual([
      ['B', 'Section B: needs', 'education', 2],
      ['E', 'Section E: outcomes', 'education', 2],
      ['C', 'Section C: health', 'health', 1],
    ]);
    expect(framework.sections[2]?.criteria[0]?.guidance).toBe('Or "no health needs" stated');
    expect(framework.limitingRules.map((r) => r.id)).toEqual(['statutory-not-met', 'statutory-partly-met']);
    expect(applicableCriteria(framework, YEAR_5_PLAN)).not.toContain('E2');
    expect(applicableCriteria(framework, YEAR_10_PLAN)).toContain('E2');
  });

  it('reports every bad row by line and column, and imports nothing', () => {
    const csv = [
      'section,id,text,guidance,statutory,lead agency',
      'B,B1,Needs are specific,Look for detail,maybe,education',
      'B,B2,,Trace to K,no,police',
      'F,F1,Provision quantified,Hours and who,yes,education',
    ].join('\n');
    const result = importFrameworkCsv(csv, 'x', 'X');
    expect(result).toEqual({
      ok: false,
      problems: [],
      rowErrors: [
        { line: 2, column: 'statutory', message: '"maybe" is not yes or no' },
        {
          line: 3,
          column: 'lead agency',
          message: '"police" is not one of education, health, social-care, multi-agency',
        },
        { line: 3, column: 'text', message: 'must not be empty' },
      ],
    });
  });

  it('names the columns a spreadsheet is missing', () => {
    expect(importFrameworkCsv('section,id,text\nB,B1,x', 'x', 'X')).toMatchObject({
      ok: false,
      rowErrors: [{ line: 1, message: 'missing columns: guidance, statutory, lead agency' }],
    });
  });

  it('passes framework-level problems such as duplicate ids through', () => {
    const csv = 'section,id,text,guidance,statutory,lead agency\nB,B1,a,b,no,education\nF,B1,c,d,no,education';
    const result = importFrameworkCsv(csv, 'x', 'X');
    expect(result.ok === false && result.problems.map((p) => p.message)).toEqual([
      'duplicate criterion id "B1" (also sections[0].criteria[0])',
    ]);
  });
});

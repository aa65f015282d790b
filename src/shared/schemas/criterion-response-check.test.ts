import { describe, expect, it } from 'vitest';
import { AuditSchema, CriterionResponseSchema } from './audit.ts';
import { isPlainCriterionResponse, isPlainCriterionResponses } from './criterion-response-check.ts';
import { BASIC_REPLACEMENTS, perturbations } from '#tests/fixtures/perturb.ts';

/** Responses as an audit holds them: a rating alone, with a comment and evidence, with counts. */
const valid = (): Record<string, unknown> => ({
  B1: { rating: 'met', comment: 'Clear.', evidence: 'Section B, p. 3' },
  B2: { rating: 'not-met' },
  B3: {},
  M1: { rating: 'partly-met', measure: { numerator: 2, denominator: 3 } },
});

const audit = (responses: unknown) => ({
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  cycleId: 'cycle-1',
  planRef: 'PLAN-0001',
  frameworkId: 'ehcp',
  frameworkVersion: 1,
  auditorId: 'user-1',
  agency: 'education',
  responses,
  sectionOverrides: {},
  status: 'draft',
  revision: 1,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
});

const REPLACEMENTS: unknown[] = [
  ...BASIC_REPLACEMENTS,
  'x'.repeat(4000),
  'x'.repeat(4001),
  [],
  {},
  { rating: 'met' },
  { numerator: 4, denominator: 3 },
  { numerator: 3, denominator: 3 },
  { numerator: 1, denominator: 3, extra: 1 },
  'not-a-rating',
  'met',
  'cannot-judge',
  new Date(0),
];

describe('the quick check of criterion responses', () => {
  it('passes responses as audits hold them, which the schema accepts unchanged', () => {
    expect(isPlainCriterionResponses(valid())).toBe(true);
    expect(AuditSchema.parse(audit(valid())).responses).toEqual(valid());
  });

  it('never passes what the schema refuses, whatever one value is changed to or added', () => {
    let quickPassed = 0;
    let refused = 0;
    for (const { path, replacement, addKey, body: responses } of perturbations(valid, REPLACEMENTS)) {
      const schema = AuditSchema.safeParse(audit(responses));
      if (!schema.success) refused += 1;
      const single = path.length >= 1 ? (responses as Record<string, unknown> | null)?.[path[0]!] : undefined;
      if (single !== undefined && isPlainCriterionResponse(single)) {
        expect(CriterionResponseSchema.safeParse(single).success).toBe(true);
      }
      if (!isPlainCriterionResponses(responses)) continue;
      quickPassed += 1;
      expect({ path, replacement, addKey, accepted: schema.success }).toMatchObject({ accepted: true });
    }
    expect(quickPassed).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(100);
  });

  it('still names the criterion and the field when a response is wrong', () => {
    const responses = valid();
    responses['B2'] = { rating: 'great', extra: 1 };
    const result = AuditSchema.safeParse(audit(responses));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['responses.B2.rating', 'responses.B2']),
    );
    expect(AuditSchema.safeParse(audit([])).success).toBe(false);
    expect(AuditSchema.safeParse(audit(null)).success).toBe(false);
  });
});

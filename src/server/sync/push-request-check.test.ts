import { describe, expect, it } from 'vitest';
import { PushRequestSchema } from '#shared/protocol/sync.ts';
import { isPlainAuditPush } from './push-request-check.ts';
import { BASIC_REPLACEMENTS, perturbations } from '#tests/fixtures/perturb.ts';

const AUDIT = '3b241101-e2bb-4255-8caf-4136c566a962';

/** A push as a device sends it: start, a patch of responses (one with counts), submit. */
const valid = () => ({
  protocolVersion: 1,
  clientId: '6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b',
  mutations: [
    {
      id: 'a8098c1a-f86e-41d5-9a3c-a3f6e7f1c0a1',
      clientSeq: 1,
      name: 'audit.start',
      args: { auditId: AUDIT, assignmentId: 'asg-1', startedAt: '2026-03-01T09:00:00.000Z' },
    },
    {
      id: 'b8098c1a-f86e-41d5-9a3c-a3f6e7f1c0a2',
      clientSeq: 2,
      name: 'audit.patch',
      args: {
        auditId: AUDIT,
        patch: {
          responses: {
            B1: { from: null, to: { rating: 'met', comment: 'Clear.', evidence: 'Section B, p. 3' } },
            B2: { from: { rating: 'met' }, to: null },
            M1: { from: null, to: { rating: 'partly-met', measure: { numerator: 2, denominator: 3 } } },
          },
        },
      },
    },
    {
      id: 'c8098c1a-f86e-41d5-9a3c-a3f6e7f1c0a3',
      clientSeq: 3,
      name: 'audit.submit',
      args: { auditId: AUDIT, revision: 1, submittedAt: '2026-03-01T10:00:00Z' },
    },
  ],
});

const REPLACEMENTS: unknown[] = [
  ...BASIC_REPLACEMENTS,
  'x',
  'x'.repeat(41),
  'x'.repeat(65),
  'x'.repeat(4001),
  [],
  {},
  { rating: 'met' },
  { numerator: 4, denominator: 3 },
  { numerator: 1, denominator: 3, extra: 1 },
  'not-a-rating',
  'met',
  '00000000-0000-0000-0000-000000000000',
  '3B241101-E2BB-4255-8CAF-4136C566A962',
  '3b241101-e2bb-0255-8caf-4136c566a962',
  '2026-03-01',
  '2026-03-01T09:00:00+01:00',
  '2026-03-01T09:00:00',
  'audit.revise',
  'audit.patch',
];

describe('isPlainAuditPush', () => {
  it('takes a device’s push of audit start, patch and submit as the schema reads it', () => {
    const body = valid();
    expect(isPlainAuditPush(body)).toBe(true);
    expect(PushRequestSchema.parse(body)).toEqual(body);
  });

  it('never accepts a body the schema refuses, whatever one value of it is changed to', () => {
    let fastAccepted = 0;
    let refused = 0;
    for (const { path, replacement, addKey, body } of perturbations(valid, REPLACEMENTS)) {
      const schema = PushRequestSchema.safeParse(body);
      if (!schema.success) refused += 1;
      if (!isPlainAuditPush(body)) continue;
      fastAccepted += 1;
      expect({ path, replacement, addKey, accepted: schema.success }).toMatchObject({ accepted: true });
      expect(schema.data).toEqual(body);
    }
    // Both sides of the comparison happened many times.
    expect(fastAccepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(500);
  });

  it('leaves other mutations, and patches of more than responses, to the schema', () => {
    const revise = valid();
    revise.mutations[0] = { ...revise.mutations[0]!, name: 'audit.revise' };
    expect(isPlainAuditPush(revise)).toBe(false);
    const overrides = valid() as { mutations: { args: { patch?: object } }[] };
    overrides.mutations[1]!.args.patch = { sectionOverrides: { B: { from: null, to: { grade: 2, reason: 'x' } } } };
    expect(isPlainAuditPush(overrides)).toBe(false);
    expect(PushRequestSchema.safeParse(overrides).success).toBe(true);
  });
});

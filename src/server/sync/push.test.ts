import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Mutation } from '#shared/protocol/sync.ts';
import { independentChains } from './push.ts';

const start = (auditId: string, assignmentId: string): Mutation => ({
  id: randomUUID(),
  clientSeq: 1,
  name: 'audit.start',
  args: { auditId, assignmentId, startedAt: '2026-01-05T09:00:00.000Z' },
});
const submit = (auditId: string): Mutation => ({
  id: randomUUID(),
  clientSeq: 1,
  name: 'audit.submit',
  args: { auditId, revision: 1, submittedAt: '2026-01-05T09:00:00.000Z' },
});
const revise = (auditId: string, newAuditId: string): Mutation => ({
  id: randomUUID(),
  clientSeq: 1,
  name: 'audit.revise',
  args: { auditId, newAuditId, reason: 'A correction.', startedAt: '2026-01-05T09:00:00.000Z' },
});

describe('independentChains', () => {
  it('keeps mutations of one audit together, in order, and apart from other audits', () => {
    expect(independentChains([start('a', 'x'), start('b', 'y'), submit('a'), submit('b'), submit('c')])).toEqual([
      [0, 2],
      [1, 3],
      [4],
    ]);
  });

  it('joins audits that name the same assignment, so their order stays the device’s', () => {
    expect(independentChains([start('a', 'x'), submit('b'), start('b', 'x'), submit('a')])).toEqual([[0, 1, 2, 3]]);
  });

  it('puts a correction and the changes to its new revision in one chain, the correction first', () => {
    expect(independentChains([revise('a', 'a2'), submit('b'), submit('a2'), revise('a2', 'a3')])).toEqual([
      [0, 2, 3],
      [1],
    ]);
  });
});

// What every push handler shares: the context it runs in, the idempotency claim its first
// statement makes, and how it answers.
import type { Mutation, MutationResult, RejectReason } from '#shared/protocol/sync.ts';
import type { User } from '#shared/schemas/user.ts';
import type { FrameworkCache } from '../store/frameworks.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';

export type PushContext = {
  db: SqlClient;
  frameworks: FrameworkCache;
  user: User;
  now: () => Date;
};

export type Args<N extends Mutation['name']> = Extract<Mutation, { name: N }>['args'];
/** The values of the claim in applied_mutations: parameters $1 to $5 of a handler's first statement. */
export type Claim = [clientId: string, mutationId: string, userId: string, name: string, clientSeq: number];
export type Handler<N extends Mutation['name']> = (
  tx: SqlRunner,
  ctx: PushContext,
  args: Args<N>,
  mutationId: string,
  claim: Claim,
) => Promise<MutationResult>;

/**
 * Prefixed to a handler's first statement: inserts the claim, and `claimed` in the select list
 * says whether it was new. A concurrent copy waits on the unique key, then finds it taken.
 */
export const CLAIM = `WITH claim AS (
    INSERT INTO applied_mutations (client_id, mutation_id, user_id, name, client_seq)
    VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1)`;
export const CLAIMED = '(SELECT count(*) FROM claim)::int AS claimed';

export const duplicate = (mutationId: string): MutationResult => ({ mutationId, status: 'duplicate' });

export const rejected = (
  mutationId: string,
  reason: RejectReason,
  message: string,
  fields?: string[],
): MutationResult => ({
  mutationId,
  status: 'rejected',
  reason,
  message,
  ...(fields && fields.length > 0 ? { fields } : {}),
});

/** Refuses a change that breaks its framework's rules: every problem's message, and its field. */
export const invalid = (mutationId: string, problems: readonly { field: string; message: string }[]): MutationResult =>
  rejected(
    mutationId,
    'invalid',
    problems.map((p) => p.message).join('; '),
    problems.map((p) => p.field),
  );

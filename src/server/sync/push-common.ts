// What every push handler shares: the context it runs in, the idempotency claim its first
// statement makes (store/applied-mutations.ts), and how it answers.
import type { Mutation, MutationResult, RejectReason } from '#shared/protocol/sync.ts';
import type { User } from '#shared/schemas/user.ts';
import type { Claim } from '../store/applied-mutations.ts';
import type { FrameworkCache } from '../store/frameworks.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';

export type PushContext = {
  db: SqlClient;
  frameworks: FrameworkCache;
  user: User;
  now: () => Date;
  /**
   * Test-only: called inside the batch's transaction, in request order, after each mutation's
   * savepoint is settled (for a run applied set-based, once the whole run is written).
   */
  afterMutation?: (index: number) => void;
};

export type { Claim } from '../store/applied-mutations.ts';

export type Args<N extends Mutation['name']> = Extract<Mutation, { name: N }>['args'];
export type Handler<N extends Mutation['name']> = (
  tx: SqlRunner,
  ctx: PushContext,
  args: Args<N>,
  mutationId: string,
  claim: Claim,
) => Promise<MutationResult>;

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

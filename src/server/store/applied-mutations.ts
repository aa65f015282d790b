// The idempotency claim of a pushed mutation in applied_mutations (unique on client id +
// mutation id). Each push handler's first statement is prefixed with CLAIM, so claiming costs no
// round trip of its own.

/** The values of the claim in applied_mutations: parameters $1 to $5 of a handler's first statement. */
export type Claim = [clientId: string, mutationId: string, userId: string, name: string, clientSeq: number];
/**
 * Prefixed to a handler's first statement: inserts the claim, and `claimed` in the select list
 * says whether it was new. A concurrent copy waits on the unique key, then finds it taken.
 */
export const CLAIM = `WITH claim AS (
    INSERT INTO applied_mutations (client_id, mutation_id, user_id, name, client_seq)
    VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1)`;
export const CLAIMED = '(SELECT count(*) FROM claim)::int AS claimed';

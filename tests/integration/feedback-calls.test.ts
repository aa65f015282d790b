// Parent-carer feedback calls through sync on both engines: a SEND officer starts, answers and
// submits a call (each mutation idempotent, like audits); answers are checked against the form; the
// officer and QA leads and admins receive it on pull, other auditors and parent-carer representatives never.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackPatch, Mutation, PullResponse } from '#shared/protocol/sync.ts';
import type { FeedbackCall } from '#shared/schemas/feedback.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { EMAIL, WHO, type Who } from '../setup/demo-people.ts';
import { ENGINES, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

let seq = 10_000;
const mutation = (name: Mutation['name'], args: unknown): Mutation =>
  ({ id: randomUUID(), clientSeq: (seq += 1), name, args }) as Mutation;
const start = (callId: string, planRef: string, formVersion = 1): Mutation =>
  mutation('feedback.start', {
    callId,
    planRef,
    formId: 'parent-carer-feedback',
    formVersion,
    calledOn: '2026-11-20',
    startedAt: '2026-11-20T10:00:00.000Z',
  });
const patch = (callId: string, p: FeedbackPatch): Mutation =>
  mutation('feedback.patch', { callId, patch: p, updatedAt: '2026-11-20T10:05:00.000Z' });
const submit = (callId: string): Mutation =>
  mutation('feedback.submit', { callId, submittedAt: '2026-11-20T10:10:00.000Z' });

type Change = PullResponse['changes'][number];
const callsIn = (changes: Change[]): FeedbackCall[] =>
  changes.flatMap((c) => (c.kind === 'feedback-call' && !c.deleted && c.data ? [c.data] : []));

describe.each(ENGINES)('feedback calls on %s', (engine) => {
  let server: TestServer;
  const clients = {} as Record<Who, TestClient>;
  let planRef: string;
  const callId = randomUUID();
  const draftId = randomUUID();

  beforeAll(async () => {
    server = await startTestServer(engine);
    for (const who of WHO) clients[who] = await server.signIn(EMAIL[who]);
    const plans = (await clients['qa-lead'].request({ method: 'GET', url: '/api/plans' })).json<{ plans: Plan[] }>()
      .plans;
    planRef = plans[0]!.ref;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a SEND officer starts, answers and submits a call; a retried push is a duplicate, not a second call', async () => {
    const sendat = clients.sendat;
    const batch = [
      start(callId, planRef),
      patch(callId, {
        answers: {
          overall: { from: null, to: { value: 4 } },
          listened: { from: null, to: { isDeclined: true } },
          'went-well': { from: null, to: { text: 'The officer phoned back every time.' } },
        },
      }),
      submit(callId),
    ];
    const device = randomUUID();
    const first = await sendat.push(batch, device);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    // The same device sends the same batch again, as after a lost answer.
    const again = await sendat.push(batch, device);
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const [call] = callsIn((await sendat.pullAll()).changes);
    expect(call).toMatchObject({
      id: callId,
      planRef,
      formId: 'parent-carer-feedback',
      formVersion: 1,
      recordedBy: 'user-sendat-auditor',
      status: 'submitted',
      answers: { overall: { value: 4 }, listened: { isDeclined: true } },
    });
  });

  it('a submitted call never changes', async () => {
    const result = await clients.sendat.push([
      patch(callId, { answers: { overall: { from: { value: 4 }, to: { value: 1 } } } }),
    ]);
    expect(result.results[0]).toMatchObject({ status: 'rejected', reason: 'immutable' });
  });

  it('the database itself refuses to change or delete a submitted call (migration 0009)', async () => {
    await expect(
      server.store.db.query("UPDATE feedback_calls SET called_on = '2026-01-01' WHERE id = $1", [callId]),
    ).rejects.toThrow(/a submitted feedback call never changes/);
    await expect(server.store.db.query('DELETE FROM feedback_calls WHERE id = $1', [callId])).rejects.toThrow(
      /a submitted feedback call never changes/,
    );
  });

  it('refuses answers off the form, a submit without the headline, and a change another device made first', async () => {
    const sendat = clients.sendat;
    expect((await sendat.push([start(draftId, planRef)])).results[0]?.status).toBe('applied');
    const offScale = await sendat.push([patch(draftId, { answers: { overall: { from: null, to: { value: 9 } } } })]);
    expect(offScale.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid', fields: ['answers.overall'] });
    const unknown = await sendat.push([patch(draftId, { answers: { nope: { from: null, to: { value: 3 } } } })]);
    expect(unknown.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid', fields: ['answers.nope'] });
    const early = await sendat.push([submit(draftId)]);
    expect(early.results[0]).toMatchObject({ status: 'rejected', reason: 'incomplete', fields: ['answers.overall'] });
    expect(
      (await sendat.push([patch(draftId, { answers: { overall: { from: null, to: { value: 2 } } } })])).results[0]
        ?.status,
    ).toBe('applied');
    const stale = await sendat.push([patch(draftId, { answers: { overall: { from: null, to: { value: 5 } } } })]);
    expect(stale.results[0]).toMatchObject({ status: 'conflict', fields: ['answers.overall'] });
    const unknownForm = await sendat.push([start(randomUUID(), planRef, 7)]);
    expect(unknownForm.results[0]).toMatchObject({ status: 'rejected', reason: 'not-found' });
  });

  it('only SEND staff record calls, and only the officer who recorded one changes it', async () => {
    const byRep = await clients['parent-rep'].push([start(randomUUID(), planRef)]);
    expect(byRep.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const byHealth = await clients.health.push([start(randomUUID(), planRef)]);
    expect(byHealth.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const byOther = await clients['qa-lead'].push([
      patch(draftId, { answers: { informed: { from: null, to: { value: 3 } } } }),
    ]);
    expect(byOther.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
  });

  it('the officer sees their calls, drafts too; QA leads and admins the submitted ones; nobody else any', async () => {
    const seen = {} as Record<Who, string[]>;
    for (const who of WHO)
      seen[who] = callsIn((await clients[who].pullAll()).changes)
        .map((c) => c.id)
        .sort();
    expect(seen.sendat).toEqual([callId, draftId].sort());
    expect(seen['qa-lead']).toEqual([callId]);
    expect(seen.admin).toEqual([callId]);
    for (const who of ['education', 'health', 'social-care', 'parent-rep'] as const)
      expect([who, seen[who]]).toEqual([who, []]);
  });
});

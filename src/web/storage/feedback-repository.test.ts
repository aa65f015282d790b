// The device's feedback calls on a real IndexedDB (fake-indexeddb): each change written with its
// outbox entry at once, an unsent answer rewritten rather than queued again, submit queued after
// the answers, and a pull that never overwrites a call with changes still waiting here.
import { describe, expect, it } from 'vitest';
import type { FeedbackCall } from '#shared/schemas/feedback.ts';
import { getDatabase } from './db.ts';
import {
  getFeedbackCall,
  setFeedbackAnswer,
  startFeedbackCall,
  storePulledFeedbackCall,
  submitFeedbackCall,
} from './feedback-repository.ts';
import { applyPushResults, listOutbox, takeBatch } from './outbox.ts';

const FORM = { id: 'parent-carer-feedback', version: 1 };

describe('feedback calls on the device', () => {
  it('queues start, one patch per answer (rewritten while unsent) and submit, in order', async () => {
    const id = await startFeedbackCall({
      planRef: 'PLN-0001',
      form: FORM,
      calledOn: '2026-11-20',
      recordedBy: 'user-sendat-auditor',
    });
    await setFeedbackAnswer(id, 'overall', { value: 2 });
    await setFeedbackAnswer(id, 'overall', { value: 5 });
    await setFeedbackAnswer(id, 'went-well', { text: 'Kept us informed.' });
    await submitFeedbackCall(id);
    const call = await getFeedbackCall(id);
    expect(call).toMatchObject({
      status: 'submitted',
      answers: { overall: { value: 5 }, 'went-well': { text: 'Kept us informed.' } },
    });
    const outbox = await listOutbox();
    expect(outbox.map((e) => [e.entity, e.mutation.name, e.field])).toEqual([
      ['feedback-call', 'feedback.start', null],
      ['feedback-call', 'feedback.patch', 'answers.overall'],
      ['feedback-call', 'feedback.patch', 'answers.went-well'],
      ['feedback-call', 'feedback.submit', null],
    ]);
    const overall = outbox[1]?.mutation;
    expect(overall?.name === 'feedback.patch' && overall.args.patch.answers?.overall).toEqual({
      from: null,
      to: { value: 5 },
    });

    // A pull while the changes wait keeps the device's copy; once they are applied it takes the server's.
    const server: FeedbackCall = { ...call!, answers: { overall: { value: 4 } } };
    await storePulledFeedbackCall(getDatabase(), id, server);
    expect((await getFeedbackCall(id))?.answers.overall).toEqual({ value: 5 });
    const batch = await takeBatch(10);
    await applyPushResults(batch!.mutations.map((m) => ({ mutationId: m.id, status: 'applied' as const })));
    expect(await listOutbox()).toEqual([]);
    await storePulledFeedbackCall(getDatabase(), id, server);
    expect((await getFeedbackCall(id))?.answers.overall).toEqual({ value: 4 });
  });
});

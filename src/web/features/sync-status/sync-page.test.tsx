// The sync page with moderation changes: a field changed by two moderators is shown with both
// values for the moderator to choose, and a refused moderation change is described in its words.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeModeration, getModeration } from '#web/storage/moderation-repository.ts';
import { applyPushResults, listOutbox, takeBatch } from '#web/storage/outbox.ts';
import { MODERATION_ID, renderRoute, seedModeration, serverModeration } from '#tests/web-support/device-fixtures.tsx';
import { describeChange, describeModerationField, describeReason } from './describe-change.ts';
import { SyncPage } from './sync-page.tsx';

beforeEach(async () => {
  await seedModeration();
});

describe('moderation changes on the sync page', () => {
  it('lets the moderator keep their own value of a field another moderator also changed', async () => {
    await changeModeration(MODERATION_ID, 'sections.F.rationale', 'Mine: provision not quantified');
    const batch = await takeBatch(100);
    await applyPushResults([
      {
        mutationId: batch!.mutations[0]!.id,
        status: 'conflict',
        fields: ['sections.F.rationale'],
        serverModeration: serverModeration({
          sections: { F: { agreedGrade: null, rationale: 'Theirs: vague wording' } },
        }),
      },
    ]);
    renderRoute(<SyncPage />, { path: '/sync', url: '/sync' });
    const card = (await screen.findByRole('heading', { name: /Rationale for section F, moderation of plan PLN-0005/ }))
      .parentElement as HTMLElement;
    expect(within(card).getByText('Mine: provision not quantified')).toBeInTheDocument();
    expect(within(card).getByText('Theirs: vague wording')).toBeInTheDocument();
    await userEvent.click(within(card).getByRole('button', { name: /Keep this device’s answer/ }));
    await waitFor(async () => {
      const outbox = await listOutbox();
      expect(outbox.map((e) => e.status)).toEqual(['pending']);
      expect(outbox[0]?.mutation.args).toMatchObject({
        patch: {
          sections: {
            F: { rationale: { from: 'Theirs: vague wording', to: 'Mine: provision not quantified' } },
          },
        },
      });
    });
    expect((await getModeration(MODERATION_ID))?.sections.F?.rationale).toBe('Mine: provision not quantified');
  });

  it('describes moderation mutations, fields and refusals in words', async () => {
    await changeModeration(MODERATION_ID, 'overall.agreedGrade', 3);
    const batch = await takeBatch(100);
    await applyPushResults([
      { mutationId: batch!.mutations[0]!.id, status: 'rejected', reason: 'immutable', message: 'Signed off.' },
    ]);
    const [entry] = await listOutbox();
    expect(describeChange(entry!)).toBe('Changed agreed grade for the overall judgement (moderation)');
    expect(describeReason(entry!)).toBe('The moderation was already signed off, so it cannot change. Signed off.');
    expect(describeModerationField('actions.abc')).toBe('An action');
    expect(describeModerationField('sections.A.parentPerspective')).toBe('Parent carer perspective for section A');
    renderRoute(<SyncPage />, { path: '/sync', url: '/sync' });
    const table = await screen.findByRole('table', { name: 'Changes the server did not accept' });
    expect(within(table).getByText('PLN-0005')).toBeInTheDocument();
  });
});

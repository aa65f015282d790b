// My audits on real device storage: an assignment in an open cycle can be started; once a pull says
// the cycle is closed, the cycle reads as closed and offers no Start (the server would refuse it).
import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyPull } from '#web/storage/pull.ts';
import { CYCLE, renderRoute, seedDevice } from '#tests/web-support/device-fixtures.tsx';
import { MyAuditsPage } from './my-audits-page.tsx';

beforeEach(async () => {
  await seedDevice();
});

const renderMyAudits = () => renderRoute(<MyAuditsPage />, { path: '/', url: '/' });

describe('my audits', () => {
  it('offers to start an assignment while its cycle is open', async () => {
    renderMyAudits();
    // jsdom drops the space before the visually hidden part of the name ("Start audit of PLN-0005").
    expect(await screen.findByRole('button', { name: /^Start ?audit of PLN-0005$/ })).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: CYCLE.name })).toBeVisible();
  });

  it('shows a closed cycle as closed, with no way to start a new audit in it', async () => {
    await applyPull(
      [{ kind: 'cycle', id: CYCLE.id, deleted: false, data: { ...CYCLE, status: 'closed' } }],
      'cursor-2',
    );
    renderMyAudits();
    expect(await screen.findByRole('heading', { level: 2, name: `${CYCLE.name} Closed` })).toBeVisible();
    expect(screen.getByText(/The cycle is closed: no new audits can be started in it\./)).toBeVisible();
    expect(screen.getByRole('row', { name: /PLN-0005/ })).toBeVisible();
    expect(screen.queryByRole('button', { name: /Start ?audit/ })).toBeNull();
  });
});

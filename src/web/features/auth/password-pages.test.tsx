// The two pages that share the new-password form: the checks before anything is sent, what the
// server's refusal marks, and what the person sees once it is saved. Only the people API is faked.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderRoute, testServices } from '#tests/web-support/device-fixtures.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import type { PeopleApi } from '#web/sync/people-api.ts';
import { ChangePasswordPage } from './change-password-page.tsx';
import { SetPasswordPage } from './set-password-page.tsx';

const GOOD = 'correct horse battery staple';

function renderWith(element: ReactElement, people: Partial<PeopleApi>, url = '/account/password') {
  const services = testServices();
  return renderRoute(element, {
    path: url.split('#')[0]!,
    url,
    services: { ...services, people: { ...services.people, ...people } },
  });
}

const summaryLinks = () =>
  within(screen.getByRole('alert'))
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('change your password', () => {
  it('lists every missing or mismatched field and sends nothing', async () => {
    const changePassword = vi.fn(() => Promise.resolve());
    renderWith(<ChangePasswordPage />, { changePassword });
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(summaryLinks()).toEqual(['Enter your current password', 'Enter a new password']);
    await userEvent.type(screen.getByLabelText('Current password'), 'old password here');
    await userEvent.type(screen.getByLabelText('New password'), GOOD);
    await userEvent.type(screen.getByLabelText('Confirm your new password'), `${GOOD}!`);
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(summaryLinks()).toEqual(['The passwords do not match']);
    expect(screen.getByLabelText('Confirm your new password')).toHaveAccessibleDescription(/do not match/);
    expect(changePassword).not.toHaveBeenCalled();
  });

  it('marks the field the server refused, then confirms a change and clears the form', async () => {
    const changePassword = vi
      .fn<PeopleApi['changePassword']>()
      .mockRejectedValueOnce(
        new ApiFailure('validation-failed', 'refused', 400, [
          { path: 'currentPassword', message: 'that is not your current password' },
        ]),
      )
      .mockResolvedValueOnce(undefined);
    renderWith(<ChangePasswordPage />, { changePassword });
    await userEvent.type(screen.getByLabelText('Current password'), 'wrong password');
    await userEvent.type(screen.getByLabelText('New password'), GOOD);
    await userEvent.type(screen.getByLabelText('Confirm your new password'), GOOD);
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('link', { name: 'That is not your current password' })).toBeInTheDocument();
    expect(screen.getByLabelText('New password')).toHaveValue(GOOD);

    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Your password has been changed')).toBeInTheDocument();
    expect(changePassword).toHaveBeenLastCalledWith('wrong password', GOOD);
    expect(screen.getByLabelText('Current password')).toHaveValue('');
    expect(screen.getByLabelText('New password')).toHaveValue('');
  });
});

describe('set your password from a link', () => {
  it('checks the link, refuses a short password, then sets it', async () => {
    window.history.replaceState(null, '', '/set-password#token=link-token-0001');
    const usePasswordLink = vi.fn(() => Promise.resolve());
    renderWith(
      <SetPasswordPage />,
      {
        checkPasswordLink: () => Promise.resolve({ email: 'new.person@demo.example', name: 'New Person' }),
        usePasswordLink,
      },
      '/set-password',
    );
    await userEvent.type(await screen.findByLabelText('New password'), 'too short');
    await userEvent.type(screen.getByLabelText('Confirm your new password'), 'too short');
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(summaryLinks()).toEqual(['Your password must be 12 characters or more']);
    expect(usePasswordLink).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByLabelText('New password'));
    await userEvent.type(screen.getByLabelText('New password'), GOOD);
    await userEvent.clear(screen.getByLabelText('Confirm your new password'));
    await userEvent.type(screen.getByLabelText('Confirm your new password'), GOOD);
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('You can now sign in as new.person@demo.example')).toBeInTheDocument();
    expect(usePasswordLink).toHaveBeenCalledWith('link-token-0001', GOOD);
  });
});

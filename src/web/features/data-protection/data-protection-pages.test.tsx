// The admins' data protection screens with only the API faked (the services' data protection
// client over a fake request, or the global fetch for the ZIP download): the subject access form checks the
// reference, says why an unknown one has nothing and names the file it saved; the privacy notice
// form starts from the template and names each part left empty; the public notice says when it is
// still the template.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PRIVACY_NOTICE } from '#shared/schemas/data-protection.ts';
import type { ApiRequest } from '#web/sync/api-client.ts';
import { ApiFailure } from '#web/sync/api-client.ts';
import { createDataProtectionApi, type DataProtectionApi } from '#web/sync/data-protection-api.ts';
import { renderRoute, testServices } from '#tests/web-support/device-fixtures.tsx';
import { PrivacyNoticePage } from './privacy-notice-page.tsx';
import { PrivacyNoticeSettingsPage } from './privacy-notice-settings-page.tsx';
import { RetentionSettingsPage } from './retention-settings-page.tsx';
import { SubjectAccessPage } from './subject-access-page.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const template = { notice: DEFAULT_PRIVACY_NOTICE, isCompleted: false, updatedAt: null };
const answering =
  (body: unknown): ApiRequest =>
  (schema) =>
    Promise.resolve(schema.parse(body));

describe('subject access request', () => {
  it('checks the reference, then says why an unknown plan has nothing', async () => {
    const fetch = vi.fn(() =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            error: 'not-found',
            message: 'no plan with the reference PLN-9999 is held: check the reference',
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        ),
      ),
    );
    vi.stubGlobal('fetch', fetch);
    renderRoute(<SubjectAccessPage />, { path: '/subject-access', url: '/subject-access' });
    await userEvent.click(screen.getByRole('button', { name: 'Download the export' }));
    expect(
      within(await screen.findByRole('alert')).getByRole('link', { name: 'Enter a plan reference' }),
    ).toBeVisible();
    expect(fetch).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText('Plan reference'), 'pln-9999');
    await userEvent.click(screen.getByRole('button', { name: 'Download the export' }));
    expect(
      await screen.findByRole('link', { name: 'No plan with the reference PLN-9999 is held: check the reference' }),
    ).toBeVisible();
    expect(fetch).toHaveBeenCalledWith('/api/subject-access/PLN-9999', { credentials: 'same-origin' });
    expect(document.title).toMatch(/^Error: Subject access request/);
  });

  it('saves the ZIP under the name the server gives and says so', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(new Uint8Array([0x50, 0x4b, 3, 4]), {
            status: 200,
            headers: {
              'content-type': 'application/zip',
              'content-disposition': 'attachment; filename="subject-access-PLN-0001-2026-12-05.zip"',
            },
          }),
        ),
      ),
    );
    const createObjectURL = vi.fn(() => 'blob:export');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderRoute(<SubjectAccessPage />, { path: '/subject-access', url: '/subject-access' });
    await userEvent.type(screen.getByLabelText('Plan reference'), 'PLN-0001');
    await userEvent.click(screen.getByRole('button', { name: 'Download the export' }));
    expect(
      await screen.findByText('The export was downloaded as subject-access-PLN-0001-2026-12-05.zip.'),
    ).toBeVisible();
    expect(click).toHaveBeenCalledTimes(1);
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });
});

describe('privacy notice', () => {
  it('is shown to everyone, with a warning while it is still the template', async () => {
    renderRoute(<PrivacyNoticePage />, {
      path: '/privacy',
      url: '/privacy',
      services: testServices({ dataProtection: createDataProtectionApi({ request: answering(template) }) }),
    });
    expect(await screen.findByText(/This is the template privacy notice/)).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: 'Our lawful basis' })).toBeVisible();
  });

  it('is completed by an admin from the template, naming each part left empty', async () => {
    const calls: { path: string; init: RequestInit | undefined }[] = [];
    const request = ((schema, path, init) => {
      calls.push({ path, init });
      return Promise.resolve(schema.parse(template));
    }) as ApiRequest;
    renderRoute(<PrivacyNoticeSettingsPage />, {
      path: '/settings/privacy-notice',
      url: '/settings/privacy-notice',
      services: testServices({ dataProtection: createDataProtectionApi({ request }) }),
    });
    const controller = await screen.findByLabelText('Who is responsible for your information');
    expect(controller).toHaveValue('[Name of the council]');
    await userEvent.clear(controller);
    await userEvent.clear(screen.getByLabelText('How to complain'));
    await userEvent.click(screen.getByRole('button', { name: 'Save the privacy notice' }));
    const summary = await screen.findByRole('alert');
    expect(
      within(summary)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Enter “Who is responsible for your information”', 'Enter “How to complain”']);
    expect(calls.filter((c) => c.init?.method === 'PUT')).toEqual([]);
  });
});

describe('retention periods', () => {
  const report = {
    isDryRun: true,
    at: '2026-12-05T00:00:00.000Z',
    settings: { auditsMonths: null, moderationsMonths: null, auditLogMonths: null },
    audits: [],
    moderations: [],
    keptForOpenReAudits: [],
    auditLog: { entries: 0, oldest: null, newest: null },
  };
  const api = (save: DataProtectionApi['saveRetentionSettings']): DataProtectionApi => ({
    ...createDataProtectionApi({ request: () => Promise.reject(new Error('not used')) }),
    getRetentionSettings: () => Promise.resolve(report.settings),
    previewRetention: () => Promise.resolve(report),
    saveRetentionSettings: save,
  });

  it('names a period out of range, then says why a save failed and when one worked', async () => {
    const save = vi
      .fn<DataProtectionApi['saveRetentionSettings']>()
      .mockRejectedValueOnce(new ApiFailure('network', 'Failed to fetch', null))
      .mockRejectedValueOnce(new ApiFailure('forbidden', 'your role does not allow this', 403))
      .mockImplementation((settings) => Promise.resolve(settings));
    renderRoute(<RetentionSettingsPage />, {
      path: '/settings/retention',
      url: '/settings/retention',
      services: testServices({ dataProtection: api(save) }),
    });
    await userEvent.type(await screen.findByLabelText('Audits (months)'), '3');
    const button = screen.getByRole('button', { name: 'Save retention periods' });
    await userEvent.click(button);
    expect(
      within(await screen.findByRole('alert')).getByRole('link', {
        name: 'Enter a whole number of months from 6 to 1200 for audits, or leave it blank',
      }),
    ).toBeVisible();
    expect(save).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText('Audits (months)'), '6');
    await userEvent.click(button);
    expect(
      await screen.findByRole('link', {
        name: 'The periods could not be saved because this device is offline: save again when you are online',
      }),
    ).toBeVisible();
    await userEvent.click(button);
    expect(
      await screen.findByRole('link', { name: 'The server did not save the periods: your role does not allow this' }),
    ).toBeVisible();
    await userEvent.click(button);
    expect(await screen.findByText('The retention periods were saved.')).toBeVisible();
    expect(save).toHaveBeenLastCalledWith({ auditsMonths: 36, moderationsMonths: null, auditLogMonths: null });
  });
});

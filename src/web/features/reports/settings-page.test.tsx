// The council settings page: loads what the device holds when the server cannot be reached, checks
// every field before saving, sends the whole record with the CSRF token, and keeps what was typed
// when saving fails. The API is the only thing faked.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '#shared/schemas/settings.ts';
import { getCouncilSettings } from '#web/storage/settings.ts';
import { ApiFailure, type ApiRequest } from '#web/sync/api-client.ts';
import { createSettingsApi } from '#web/sync/settings-api.ts';
import { renderRoute, testServices } from '#tests/web-support/device-fixtures.tsx';
import { seedReportDevice } from '#tests/web-support/report-fixtures.ts';
import { CouncilSettingsPage } from './settings-routes.tsx';

type Call = { path: string; init: RequestInit | undefined };

function fakeApi(online: boolean): { request: ApiRequest; calls: Call[] } {
  const calls: Call[] = [];
  const request = ((schema, path, init) => {
    calls.push({ path, init });
    // GET fails as if offline, so the page falls back to the settings on the device.
    if (!online || init?.method !== 'PUT') return Promise.reject(new ApiFailure('network', 'Failed to fetch', null));
    return Promise.resolve(schema.parse(JSON.parse(init.body as string)));
  }) as ApiRequest;
  return { request, calls };
}

function renderSettings(request: ApiRequest) {
  return renderRoute(<CouncilSettingsPage />, {
    path: '/settings',
    url: '/settings',
    services: testServices({ settings: createSettingsApi(request) }),
  });
}

describe('council settings', () => {
  it('shows an error for each bad field and keeps what was typed', async () => {
    await seedReportDevice();
    renderSettings(fakeApi(true).request);
    const name = await screen.findByLabelText('Council name');
    expect(name).toHaveValue('Northshire Council');
    await userEvent.clear(name);
    await userEvent.clear(screen.getByLabelText('Small-number threshold'));
    await userEvent.type(screen.getByLabelText('Small-number threshold'), '0');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Enter the council name' })).toBeInTheDocument();
    expect(
      within(summary).getByRole('link', { name: 'Enter a whole number from 1 to 100 for the small-number threshold' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Small-number threshold')).toHaveValue('0');
  });

  it('saves the settings to the server and keeps them on the device', async () => {
    await seedReportDevice();
    const api = fakeApi(true);
    renderSettings(api.request);
    const name = await screen.findByLabelText('Council name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Southshire Council');
    await userEvent.click(screen.getByLabelText('Yes'));
    const idle = screen.getByLabelText('Lock a device after it has been idle for (minutes)');
    expect(idle).toHaveValue('15');
    await userEvent.clear(idle);
    await userEvent.type(idle, '10');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('The council settings were saved.')).toBeInTheDocument();
    const put = api.calls.find((c) => c.init?.method === 'PUT');
    expect(put?.path).toBe('/api/settings');
    expect((put?.init?.headers as Record<string, string>)['x-csrf-token']).toBe('csrf-token-for-tests-0001');
    expect(JSON.parse(put?.init?.body as string)).toEqual({
      councilName: 'Southshire Council',
      showAuditorNamesToParentReps: true,
      smallNumberThreshold: 5,
      deviceLock: { idleMinutes: 10, maxAttempts: 5 },
    });
    expect((await getCouncilSettings()).councilName).toBe('Southshire Council');
  });

  it('publishes the figures ticked, and only lets the Local Offer site given embed the page', async () => {
    await seedReportDevice();
    const api = fakeApi(true);
    renderSettings(api.request);
    await userEvent.click(await screen.findByLabelText('EHC plans judged good or better overall'));
    const origin = screen.getByLabelText('Local Offer site allowed to embed the page (optional)');
    await userEvent.type(origin, 'https://localoffer.example.gov.uk/send');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/as https:\/\/ and its host name only/);
    expect(api.calls.some((c) => c.init?.method === 'PUT')).toBe(false);
    await userEvent.clear(origin);
    await userEvent.type(origin, 'https://localoffer.example.gov.uk');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('The council settings were saved.')).toBeInTheDocument();
    const put = api.calls.find((c) => c.init?.method === 'PUT');
    expect(JSON.parse(put?.init?.body as string)).toMatchObject({
      publication: { figures: ['good-or-better-overall'], embedOrigin: 'https://localoffer.example.gov.uk' },
    });
    expect((await getCouncilSettings()).publication?.figures).toEqual(['good-or-better-overall']);
  });

  it('says when it cannot save offline, and loses nothing', async () => {
    await seedReportDevice();
    renderSettings(fakeApi(false).request);
    const name = await screen.findByLabelText('Council name');
    await userEvent.type(name, ' (SEND)');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('this device is offline');
    expect(screen.getByLabelText('Council name')).toHaveValue('Northshire Council (SEND)');
    expect((await getCouncilSettings()).councilName).toBe('Northshire Council');
  });

  it('refuses a logo that is too large or not an image', async () => {
    await seedReportDevice();
    renderSettings(fakeApi(true).request);
    const input = await screen.findByLabelText('Logo');
    const big = new File([new Uint8Array(LOGO_MAX_BYTES + 1)], 'logo.png', { type: 'image/png' });
    await userEvent.upload(input, big);
    expect(await screen.findByRole('alert')).toHaveTextContent(/The logo must be 200 KB or smaller/);
    const gif = new File([new Uint8Array(10)], 'logo.gif', { type: 'image/gif' });
    await userEvent.upload(input, gif, { applyAccept: false });
    expect(await screen.findByRole('alert')).toHaveTextContent('The logo must be a PNG or JPEG image');
    const png = new File([new Uint8Array([137, 80, 78, 71])], 'logo.png', { type: 'image/png' });
    await userEvent.upload(input, png);
    expect(await screen.findByRole('img', { name: 'The current logo' })).toBeInTheDocument();
  });
});

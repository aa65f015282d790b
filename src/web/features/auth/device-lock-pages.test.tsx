// The PIN screens on a real IndexedDB: a PIN is checked before anything is set, the lock keeps the
// data key wrapped by the server's recovery key when it gives one, the unlock screen warns before
// the last attempt, and a reset after signing in online says plainly what it kept.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderRoute, seedStartedAudit, testServices } from '#tests/web-support/device-fixtures.tsx';
import { changeAudit } from '#web/storage/audit-repository.ts';
import { importRecoveryKey, lockDevice, readLock, setDevicePin } from '#web/storage/device-key.ts';
import type { DeviceLock } from '#web/storage/records.ts';
import { readSealState } from '#web/storage/seal-state.ts';
import { ResetPinPage, SetPinPage, UnlockPage } from './device-lock-pages.tsx';

const RECOVERY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
const OTHER = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));

function servicesWithRecoveryKey(key: string | null) {
  const services = testServices();
  return {
    ...services,
    settings: {
      ...services.settings,
      deviceRecoveryKey: () => (key ? Promise.resolve(key) : Promise.reject(new Error('offline'))),
    },
  };
}

let auditId: string;
beforeEach(async () => {
  auditId = await seedStartedAudit();
});

describe('setting a PIN', () => {
  it('refuses a short or unconfirmed PIN, then encrypts the device with the recovery key wrapped in', async () => {
    const user = userEvent.setup();
    renderRoute(<SetPinPage />, { path: '/', url: '/', services: servicesWithRecoveryKey(RECOVERY) });
    await user.type(await screen.findByLabelText('Create a PIN'), '123');
    await user.click(screen.getByRole('button', { name: 'Set PIN' }));
    expect(await screen.findAllByText('Enter a PIN of at least 6 digits')).not.toHaveLength(0);
    await user.clear(screen.getByLabelText('Create a PIN'));
    await user.type(screen.getByLabelText('Create a PIN'), '246810');
    await user.type(screen.getByLabelText('Confirm your PIN'), '246811');
    await user.click(screen.getByRole('button', { name: 'Set PIN' }));
    expect(await screen.findAllByText('The PINs do not match')).not.toHaveLength(0);
    expect(await readLock()).toBeUndefined();
    await user.clear(screen.getByLabelText('Confirm your PIN'));
    await user.type(screen.getByLabelText('Confirm your PIN'), '246810');
    await user.click(screen.getByRole('button', { name: 'Set PIN' }));
    await expect.poll(() => readSealState().mode, { timeout: 10_000 }).toBe('sealed');
    const lock = await readLock();
    expect(lock?.recovery).toBeDefined();
    expect(lock?.iterations).toBe(600_000);
  });
});

describe('unlocking', () => {
  it('warns before the last attempt that a wrong PIN deletes everything', async () => {
    const lock: DeviceLock = {
      salt: 'AAAA',
      iterations: 1,
      pin: { wrapIv: 'AAAA', wrappedKey: 'AAAA' },
      failedAttempts: 4,
    };
    renderRoute(<UnlockPage lock={lock} />, { path: '/', url: '/' });
    expect(await screen.findByText(/This is your last attempt/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Forgotten your PIN?' })).toHaveAttribute('href', '/sign-in');
  });
});

describe('resetting a forgotten PIN after signing in online', () => {
  async function lockedWithWork(recoveryKey?: CryptoKey): Promise<void> {
    await setDevicePin('246810', { iterations: 1000, recoveryKey });
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met', comment: 'Kept' } });
    lockDevice();
  }

  async function setNewPin(): Promise<void> {
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Create a PIN'), '135790');
    await user.type(screen.getByLabelText('Confirm your PIN'), '135790');
    await user.click(screen.getByRole('button', { name: 'Set new PIN' }));
    await screen.findByRole('heading', { level: 1, name: 'Your PIN has been reset' }, { timeout: 10_000 });
  }

  it('keeps the unsynced work when the recovery key opens the old key', async () => {
    await lockedWithWork(await importRecoveryKey(RECOVERY));
    renderRoute(<ResetPinPage />, { path: '/', url: '/', services: servicesWithRecoveryKey(RECOVERY) });
    await setNewPin();
    expect(screen.getByText(/Everything on this device has been kept, including 2 changes not yet sent/)).toBeVisible();
  });

  it('says plainly when the unsynced work could not be recovered', async () => {
    await lockedWithWork(await importRecoveryKey(RECOVERY));
    renderRoute(<ResetPinPage />, { path: '/', url: '/', services: servicesWithRecoveryKey(OTHER) });
    await setNewPin();
    expect(
      screen.getByText(/2 changes made on this device and not sent to the server could not be recovered/),
    ).toBeVisible();
  });

  it('asks to sign in online when the server gives no key', async () => {
    await lockedWithWork();
    renderRoute(<ResetPinPage />, { path: '/', url: '/', services: servicesWithRecoveryKey(null) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in online to reset your PIN' })).toBeVisible();
  });
});

// The device's PIN: set once after the first sign-in, asked for whenever the app starts or has
// been idle, all offline. The PIN unwraps the key that audits, moderations, feedback calls and
// queued changes are encrypted under on this device (storage/device-key.ts); the council's
// settings say after how many wrong PINs the device is wiped and after how long idle it locks.
// A forgotten PIN is reset after signing in online again (ResetPinPage).
import { useEffect, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { DEFAULT_DEVICE_LOCK, type DeviceLockSettings } from '#shared/schemas/settings.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { WarningText } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { logger } from '#web/services/logger.ts';
import { useServices } from '#web/services/services-context.tsx';
import {
  countSetAsideChanges,
  importRecoveryKey,
  lockDevice,
  MIN_PIN_LENGTH,
  resetDevicePin,
  setDevicePin,
  unlockDevice,
  type ResetOutcome,
} from '#web/storage/device-key.ts';
import { wipeDevice } from '#web/storage/device.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { countUnsynced } from '#web/storage/outbox.ts';
import type { DeviceLock } from '#web/storage/records.ts';
import { onSealStateChanged, readSealState } from '#web/storage/seal-state.ts';
import { getCouncilSettings } from '#web/storage/settings.ts';

/** Whether this page holds the device key right now. */
export function useIsUnlocked(): boolean {
  return useSyncExternalStore(
    (listener) => onSealStateChanged(listener),
    () => readSealState().mode === 'sealed',
  );
}

/** The council's lock settings as last synced (readable while locked: settings are not sealed). */
export function useDeviceLockSettings(): DeviceLockSettings {
  const settings = useStoredQuery(async () => (await getCouncilSettings()).deviceLock ?? DEFAULT_DEVICE_LOCK, []);
  return settings ?? DEFAULT_DEVICE_LOCK;
}

function pinError(pin: string): string | null {
  return /^\d+$/.test(pin) && pin.length >= MIN_PIN_LENGTH ? null : `Enter a PIN of at least ${MIN_PIN_LENGTH} digits`;
}

function Page({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}

/** A new PIN and its confirmation; calls back with the PIN once both are valid. */
function NewPinForm(props: { submitLabel: string; busyLabel: string; onPin: (pin: string) => Promise<string | null> }) {
  const [pin, setPin] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isSaving, setIsSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = pinError(pin);
    const found: FieldError[] = invalid
      ? [{ fieldId: 'pin', message: invalid }]
      : confirmation !== pin
        ? [{ fieldId: 'pin-confirmation', message: 'The PINs do not match' }]
        : [];
    setErrors(found);
    if (found.length > 0) return;
    setIsSaving(true);
    const failure = await props.onPin(pin);
    if (failure) {
      setErrors([{ fieldId: 'pin', message: failure }]);
      setIsSaving(false);
    }
  };
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  return (
    <>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(event) => void submit(event)}>
        <PinField
          id="pin"
          label="Create a PIN"
          hint={`At least ${MIN_PIN_LENGTH} digits.`}
          error={errorFor('pin')}
          value={pin}
          onChange={setPin}
          autoComplete="new-password"
        />
        <PinField
          id="pin-confirmation"
          label="Confirm your PIN"
          error={errorFor('pin-confirmation')}
          value={confirmation}
          onChange={setConfirmation}
          autoComplete="new-password"
        />
        <button type="submit" className="govuk-button" disabled={isSaving} aria-disabled={isSaving}>
          {isSaving ? props.busyLabel : props.submitLabel}
        </button>
      </form>
    </>
  );
}

export function SetPinPage() {
  const { sync, settings } = useServices();
  const lockSettings = useDeviceLockSettings();
  usePageTitle('Set a PIN for this device');

  const onPin = async (pin: string): Promise<string | null> => {
    try {
      // Just signed in online: the server gives the key that lets a forgotten PIN be reset
      // without losing work. Offline, the PIN is set without it.
      const recovery = await settings.deviceRecoveryKey().catch(() => null);
      await setDevicePin(pin, { recoveryKey: recovery ? await importRecoveryKey(recovery) : undefined });
      void sync.syncNow('change');
      return null;
    } catch (error) {
      logger.warn('Could not set the device PIN', error);
      return 'The PIN could not be set. Try again.';
    }
  };

  return (
    <Page>
      <PageHeading>Set a PIN for this device</PageHeading>
      <p className="govuk-body">
        Audits, moderations and feedback on this device are encrypted. Your PIN unlocks them, even without a connection.
        You will be asked for it when you open the app and after {lockSettings.idleMinutes} minutes without use.
      </p>
      <p className="govuk-body">
        After {lockSettings.maxAttempts} wrong PINs in a row, everything on this device is deleted.
      </p>
      <NewPinForm submitLabel="Set PIN" busyLabel="Encrypting this device…" onPin={onPin} />
    </Page>
  );
}

export function UnlockPage({ lock }: { lock: DeviceLock }) {
  const { sync } = useServices();
  const navigate = useNavigate();
  const { maxAttempts } = useDeviceLockSettings();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isChecking, setIsChecking] = useState(false);
  const attemptsLeft = Math.max(1, maxAttempts - lock.failedAttempts);
  usePageTitle('Unlock this device', error !== null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!pin) {
      setError('Enter your PIN');
      return;
    }
    setIsChecking(true);
    const outcome = await unlockDevice(pin, maxAttempts, wipeDevice);
    setIsChecking(false);
    setPin('');
    if (outcome.status === 'unlocked') {
      void sync.syncNow('change');
    } else if (outcome.status === 'wiped') {
      void navigate('/sign-in', { replace: true, state: { isWiped: true } });
    } else {
      setError(
        `The PIN is not correct. You have ${outcome.attemptsLeft} ${outcome.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`,
      );
    }
  };

  return (
    <Page>
      <ErrorSummary errors={error ? [{ fieldId: 'unlock-pin', message: error }] : []} />
      <PageHeading>Unlock this device</PageHeading>
      <p className="govuk-body">Enter the PIN you set for this device. You do not need a connection.</p>
      {attemptsLeft === 1 ? (
        <WarningText>
          This is your last attempt. If the PIN is wrong again, everything on this device is deleted, including work not
          yet sent to the server.
        </WarningText>
      ) : null}
      <form noValidate onSubmit={(event) => void submit(event)}>
        <PinField
          id="unlock-pin"
          label="PIN"
          error={error ?? undefined}
          value={pin}
          onChange={setPin}
          autoComplete="current-password"
        />
        <button type="submit" className="govuk-button" disabled={isChecking} aria-disabled={isChecking}>
          {isChecking ? 'Checking…' : 'Unlock'}
        </button>
      </form>
      <p className="govuk-body">
        <Link className="govuk-link" to="/sign-in" state={{ from: '/reset-pin' }}>
          Forgotten your PIN?
        </Link>{' '}
        Sign in again online to set a new one.
      </p>
    </Page>
  );
}

type ResetState =
  | { phase: 'fetching' }
  | { phase: 'needs-sign-in' }
  | { phase: 'ready'; recoveryKey: CryptoKey }
  | { phase: 'done'; outcome: ResetOutcome; unsynced: number; setAside: number };

/** After signing in online again: a new PIN, keeping the work on this device if its key can be recovered. */
export function ResetPinPage() {
  const { settings, sync } = useServices();
  const [state, setState] = useState<ResetState>({ phase: 'fetching' });
  usePageTitle(state.phase === 'done' ? 'Your PIN has been reset' : 'Reset the PIN for this device');

  useEffect(() => {
    let isCurrent = true;
    settings
      .deviceRecoveryKey()
      .then(importRecoveryKey)
      .then((recoveryKey) => isCurrent && setState({ phase: 'ready', recoveryKey }))
      .catch((error: unknown) => {
        logger.warn('No recovery key for this device', error);
        if (isCurrent) setState({ phase: 'needs-sign-in' });
      });
    return () => {
      isCurrent = false;
    };
  }, [settings]);

  if (state.phase === 'fetching') return null;
  if (state.phase === 'needs-sign-in') {
    return (
      <Page>
        <PageHeading>Sign in online to reset your PIN</PageHeading>
        <p className="govuk-body">
          To set a new PIN you need a connection and to have signed in within the last 15 minutes.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in" state={{ from: '/reset-pin' }}>
            Sign in again
          </Link>
        </p>
      </Page>
    );
  }
  if (state.phase === 'done') {
    return (
      <Page>
        <PageHeading>Your PIN has been reset</PageHeading>
        {state.outcome === 'recovered' ? (
          <p className="govuk-body">
            Everything on this device has been kept
            {state.unsynced > 0
              ? `, including ${state.unsynced} ${state.unsynced === 1 ? 'change' : 'changes'} not yet sent to the server`
              : ''}
            .
          </p>
        ) : (
          <WarningText>
            {state.setAside > 0
              ? `${state.setAside} ${state.setAside === 1 ? 'change' : 'changes'} made on this device and not sent to the server could not be recovered.`
              : 'The earlier work on this device could not be unlocked.'}{' '}
            It stays on this device, encrypted under your old PIN, and nobody can read it without that PIN. Work already
            sent to the server is safe there and will come back to this device.
          </WarningText>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Continue to your audits
          </Link>
        </p>
      </Page>
    );
  }
  const onPin = async (pin: string): Promise<string | null> => {
    try {
      const outcome = await resetDevicePin(pin, { recoveryKey: state.recoveryKey });
      const [unsynced, setAside] = await Promise.all([countUnsynced(), countSetAsideChanges()]);
      setState({ phase: 'done', outcome, unsynced, setAside });
      void sync.syncNow('change');
      return null;
    } catch (error) {
      logger.warn('Could not reset the device PIN', error);
      return 'The PIN could not be set. Try again.';
    }
  };
  return (
    <Page>
      <PageHeading>Reset the PIN for this device</PageHeading>
      <p className="govuk-body">You have signed in again. Choose a new PIN for this device.</p>
      <NewPinForm submitLabel="Set new PIN" busyLabel="Setting your new PIN…" onPin={onPin} />
    </Page>
  );
}

function PinField(props: {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
  autoComplete: string;
}) {
  const described = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <div id={`${props.id}-hint`} className="govuk-hint">
          {props.hint}
        </div>
      ) : null}
      {props.error ? <ErrorMessage id={`${props.id}-error`}>{props.error}</ErrorMessage> : null}
      <input
        className={`govuk-input govuk-input--width-10${props.error ? ' govuk-input--error' : ''}`}
        id={props.id}
        type="password"
        inputMode="numeric"
        autoComplete={props.autoComplete}
        spellCheck={false}
        aria-describedby={described || undefined}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'scroll'] as const;

/** Locks the device once nobody has used the page for the council's idle time; the queued work stays, encrypted. */
export function useIdleLock(idleMinutes: number | undefined): void {
  useEffect(() => {
    if (idleMinutes === undefined) return;
    let lastActivity = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
    };
    const check = () => {
      if (Date.now() - lastActivity >= idleMinutes * 60_000) lockDevice();
    };
    for (const name of ACTIVITY_EVENTS) document.addEventListener(name, onActivity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', check);
    const timer = setInterval(check, Math.min(10_000, idleMinutes * 60_000));
    return () => {
      for (const name of ACTIVITY_EVENTS) document.removeEventListener(name, onActivity, { capture: true });
      document.removeEventListener('visibilitychange', check);
      clearInterval(timer);
    };
  }, [idleMinutes]);
}

/** Used by the sign-in page after a wipe for wrong PINs. */
export const WIPED_MESSAGE =
  'Too many wrong PINs were entered, so everything on this device was deleted. Sign in to start again.';

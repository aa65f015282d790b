// The council's settings (admins), mounted at /settings/*: the name and logo on reports, whether
// parent-carer representatives see auditors' names, and the small-number threshold. Saved to the
// server (PUT /api/settings), then kept on this device so reports use them at once.
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, Route, Routes } from 'react-router';
import { FIXED_FIGURES, type FigureChoice } from '#shared/domain/published-figures.ts';
import {
  CouncilSettingsSchema,
  DEFAULT_DEVICE_LOCK,
  LOGO_MAX_BYTES,
  type CouncilSettings,
} from '#shared/schemas/settings.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { formatBytes } from '#web/components/format.ts';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { getCouncilSettings, storeCouncilSettings } from '#web/storage/settings.ts';
import { useServices } from '#web/services/services-context.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import './reports.css';

const FIELD_IDS: Record<string, string> = {
  councilName: 'council-name',
  logoDataUrl: 'logo',
  showAuditorNamesToParentReps: 'show-names',
  smallNumberThreshold: 'threshold',
  publication: 'embed-origin',
  deviceLock: 'idle-minutes',
};

type Draft = {
  councilName: string;
  logoDataUrl: string | undefined;
  showNames: boolean;
  threshold: string;
  /** Figure ids published on the public page, in the order chosen. */
  published: string[];
  embedOrigin: string;
  idleMinutes: string;
  maxAttempts: string;
};

const toDraft = (s: CouncilSettings): Draft => ({
  councilName: s.councilName,
  logoDataUrl: s.logoDataUrl,
  showNames: s.showAuditorNamesToParentReps,
  threshold: String(s.smallNumberThreshold),
  published: s.publication?.figures ?? [],
  embedOrigin: s.publication?.embedOrigin ?? '',
  idleMinutes: String((s.deviceLock ?? DEFAULT_DEVICE_LOCK).idleMinutes),
  maxAttempts: String((s.deviceLock ?? DEFAULT_DEVICE_LOCK).maxAttempts),
});

const wholeNumber = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text) : NaN);

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

export function CouncilSettingsPage() {
  usePageTitle('Council settings');
  const { settings: api } = useServices();
  const [draft, setDraft] = useState<Draft | undefined>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [choices, setChoices] = useState<FigureChoice[]>([...FIXED_FIGURES]);

  // Which measures can be published depends on the published frameworks; offline, the fixed figures.
  useEffect(() => {
    let live = true;
    api.publishableFigures().then(
      (answer) => {
        if (live) setChoices(answer);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  // The server's settings when online; else the last ones this device pulled.
  useEffect(() => {
    let live = true;
    api
      .get()
      .catch(() => getCouncilSettings())
      .then(
        (settings) => {
          if (live) setDraft((d) => d ?? toDraft(settings));
        },
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [api]);

  if (!draft) {
    return (
      <>
        <PageHeading>Council settings</PageHeading>
        <p className="govuk-body">Loading…</p>
      </>
    );
  }
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const update = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };

  const chooseLogo = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const others = errors.filter((e) => e.fieldId !== 'logo');
    if (file.type !== 'image/png' && file.type !== 'image/jpeg') {
      setErrors([...others, { fieldId: 'logo', message: 'The logo must be a PNG or JPEG image' }]);
      return;
    }
    if (file.size > LOGO_MAX_BYTES) {
      setErrors([
        ...others,
        {
          fieldId: 'logo',
          message: `The logo must be ${formatBytes(LOGO_MAX_BYTES)} or smaller (this one is ${formatBytes(file.size)})`,
        },
      ]);
      return;
    }
    setErrors(others);
    update({ logoDataUrl: await readAsDataUrl(file) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const threshold = Number(draft.threshold);
    const candidate = {
      councilName: draft.councilName,
      ...(draft.logoDataUrl ? { logoDataUrl: draft.logoDataUrl } : {}),
      showAuditorNamesToParentReps: draft.showNames,
      smallNumberThreshold: draft.threshold.trim() === '' || !Number.isInteger(threshold) ? NaN : threshold,
      // Left out when nothing is published and no site may embed the page: the same as never set.
      ...(draft.published.length === 0 && draft.embedOrigin.trim() === ''
        ? {}
        : {
            publication: {
              figures: draft.published,
              ...(draft.embedOrigin.trim() === '' ? {} : { embedOrigin: draft.embedOrigin.trim() }),
            },
          }),
      deviceLock: { idleMinutes: wholeNumber(draft.idleMinutes), maxAttempts: wholeNumber(draft.maxAttempts) },
    };
    const parsed = CouncilSettingsSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(
        parsed.error.issues.map((issue) => {
          const field = String(issue.path[0] ?? 'councilName');
          if (field === 'deviceLock') {
            return issue.path[1] === 'maxAttempts'
              ? { fieldId: 'max-attempts', message: 'Enter a whole number of wrong PINs from 3 to 20' }
              : { fieldId: 'idle-minutes', message: 'Enter a whole number of minutes from 1 to 240' };
          }
          const message =
            field === 'smallNumberThreshold'
              ? 'Enter a whole number from 1 to 100 for the small-number threshold'
              : field === 'councilName'
                ? draft.councilName.trim() === ''
                  ? 'Enter the council name'
                  : 'The council name must be 120 characters or fewer'
                : field === 'publication'
                  ? 'Enter the Local Offer site as https:// and its host name only, for example https://localoffer.example.gov.uk'
                  : issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
          return { fieldId: FIELD_IDS[field] ?? 'council-name', message };
        }),
      );
      return;
    }
    setErrors([]);
    setSaving(true);
    try {
      const stored = await api.put(parsed.data);
      await storeCouncilSettings(stored);
      setDraft(toDraft(stored));
      setSaved(true);
    } catch (error) {
      const message =
        error instanceof ApiFailure && error.kind === 'network'
          ? 'The settings could not be saved because this device is offline. Nothing you entered is lost: save again when you are online'
          : error instanceof ApiFailure
            ? `The server did not save the settings: ${error.message}`
            : 'The settings could not be saved. Try again';
      const fieldErrors =
        error instanceof ApiFailure && error.issues
          ? error.issues.map((i) => ({
              fieldId: FIELD_IDS[i.path.split('.')[0] ?? ''] ?? 'council-name',
              message: i.message,
            }))
          : [];
      setErrors(fieldErrors.length > 0 ? fieldErrors : [{ fieldId: 'council-name', message }]);
    } finally {
      setSaving(false);
    }
  };

  const nameError = errorFor('council-name');
  const logoError = errorFor('logo');
  const thresholdError = errorFor('threshold');
  const originError = errorFor('embed-origin');
  // Chosen figures no framework offers any more stay listed, so they can be unticked.
  const shown = [
    ...choices,
    ...draft.published.filter((id) => !choices.some((c) => c.id === id)).map((id) => ({ id, label: id })),
  ];
  const togglePublished = (id: string, isChecked: boolean) =>
    update({
      published: isChecked
        ? shown.map((c) => c.id).filter((c) => c === id || draft.published.includes(c))
        : draft.published.filter((c) => c !== id),
    });
  return (
    <>
      <ErrorSummary errors={errors} />
      {saved ? (
        <NotificationBanner type="success" id="settings-saved">
          <p className="govuk-notification-banner__heading">The council settings were saved.</p>
        </NotificationBanner>
      ) : null}
      <PageHeading>Council settings</PageHeading>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className={`govuk-form-group${nameError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="council-name">
            Council name
          </label>
          <div className="govuk-hint" id="council-name-hint">
            Shown on every report.
          </div>
          {nameError ? <ErrorMessage id="council-name-error">{nameError}</ErrorMessage> : null}
          <input
            className={`govuk-input${nameError ? ' govuk-input--error' : ''}`}
            id="council-name"
            name="councilName"
            type="text"
            value={draft.councilName}
            onChange={(e) => update({ councilName: e.target.value })}
            aria-describedby={`council-name-hint${nameError ? ' council-name-error' : ''}`}
          />
        </div>

        <div className={`govuk-form-group${logoError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="logo">
            Logo
          </label>
          <div className="govuk-hint" id="logo-hint">
            A PNG or JPEG image of {formatBytes(LOGO_MAX_BYTES)} or less, drawn on report covers.
          </div>
          {logoError ? <ErrorMessage id="logo-error">{logoError}</ErrorMessage> : null}
          {draft.logoDataUrl ? (
            <p className="govuk-body">
              <img className="app-logo-preview" src={draft.logoDataUrl} alt="The current logo" />
            </p>
          ) : null}
          <input
            className={`govuk-file-upload${logoError ? ' govuk-file-upload--error' : ''}`}
            id="logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg"
            onChange={(e) => void chooseLogo(e)}
            aria-describedby={`logo-hint${logoError ? ' logo-error' : ''}`}
          />
          {draft.logoDataUrl ? (
            <p className="govuk-body govuk-!-margin-top-2">
              <button
                type="button"
                className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                onClick={() => update({ logoDataUrl: undefined })}
              >
                Remove the logo
              </button>
            </p>
          ) : null}
        </div>

        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset" aria-describedby="show-names-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              Show auditors’ names to parent-carer representatives?
            </legend>
            <div className="govuk-hint" id="show-names-hint">
              If not, they see “Auditor 1 (Health)” and so on.
            </div>
            <div className="govuk-radios govuk-radios--inline">
              {[
                { value: true, label: 'Yes', id: 'show-names' },
                { value: false, label: 'No', id: 'show-names-no' },
              ].map((option) => (
                <div className="govuk-radios__item" key={option.id}>
                  <input
                    className="govuk-radios__input"
                    id={option.id}
                    name="showNames"
                    type="radio"
                    checked={draft.showNames === option.value}
                    onChange={() => update({ showNames: option.value })}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={option.id}>
                    {option.label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>

        <div className={`govuk-form-group${thresholdError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="threshold">
            Small-number threshold
          </label>
          <div className="govuk-hint" id="threshold-hint">
            In views for parent-carer representatives, counts below this are shown as “fewer than” it.
          </div>
          {thresholdError ? <ErrorMessage id="threshold-error">{thresholdError}</ErrorMessage> : null}
          <input
            className={`govuk-input govuk-input--width-3${thresholdError ? ' govuk-input--error' : ''}`}
            id="threshold"
            name="threshold"
            type="text"
            inputMode="numeric"
            value={draft.threshold}
            onChange={(e) => update({ threshold: e.target.value })}
            aria-describedby={`threshold-hint${thresholdError ? ' threshold-error' : ''}`}
          />
        </div>

        <h2 className="govuk-heading-m">Devices</h2>
        <p className="govuk-body">
          Work on each device is encrypted and unlocked with a PIN. These apply to every device at its next sync.
        </p>
        <NumberField
          id="idle-minutes"
          label="Lock a device after it has been idle for (minutes)"
          hint="The work stays on the device, encrypted, until the PIN is entered again."
          error={errorFor('idle-minutes')}
          value={draft.idleMinutes}
          onChange={(value) => update({ idleMinutes: value })}
        />
        <NumberField
          id="max-attempts"
          label="Wipe a device after this many wrong PINs in a row"
          hint="The user is warned before the last attempt. Work not yet synced is lost with the wipe."
          error={errorFor('max-attempts')}
          value={draft.maxAttempts}
          onChange={(value) => update({ maxAttempts: value })}
        />

        <h2 className="govuk-heading-m">Published figures</h2>
        <p className="govuk-body">
          Anyone can see the figures you choose, without signing in, at{' '}
          <a className="govuk-link" href="/public/figures">
            the public figures page
          </a>{' '}
          and as a CSV file. They come from signed-off moderations of the last 12 months; a figure based on fewer plans
          than the small-number threshold is not published.
        </p>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset" aria-describedby="published-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Which figures to publish</legend>
            <div className="govuk-hint" id="published-hint">
              Select all that apply. None selected publishes nothing.
            </div>
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              {shown.map((choice, i) => (
                <div className="govuk-checkboxes__item" key={choice.id}>
                  <input
                    className="govuk-checkboxes__input"
                    id={i === 0 ? 'published' : `published-${i}`}
                    name="published"
                    type="checkbox"
                    value={choice.id}
                    checked={draft.published.includes(choice.id)}
                    onChange={(e) => togglePublished(choice.id, e.target.checked)}
                  />
                  <label
                    className="govuk-label govuk-checkboxes__label"
                    htmlFor={i === 0 ? 'published' : `published-${i}`}
                  >
                    {choice.label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>

        <div className={`govuk-form-group${originError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="embed-origin">
            Local Offer site allowed to embed the page (optional)
          </label>
          <div className="govuk-hint" id="embed-origin-hint">
            For example https://localoffer.example.gov.uk. No other site can show the page in a frame.
          </div>
          {originError ? <ErrorMessage id="embed-origin-error">{originError}</ErrorMessage> : null}
          <input
            className={`govuk-input${originError ? ' govuk-input--error' : ''}`}
            id="embed-origin"
            name="embedOrigin"
            type="url"
            spellCheck={false}
            value={draft.embedOrigin}
            onChange={(e) => update({ embedOrigin: e.target.value })}
            aria-describedby={`embed-origin-hint${originError ? ' embed-origin-error' : ''}`}
          />
        </div>

        <button type="submit" className="govuk-button" disabled={saving}>
          Save settings
        </button>
      </form>
      <h2 className="govuk-heading-m">Data protection</h2>
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to="/settings/retention">
            Retention periods
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/settings/privacy-notice">
            Privacy notice
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/subject-access">
            Subject access request: export what is held about a plan
          </Link>
        </li>
      </ul>
    </>
  );
}

function NumberField(props: {
  id: string;
  label: string;
  hint: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  const { id, error } = props;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {props.label}
      </label>
      <div className="govuk-hint" id={`${id}-hint`}>
        {props.hint}
      </div>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        className={`govuk-input govuk-input--width-3${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      />
    </div>
  );
}

export function SettingsRoutes() {
  return (
    <Routes>
      <Route index element={<CouncilSettingsPage />} />
    </Routes>
  );
}

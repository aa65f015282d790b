// The privacy notice form (admins), at /settings/privacy-notice: pre-filled with the template until
// the council saves its own; the saved notice is what /privacy shows to everyone.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PRIVACY_NOTICE_FIELDS, PrivacyNoticeSchema, type PrivacyNotice } from '#shared/schemas/data-protection.ts';
import { ErrorMessage, ErrorSummary } from '#web/components/error-summary.tsx';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useServices } from '#web/services/services-context.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { NOTICE_PARTS } from './notice-labels.ts';
import { useSettingsSave, type Checked } from './use-settings-save.ts';

const fieldId = (key: keyof PrivacyNotice): string => `notice-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const describe = (error: unknown): string =>
  error instanceof ApiFailure && error.kind === 'network'
    ? 'The privacy notice is kept on the server and this device is offline. Try again when you are online.'
    : 'The server did not send the privacy notice. Try again.';

/** The notice checked against its schema: each part left empty or too long, named. */
function checkNotice(draft: PrivacyNotice): Checked<PrivacyNotice> {
  const parsed = PrivacyNoticeSchema.safeParse(draft);
  if (parsed.success) return { value: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof PrivacyNotice;
      const heading = NOTICE_PARTS[key]?.heading ?? 'this part';
      return {
        fieldId: fieldId(key),
        message: issue.code === 'too_big' ? `“${heading}” is too long: shorten it` : `Enter “${heading}”`,
      };
    }),
  };
}

export function PrivacyNoticeSettingsPage() {
  const api = useServices().dataProtection;
  const form = useSettingsSave<PrivacyNotice>('notice', fieldId('controllerName'));
  const { errors } = form;
  usePageTitle('Privacy notice settings', errors.length > 0);
  const [draft, setDraft] = useState<PrivacyNotice | undefined>();
  const loaded = useLoad(
    async () => {
      const response = await api.getPrivacyNotice();
      setDraft((d) => d ?? response.notice);
      return response;
    },
    describe,
    [api],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    await form.save(checkNotice(draft), async (notice) => {
      setDraft((await api.savePrivacyNotice(notice)).notice);
    });
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {form.isSaved ? (
          <NotificationBanner type="success" id="notice-saved">
            <p className="govuk-notification-banner__heading">
              The privacy notice was saved.{' '}
              <Link className="govuk-notification-banner__link" to="/privacy">
                View the privacy notice
              </Link>
            </p>
          </NotificationBanner>
        ) : null}
        <PageHeading caption="Settings">Privacy notice</PageHeading>
        <p className="govuk-body">
          Everyone can read this notice from the footer of every page, without signing in. Complete each part with your
          data protection officer: the template’s square brackets mark what to fill in. A blank line starts a new
          paragraph.
        </p>
        {loaded.state === 'loading' ? <LoadingStatus /> : null}
        {loaded.state === 'failed' ? <LoadFailure message={loaded.message} retry={loaded.retry} /> : null}
        {draft ? (
          <form onSubmit={(e) => void submit(e)} noValidate>
            {PRIVACY_NOTICE_FIELDS.map((key) => {
              const id = fieldId(key);
              const part = NOTICE_PARTS[key];
              const error = errors.find((e) => e.fieldId === id)?.message;
              const describedBy = `${id}-hint${error ? ` ${id}-error` : ''}`;
              const onChange = (value: string) => {
                form.edited();
                setDraft({ ...draft, [key]: value });
              };
              return (
                <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`} key={key}>
                  <label className="govuk-label govuk-label--s" htmlFor={id}>
                    {part.heading}
                  </label>
                  <div className="govuk-hint" id={`${id}-hint`}>
                    {part.hint}
                  </div>
                  {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
                  {part.isShort ? (
                    <input
                      className={`govuk-input${error ? ' govuk-input--error' : ''}`}
                      id={id}
                      name={key}
                      type="text"
                      value={draft[key]}
                      onChange={(e) => onChange(e.target.value)}
                      aria-describedby={describedBy}
                    />
                  ) : (
                    <textarea
                      className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
                      id={id}
                      name={key}
                      rows={5}
                      value={draft[key]}
                      onChange={(e) => onChange(e.target.value)}
                      aria-describedby={describedBy}
                    />
                  )}
                </div>
              );
            })}
            <button type="submit" className="govuk-button" disabled={form.isSaving}>
              Save the privacy notice
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}

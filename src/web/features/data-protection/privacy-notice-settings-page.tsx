// The privacy notice form (admins), at /settings/privacy-notice: pre-filled with the template until
// the council saves its own; the saved notice is what /privacy shows to everyone.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PrivacyNoticeResponseSchema } from '#shared/protocol/data-protection-api.ts';
import { PRIVACY_NOTICE_FIELDS, PrivacyNoticeSchema, type PrivacyNotice } from '#shared/schemas/data-protection.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { sessionCsrfToken } from '#web/sync/session-csrf.ts';
import { ApiFailure, createApiRequest, jsonRequest, type ApiRequest } from '#web/sync/api-client.ts';
import { NOTICE_PARTS } from './notice-labels.ts';

const fieldId = (key: keyof PrivacyNotice): string => `notice-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const defaultRequest = createApiRequest();

const describe = (error: unknown): string =>
  error instanceof ApiFailure && error.kind === 'network'
    ? 'The privacy notice is kept on the server and this device is offline. Try again when you are online.'
    : 'The server did not send the privacy notice. Try again.';

export function PrivacyNoticeSettingsPage({ request = defaultRequest }: { request?: ApiRequest }) {
  const [errors, setErrors] = useState<FieldError[]>([]);
  usePageTitle('Privacy notice settings', errors.length > 0);
  const [draft, setDraft] = useState<PrivacyNotice | undefined>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const loaded = useLoad(
    async () => {
      const response = await request(PrivacyNoticeResponseSchema, '/api/privacy-notice');
      setDraft((d) => d ?? response.notice);
      return response;
    },
    describe,
    [request],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const parsed = PrivacyNoticeSchema.safeParse(draft);
    if (!parsed.success) {
      setErrors(
        parsed.error.issues.map((issue) => {
          const key = String(issue.path[0]) as keyof PrivacyNotice;
          const heading = NOTICE_PARTS[key]?.heading ?? 'this part';
          return {
            fieldId: fieldId(key),
            message: issue.code === 'too_big' ? `“${heading}” is too long: shorten it` : `Enter “${heading}”`,
          };
        }),
      );
      return;
    }
    setErrors([]);
    setSaving(true);
    try {
      const stored = await request(
        PrivacyNoticeResponseSchema,
        '/api/settings/privacy-notice',
        jsonRequest(parsed.data, await sessionCsrfToken(), 'PUT'),
      );
      setDraft(stored.notice);
      setSaved(true);
    } catch (error) {
      setErrors([
        {
          fieldId: fieldId('controllerName'),
          message:
            error instanceof ApiFailure && error.kind === 'network'
              ? 'The notice could not be saved because this device is offline: save again when you are online'
              : error instanceof ApiFailure
                ? `The server did not save the notice: ${error.message}`
                : 'The notice could not be saved. Try again',
        },
      ]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {saved ? (
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
                setSaved(false);
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
            <button type="submit" className="govuk-button" disabled={saving}>
              Save the privacy notice
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}

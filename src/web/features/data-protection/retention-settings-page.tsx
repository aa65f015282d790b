// Retention periods (admins), at /settings/retention: how many months audits, moderations and the
// audit log are kept, blank to keep them (the default), and what the next daily run would remove.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { RetentionReport } from '#shared/protocol/data-protection-api.ts';
import { RetentionSettingsSchema, type RetentionSettings } from '#shared/schemas/data-protection.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useServices } from '#web/services/services-context.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { useSettingsSave, type Checked } from './use-settings-save.ts';

const FIELDS = [
  {
    key: 'auditsMonths',
    id: 'audits-months',
    label: 'Audits',
    hint: 'Every revision of every audit of a closed cycle, counted from the end of the cycle’s period.',
  },
  {
    key: 'moderationsMonths',
    id: 'moderations-months',
    label: 'Moderations and their actions',
    hint: 'Counted from the end of the cycle’s period. A moderation a re-audit in an open cycle refers to is kept until that cycle closes.',
  },
  {
    key: 'auditLogMonths',
    id: 'audit-log-months',
    label: 'Audit log',
    hint: 'Counted from when each entry was written. Entries about an open cycle’s records are kept.',
  },
] as const satisfies readonly { key: keyof RetentionSettings; id: string; label: string; hint: string }[];

type Draft = Record<keyof RetentionSettings, string>;
const toDraft = (s: RetentionSettings): Draft => ({
  auditsMonths: s.auditsMonths === null ? '' : String(s.auditsMonths),
  moderationsMonths: s.moderationsMonths === null ? '' : String(s.moderationsMonths),
  auditLogMonths: s.auditLogMonths === null ? '' : String(s.auditLogMonths),
});

const describe = (error: unknown): string =>
  error instanceof ApiFailure && error.kind === 'network'
    ? 'The retention periods are kept on the server and this device is offline. Try again when you are online.'
    : error instanceof ApiFailure
      ? `The server did not send the retention periods: ${error.message}`
      : 'The retention periods could not be loaded. Try again.';

function PreviewSummary({ report }: { report: RetentionReport }) {
  const actions = report.moderations.reduce((n, m) => n + m.actions, 0);
  return (
    <>
      <h2 className="govuk-heading-m">What the next daily run would remove</h2>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Audits</dt>
          <dd className="govuk-summary-list__value" id="preview-audits">
            {report.audits.length}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Moderations</dt>
          <dd className="govuk-summary-list__value" id="preview-moderations">
            {report.moderations.length} (with {actions} action{actions === 1 ? '' : 's'})
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Audit log entries</dt>
          <dd className="govuk-summary-list__value" id="preview-log">
            {report.auditLog.entries}
          </dd>
        </div>
      </dl>
      <p className="govuk-body">
        Run <code>npm run retention</code> on the server for the full list.
      </p>
    </>
  );
}

/** The typed months checked: each blank (keep) or a whole number from 6 to 1200. */
function checkDraft(draft: Draft): Checked<RetentionSettings> {
  const found: FieldError[] = [];
  const candidate: Record<string, number | null> = {};
  for (const field of FIELDS) {
    const text = draft[field.key].trim();
    const months = Number(text);
    if (text === '') candidate[field.key] = null;
    else if (!/^\d+$/.test(text) || months < 6 || months > 1200) {
      found.push({
        fieldId: field.id,
        message: `Enter a whole number of months from 6 to 1200 for ${field.label.toLowerCase()}, or leave it blank`,
      });
    } else candidate[field.key] = months;
  }
  const parsed = RetentionSettingsSchema.safeParse(candidate);
  return found.length > 0 || !parsed.success ? { errors: found } : { value: parsed.data };
}

export function RetentionSettingsPage() {
  const api = useServices().dataProtection;
  const form = useSettingsSave<RetentionSettings>('periods', FIELDS[0].id);
  const { errors } = form;
  usePageTitle('Retention periods', errors.length > 0);
  const [draft, setDraft] = useState<Draft | undefined>();
  const loaded = useLoad(
    async () => {
      const [settings, preview] = await Promise.all([api.getRetentionSettings(), api.previewRetention()]);
      setDraft((d) => d ?? toDraft(settings));
      return preview;
    },
    describe,
    [api],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    await form.save(checkDraft(draft), async (settings) => {
      setDraft(toDraft(await api.saveRetentionSettings(settings)));
      if (loaded.state === 'ready') loaded.reload();
    });
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {form.isSaved ? (
          <NotificationBanner type="success" id="retention-saved">
            <p className="govuk-notification-banner__heading">The retention periods were saved.</p>
          </NotificationBanner>
        ) : null}
        <PageHeading caption="Settings">Retention periods</PageHeading>
        <p className="govuk-body">
          Once a day the server deletes what is older than these periods. Records of a cycle that is still open are
          never deleted. Leave a period blank to keep those records until you decide. Agree the periods with your data
          protection officer, and say the same in the{' '}
          <Link className="govuk-link" to="/settings/privacy-notice">
            privacy notice
          </Link>
          .
        </p>
        {loaded.state === 'loading' ? <LoadingStatus /> : null}
        {loaded.state === 'failed' ? <LoadFailure message={loaded.message} retry={loaded.retry} /> : null}
        {draft ? (
          <form onSubmit={(e) => void submit(e)} noValidate>
            {FIELDS.map((field) => {
              const error = errors.find((e) => e.fieldId === field.id)?.message;
              return (
                <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`} key={field.id}>
                  <label className="govuk-label govuk-label--s" htmlFor={field.id}>
                    {field.label} (months)
                  </label>
                  <div className="govuk-hint" id={`${field.id}-hint`}>
                    {field.hint}
                  </div>
                  {error ? <ErrorMessage id={`${field.id}-error`}>{error}</ErrorMessage> : null}
                  <input
                    className={`govuk-input govuk-input--width-4${error ? ' govuk-input--error' : ''}`}
                    id={field.id}
                    name={field.key}
                    type="text"
                    inputMode="numeric"
                    spellCheck={false}
                    value={draft[field.key]}
                    onChange={(e) => {
                      form.edited();
                      setDraft({ ...draft, [field.key]: e.target.value });
                    }}
                    aria-describedby={`${field.id}-hint${error ? ` ${field.id}-error` : ''}`}
                  />
                </div>
              );
            })}
            <button type="submit" className="govuk-button" disabled={form.isSaving}>
              Save retention periods
            </button>
          </form>
        ) : null}
        {loaded.state === 'ready' ? <PreviewSummary report={loaded.data} /> : null}
      </div>
    </div>
  );
}

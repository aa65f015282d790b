// The privacy notice at /privacy: anyone can read it, signed in or not, as the council completed it
// in Settings (or the shipped template until then, marked as such).
import { PRIVACY_NOTICE_FIELDS } from '#shared/schemas/data-protection.ts';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useServices } from '#web/services/services-context.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { NOTICE_PARTS, paragraphs } from './notice-labels.ts';

const describe = (error: unknown): string =>
  error instanceof ApiFailure && error.kind === 'network'
    ? 'The privacy notice is kept on the server and this device is offline. Try again when you are online.'
    : 'The server did not send the privacy notice. Try again.';

export function PrivacyNoticePage() {
  usePageTitle('Privacy notice');
  const api = useServices().dataProtection;
  const loaded = useLoad(() => api.getPrivacyNotice(), describe, [api]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageHeading>Privacy notice</PageHeading>
        {loaded.state === 'loading' ? <LoadingStatus /> : null}
        {loaded.state === 'failed' ? <LoadFailure message={loaded.message} retry={loaded.retry} /> : null}
        {loaded.state === 'ready' ? (
          <>
            {loaded.data.isCompleted ? null : (
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  This is the template privacy notice. The council has not completed it yet: the parts in square
                  brackets are still to be filled in.
                </strong>
              </div>
            )}
            <p className="govuk-body-l">
              How {loaded.data.notice.controllerName} uses information in the EHC plan quality audit service.
            </p>
            {PRIVACY_NOTICE_FIELDS.map((field) => (
              <section key={field} aria-labelledby={`notice-${field}`}>
                <h2 className="govuk-heading-m" id={`notice-${field}`}>
                  {NOTICE_PARTS[field].heading}
                </h2>
                {paragraphs(loaded.data.notice[field]).map((text, i) => (
                  <p className="govuk-body" key={i}>
                    {text}
                  </p>
                ))}
              </section>
            ))}
            {loaded.data.updatedAt ? (
              <p className="govuk-body-s">
                Last updated {new Date(loaded.data.updatedAt).toLocaleDateString('en-GB', { dateStyle: 'long' })}.
              </p>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}

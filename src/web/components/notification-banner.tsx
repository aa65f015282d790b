import type { ReactNode } from 'react';

/** GOV.UK notification banner; "success" is announced (role=alert), "important" is a labelled region. */
export function NotificationBanner({
  title,
  type = 'important',
  children,
  id,
}: {
  title?: string;
  type?: 'important' | 'success';
  children: ReactNode;
  id?: string;
}) {
  const titleId = `${id ?? 'notification'}-title`;
  return (
    <div
      className={`govuk-notification-banner${type === 'success' ? ' govuk-notification-banner--success' : ''}`}
      role={type === 'success' ? 'alert' : 'region'}
      aria-labelledby={titleId}
      id={id}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={titleId}>
          {title ?? (type === 'success' ? 'Success' : 'Important')}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

// "A new version is available": shown on every page once a new version is waiting. Under an open
// audit it only tells the user; the update button appears once they leave the audit.
import { useServices, useUpdateState } from '#web/services/services-context.tsx';

export function UpdatePrompt({ isAuditOpen }: { isAuditOpen: boolean }) {
  const { updates } = useServices();
  const { isUpdateWaiting, isUpdating } = useUpdateState();
  if (!isUpdateWaiting) return null;
  return (
    <div
      className="govuk-notification-banner app-update-prompt"
      role="region"
      aria-labelledby="update-prompt-title"
      id="update-prompt"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="update-prompt-title">
          Update available
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">A new version is available.</p>
        {isAuditOpen ? (
          <p className="govuk-body">
            Your answers are saved on this device. You can update when you leave this audit, from any other page.
          </p>
        ) : (
          <>
            <p className="govuk-body">Your work is saved on this device. Updating reloads the app.</p>
            <button
              type="button"
              className="govuk-button govuk-!-margin-bottom-0"
              disabled={isUpdating}
              aria-disabled={isUpdating}
              onClick={() => updates.applyUpdate()}
            >
              {isUpdating ? 'Updating…' : 'Update now'}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

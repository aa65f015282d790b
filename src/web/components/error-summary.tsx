// The GOV.UK error summary: listed at the top of the page, focused when it appears, each error a
// link that moves focus to the field at fault.
import { useEffect, useRef } from 'react';

export type FieldError = { fieldId: string; message: string };

export function focusField(fieldId: string): void {
  const field = document.getElementById(fieldId);
  if (!field) return;
  // Bring the question's legend or label into view with the field, as govuk-frontend does.
  const fieldset = field.closest('fieldset');
  const legend = fieldset?.querySelector('legend');
  (legend ?? field).scrollIntoView?.({ block: 'start' });
  field.focus({ preventScroll: legend !== null && legend !== undefined });
}

export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: FieldError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = errors.map((e) => `${e.fieldId}:${e.message}`).join('|');
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={`${error.fieldId}-${error.message}`}>
                <a
                  href={`#${error.fieldId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    focusField(error.fieldId);
                  }}
                >
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage({ id, children }: { id: string; children: string }) {
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {children}
    </p>
  );
}

// Page furniture every route shares: the document title, and the heading that takes focus after
// an in-app navigation so screen reader and keyboard users start at the top of the new page.
import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';

export const SERVICE_NAME = 'EHCP quality audit';

// The history entry whose heading last took focus: each in-app navigation focuses its page's
// heading once, however often that heading re-mounts; the first page load ("default") does not.
let focusedLocationKey = 'default';

export function usePageTitle(title: string, hasErrors = false): void {
  useEffect(() => {
    document.title = `${hasErrors ? 'Error: ' : ''}${title} – ${SERVICE_NAME}`;
  }, [title, hasErrors]);
}

export function PageHeading({
  children,
  caption,
  size = 'l',
  className,
}: {
  children: ReactNode;
  caption?: ReactNode;
  size?: 'xl' | 'l' | 'm';
  /** Replaces the heading class, e.g. for the confirmation panel's title. */
  className?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    if (key !== focusedLocationKey) {
      focusedLocationKey = key;
      ref.current?.focus({ preventScroll: false });
    }
  }, [key]);
  return (
    <h1 className={`${className ?? `govuk-heading-${size}`} app-page-heading`} ref={ref} tabIndex={-1}>
      {caption ? <span className={`govuk-caption-${size}`}>{caption}</span> : null}
      {children}
    </h1>
  );
}

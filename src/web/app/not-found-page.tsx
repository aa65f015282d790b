import { Link } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p className="govuk-body">If you typed the web address, check it is correct.</p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/">
          Go to my audits
        </Link>
      </p>
    </>
  );
}

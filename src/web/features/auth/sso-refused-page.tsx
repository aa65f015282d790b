// When single sign-on worked at the issuer but this service will not let the person in: unknown
// here, deactivated, given no role, or the attempt failed or expired. Says why and what to do.
import { Link, useSearchParams } from 'react-router';
import { SsoRefusalSchema, type SsoRefusal } from '#shared/protocol/people-api.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';

const EXPLAINED: Record<SsoRefusal, { title: string; body: string[] }> = {
  'unknown-person': {
    title: 'You do not have an account for this service',
    body: [
      'You signed in with your work account, but nobody has added you to the EHCP quality audit.',
      'Ask your QA lead or the service administrator to add you, using the email address of your work account.',
    ],
  },
  deactivated: {
    title: 'Your account has been deactivated',
    body: [
      'An administrator has deactivated your account, so you cannot sign in.',
      'If you think this is wrong, ask the service administrator.',
    ],
  },
  'no-role': {
    title: 'You have not been given a role in this service',
    body: [
      'Your work account is not in any of the groups that give access to the EHCP quality audit.',
      'Ask your IT team or the service administrator to add you to the right group.',
    ],
  },
  failed: {
    title: 'Sorry, signing in did not work',
    body: [
      'Your organisation’s sign-in service did not confirm who you are.',
      'Go back and try again. If it keeps happening, tell the service administrator.',
    ],
  },
  expired: {
    title: 'Your sign-in attempt timed out',
    body: ['Signing in took too long, or was started in another window.', 'Go back and sign in again.'],
  },
};

export function SsoRefusedPage() {
  const [params] = useSearchParams();
  const parsed = SsoRefusalSchema.safeParse(params.get('reason'));
  const reason: SsoRefusal = parsed.success ? parsed.data : 'failed';
  const text = EXPLAINED[reason];
  usePageTitle(text.title);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageHeading>{text.title}</PageHeading>
        {text.body.map((paragraph) => (
          <p className="govuk-body" key={paragraph}>
            {paragraph}
          </p>
        ))}
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in" id="back-to-sign-in">
            Back to sign in
          </Link>
        </p>
      </div>
    </div>
  );
}

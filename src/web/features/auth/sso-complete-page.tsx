// Where single sign-on lands after the issuer sent the person back: the server has set the session
// cookie; this asks who is signed in and sets the device up exactly as a password sign-in does.
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Link } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useServices } from '#web/services/services-context.tsx';
import { completeSignIn, safeReturnPath } from './complete-sign-in.ts';

export function SsoCompletePage() {
  const services = useServices();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [problem, setProblem] = useState<string | null>(null);
  usePageTitle(problem ? 'You cannot use this device yet' : 'Signing in', problem !== null);
  const returnTo = safeReturnPath(params.get('returnTo'));

  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      try {
        const session = await services.api.getSession();
        const outcome = await completeSignIn(services, session);
        if (!isCurrent) return;
        if (outcome.status === 'refused') setProblem(outcome.message);
        else if (outcome.isWiped) window.location.assign('/');
        else void navigate(returnTo, { replace: true });
      } catch {
        if (isCurrent) setProblem('Signing in did not finish. Go back to the sign-in page and try again.');
      }
    })();
    return () => {
      isCurrent = false;
    };
    // Runs once, for the sign-in that brought the browser here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {problem ? (
          <>
            <PageHeading>You cannot use this device yet</PageHeading>
            <p className="govuk-body" id="sign-in-problem">
              {problem}
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/sign-in">
                Back to sign in
              </Link>
            </p>
          </>
        ) : (
          <>
            <PageHeading>Signing in</PageHeading>
            <p className="govuk-body" role="status">
              Setting up this device so you can audit offline…
            </p>
          </>
        )}
      </div>
    </div>
  );
}

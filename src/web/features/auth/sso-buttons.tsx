// "Sign in with <issuer>" buttons, one per single sign-on issuer the server offers. The options
// are remembered on this device, so the sign-in page (also the one a person returns to when their
// session ends) offers the right way in even before the server answers.
import { useEffect, useState } from 'react';
import { SignInOptionsSchema, type SignInOptions } from '#shared/protocol/people-api.ts';
import { useServices } from '#web/services/services-context.tsx';

const REMEMBERED = 'ehcp-sign-in-options';

function remembered(): SignInOptions | null {
  try {
    const parsed = SignInOptionsSchema.safeParse(JSON.parse(localStorage.getItem(REMEMBERED) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** null until known (neither remembered nor answered yet). */
export function useSignInOptions(): SignInOptions | null {
  const { people } = useServices();
  const [options, setOptions] = useState<SignInOptions | null>(remembered);
  useEffect(() => {
    let isCurrent = true;
    people.signInOptions().then(
      (answer) => {
        localStorage.setItem(REMEMBERED, JSON.stringify(answer));
        if (isCurrent) setOptions(answer);
      },
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [people]);
  return options;
}

export function ssoStartUrl(issuerId: string, returnTo: string): string {
  return `/api/oidc/${encodeURIComponent(issuerId)}/start?returnTo=${encodeURIComponent(returnTo)}`;
}

export function SsoButtons({ options, returnTo }: { options: SignInOptions | null; returnTo: string }) {
  if (!options || options.issuers.length === 0) return null;
  return (
    <>
      <div className="govuk-button-group" id="sso-buttons">
        {options.issuers.map((issuer) => (
          <a
            key={issuer.id}
            href={ssoStartUrl(issuer.id, returnTo)}
            className="govuk-button"
            role="button"
            draggable={false}
          >
            Sign in with {issuer.label}
          </a>
        ))}
      </div>
      {options.isPasswordSignInOn ? <h2 className="govuk-heading-m">Or sign in with a password</h2> : null}
    </>
  );
}

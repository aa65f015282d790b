// Sign in: online once, then the device holds everything needed to audit offline. Also the page
// an auditor returns to when the session ends while offline: their work stays, and signing in
// again (as the same person) lets it sync.
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useServices } from '#web/services/services-context.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { ApiFailure } from '#web/sync/api-client.ts';
import { WarningText } from '#web/components/notification-banner.tsx';
import { completeSignIn, safeReturnPath } from './complete-sign-in.ts';
import { WIPED_MESSAGE } from './device-lock-pages.tsx';
import { SsoButtons, useSignInOptions } from './sso-buttons.tsx';

const SignInFormSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
  password: z.string().min(1, 'Enter your password'),
});
type SignInForm = z.infer<typeof SignInFormSchema>;

function describeSignInFailure(error: unknown): string {
  if (error instanceof ApiFailure) {
    switch (error.kind) {
      case 'network':
        return 'You need to be online to sign in. Check your connection and try again. Work already on this device is safe.';
      case 'unauthenticated':
      case 'validation-failed':
      case 'forbidden':
        return 'The email address or password is not correct';
      case 'account-deactivated':
        return 'Your account has been deactivated. Ask an administrator.';
      case 'rate-limited':
        return 'Too many attempts to sign in. Wait a few minutes, then try again.';
      case 'client-too-old':
        return 'This version of the app is too old for the server. Reload the page to update it, then sign in.';
      default:
        return `Sign-in failed: ${error.message}`;
    }
  }
  return 'Sign-in failed. Try again.';
}

export function SignInPage() {
  const services = useServices();
  const { api } = services;
  const options = useSignInOptions();
  const navigate = useNavigate();
  const location = useLocation();
  const stored = useStoredQuery(async () => (await getSession()) ?? null, []);
  const [serverError, setServerError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<SignInForm>({
    resolver: zodResolver(SignInFormSchema),
    defaultValues: { email: '', password: '' },
    // The error summary takes focus, as the GOV.UK pattern asks; the field is one link away.
    shouldFocusError: false,
  });
  const isAgain = stored !== undefined && stored !== null;

  const fieldErrors: FieldError[] = [
    ...(errors.email?.message ? [{ fieldId: 'email', message: errors.email.message }] : []),
    ...(errors.password?.message ? [{ fieldId: 'password', message: errors.password.message }] : []),
    ...(serverError ? [{ fieldId: 'email', message: serverError }] : []),
  ];
  usePageTitle(isAgain ? 'Sign in again' : 'Sign in', fieldErrors.length > 0);
  const from = safeReturnPath((location.state as { from?: string } | null)?.from);

  const onSubmit = async ({ email, password }: SignInForm) => {
    setServerError(null);
    try {
      const session = await api.signIn(email, password);
      const outcome = await completeSignIn(services, session);
      if (outcome.status === 'refused') {
        setServerError(outcome.message);
        return;
      }
      if (outcome.isWiped) window.location.assign('/');
      else void navigate(from, { replace: true });
    } catch (error) {
      setServerError(describeSignInFailure(error));
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={fieldErrors} />
        <PageHeading>{isAgain ? 'Sign in again' : 'Sign in'}</PageHeading>
        {(location.state as { isWiped?: boolean } | null)?.isWiped ? <WarningText>{WIPED_MESSAGE}</WarningText> : null}
        {isAgain ? (
          <p className="govuk-body">
            Your session has ended. Your work is saved on this device: sign in as {stored.user.email} to send it to the
            server.
          </p>
        ) : (
          <p className="govuk-body">
            Sign in while you are online. After that you can audit without a connection: your assignments and answers
            are kept on this device.
          </p>
        )}
        <SsoButtons options={options} returnTo={from} />
        {options?.isPasswordSignInOn === false ? null : (
          <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
            <div className={`govuk-form-group${errors.email || serverError ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label govuk-label--s" htmlFor="email">
                Email address
              </label>
              {errors.email?.message ? <ErrorMessage id="email-error">{errors.email.message}</ErrorMessage> : null}
              {serverError ? <ErrorMessage id="email-server-error">{serverError}</ErrorMessage> : null}
              <input
                className={`govuk-input${errors.email || serverError ? ' govuk-input--error' : ''}`}
                id="email"
                type="email"
                autoComplete="username"
                spellCheck={false}
                aria-describedby={
                  [errors.email ? 'email-error' : null, serverError ? 'email-server-error' : null]
                    .filter(Boolean)
                    .join(' ') || undefined
                }
                {...register('email')}
              />
            </div>
            <div className={`govuk-form-group${errors.password ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label govuk-label--s" htmlFor="password">
                Password
              </label>
              {errors.password?.message ? (
                <ErrorMessage id="password-error">{errors.password.message}</ErrorMessage>
              ) : null}
              <input
                className={`govuk-input${errors.password ? ' govuk-input--error' : ''}`}
                id="password"
                type="password"
                autoComplete="current-password"
                aria-describedby={errors.password ? 'password-error' : undefined}
                {...register('password')}
              />
            </div>
            <button type="submit" className="govuk-button" disabled={isSubmitting} aria-disabled={isSubmitting}>
              {isSubmitting ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        )}
      </div>
    </div>
  );
}

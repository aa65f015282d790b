// The CSRF token a state-changing API call sends, from the stored session. Without a session there
// is nothing to send: the caller is told to sign in rather than the server refusing a bare request.
import { getSession } from '#web/storage/meta.ts';
import { ApiFailure } from './api-client.ts';

export async function sessionCsrfToken(): Promise<string> {
  const session = await getSession();
  if (!session) throw new ApiFailure('unauthenticated', 'Sign in to continue.', 401);
  return session.csrfToken;
}

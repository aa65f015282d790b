// The password policy, checked on every path that sets a password (adding a person, a one-time link,
// changing your own, user:add). Following NCSC guidance: long rather than complex (the length is in
// the shared PasswordSchema), no composition rules, and a deny list of common and breached passwords:
// the 49,000 most common ones from zxcvbn-ts's maintained list, and the person's own email or name.
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;
const commonPasswords = (): Set<string> => (common ??= new Set(dictionary['passwords-common']));

/** Lower-case, without spaces, and without the digits and symbols people add to the end to pass rules. */
function variants(password: string): string[] {
  const lower = password.normalize('NFKC').toLowerCase();
  const squashed = lower.replace(/\s+/g, '');
  const stem = squashed.replace(/[\d\W_]+$/u, '');
  return [lower, squashed, stem].filter((v) => v.length > 0);
}

export type PasswordProblem = { path: 'password'; message: string };

export function checkPasswordPolicy(
  password: string,
  person: { email?: string; name?: string } = {},
): PasswordProblem | undefined {
  const forms = variants(password);
  if (forms.some((form) => commonPasswords().has(form)))
    return { path: 'password', message: 'this password is too common: it appears in lists of breached passwords' };
  const squashed = forms[1] ?? '';
  const email = person.email?.toLowerCase();
  const local = email?.split('@')[0];
  const name = person.name?.toLowerCase().replace(/\s+/g, '');
  if (
    (email && squashed === email) ||
    (local && local.length >= 4 && squashed === local) ||
    (name && squashed === name)
  )
    return { path: 'password', message: 'do not use your email address or name as your password' };
  if (/^(.)\1*$/u.test(squashed)) return { path: 'password', message: 'do not use one character repeated' };
  return undefined;
}

export class PasswordPolicyError extends Error {
  constructor(readonly problem: PasswordProblem) {
    super(problem.message);
  }
}

export function assertPasswordPolicy(password: string, person: { email?: string; name?: string } = {}): void {
  const problem = checkPasswordPolicy(password, person);
  if (problem) throw new PasswordPolicyError(problem);
}

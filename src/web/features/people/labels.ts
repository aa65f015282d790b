// How a person's roles, agency, status and sign-in read in the people screens.
import type { ManagedUser } from '#shared/protocol/api.ts';
import { ROLE_LABELS } from '#shared/protocol/people-api.ts';
import { AGENCY_LABELS } from '#shared/schemas/framework.ts';
import type { User } from '#shared/schemas/user.ts';
import { formatWhen } from '#web/components/format.ts';

export const rolesText = (user: User): string => user.roles.map((role) => ROLE_LABELS[role]).join(', ');
export const agencyText = (user: User): string => (user.agency ? AGENCY_LABELS[user.agency] : 'None');
export const lastSignInText = (person: ManagedUser): string =>
  person.lastSignInAt ? formatWhen(person.lastSignInAt) : 'Never signed in';

export function signInMethodsText(person: ManagedUser): string {
  const methods = [
    ...(person.hasPassword ? ['Password'] : []),
    ...(person.identities ?? []).map((issuer) => `Single sign-on (${issuer})`),
  ];
  return methods.length > 0 ? methods.join(', ') : 'Not set up yet';
}

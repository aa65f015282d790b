// Who reads the parent-carer representative's view: one rule for the server, which redacts the
// records it sends, and for the device, which withholds small numbers in reports and hides auditors'
// names. Deciding it twice let the two drift: a person who was both parent-carer representative and
// admin received redacted records but saw unsuppressed small numbers.
import type { Role } from '#shared/schemas/user.ts';

/**
 * True when this person reads the redacted view. Having the parent-rep role means the redacted view
 * unless the person is also a QA lead, whose role is to read every audit and chair moderation in full.
 * Being an admin does not lift it: administering accounts and settings needs no plan content, so a
 * combination of roles keeps the stricter view (least privilege).
 */
export function readsRedactedView(user: { readonly roles: readonly Role[] } | undefined): boolean {
  if (!user) return false;
  return user.roles.includes('parent-rep') && !user.roles.includes('qa-lead');
}

// Request and response shapes of people administration, passwords, single sign-on and the audit
// log viewer. The web app and the server parse with these same schemas.
import { z } from 'zod';
import { ManagedUserSchema, PasswordSchema } from './api.ts';
import { UserIdSchema, type Role } from '#shared/schemas/user.ts';

/** A one-time link to set a password: shown to the admin when no mail is configured, else emailed. */
export const PasswordLinkSchema = z.strictObject({
  /** Present only when it was not emailed: the admin passes it on themselves. */
  url: z.url().optional(),
  expiresAt: z.iso.datetime(),
  emailedTo: z.email().optional(),
});
export type PasswordLink = z.infer<typeof PasswordLinkSchema>;

export const CreatePersonResponseSchema = ManagedUserSchema.extend({ passwordLink: PasswordLinkSchema.optional() });
export type CreatePersonResponse = z.infer<typeof CreatePersonResponseSchema>;

/** POST /api/password-links/use: the token from the link and the new password. */
export const UsePasswordLinkRequestSchema = z.strictObject({
  token: z.string().min(20).max(200),
  password: PasswordSchema,
});
export type UsePasswordLinkRequest = z.infer<typeof UsePasswordLinkRequestSchema>;

export const PasswordLinkStatusSchema = z.strictObject({ email: z.email(), name: z.string() });

/** PUT /api/session/password: change your own password. */
export const ChangePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: PasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

/** GET /api/sign-in-options: how this server lets people sign in. Public. */
export const SignInOptionsSchema = z.strictObject({
  isPasswordSignInOn: z.boolean(),
  issuers: z.array(z.strictObject({ id: z.string(), label: z.string() })),
});
export type SignInOptions = z.infer<typeof SignInOptionsSchema>;

/** Why a single sign-on attempt was refused; the sign-in page explains each. */
export const SSO_REFUSALS = ['unknown-person', 'deactivated', 'no-role', 'failed', 'expired'] as const;
export const SsoRefusalSchema = z.enum(SSO_REFUSALS);
export type SsoRefusal = z.infer<typeof SsoRefusalSchema>;

export const AUDIT_LOG_PAGE_SIZES = [50, 100, 200] as const;

const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

/**
 * The audit log viewer's filters, as query parameters. Dates are days (inclusive, UTC); `before`
 * is the keyset cursor (the id of the last entry of the previous page), newest first.
 */
export const AuditLogFilterSchema = z.strictObject({
  actor: UserIdSchema.optional(),
  entityId: optionalText(200),
  entityKind: optionalText(40),
  action: optionalText(60),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type AuditLogFilter = z.infer<typeof AuditLogFilterSchema>;

/** Which roles a QA lead may give when adding a person: parent-carer representatives only. */
export const QA_LEAD_ADDABLE_ROLES = ['parent-rep'] as const satisfies readonly Role[];

/** How roles read on screens. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  'qa-lead': 'QA lead',
  auditor: 'Auditor',
  'parent-rep': 'Parent-carer representative',
};

/** The actions the audit log records, with how the viewer names them; the filter offers these. */
export const AUDIT_LOG_ACTIONS: Record<string, string> = {
  'user.create': 'Person added',
  'user.update': 'Person changed',
  'user.password-link': 'Password link sent',
  'user.password-set': 'Password set from a link',
  'user.password-change': 'Own password changed',
  'user.identity-link': 'Single sign-on account linked',
  'session.create': 'Signed in',
  'session.delete': 'Signed out',
  'settings.update': 'Council settings changed',
  'framework.import': 'Framework imported',
  'framework.replace-draft': 'Framework draft replaced',
  'framework.publish': 'Framework published',
  'plan.create': 'Plan added',
  'plan.update': 'Plan changed',
  'cycle.create': 'Cycle created',
  'cycle.re-audit': 'Re-audits scheduled',
  'cycle.close': 'Cycle closed',
  'cycle.reopen': 'Cycle reopened',
  'assignment.create': 'Auditor assigned',
  'audit.start': 'Audit started',
  'audit.patch': 'Audit answers changed',
  'audit.submit': 'Audit submitted',
  'audit.revise': 'Audit correction started',
  'moderation.open': 'Moderation opened',
  'moderation.patch': 'Moderation changed',
  'moderation.signOff': 'Moderation signed off',
  'moderation.amend': 'Moderation amendment started',
  'retention.apply': 'Records past their retention period removed',
  'subject-access.export': 'Subject access export downloaded',
};

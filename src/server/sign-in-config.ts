// The sign-in settings read from the environment: single sign-on issuers (OIDC_ISSUERS, a JSON
// array), whether password sign-in stays on, and mail for one-time password links (SMTP_*). Checked
// at start with messages that name the setting and the place inside it.
import { z } from 'zod';
import { AgencySchema } from '#shared/schemas/framework.ts';
import { RoleSchema } from '#shared/schemas/user.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https everywhere, except an issuer on this machine (tests, a developer's own provider). */
const httpsUrl = z.url({ error: 'must be a URL' }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}, 'must be an https:// URL (http:// only on localhost or 127.0.0.1)');

const RoleMappingSchema = z.strictObject({
  /** A value of the roles claim (an Entra ID group object id or app role value). */
  value: z.string().min(1).max(200),
  roles: z.array(RoleSchema).min(1),
  agency: AgencySchema.optional(),
});

export const OidcIssuerSchema = z.strictObject({
  /** Short and stable: it appears in the redirect URI and against each person's identity. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1 to 40 lower-case letters, digits or dashes'),
  /** Shown on the button: "Sign in with <label>". */
  label: z.string().trim().min(1).max(60),
  issuer: httpsUrl,
  clientId: z.string().min(1).max(200),
  clientSecret: z.string().min(1).max(500),
  redirectUri: httpsUrl,
  /** The claim holding the person's email address (Entra ID: "email" or "preferred_username"). */
  emailClaim: z.string().min(1).max(60).default('email'),
  /** The claim holding the issuer's stable id for the person (Entra ID: "oid"; otherwise "sub"). */
  subjectClaim: z.string().min(1).max(60).default('sub'),
  /** Extra scopes beyond "openid email profile". */
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/))
    .max(10)
    .default([]),
  /** Create a person on their first sign-in, with roles from the roles claim. Off: only people already added may sign in. */
  autoCreate: z
    .strictObject({
      /** The claim holding groups or app roles (Entra ID: "groups" or "roles"). */
      rolesClaim: z.string().min(1).max(60).default('groups'),
      mappings: z.array(RoleMappingSchema).min(1),
      /** The agency of an auditor when no matching mapping names one. */
      defaultAgency: AgencySchema.optional(),
    })
    .optional(),
});
export type OidcIssuer = z.infer<typeof OidcIssuerSchema>;

const OidcIssuersSchema = z
  .array(OidcIssuerSchema)
  .max(10)
  .superRefine((issuers, ctx) => {
    const seen = new Set<string>();
    issuers.forEach((issuer, index) => {
      if (seen.has(issuer.id))
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate id "${issuer.id}"` });
      seen.add(issuer.id);
      const expected = `/api/oidc/${issuer.id}/callback`;
      if (new URL(issuer.redirectUri).pathname !== expected) {
        ctx.addIssue({ code: 'custom', path: [index, 'redirectUri'], message: `must end with ${expected}` });
      }
    });
  });

export type MailSettings =
  | { url: string; from: string }
  | { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string };

export type SignInSettings = {
  oidcIssuers: OidcIssuer[];
  isPasswordSignInOn: boolean;
  /** Mail for one-time password links; undefined when not configured (the link is shown and logged). */
  mail: MailSettings | undefined;
  /** The address people open the app at, for links in mail; else the request's own origin. */
  publicUrl: string | undefined;
  passwordLinkHours: number;
};

const where = (path: readonly PropertyKey[]): string =>
  path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');

/** Reads the sign-in settings; returns problems as "NAME message" lines, like the rest of the config. */
export function readSignInSettings(env: Record<string, string>): { settings?: SignInSettings; problems: string[] } {
  const problems: string[] = [];
  let oidcIssuers: OidcIssuer[] = [];
  if (env.OIDC_ISSUERS !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(env.OIDC_ISSUERS);
    } catch {
      problems.push('OIDC_ISSUERS must be a JSON array of issuers (it is not valid JSON)');
    }
    if (json !== undefined) {
      const parsed = OidcIssuersSchema.safeParse(json);
      if (parsed.success) oidcIssuers = parsed.data;
      else
        problems.push(
          ...parsed.error.issues.map(
            (issue) => `OIDC_ISSUERS${issue.path.length ? ` ${where(issue.path)}` : ''}: ${issue.message}`,
          ),
        );
    }
  }
  const passwordSignIn = env.PASSWORD_SIGN_IN ?? 'true';
  if (passwordSignIn !== 'true' && passwordSignIn !== 'false')
    problems.push(`PASSWORD_SIGN_IN must be true or false (got "${passwordSignIn}")`);
  const isPasswordSignInOn = passwordSignIn !== 'false';
  if (!isPasswordSignInOn && env.OIDC_ISSUERS !== undefined && oidcIssuers.length === 0 && problems.length === 0)
    problems.push('PASSWORD_SIGN_IN=false needs at least one issuer in OIDC_ISSUERS, or nobody could sign in');
  if (!isPasswordSignInOn && env.OIDC_ISSUERS === undefined)
    problems.push('PASSWORD_SIGN_IN=false needs OIDC_ISSUERS, or nobody could sign in');

  let mail: MailSettings | undefined;
  const from = env.SMTP_FROM;
  if (env.SMTP_URL !== undefined || env.SMTP_HOST !== undefined) {
    if (from === undefined || !z.email().safeParse(from.replace(/^.*<([^>]+)>\s*$/, '$1')).success)
      problems.push('SMTP_FROM must be the sender address, like "EHCP audit <audit@council.example>"');
    if (env.SMTP_URL !== undefined) {
      if (!/^smtps?:\/\/\S+$/.test(env.SMTP_URL)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
      else mail = { url: env.SMTP_URL, from: from ?? '' };
    } else if (env.SMTP_HOST !== undefined) {
      const port = env.SMTP_PORT ?? '587';
      if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535 || Number(port) === 0)
        problems.push(`SMTP_PORT must be a whole number from 1 to 65535 (got "${port}")`);
      if ((env.SMTP_USER === undefined) !== (env.SMTP_PASS === undefined))
        problems.push('SMTP_USER and SMTP_PASS go together: set both or neither');
      mail = {
        host: env.SMTP_HOST,
        port: Number(port),
        secure: Number(port) === 465,
        ...(env.SMTP_USER === undefined ? {} : { user: env.SMTP_USER }),
        ...(env.SMTP_PASS === undefined ? {} : { pass: env.SMTP_PASS }),
        from: from ?? '',
      };
    }
  } else if (env.SMTP_PORT !== undefined || env.SMTP_USER !== undefined || env.SMTP_PASS !== undefined) {
    problems.push('SMTP_PORT, SMTP_USER and SMTP_PASS need SMTP_HOST');
  }

  const publicUrl = env.PUBLIC_URL;
  if (publicUrl !== undefined && !httpsUrl.safeParse(publicUrl).success)
    problems.push(`PUBLIC_URL must be an https:// URL (http:// only on localhost or 127.0.0.1) (got "${publicUrl}")`);
  const hours = env.PASSWORD_LINK_HOURS ?? '72';
  if (!/^\d{1,3}$/.test(hours) || Number(hours) < 1 || Number(hours) > 336)
    problems.push(`PASSWORD_LINK_HOURS must be a whole number of hours from 1 to 336 (got "${hours}")`);

  if (problems.length > 0) return { problems };
  return {
    problems,
    settings: {
      oidcIssuers,
      isPasswordSignInOn,
      mail,
      publicUrl: publicUrl?.replace(/\/+$/, ''),
      passwordLinkHours: Number(hours),
    },
  };
}

// Single sign-on through OpenID Connect (authorisation code with PKCE, state and nonce) with
// openid-client, for each issuer in OIDC_ISSUERS. A person is found by the issuer's subject for
// them, then by email; optionally created on first sign-in with roles mapped from a groups or roles
// claim. Then they get the same session as a password sign-in, so the device works the same offline.
import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import type { SsoRefusal } from '#shared/protocol/people-api.ts';
import type { Agency } from '#shared/schemas/framework.ts';
import { UserSchema, type Role, type User } from '#shared/schemas/user.ts';
import type { OidcIssuer } from '../sign-in-config.ts';
import { appendLog } from '../store/audit-log.ts';
import { findIdentity, findSubjectOfUser, insertOidcFlow, linkIdentity, takeOidcFlow } from '../store/people.ts';
import type { SqlClient } from '../store/sql-client.ts';
import { findUserByEmail, findUserById } from '../store/users.ts';
import { createUserWithHash, startSession, type SignedIn } from './accounts.ts';
import { NO_PASSWORD } from './passwords.ts';

const FLOW_MINUTES = 10;

export class SsoRefused extends Error {
  constructor(
    readonly reason: SsoRefusal,
    message: string,
  ) {
    super(message);
  }
}

export type OidcClients = {
  issuer: (id: string) => OidcIssuer | undefined;
  /** The issuer's discovered configuration, fetched once (and again after a failure). */
  configuration: (issuer: OidcIssuer) => Promise<client.Configuration>;
};

const isLoopback = (url: string): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

export function createOidcClients(issuers: readonly OidcIssuer[]): OidcClients {
  const discovered = new Map<string, Promise<client.Configuration>>();
  return {
    issuer: (id) => issuers.find((issuer) => issuer.id === id),
    configuration(issuer) {
      let found = discovered.get(issuer.id);
      if (!found) {
        found = client.discovery(
          new URL(issuer.issuer),
          issuer.clientId,
          issuer.clientSecret,
          undefined,
          // Plain http only to an issuer on this machine (a test's or a developer's provider).
          isLoopback(issuer.issuer) ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
        );
        found.catch(() => discovered.delete(issuer.id));
        discovered.set(issuer.id, found);
      }
      return found;
    },
  };
}

/** Where to send the browser to sign in at the issuer; the flow's secrets stay in the database. */
export async function startSsoSignIn(
  db: SqlClient,
  clients: OidcClients,
  issuer: OidcIssuer,
  returnTo: string,
  now: Date,
): Promise<{ url: string; state: string }> {
  const config = await clients.configuration(issuer);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await insertOidcFlow(
    db,
    { state, issuerId: issuer.id, codeVerifier, nonce, returnTo },
    now,
    new Date(now.getTime() + FLOW_MINUTES * 60_000),
  );
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: issuer.redirectUri,
    scope: ['openid', 'email', 'profile', ...issuer.scopes].join(' '),
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

type Claims = Record<string, unknown>;

const claimText = (claims: Claims, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const claimList = (claims: Claims, name: string): string[] => {
  const value = claims[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/** The roles and agency a first sign-in gets from the issuer's mapping; none when nothing matches. */
export function mapRoles(issuer: OidcIssuer, claims: Claims): { roles: Role[]; agency?: Agency } | undefined {
  const rules = issuer.autoCreate;
  if (!rules) return undefined;
  const values = new Set(claimList(claims, rules.rolesClaim));
  const matched = rules.mappings.filter((mapping) => values.has(mapping.value));
  const roles = [...new Set(matched.flatMap((mapping) => mapping.roles))];
  if (roles.length === 0) return undefined;
  const agency = matched.find((mapping) => mapping.agency)?.agency ?? rules.defaultAgency;
  return { roles, ...(agency ? { agency } : {}) };
}

/** Finishes a sign-in from the issuer's answer (the callback address it sent the browser to). */
export async function finishSsoSignIn(
  db: SqlClient,
  clients: OidcClients,
  issuer: OidcIssuer,
  callbackUrl: URL,
  now: Date,
  sessionDays: number,
): Promise<{ signedIn: SignedIn; returnTo: string }> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const flow = await takeOidcFlow(db, state, now);
  if (!flow || flow.issuerId !== issuer.id) throw new SsoRefused('expired', 'that sign-in attempt has expired');
  if (callbackUrl.searchParams.has('error'))
    throw new SsoRefused('failed', `the issuer answered ${callbackUrl.searchParams.get('error') ?? 'an error'}`);
  const config = await clients.configuration(issuer);
  let claims: Claims;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = { ...(tokens.claims() ?? {}) };
    const wanted = [issuer.emailClaim, ...(issuer.autoCreate ? [issuer.autoCreate.rolesClaim] : []), 'name'];
    // Some issuers put profile claims only in the userinfo answer: ask there for what the ID token lacks.
    if (wanted.some((name) => claims[name] === undefined) && config.serverMetadata().userinfo_endpoint) {
      const info = await client
        .fetchUserInfo(config, tokens.access_token, String(claims.sub))
        .catch((): Claims => ({}));
      claims = { ...info, ...claims };
    }
  } catch (error) {
    throw new SsoRefused('failed', error instanceof Error ? error.message : 'the sign-in could not be checked');
  }
  const signedIn = await signInFromClaims(db, issuer, claims, now, sessionDays);
  return { signedIn, returnTo: flow.returnTo };
}

/** Maps the issuer's claims to a person (subject, then email; or a new person) and starts a session. */
export async function signInFromClaims(
  db: SqlClient,
  issuer: OidcIssuer,
  claims: Claims,
  now: Date,
  sessionDays: number,
): Promise<SignedIn> {
  const subject = claimText(claims, issuer.subjectClaim);
  if (!subject) throw new SsoRefused('failed', `the issuer sent no "${issuer.subjectClaim}" claim`);
  const email = claimText(claims, issuer.emailClaim)?.toLowerCase();

  const linkedId = await findIdentity(db, issuer.id, subject);
  let stored = linkedId ? await findUserById(db, linkedId) : undefined;
  let isNewLink = false;
  if (!stored && email) {
    stored = await findUserByEmail(db, email);
    if (stored) {
      // Someone else at this issuer already holds this account: an email alone does not take it over.
      const other = await findSubjectOfUser(db, issuer.id, stored.user.id);
      if (other !== undefined && other !== subject) throw new SsoRefused('unknown-person', 'not the linked account');
      isNewLink = true;
    }
  }
  let user: User;
  if (stored) {
    if (stored.disabled) throw new SsoRefused('deactivated', 'this account has been deactivated');
    user = stored.user;
  } else {
    if (!issuer.autoCreate) throw new SsoRefused('unknown-person', 'no account for this person');
    const mapped = mapRoles(issuer, claims);
    if (!mapped) throw new SsoRefused('no-role', 'the issuer gave this person no role here');
    const candidate = UserSchema.safeParse({
      id: randomUUID(),
      name: claimText(claims, 'name') ?? email,
      email,
      roles: mapped.roles,
      ...(mapped.agency ? { agency: mapped.agency } : {}),
    });
    if (!candidate.success) throw new SsoRefused('no-role', candidate.error.issues[0]?.message ?? 'not a valid person');
    const { id, ...details } = candidate.data;
    // The person adds themselves, through the issuer: the log says so.
    user = await createUserWithHash(db, id, details, NO_PASSWORD, id);
    isNewLink = true;
  }
  return db.transaction(async (tx) => {
    await linkIdentity(tx, { issuerId: issuer.id, subject, userId: user.id, at: now });
    if (isNewLink)
      await appendLog(tx, {
        actorId: user.id,
        action: 'user.identity-link',
        entityKind: 'user',
        entityId: user.id,
        after: { issuer: issuer.id, subject },
      });
    return startSession(tx, user, now, sessionDays, { issuerId: issuer.id });
  });
}

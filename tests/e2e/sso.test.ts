// Single sign-on in Debian's chromium through two real OpenID Connect providers started here (the
// oidc-provider package, with its own login and consent pages: no mock of the protocol). The
// council's issuer maps a known person by email; that auditor audits offline and syncs. The NHS
// issuer creates a person on first sign-in from the groups claim. A person the council's issuer
// knows but this service does not is refused with a page that says why. Axe on each of our screens.
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freePort } from './support/server.ts';
import { queueOneChangeOffline, setPin } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

type Person = { name: string; groups: string[] };

/** The people each issuer knows: any login at its sign-in page is taken as an email address. */
const PEOPLE: Record<string, Record<string, Person>> = {
  council: {
    'sendat@demo.example': { name: 'Sam SENDAT', groups: [] },
    'stranger@council.example': { name: 'Pat Stranger', groups: [] },
  },
  nhs: {
    'robin.nurse@nhs.example': { name: 'Robin Nurse', groups: ['ehcp-health-auditors'] },
  },
};

const issuers: Server[] = [];

async function startIssuer(id: string, appUrl: string): Promise<string> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const people = PEOPLE[id]!;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: `ehcp-audit-${id}`,
        client_secret: `test-secret-${id}-0123456789`,
        redirect_uris: [`${appUrl}/api/oidc/${id}/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    cookies: { keys: [`cookie-key-${id}`] },
    findAccount: (_ctx, login) => {
      const person = people[login] ?? { name: login, groups: [] };
      return {
        accountId: login,
        claims: () => ({ sub: `${id}-subject-${login}`, email: login, name: person.name, groups: person.groups }),
      };
    },
  });
  const http = createServer(provider.callback());
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  issuers.push(http);
  return issuer;
}

/** Signs in at the issuer's own pages (its development login and consent screens). */
async function signInAtIssuer(page: Page, label: string, login: string): Promise<void> {
  await page.getByRole('button', { name: `Sign in with ${label}` }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

type Session = { status: number; user?: { id: string; name: string; email: string; roles: string[]; agency?: string } };

/** Who the server says is signed in on this page's browser. */
const sessionOf = (page: Page): Promise<Session> =>
  page.evaluate(async () => {
    const response = await fetch('/api/session');
    if (!response.ok) return { status: response.status };
    const body = (await response.json()) as { user: Session['user'] };
    return { status: response.status, user: body.user };
  });

/** Starts both issuers, which must know the app's address, then gives the server the port and the issuers. */
async function serverWithIssuers() {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const council = await startIssuer('council', appUrl);
  const nhs = await startIssuer('nhs', appUrl);
  const issuer = (id: string, label: string, url: string, extra: object = {}) => ({
    id,
    label,
    issuer: url,
    clientId: `ehcp-audit-${id}`,
    clientSecret: `test-secret-${id}-0123456789`,
    redirectUri: `${appUrl}/api/oidc/${id}/callback`,
    ...extra,
  });
  return {
    port,
    env: {
      OIDC_ISSUERS: JSON.stringify([
        issuer('council', 'Demo Council', council),
        issuer('nhs', 'NHS Demo Trust', nhs, {
          scopes: ['groups'],
          autoCreate: {
            rolesClaim: 'groups',
            mappings: [{ value: 'ehcp-health-auditors', roles: ['auditor'], agency: 'health' }],
          },
        }),
      ]),
    },
  };
}

const suite = useAppSuite({ devices: 4, server: serverWithIssuers });

afterAll(() => {
  for (const http of issuers) http.close();
});

describe('single sign-on through OpenID Connect', () => {
  it("a known person signs in through the council's issuer, audits offline and syncs", async () => {
    const page = await suite.openDevice(0);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await suite.checkAxe(page, 'sign in with single sign-on');
    await signInAtIssuer(page, 'Demo Council', 'sendat@demo.example');
    // The first sign-in on a device asks for its PIN (the device's work is then encrypted).
    await setPin(page);
    const first = await queueOneChangeOffline(page);
    await page.reload();
    // The reload starts the app locked: the shared browser steps enter the PIN (slow on a loaded machine).
    await first.waitFor({ timeout: 60_000 });
    await expect
      .poll(() => first.getByRole('radio', { name: 'Met', exact: true }).isChecked(), { timeout: 15_000 })
      .toBe(true);

    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.locator('#sync-waiting[data-waiting="0"]').waitFor({ timeout: 30_000 });
    expect((await sessionOf(page)).user?.email).toBe('sendat@demo.example');
  });

  it("the NHS issuer's first sign-in creates the person with the role its groups claim maps to", async () => {
    const page = await suite.openDevice(1);
    await page.goto('/');
    await signInAtIssuer(page, 'NHS Demo Trust', 'robin.nurse@nhs.example');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect.poll(async () => (await sessionOf(page)).status, { timeout: 30_000 }).toBe(200);
    const session = await sessionOf(page);
    expect(session.user).toMatchObject({
      name: 'Robin Nurse',
      email: 'robin.nurse@nhs.example',
      roles: ['auditor'],
      agency: 'health',
    });
    await expect.poll(() => page.url()).not.toContain('/sign-in');
    await suite.checkAxe(page, 'home after first single sign-on');

    // A sign-in on another device finds the same person by the issuer's subject, not a new one.
    const other = await suite.openDevice(3);
    await other.goto('/');
    await signInAtIssuer(other, 'NHS Demo Trust', 'robin.nurse@nhs.example');
    await expect.poll(async () => (await sessionOf(other)).status, { timeout: 30_000 }).toBe(200);
    expect((await sessionOf(other)).user?.id).toBe(session.user?.id);
  });

  it('a person the issuer knows but this service does not is refused with a page that says why', async () => {
    const page = await suite.openDevice(2);
    await page.goto('/');
    await signInAtIssuer(page, 'Demo Council', 'stranger@council.example');
    await page
      .getByRole('heading', { level: 1, name: 'You do not have an account for this service' })
      .waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('reason=unknown-person');
    expect((await sessionOf(page)).status).toBe(401);
    await suite.checkAxe(page, 'refused by single sign-on');

    suite.expectNoAxeFindings();
  });
});

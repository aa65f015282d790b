// Passwords on both engines, for councils without single sign-on: an admin's one-time link (mailed
// over real SMTP to a sink on this machine; hashed at rest; single use; expiring; replaced by a newer
// one), changing your own password, the common-password policy on every path that sets one, and
// password sign-in turned off.
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '#server/app.ts';
import { testConfig } from '#server/config.ts';
import { PasswordLinkSchema, SignInOptionsSchema } from '#shared/protocol/people-api.ts';
import { EMAIL } from '../setup/demo-people.ts';
import { startSmtpSink, type SmtpSink } from '../setup/smtp-sink.ts';
import { ENGINES, signInTo, startTestServer, type TestClient, type TestServer } from '../setup/test-server.ts';

const NEW_PASSWORD = 'three random words here';

/** The link in a mail, its quoted-printable line breaks undone. */
function linkIn(data: string): string {
  const text = data.replace(/=\r\n/g, '').replace(/=3D/gi, '=');
  const match = /http:\/\/\S+\/set-password#token=[\w-]+/.exec(text);
  if (!match) throw new Error(`no link in the mail:\n${data}`);
  return match[0];
}

describe.each(ENGINES)('passwords on %s', (engine) => {
  let server: TestServer;
  let smtp: SmtpSink;
  let admin: TestClient;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    const base = testConfig();
    server = await startTestServer(engine, {
      config: {
        signIn: {
          ...base.signIn,
          mail: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'EHCP audit <audit@council.example>' },
          publicUrl: 'http://127.0.0.1:9999',
        },
      },
    });
    admin = await server.signIn(EMAIL.admin);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const post = (url: string, payload: object): Promise<LightMyRequestResponse> =>
    server.app.inject({ method: 'POST', url, payload });

  it('mails a one-time link that sets the password once, ends old sessions, and is stored only as a hash', async () => {
    const before = await server.signIn(EMAIL.sendat);
    const issued = await admin.request({ method: 'POST', url: '/api/users/user-sendat-auditor/password-link' });
    expect(issued.statusCode).toBe(201);
    const link = PasswordLinkSchema.parse(issued.json());
    // Mailed, so not shown: the admin never sees the secret.
    expect(link).toEqual({ emailedTo: EMAIL.sendat, expiresAt: expect.any(String) as string });
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual([EMAIL.sendat]);
    expect(mail.from).toBe('audit@council.example');
    const url = linkIn(mail.data);
    expect(url.startsWith('http://127.0.0.1:9999/set-password#token=')).toBe(true);
    const token = url.split('#token=')[1]!;

    const stored = await server.store.db.query<{ token_hash: string }>(
      "SELECT token_hash FROM password_links WHERE user_id = 'user-sendat-auditor'",
    );
    expect(stored.map((r) => r.token_hash)).toEqual([createHash('sha256').update(token).digest('base64url')]);

    expect((await post('/api/password-links/check', { token })).json()).toEqual({
      email: EMAIL.sendat,
      name: expect.any(String) as string,
    });
    const common = await post('/api/password-links/use', { token, password: 'password1234' });
    expect(common.statusCode).toBe(400);
    expect(common.json()).toMatchObject({
      issues: [{ path: 'password', message: expect.stringMatching(/common/) as string }],
    });
    const tooShort = await post('/api/password-links/use', { token, password: 'short' });
    expect(tooShort.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'password' }] });

    expect((await post('/api/password-links/use', { token, password: NEW_PASSWORD })).statusCode).toBe(204);
    expect((await before.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    await expect(server.signIn(EMAIL.sendat)).rejects.toThrow(/401/);
    const after = await server.signIn(EMAIL.sendat, NEW_PASSWORD);
    expect(after.session.user.email).toBe(EMAIL.sendat);

    const again = await post('/api/password-links/use', { token, password: 'another fine passphrase' });
    expect(again.statusCode).toBe(410);
    expect(again.json<{ message: string }>().message).toMatch(/used already/);
    const log = await server.store.db.query<{ action: string; actor_id: string }>(
      "SELECT action, actor_id FROM audit_log WHERE entity_id = 'user-sendat-auditor' AND action LIKE 'user.password%' ORDER BY id",
    );
    expect(log).toEqual([
      { action: 'user.password-link', actor_id: 'user-admin' },
      { action: 'user.password-set', actor_id: 'user-sendat-auditor' },
    ]);
  });

  it('a link expires, and a newer link replaces an older one', async () => {
    const first = linkAfter(await issue('user-parent-rep'));
    const second = linkAfter(await issue('user-parent-rep'));
    expect((await post('/api/password-links/use', { token: await first, password: NEW_PASSWORD })).statusCode).toBe(
      404,
    );
    server.clock.advance((testConfig().signIn.passwordLinkHours + 1) * 60 * 60 * 1000);
    const expired = await post('/api/password-links/use', { token: await second, password: NEW_PASSWORD });
    expect(expired.statusCode).toBe(410);
    expect(expired.json<{ message: string }>().message).toMatch(/expired/);
    // Sign in again after the jump in time: the earlier sessions have run out.
    admin = await server.signIn(EMAIL.admin);
  });

  async function issue(userId: string): Promise<number> {
    const count = smtp.messages.length;
    const response = await admin.request({ method: 'POST', url: `/api/users/${userId}/password-link` });
    expect(response.statusCode).toBe(201);
    return count;
  }
  async function linkAfter(count: Promise<number> | number): Promise<string> {
    const index = await count;
    return linkIn(smtp.messages[index]!.data).split('#token=')[1]!;
  }

  it('changes your own password with the current one; your other sessions end and this one stays', async () => {
    const here = await server.signIn(EMAIL.health);
    const elsewhere = await server.signIn(EMAIL.health);
    const change = (currentPassword: string, newPassword: string) =>
      here.request({ method: 'PUT', url: '/api/session/password', payload: { currentPassword, newPassword } });
    const wrong = await change('not my password', NEW_PASSWORD);
    expect(wrong.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'currentPassword' }] });
    const common = await change('demo-audit-2026', 'liverpool2024!!');
    expect(common.json()).toMatchObject({
      issues: [{ path: 'newPassword', message: expect.stringMatching(/common/) as string }],
    });
    const ownEmail = await change('demo-audit-2026', EMAIL.health);
    expect(ownEmail.json()).toMatchObject({ issues: [{ path: 'newPassword' }] });
    expect((await change('demo-audit-2026', NEW_PASSWORD)).statusCode).toBe(204);
    expect((await here.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    expect((await elsewhere.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    await server.signIn(EMAIL.health, NEW_PASSWORD);
  });

  it('refuses common passwords when an admin adds a person or sets a password', async () => {
    const add = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: 'Weak Choice',
        email: `weak.${engine}@demo.example`,
        roles: ['parent-rep'],
        password: 'qwertyuiop12',
      },
    });
    expect(add.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'password' }] });
    const set = await admin.request({
      method: 'PATCH',
      url: '/api/users/user-parent-rep',
      payload: { password: 'passwordpassword' },
    });
    expect(set.json()).toMatchObject({ error: 'validation-failed', issues: [{ path: 'password' }] });
    const users = await server.store.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM users WHERE email = 'weak.${engine}@demo.example'`,
    );
    expect(users[0]?.count).toBe(0);
  });

  it('sends no link to a deactivated person', async () => {
    await admin.request({ method: 'PATCH', url: '/api/users/user-social-care-auditor', payload: { disabled: true } });
    const refused = await admin.request({ method: 'POST', url: '/api/users/user-social-care-auditor/password-link' });
    expect(refused.statusCode).toBe(409);
  });

  it('with password sign-in turned off, only single sign-on signs people in', async () => {
    const base = testConfig();
    const ssoOnly = await buildServer(
      testConfig({
        signIn: {
          ...base.signIn,
          isPasswordSignInOn: false,
          oidcIssuers: [
            {
              id: 'council',
              label: 'Council account',
              issuer: 'https://login.example/council/v2.0',
              clientId: 'client',
              clientSecret: 'secret',
              redirectUri: 'https://audit.example/api/oidc/council/callback',
              emailClaim: 'email',
              subjectClaim: 'sub',
              scopes: [],
            },
          ],
        },
      }),
      server.store,
      { now: server.clock.now },
    );
    try {
      const options = SignInOptionsSchema.parse(
        (await ssoOnly.inject({ method: 'GET', url: '/api/sign-in-options' })).json(),
      );
      expect(options).toEqual({ isPasswordSignInOn: false, issuers: [{ id: 'council', label: 'Council account' }] });
      await expect(signInTo(ssoOnly, EMAIL.admin)).rejects.toThrow(/403.*single sign-on/);
      const use = await ssoOnly.inject({
        method: 'POST',
        url: '/api/password-links/use',
        payload: { token: 'x'.repeat(43), password: NEW_PASSWORD },
      });
      expect(use.statusCode).toBe(403);
    } finally {
      await ssoOnly.close();
    }
  });
});

// Accounts, sessions and the HTTP edge on both engines: sign-in and its cookie, expiry, CSRF,
// rate limiting, security headers, bad input answered 4xx, health, and serving the built app.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '#server/app.ts';
import { testConfig } from '#server/config.ts';
import { CONTENT_SECURITY_POLICY } from '#server/http/security-headers.ts';
import { SessionSchema } from '#shared/schemas/user.ts';
import { ENGINES, startTestServer, type TestServer } from '../setup/test-server.ts';

const EMAIL = 'education.auditor@demo.example';
const PASSWORD = 'demo-audit-2026';
const DAY = 24 * 60 * 60 * 1000;

describe.each(ENGINES)('accounts and the HTTP edge on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { config: { signInLimit: 5, sessionDays: 14 } });
  });
  afterAll(async () => {
    await server?.close();
  });

  let address = 0;
  const signIn = (email: string, password: string, options: { host?: string; remoteAddress?: string } = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email, password },
      remoteAddress: options.remoteAddress ?? `192.168.0.${(address += 1)}`,
      ...(options.host ? { headers: { host: options.host } } : {}),
    });

  it('signs in with an HttpOnly, SameSite=Strict cookie that lasts SESSION_DAYS, not Secure on this machine', async () => {
    const response = await signIn(EMAIL, PASSWORD);
    expect(response.statusCode).toBe(200);
    const session = SessionSchema.parse(response.json());
    expect(session.user).toEqual({
      id: 'user-education-auditor',
      name: 'Erin Education',
      email: EMAIL,
      roles: ['auditor'],
      agency: 'education',
    });
    expect(new Date(session.expiresAt).getTime() - server.clock.now().getTime()).toBe(14 * DAY);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^ehcp_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('marks the cookie Secure and sends HSTS anywhere but localhost', async () => {
    const response = await signIn(EMAIL, PASSWORD, { host: 'audit.council.example' });
    expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('gives a wrong password and an unknown email the same answer', async () => {
    const wrong = await signIn('health.auditor@demo.example', 'not-the-password');
    const unknown = await signIn('nobody@demo.example', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('rate-limits sign-in attempts per address and email', async () => {
    const statuses: number[] = [];
    const from = { remoteAddress: '172.16.0.9' };
    for (let i = 0; i < 7; i += 1) statuses.push((await signIn('sendat@demo.example', `wrong-${i}`, from)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await signIn('sendat@demo.example', PASSWORD, from);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate-limited' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await signIn('parent.rep@demo.example', PASSWORD, from)).statusCode).toBe(200);
  });

  it('never locks out someone who signs in successfully again and again', async () => {
    const from = { remoteAddress: '172.16.0.10' };
    for (let i = 0; i < 7; i += 1) expect((await signIn('qa.lead@demo.example', PASSWORD, from)).statusCode).toBe(200);
  });

  it('refuses a flood of sign-in attempts from one address', async () => {
    const flood = () =>
      server.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'x' }, remoteAddress: '172.16.0.11' });
    for (let i = 0; i < 60; i += 1) expect((await flood()).statusCode).toBe(400);
    const refused = await flood();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate-limited' });
  });

  it('answers a missing, forged or expired session with 401 and the reason', async () => {
    const get = (cookie?: string) =>
      server.app.inject({ method: 'GET', url: '/api/session', ...(cookie ? { headers: { cookie } } : {}) });
    expect((await get()).json()).toMatchObject({ error: 'unauthenticated' });
    expect((await get('ehcp_session=forged-token-value-that-was-never-issued')).json()).toMatchObject({
      error: 'unauthenticated',
    });
    expect((await get(`ehcp_session=${'x'.repeat(5000)}`)).statusCode).toBe(401);
    const client = await server.signIn(EMAIL);
    expect((await get(client.cookie)).statusCode).toBe(200);
    server.clock.advance(15 * DAY);
    try {
      const expired = await get(client.cookie);
      expect(expired.statusCode).toBe(401);
      expect(expired.json()).toMatchObject({ error: 'session-expired' });
    } finally {
      server.clock.advance(-15 * DAY);
    }
  });

  it('signs out: the cookie is cleared and the session ends', async () => {
    const client = await server.signIn(EMAIL);
    const out = await client.request({
      method: 'DELETE',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/ehcp_session=;/);
    expect((await client.request({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
  });

  it("refuses a state-changing request without the session's CSRF token", async () => {
    const client = await server.signIn(EMAIL);
    const wrong = await client.request({
      method: 'DELETE',
      url: '/api/session',
      omitCsrf: true,
      headers: { 'x-csrf-token': 'a'.repeat(32) },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ error: 'csrf-failed' });
    const other = await server.signIn('health.auditor@demo.example');
    const borrowed = await client.request({
      method: 'DELETE',
      url: '/api/session',
      omitCsrf: true,
      headers: { 'x-csrf-token': other.session.csrfToken },
    });
    expect(borrowed.statusCode).toBe(403);
  });

  it('puts the security headers and a strict CSP on every response', async () => {
    const client = await server.signIn(EMAIL);
    const responses = [
      await server.app.inject({ method: 'GET', url: '/api/health' }),
      await server.app.inject({ method: 'GET', url: '/api/nothing-here' }),
      await server.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: '{bad',
        headers: { 'content-type': 'application/json' },
      }),
      await client.request({ method: 'GET', url: '/api/sync/pull', headers: { 'x-sync-protocol': '1' } }),
    ];
    for (const response of responses) {
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    // WebAssembly compilation (the PDF layout engine) is the one exception: no inline script, no eval.
    expect(CONTENT_SECURITY_POLICY.replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe/);
  });

  it('answers health with the version, the engine and the protocol', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.json()).toEqual({ version: '0.1.0', database: engine, protocolVersion: 1 });
  });

  it('answers bad input with a 4xx and a reason, never a 500', async () => {
    const client = await server.signIn(EMAIL);
    const cases: [string, Parameters<typeof client.request>[0], number, string][] = [
      [
        'malformed JSON',
        {
          method: 'POST',
          url: '/api/sync/push',
          payload: '{"protocolVersion":1,',
          headers: { 'content-type': 'application/json' },
        },
        400,
        'bad-request',
      ],
      [
        'wrong content type',
        { method: 'POST', url: '/api/sync/push', payload: 'hello', headers: { 'content-type': 'text/plain' } },
        415,
        'bad-request',
      ],
      [
        'prototype pollution',
        {
          method: 'POST',
          url: '/api/sync/push',
          payload: '{"__proto__":{"isAdmin":true}}',
          headers: { 'content-type': 'application/json' },
        },
        400,
        'bad-request',
      ],
      [
        'wrong types',
        { method: 'POST', url: '/api/sync/push', payload: { protocolVersion: '1', clientId: 5, mutations: 'all' } },
        400,
        'validation-failed',
      ],
      [
        'unknown fields',
        {
          method: 'POST',
          url: '/api/sync/push',
          payload: { protocolVersion: 1, clientId: crypto.randomUUID(), mutations: [], admin: true },
        },
        400,
        'validation-failed',
      ],
      [
        'oversized body',
        { method: 'POST', url: '/api/users', payload: { name: 'x'.repeat(2 * 1024 * 1024) } },
        413,
        'payload-too-large',
      ],
      [
        'oversized push',
        { method: 'POST', url: '/api/sync/push', payload: { protocolVersion: 1, filler: 'x'.repeat(5 * 1024 * 1024) } },
        413,
        'payload-too-large',
      ],
      [
        'unknown query field',
        { method: 'GET', url: '/api/sync/pull?cursor=0&all=true', headers: { 'x-sync-protocol': '1' } },
        400,
        'validation-failed',
      ],
      [
        'bad protocol header',
        { method: 'GET', url: '/api/sync/pull', headers: { 'x-sync-protocol': 'one' } },
        400,
        'bad-request',
      ],
      [
        'empty body',
        { method: 'POST', url: '/api/sync/push', headers: { 'content-type': 'application/json' } },
        400,
        'validation-failed',
      ],
      [
        'null body',
        { method: 'POST', url: '/api/sync/push', payload: 'null', headers: { 'content-type': 'application/json' } },
        400,
        'validation-failed',
      ],
      ['unknown API route', { method: 'GET', url: '/api/everything' }, 404, 'not-found'],
      ['unknown method', { method: 'PUT', url: '/api/session', payload: {} }, 404, 'not-found'],
    ];
    for (const [name, request, status, error] of cases) {
      const response = await client.request(request);
      expect([name, response.statusCode, response.json<{ error: string }>().error]).toEqual([name, status, error]);
    }
    const validation = await client.request(cases[3]![1]);
    expect(validation.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['protocolVersion', 'clientId', 'mutations']),
    );
  });
});

describe('serving the built app', () => {
  let server: TestServer;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'ehcp-static-'));
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>EHCP quality audit</title>');
    writeFileSync(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(staticDir, 'manifest.webmanifest'), '{}');
    writeFileSync(join(staticDir, 'assets', 'index-3f2a9c1b.js'), 'console.log(1)');
    server = await startTestServer('pglite', { seed: false, config: { staticDir } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });
  const get = (url: string, accept?: string) =>
    server.app.inject({ method: 'GET', url, ...(accept ? { headers: { accept } } : {}) });

  it('revalidates the page and the service worker, and caches hashed assets for a year', async () => {
    const page = await get('/index.html');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get('/sw.js')).headers['cache-control']).toBe('no-cache');
    expect((await get('/manifest.webmanifest')).headers['cache-control']).toBe('no-cache');
    const asset = await get('/assets/index-3f2a9c1b.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers page paths with index.html, but never an /api/ path or a missing file', async () => {
    for (const url of ['/', '/cycles/123', '/audits/abc/sections/F?tab=2']) {
      const response = await get(url, 'text/html');
      expect([url, response.statusCode, response.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
      expect(response.body).toContain('EHCP quality audit');
      expect(response.headers['content-type']).toMatch(/text\/html/);
    }
    const api = await get('/api/not-a-route', 'text/html');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: 'not-found' });
    expect((await get('/assets/missing-0000.js')).statusCode).toBe(404);
  });

  it('says the app is not built when there is no STATIC_DIR', async () => {
    const store = server.store;
    const bare = await buildServer(testConfig({ staticDir: join(staticDir, 'missing') }), store);
    const response = await bare.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ message: expect.stringMatching(/not built/) as string });
    await bare.close();
  });
});

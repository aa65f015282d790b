// The recovery key for a device's data key, on both engines: given only to a session signed in
// within 15 minutes, the same for a user every time (so a device's wrapped key stays openable),
// different between users, and never in anyone's sync feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL } from '../setup/demo-people.ts';
import { ENGINES, startTestServer, type TestServer } from '../setup/test-server.ts';

describe.each(ENGINES)('the device recovery key on %s', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a fresh sign-in with a stable per-user key, and an older session with 403', async () => {
    const education = await server.signIn(EMAIL.education);
    const health = await server.signIn(EMAIL.health);
    const ask = async (client: typeof education) => {
      const response = await client.request({ method: 'POST', url: '/api/device/recovery-key', payload: {} });
      return { status: response.statusCode, key: response.json<{ key?: string }>().key };
    };
    const first = await ask(education);
    expect(first.status).toBe(200);
    expect(Buffer.from(first.key ?? '', 'base64')).toHaveLength(32);
    expect((await ask(education)).key).toBe(first.key);
    expect((await ask(health)).key).not.toBe(first.key);
    const anonymous = await server.app.inject({ method: 'POST', url: '/api/device/recovery-key', payload: {} });
    expect(anonymous.statusCode).toBe(401);

    server.clock.advance(16 * 60_000);
    expect((await ask(education)).status).toBe(403);
    const again = await server.signIn(EMAIL.education);
    expect(await ask(again)).toEqual(first);

    const { changes } = await again.pullAll();
    expect(JSON.stringify(changes)).not.toContain('device-recovery');
  });
});

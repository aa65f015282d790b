// The sync client against a scripted server (the network is the one thing mocked): pushes and
// pulls, what each failure does to its state, and that no failure loses a change.
import { beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse, PushRequest, PushResponse } from '#shared/protocol/sync.ts';
import { AUDITOR, referenceChanges, seedStartedAudit, SESSION } from '#tests/web-support/device-fixtures.tsx';
import { changeAudit, getAudit } from '#web/storage/audit-repository.ts';
import { getSession, saveSession } from '#web/storage/meta.ts';
import { listOutbox, summariseOutbox } from '#web/storage/outbox.ts';
import { getPullCursor } from '#web/storage/pull.ts';
import { ApiFailure, type ApiClient } from './api-client.ts';
import { backoffDelay, createSyncEngine } from './sync-engine.ts';

type Script = {
  push?: (request: PushRequest, csrf: string) => Promise<PushResponse>;
  pull?: (cursor: string | null) => Promise<PullResponse>;
};

function scriptedApi(script: Script) {
  const calls: { push: PushRequest[]; pull: (string | null)[]; csrf: string[] } = { push: [], pull: [], csrf: [] };
  const acceptAll = (request: PushRequest): Promise<PushResponse> =>
    Promise.resolve({
      protocolVersion: 1,
      results: request.mutations.map((m) => ({ mutationId: m.id, status: 'applied' as const })),
    });
  const api: ApiClient = {
    getSession: () => Promise.resolve(SESSION),
    signIn: () => Promise.resolve(SESSION),
    signOut: () => Promise.resolve(),
    push: (request, csrf) => {
      calls.push.push(request);
      calls.csrf.push(csrf);
      return (script.push ?? acceptAll)(request, csrf);
    },
    pull: (cursor) => {
      calls.pull.push(cursor);
      return (
        script.pull ?? (() => Promise.resolve({ protocolVersion: 1, cursor: 'c-next', hasMore: false, changes: [] }))
      )(cursor);
    },
  };
  return { api, calls };
}

const engineFor = (api: ApiClient, online = true) =>
  createSyncEngine({ api, eventTarget: null, isOnline: () => online, debounceMs: 20, random: () => 0.5 });

let auditId: string;
beforeEach(async () => {
  auditId = await seedStartedAudit();
  await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
});

describe('a sync', () => {
  it('pushes every waiting change with the CSRF token, then pulls until the server has no more', async () => {
    let pulls = 0;
    const { api, calls } = scriptedApi({
      pull: () => {
        pulls += 1;
        return Promise.resolve({
          protocolVersion: 1,
          cursor: `c${pulls}`,
          hasMore: pulls < 2,
          changes: pulls === 1 ? referenceChanges() : [],
        });
      },
    });
    const engine = engineFor(api);
    await engine.syncNow('manual');
    expect(calls.push[0]?.mutations.map((m) => m.name)).toEqual(['audit.start', 'audit.patch']);
    expect(calls.push[0]?.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls.csrf).toEqual([SESSION.csrfToken]);
    expect(calls.pull).toEqual(['cursor-1', 'c1']);
    expect(await listOutbox()).toEqual([]);
    expect(engine.getState()).toMatchObject({ phase: 'idle', message: null });
    expect(engine.getState().lastSyncedAt).not.toBeNull();
  });

  it('stores each page while the next is on its way, and after a failure carries on from the last page stored', async () => {
    const answers: Record<string, PullResponse> = {
      'cursor-1': { protocolVersion: 1, cursor: 'p1', hasMore: true, changes: referenceChanges() },
      p1: { protocolVersion: 1, cursor: 'p2', hasMore: true, changes: [] },
      p2: { protocolVersion: 1, cursor: 'p3', hasMore: false, changes: [] },
    };
    let isNetworkDown = true;
    const asked: (string | null)[] = [];
    const api: ApiClient = {
      ...scriptedApi({}).api,
      // A server that says where the next page starts before its body (the pull's headers).
      pull: (cursor, onNext) => {
        asked.push(cursor);
        if (cursor === 'p2' && isNetworkDown) return Promise.reject(new ApiFailure('network', 'Failed to fetch', null));
        const answer = answers[cursor ?? '']!;
        onNext?.({ cursor: answer.cursor, hasMore: answer.hasMore });
        return Promise.resolve(answer);
      },
    };
    const engine = engineFor(api);
    await engine.syncNow('manual');
    // The third page was asked for while the second was stored, and failed: the second stays stored.
    expect(asked).toEqual(['cursor-1', 'p1', 'p2']);
    expect(engine.getState().phase).toBe('offline');
    expect(await getPullCursor()).toBe('p2');

    isNetworkDown = false;
    await engine.syncNow('manual');
    expect(asked).toEqual(['cursor-1', 'p1', 'p2', 'p2']);
    expect(engine.getState().phase).toBe('idle');
    expect(await getPullCursor()).toBe('p3');
  });

  it('sends a burst of changes as one push', async () => {
    const { api, calls } = scriptedApi({});
    const engine = engineFor(api);
    engine.requestSync('change');
    engine.requestSync('change');
    engine.requestSync('change');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await engine.syncNow('manual');
    expect(calls.push).toHaveLength(1);
  });
});

describe('when sync fails', () => {
  it('keeps working through an expired session and syncs after the user signs in again', async () => {
    let isExpired = true;
    const { api, calls } = scriptedApi({
      push: (request) =>
        isExpired
          ? Promise.reject(new ApiFailure('session-expired', 'Your session has expired', 401))
          : Promise.resolve({
              protocolVersion: 1,
              results: request.mutations.map((m) => ({ mutationId: m.id, status: 'applied' as const })),
            }),
    });
    const engine = engineFor(api);
    await engine.syncNow('manual');
    expect(engine.getState().phase).toBe('needs-sign-in');
    expect(engine.getState().message).toMatch(/Sign in again/);
    expect(await summariseOutbox()).toEqual({ waiting: 2, rejected: 0, conflicts: 0 });

    // Work goes on meanwhile, and automatic retries do not hammer the server.
    await changeAudit(auditId, { kind: 'response', criterionId: 'A2', to: { rating: 'met' } });
    await engine.syncNow('periodic');
    expect(calls.push).toHaveLength(1);

    isExpired = false;
    await saveSession({ ...SESSION, csrfToken: 'a-new-csrf-token-0002' });
    await engine.syncNow('signed-in');
    expect(engine.getState().phase).toBe('idle');
    expect(calls.csrf.at(-1)).toBe('a-new-csrf-token-0002');
    expect(await listOutbox()).toEqual([]);
    expect((await getAudit(auditId))?.responses).toEqual({ A1: { rating: 'met' }, A2: { rating: 'met' } });
  });

  it('keeps every queued change when the account is deactivated, says why, and stops retrying on its own', async () => {
    const { api, calls } = scriptedApi({
      push: () =>
        Promise.reject(
          new ApiFailure('account-deactivated', 'your account has been deactivated: ask an administrator', 403),
        ),
    });
    const engine = engineFor(api);
    await engine.syncNow('manual');
    expect(engine.getState()).toMatchObject({ phase: 'account-deactivated', nextAttemptAt: null });
    expect(engine.getState().message).toMatch(/deactivated.*kept on this device/);
    const kept = await listOutbox();
    expect(kept.map((entry) => [entry.mutation.name, entry.status])).toEqual([
      ['audit.start', 'pending'],
      ['audit.patch', 'pending'],
    ]);
    expect(await summariseOutbox()).toEqual({ waiting: 2, rejected: 0, conflicts: 0 });
    await engine.syncNow('periodic');
    await engine.syncNow('change');
    expect(calls.push).toHaveLength(1);
    expect(calls.pull).toHaveLength(0);
  });

  it('treats a lost connection as offline, keeps the changes and schedules a retry', async () => {
    const { api } = scriptedApi({ push: () => Promise.reject(new ApiFailure('network', 'Failed to fetch', null)) });
    const engine = createSyncEngine({ api, eventTarget: null, isOnline: () => true, random: () => 0 });
    engine.start();
    await engine.syncNow('manual');
    engine.stop();
    expect(engine.getState().phase).toBe('offline');
    expect(engine.getState().nextAttemptAt).not.toBeNull();
    expect((await listOutbox()).map((e) => e.status)).toEqual(['pending', 'pending']);
  });

  it('does not try while the browser knows it is offline', async () => {
    const { api, calls } = scriptedApi({});
    await engineFor(api, false).syncNow('manual');
    expect(calls.push).toHaveLength(0);
  });

  it('tells the user plainly when the app or the server is too old', async () => {
    const tooOld = scriptedApi({ push: () => Promise.reject(new ApiFailure('client-too-old', 'Upgrade', 426)) });
    const engine = engineFor(tooOld.api);
    await engine.syncNow('manual');
    expect(engine.getState()).toMatchObject({ phase: 'app-too-old' });
    expect(engine.getState().message).toMatch(/This version of the app is too old for the server/);

    const serverOld = scriptedApi({ pull: () => Promise.reject(new ApiFailure('server-too-old', 'Older', 409)) });
    const second = engineFor(serverOld.api);
    await second.syncNow('manual');
    expect(second.getState().message).toMatch(/The server has not been updated for this version of the app yet/);
  });

  it('reports signed out when there is no session on the device', async () => {
    const { api } = scriptedApi({});
    const { getDatabase } = await import('#web/storage/db.ts');
    await getDatabase().meta.delete('session');
    expect(await getSession()).toBeUndefined();
    const engine = engineFor(api);
    await engine.syncNow('manual');
    expect(engine.getState().phase).toBe('signed-out');
    expect(AUDITOR.id).toBe('user-education-auditor');
  });
});

describe('backoff', () => {
  it('doubles from the base delay up to the cap, with half of it random', () => {
    const low = () => 0;
    const high = () => 1;
    expect(backoffDelay(1, 2000, 300_000, low)).toBe(1000);
    expect(backoffDelay(1, 2000, 300_000, high)).toBe(2000);
    expect(backoffDelay(4, 2000, 300_000, high)).toBe(16_000);
    expect(backoffDelay(20, 2000, 300_000, high)).toBe(300_000);
    expect(backoffDelay(20, 2000, 300_000, low)).toBe(150_000);
  });
});

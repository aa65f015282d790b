// The device's pull with one page asked for ahead, against a scripted server whose headers and
// bodies arrive when the test says: order, how far ahead it asks, and what a failure leaves.
import { describe, expect, it } from 'vitest';
import type { PullResponse } from '#shared/protocol/sync.ts';
import { ApiFailure, type ApiClient, type PageHead } from './api-client.ts';
import { pullPages } from './pull-pages.ts';

type Answer = { cursor: string | null; head: (next?: PageHead) => void; body: (page: PullResponse) => void };

/** A server whose answers the test releases: first the headers, then the body. */
function scriptedServer() {
  const answers: Answer[] = [];
  let asked: () => void = () => undefined;
  const pull: ApiClient['pull'] = (cursor, onNext) =>
    new Promise<PullResponse>((resolve) => {
      answers.push({ cursor, head: (next) => next && onNext?.(next), body: resolve });
      asked();
    });
  const failing: ApiClient['pull'] = (cursor) => {
    answers.push({ cursor, head: () => undefined, body: () => undefined });
    return Promise.reject(new ApiFailure('network', 'The server could not be reached.', null));
  };
  /** Waits until the client has asked for `n` pages in all. */
  const untilAsked = async (n: number): Promise<void> => {
    while (answers.length < n) await new Promise<void>((resolve) => (asked = resolve));
  };
  return { pull, failing, answers, untilAsked };
}

const page = (cursor: string, hasMore: boolean, id = cursor): PullResponse => ({
  protocolVersion: 1,
  cursor,
  hasMore,
  changes: [{ kind: 'plan', id, deleted: true }],
});

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

describe("a device's pull, one page ahead", () => {
  it('asks for the next page once the headers say where it starts, before this page is read', async () => {
    const server = scriptedServer();
    const stored: string[] = [];
    const pulling = (async () => {
      for await (const pulled of pullPages(server, 'c0')) stored.push(pulled.cursor);
    })();
    await server.untilAsked(1);
    server.answers[0]!.head({ cursor: 'c1', hasMore: true });
    // Page 2 goes out while page 1's body is still on its way.
    await server.untilAsked(2);
    expect(server.answers.map((a) => a.cursor)).toEqual(['c0', 'c1']);
    expect(stored).toEqual([]);
    server.answers[1]!.head({ cursor: 'c2', hasMore: false });
    await settle();
    // Nothing beyond the last page, and never two pages ahead of the one being read.
    expect(server.answers).toHaveLength(2);
    server.answers[1]!.body(page('c2', false));
    await settle();
    expect(stored).toEqual([]);
    server.answers[0]!.body(page('c1', true));
    await pulling;
    expect(stored).toEqual(['c1', 'c2']);
  });

  it('waits for a page to be stored before handing out the next, and keeps only one request ahead', async () => {
    const server = scriptedServer();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const pulling = (async () => {
      for await (const pulled of pullPages(server, null)) {
        log.push(`storing ${pulled.cursor}`);
        await new Promise<void>((resolve) => (release = resolve));
        log.push(`stored ${pulled.cursor}`);
      }
    })();
    await server.untilAsked(1);
    server.answers[0]!.head({ cursor: 'c1', hasMore: true });
    server.answers[0]!.body(page('c1', true));
    await server.untilAsked(2);
    server.answers[1]!.head({ cursor: 'c2', hasMore: true });
    server.answers[1]!.body(page('c2', true));
    await settle();
    // Page 2 is here while page 1 is still being stored: it waits, and page 3 is not asked for yet.
    expect(log).toEqual(['storing c1']);
    expect(server.answers).toHaveLength(2);
    release();
    await server.untilAsked(3);
    await settle();
    expect(log).toEqual(['storing c1', 'stored c1', 'storing c2']);
    server.answers[2]!.head({ cursor: 'c3', hasMore: false });
    server.answers[2]!.body(page('c3', false));
    release();
    await settle();
    release();
    await pulling;
    expect(log).toEqual(['storing c1', 'stored c1', 'storing c2', 'stored c2', 'storing c3', 'stored c3']);
  });

  it('pulls page after page from a server that sends no cursor headers', async () => {
    const server = scriptedServer();
    const stored: string[] = [];
    const pulling = (async () => {
      for await (const pulled of pullPages(server, null)) stored.push(pulled.cursor);
    })();
    await server.untilAsked(1);
    server.answers[0]!.head();
    await settle();
    expect(server.answers).toHaveLength(1);
    server.answers[0]!.body(page('c1', true));
    await server.untilAsked(2);
    expect(server.answers[1]!.cursor).toBe('c1');
    server.answers[1]!.body(page('c2', false));
    await pulling;
    expect(stored).toEqual(['c1', 'c2']);
  });

  it('stops when a page fails to store: the page asked for ahead is let go and nothing more is asked', async () => {
    const server = scriptedServer();
    let calls = 0;
    // The first answer comes from the scripted server; the page asked for ahead fails on the network.
    const pull: ApiClient['pull'] = (cursor, onNext) => (++calls === 1 ? server.pull : server.failing)(cursor, onNext);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pulling = (async () => {
        for await (const pulled of pullPages({ pull }, null))
          throw new Error(`the device could not store ${pulled.cursor}`);
      })();
      await server.untilAsked(1);
      server.answers[0]!.head({ cursor: 'c1', hasMore: true });
      server.answers[0]!.body(page('c1', true));
      await expect(pulling).rejects.toThrow('the device could not store c1');
      await settle();
      expect(server.answers.map((a) => a.cursor)).toEqual([null, 'c1']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('stores nothing of a pull whose headers and body disagree', async () => {
    const server = scriptedServer();
    const stored: string[] = [];
    const pulling = (async () => {
      for await (const pulled of pullPages(server, null)) stored.push(pulled.cursor);
    })();
    await server.untilAsked(1);
    server.answers[0]!.head({ cursor: 'c9', hasMore: false });
    server.answers[0]!.body(page('c1', true));
    await expect(pulling).rejects.toMatchObject({ kind: 'server-error' });
    expect(stored).toEqual([]);
  });
});

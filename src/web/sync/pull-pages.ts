// Pulls the feed page by page with one request kept ahead: as soon as a page's headers say where
// the next one starts, the next request goes out, so the server reads page N+1 while this device
// downloads, parses and stores page N. Pages still come out one at a time and in order, and at most
// two are held at once (the one being stored and the one on its way).
import type { PullResponse } from '#shared/protocol/sync.ts';
import { ApiFailure, type ApiClient, type PageHead } from './api-client.ts';

type PendingPage = { next: Promise<PageHead>; page: Promise<PullResponse> };

function requestPage(api: Pick<ApiClient, 'pull'>, cursor: string | null): PendingPage {
  let heard: (next: PageHead) => void = () => undefined;
  const fromHeaders = new Promise<PageHead>((resolve) => (heard = resolve));
  const page = api.pull(cursor, (next) => heard(next));
  // A page asked for ahead and then not wanted (the one before it failed to store) is let go
  // quietly; whoever awaits it still sees its failure.
  page.catch(() => undefined);
  // A server (or a test's fake) that sends no headers: the next page starts where the body says.
  const fromBody = page.then(({ cursor: next, hasMore }) => ({ cursor: next, hasMore }));
  const next = Promise.race([fromHeaders, fromBody]);
  next.catch(() => undefined);
  return { next, page };
}

/**
 * Yields the pages after `cursor` in order until the server says there are no more. A failure
 * (the network, the server, or the consumer storing a page) ends the pull; the device's saved cursor
 * is then that of the last page it stored, so the next sync carries on from there.
 */
export async function* pullPages(api: Pick<ApiClient, 'pull'>, cursor: string | null): AsyncGenerator<PullResponse> {
  let current = requestPage(api, cursor);
  for (;;) {
    const next = await current.next;
    const ahead = next.hasMore ? requestPage(api, next.cursor) : undefined;
    const page = await current.page;
    // The headers and the body come from one answer; if they ever disagree, the page asked for
    // ahead may not follow this one, so nothing more is stored from this pull.
    if (page.cursor !== next.cursor || page.hasMore !== next.hasMore) {
      throw new ApiFailure('server-error', 'The server sent a pull whose headers and body disagree.', null);
    }
    yield page;
    if (!ahead) return;
    current = ahead;
  }
}

// Serves the built PWA from STATIC_DIR: hashed assets cached for a year, the page, the service
// worker and the manifest revalidated every time (so an update is seen), and every other page
// path answered with index.html for the client router. /api/* never falls back to the page.
import { existsSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { HttpProblem, sendProblem } from './errors.ts';

const REVALIDATE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Vite puts content-hashed files in assets/; their names change whenever their content does. */
export function cacheControlFor(filePath: string, root: string): string {
  const relative = filePath.slice(root.length + 1);
  return relative.startsWith(`assets${sep}`) || relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE;
}

function isPageRequest(request: FastifyRequest, path: string): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const last = path.split('/').at(-1) ?? '';
  return !last.includes('.') || (request.headers.accept ?? '').includes('text/html');
}

export async function registerStaticRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const root = ctx.config.staticDir === '' ? '' : resolve(ctx.config.staticDir);
  const hasApp = root !== '' && existsSync(resolve(root, 'index.html'));
  if (hasApp) {
    await app.register(fastifyStatic, {
      root,
      index: false,
      wildcard: false,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header(
          'cache-control',
          basename(filePath) === 'index.html' ? REVALIDATE : cacheControlFor(filePath, root),
        );
      },
    });
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/')) {
      return sendProblem(reply, new HttpProblem(404, 'not-found', `no API endpoint ${request.method} ${path}`));
    }
    if (!isPageRequest(request, path)) {
      return sendProblem(reply, new HttpProblem(404, 'not-found', `no file ${path}`));
    }
    if (!hasApp) {
      return sendProblem(reply, new HttpProblem(404, 'not-found', 'the web app is not built: run npm run build'));
    }
    reply.header('cache-control', REVALIDATE);
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}

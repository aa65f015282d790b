// Security headers on every response, the page's and the API's: a strict Content Security Policy
// (the app loads nothing from elsewhere and runs no inline script or style), no framing, no sniffing.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // The PDF reports' layout engine (yoga, in the report worker) is WebAssembly: 'wasm-unsafe-eval' lets
  // WebAssembly compile and nothing else; eval() of JavaScript stays blocked.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Responses a council may let its Local Offer site frame, with the one origin allowed to. */
const framingAllowedBy = new WeakMap<FastifyRequest, string>();

/** Lets `origin` (and only it) frame this response: the public figures page, embedded in a Local Offer site. */
export function allowFramingBy(request: FastifyRequest, origin: string): void {
  framingAllowedBy.set(request, origin);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Served over plain HTTP only on this machine; anywhere else the cookie is Secure and HSTS is sent. */
export function isLocalRequest(request: FastifyRequest): boolean {
  return LOCAL_HOSTS.has(request.hostname.toLowerCase());
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const framer = framingAllowedBy.get(request);
    reply.header(
      'content-security-policy',
      framer === undefined
        ? CONTENT_SECURITY_POLICY
        : CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", `frame-ancestors ${framer}`),
    );
    reply.header('x-content-type-options', 'nosniff');
    // X-Frame-Options cannot name an origin; browsers that know frame-ancestors ignore it anyway.
    if (framer === undefined) reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    reply.header('x-permitted-cross-domain-policies', 'none');
    if (!isLocalRequest(request)) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // API answers hold personal data: never cached by the browser or anything in between.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

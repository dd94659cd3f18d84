import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The server's own WebSocket origin: where the client's provider connects. */
function websocketOrigin(c: Context, publicOrigin: string | null): string {
  return (publicOrigin ?? new URL(c.req.url).origin).replace(/^http/, 'ws');
}

/**
 * Security headers for the client (H13), on every response: the policy allows what the built
 * client uses and nothing else. Its scripts and styles are files of its own; the favicon is a
 * data: URI in index.html; styles set through the CSSOM (Solid's and uPlot's `element.style`)
 * are not the policy's business, but a `style` attribute in markup is. The WebSocket is named
 * by origin beside 'self', which browsers before CSP Level 3 do not apply to ws: and wss:.
 * Links carry their token in the fragment, never sent anyway; no-referrer keeps even the path
 * (a workspace id) from other sites.
 */
export function securityHeaders(publicOrigin: string | null): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      connectSrc: ["'self'", (c) => websocketOrigin(c, publicOrigin)],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
  });
  // A WebSocket upgrade's answer (a 101, or a refusal a browser never shows) is no page: a review
  // of 1,000 joining at once would build the policy 1,000 times for nobody (L1).
  return (c, next) => (c.req.raw.headers.get('upgrade') ? next() : headers(c, next));
}

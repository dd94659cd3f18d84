import type { MiddlewareHandler } from 'hono';

/**
 * Reads to its end a request body the route answered without reading (a refusal before the body
 * mattered: no credential, an unknown workspace), so the connection stays usable for the client's
 * next request. Node would discard it by itself, but once the body limit has opened the body as a
 * stream, a body larger than that stream's buffer stays paused, and the adapter closes the
 * connection half a second later under whatever the client sent next on it (H15). Bodies are at
 * most the body limit here: larger ones were refused, with the connection, before this runs.
 */
export const readUnreadBody: MiddlewareHandler = async (c, next) => {
  await next();
  const body = c.req.raw.body;
  if (body && !c.req.raw.bodyUsed) {
    // A client that gave up half-way has closed the connection: nothing is left to keep usable.
    await body.pipeTo(new WritableStream()).catch(() => undefined);
  }
};

import type { Hono } from 'hono';

/**
 * The methods the API answers at a path, for a request with another one: a 405 with an `Allow`
 * header (RFC 9110 §15.5.6) tells the caller the address is right and the method wrong, where a
 * 404 said there was nothing there. Read from the app's routes when first asked, once all are on.
 */
export function allowedMethods(app: Hono): (path: string) => string[] {
  let routes: Array<{ method: string; pattern: RegExp }> | null = null;
  return (path) => {
    routes ??= app.routes
      .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/'))
      .map((route) => ({ method: route.method, pattern: new RegExp(`^${route.path.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`) }));
    const methods = new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method));
    // Hono answers HEAD wherever it answers GET.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

/**
 * How the UI is opened (docs/renderer.md "Opening"): the host prints `http://…/#token=…`. The
 * token is read from the fragment (which never reaches a server), kept for the browser session
 * and removed from the address bar; any other fragment is a route.
 */

/** What a location fragment says: a token to keep, and the route to show. */
export interface Opening {
  token: string | null;
  /** The hash route (`/rules/local.x`), `/` when the fragment held only the token. */
  route: string;
}

/**
 * Reads `#token=…` (optionally with `&route=/events/1`); any fragment starting with `/` is a
 * route without a token.
 */
export function parseOpeningHash(hash: string): Opening {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '' || raw.startsWith('/')) return { token: null, route: raw || '/' };
  const params = new URLSearchParams(raw);
  const token = params.get('token');
  const route = params.get('route');
  return {
    token: token && /^[A-Za-z0-9._~-]+$/.test(token) ? token : null,
    route: route?.startsWith('/') ? route : '/',
  };
}

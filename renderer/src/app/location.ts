/**
 * The router's location: wouter's hash location, with a query allowed inside the hash
 * (`#/rules/new?template=webhook-script`). The path the routes match is the hash without its
 * query; `useSearch()` reads the query from the hash, else from the page's own query string
 * (`/?template=webhook-script#/rules/new`), so both link shapes open the same view. Navigating
 * writes the query into the hash, so it leaves with the route instead of sticking to the page.
 */
import { useSyncExternalStore } from 'react';

const HASH_PREFIX = /^#?\/?/;

function hashPart(): { path: string; query: string | null } {
  const full = `/${location.hash.replace(HASH_PREFIX, '')}`;
  const q = full.indexOf('?');
  return q < 0 ? { path: full, query: null } : { path: full.slice(0, q), query: full.slice(q + 1) };
}

function subscribe(cb: () => void): () => void {
  addEventListener('hashchange', cb);
  addEventListener('popstate', cb);
  return () => {
    removeEventListener('hashchange', cb);
    removeEventListener('popstate', cb);
  };
}

const currentPath = () => hashPart().path;

/** The path the routes match now (`/events/123`). */
export const appPath = currentPath;
const currentSearch = () => hashPart().query ?? location.search.replace(/^\?/, '');

/** Goes to `to` (`/rules/new?template=x`): path and query both in the hash. */
export function navigateApp(
  to: string,
  { state = null, replace = false }: { state?: unknown; replace?: boolean } = {},
) {
  const oldURL = location.href;
  const url = new URL(oldURL);
  url.hash = `/${to.replace(HASH_PREFIX, '')}`;
  history[replace ? 'replaceState' : 'pushState'](state, '', url.href);
  dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: url.href }));
}

/** The location hook for wouter's `Router`. */
export function useAppLocation(): [string, typeof navigateApp] {
  return [useSyncExternalStore(subscribe, currentPath), navigateApp];
}
useAppLocation.hrefs = (href: string) => `#${href}`;
useAppLocation.searchHook = () => useSyncExternalStore(subscribe, currentSearch);

/**
 * On start, a page query (`/?template=x#/rules/new`) moves into the hash
 * (`/#/rules/new?template=x`), so it belongs to that route and leaves with it.
 */
export function moveQueryIntoHash(): void {
  const { pathname, search } = location;
  if (!search || hashPart().query !== null) return;
  history.replaceState(history.state, '', `${pathname}#${hashPart().path}${search}`);
}

/**
 * Picks the door to the engine: the Electron preload bridge (`window.attune`) when present,
 * else the headless host's WebSocket with the token kept for this browser session.
 */
import type { AttuneBridge } from '../../../../core/contract/bridge.ts';
import { parseOpeningHash } from '../../domain/opening.ts';
import { ALWAYS_OPEN } from './connection.ts';
import { createWsBridge, type LiveBridge, type WsBridgeOptions } from './ws-bridge.ts';

declare global {
  interface Window {
    attune?: AttuneBridge;
  }
}

const TOKEN_KEY = 'attune.token';

/**
 * Takes a token from the address bar's `#token=…` into sessionStorage (so reloads and deep
 * links work for this tab) and strips it from the address bar and history entry.
 */
export function takeTokenFromAddressBar(): void {
  const opening = parseOpeningHash(window.location.hash);
  if (!opening.token) return;
  sessionStorage.setItem(TOKEN_KEY, opening.token);
  const { pathname, search } = window.location;
  window.history.replaceState(null, '', `${pathname}${search}#${opening.route}`);
}

/** The token this tab was opened with, if any. */
export function sessionToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Forgets the token (it was refused). */
export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * Where the REST API lives when this page came from the headless host (shown in Settings; the UI
 * itself uses the WebSocket); null in the desktop window, which is not served over HTTP.
 */
export function apiBaseUrl(): string | null {
  return /^https?:$/.test(window.location.protocol) ? `${window.location.origin}/api/v1` : null;
}

/** True when an authenticated request with `token` is accepted (any answer but 401). */
async function tokenAccepted(token: string): Promise<boolean> {
  const res = await fetch(`${apiBaseUrl()}/rules?page_size=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status !== 401;
}

/** The bridge, or null when this page was opened without a token (see the opening page). */
export function connectBridge(o: Pick<WsBridgeOptions, 'onReconnect'> = {}): LiveBridge | null {
  if (window.attune) return { ...window.attune, connection: ALWAYS_OPEN };
  const token = sessionToken();
  if (!token) return null;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsBridge(`${scheme}://${window.location.host}/api/v1/ws`, token, {
    ...o,
    checkToken: () => tokenAccepted(token),
  });
}

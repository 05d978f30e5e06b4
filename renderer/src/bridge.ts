/** Picks the Electron preload bridge when present, else the headless host's WebSocket. */
import type { AttuneBridge } from '../../core/contract/bridge.ts';
import { createWsBridge } from './ws-bridge.ts';

declare global {
  interface Window {
    attune?: AttuneBridge;
  }
}

export function connectBridge(): AttuneBridge | null {
  if (window.attune) return window.attune;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (!token) return null;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsBridge(`${scheme}://${window.location.host}/api/v1/ws`, token);
}

/**
 * The AttuneBridge over the headless host's WebSocket (the same contract the Electron preload
 * exposes). The API token comes from the page URL's fragment (`#token=…`), which never reaches
 * a server, and travels in the WebSocket subprotocol list.
 */
import type { AttuneBridge, ClientFrame, ServerFrame } from '../../core/contract/bridge.ts';
import type { Notification } from '../../core/contract/notifications.ts';
import type { Result } from '../../core/contract/result.ts';

export function createWsBridge(url: string, token: string): AttuneBridge {
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<number, (n: Notification) => void>();
  const queue: ClientFrame[] = [];
  const ws = new WebSocket(url, ['attune.v1', `bearer.${token}`]);
  const send = (f: ClientFrame) =>
    ws.readyState === WebSocket.OPEN ? ws.send(JSON.stringify(f)) : queue.push(f);
  ws.addEventListener('open', () => {
    for (const f of queue.splice(0)) ws.send(JSON.stringify(f));
  });
  ws.addEventListener('message', (e) => {
    const frame = JSON.parse(String(e.data)) as ServerFrame;
    if (frame.type === 'notification') listeners.get(frame.subscription)?.(frame.notification);
    else {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    }
  });
  ws.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'INTERNAL', message: 'connection to Attune Desktop closed' } });
    }
    pending.clear();
  });
  return {
    invoke(channel, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        send({ type: 'invoke', id, channel, input });
      });
    },
    subscribe(filters, listener) {
      const id = nextId++;
      listeners.set(id, listener);
      send({ type: 'subscribe', id, filters: [...filters] });
      return () => {
        listeners.delete(id);
        send({ type: 'unsubscribe', id });
      };
    },
  };
}

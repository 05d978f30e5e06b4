/**
 * The AttuneBridge over the headless host's WebSocket (the same contract the Electron preload
 * exposes). The token travels in the WebSocket subprotocol list, never in a URL. The socket
 * reconnects with a growing pause and re-sends its subscriptions; its state is observable so
 * the status bar can say whether the UI is live.
 */
import type { AttuneBridge, ClientFrame, ServerFrame } from '../../../../core/contract/bridge.ts';
import type { Notification } from '../../../../core/contract/notifications.ts';
import type { Result } from '../../../../core/contract/result.ts';
import { type ConnectionSource, type ConnectionState, createConnectionSource } from './connection.ts';

/** A bridge that also reports whether it is connected. */
export interface LiveBridge extends AttuneBridge {
  readonly connection: ConnectionSource;
}

export interface WsBridgeOptions {
  /** Asked after a refused or lost connection: false means the token is not accepted. */
  checkToken?: () => Promise<boolean>;
  /** Called with every (re)connection after the first, so caches can refresh what they missed. */
  onReconnect?: () => void;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

export function createWsBridge(url: string, token: string, o: WsBridgeOptions = {}): LiveBridge {
  let nextId = 1;
  let ws: WebSocket;
  let retryMs = FIRST_RETRY_MS;
  let everOpened = false;
  const connection = createConnectionSource('connecting');
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const subscriptions = new Map<number, { filters: string[]; listener: (n: Notification) => void }>();
  const queue: ClientFrame[] = [];

  const send = (f: ClientFrame) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(f));
    else queue.push(f);
  };

  const setState = (s: ConnectionState) => connection.set(s);

  function open(): void {
    ws = new WebSocket(url, ['attune.v1', `bearer.${token}`]);
    ws.addEventListener('open', () => {
      retryMs = FIRST_RETRY_MS;
      setState('open');
      // Subscriptions live per socket on the host: a new socket needs them again.
      if (everOpened) {
        for (const [id, s] of subscriptions)
          ws.send(JSON.stringify({ type: 'subscribe', id, filters: s.filters }));
        o.onReconnect?.();
      }
      everOpened = true;
      for (const f of queue.splice(0)) {
        // A subscription made and ended before the first open needs no frame at all.
        if (f.type !== 'subscribe' || subscriptions.has(f.id)) ws.send(JSON.stringify(f));
      }
    });
    ws.addEventListener('message', (e) => {
      const frame = JSON.parse(String(e.data)) as ServerFrame;
      if (frame.type === 'notification') subscriptions.get(frame.subscription)?.listener(frame.notification);
      else {
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      }
    });
    ws.addEventListener('close', () => {
      for (const resolve of pending.values()) {
        resolve({
          ok: false,
          error: { code: 'INTERNAL', message: 'the connection to Attune Desktop was lost' },
        });
      }
      pending.clear();
      // Subscriptions are re-sent from `subscriptions` on the next open; invokes were answered.
      queue.length = 0;
      void retry();
    });
  }

  async function retry(): Promise<void> {
    if (o.checkToken && !(await o.checkToken().catch(() => true))) {
      setState('refused');
      for (const resolve of pending.values()) {
        resolve({ ok: false, error: { code: 'UNAUTHORIZED', message: 'the API token was refused' } });
      }
      pending.clear();
      queue.length = 0;
      return;
    }
    setState('reconnecting');
    const wait = retryMs;
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    setTimeout(open, wait);
  }

  open();
  return {
    connection,
    invoke(channel, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        if (connection.get() === 'refused') {
          resolve({ ok: false, error: { code: 'UNAUTHORIZED', message: 'the API token was refused' } });
          return;
        }
        pending.set(id, resolve as (r: Result<unknown>) => void);
        send({ type: 'invoke', id, channel, input });
      });
    },
    subscribe(filters, listener) {
      const id = nextId++;
      subscriptions.set(id, { filters: [...filters], listener });
      send({ type: 'subscribe', id, filters: [...filters] });
      return () => {
        subscriptions.delete(id);
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'unsubscribe', id }));
      };
    },
  };
}

/**
 * Preload (bundled as CJS, runs sandboxed): exposes exactly `invoke` and `subscribe` — the
 * AttuneBridge — and nothing of Node or ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AttuneBridge } from '../core/contract/bridge.ts';
import type { Notification } from '../core/contract/notifications.ts';

let nextId = 1;
const listeners = new Map<number, (n: Notification) => void>();
ipcRenderer.on('attune:notification', (_e, id: number, n: Notification) => listeners.get(id)?.(n));

const bridge: AttuneBridge = {
  invoke: (channel, input) => ipcRenderer.invoke('attune:invoke', channel, input),
  subscribe(filters, listener) {
    const id = nextId++;
    listeners.set(id, listener);
    void ipcRenderer.invoke('attune:subscribe', id, [...filters]);
    return () => {
      listeners.delete(id);
      void ipcRenderer.invoke('attune:unsubscribe', id);
    };
  },
};

contextBridge.exposeInMainWorld('attune', bridge);

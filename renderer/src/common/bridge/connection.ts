/** The bridge's connection state as a tiny external store (read with `useSyncExternalStore`). */

/**
 * `connecting` before the first open, `open` while live, `reconnecting` after a loss,
 * `refused` when the host does not accept the token (no more retries).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'refused';

export interface ConnectionSource {
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
}

export function createConnectionSource(
  initial: ConnectionState,
): ConnectionSource & { set(s: ConnectionState): void } {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(s) {
      if (s === state) return;
      state = s;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** For the Electron preload bridge: the engine is in-process, so always live. */
export const ALWAYS_OPEN: ConnectionSource = { get: () => 'open', subscribe: () => () => {} };

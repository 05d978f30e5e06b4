/**
 * The one door between a face and the engine. The Electron preload and the WebSocket client both
 * implement `AttuneBridge`, so the Chromium tests exercise exactly what the desktop app uses.
 */
import type { ChannelInput, ChannelName, ChannelOutput } from './channels.ts';
import type { Notification } from './notifications.ts';
import type { Result } from './result.ts';

export interface AttuneBridge {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Returns an unsubscribe function. */
  subscribe(filters: readonly string[], listener: (n: Notification) => void): () => void;
}

/** WebSocket frames (headless host). Requests carry an id; responses echo it. */
export type ClientFrame =
  | { type: 'invoke'; id: number; channel: string; input: unknown }
  | { type: 'subscribe'; id: number; filters: string[] }
  | { type: 'unsubscribe'; id: number };

export type ServerFrame =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'notification'; subscription: number; notification: Notification };

/**
 * The channels over a WebSocket (the headless face of the same contract the Electron preload
 * exposes). Every frame is validated; a bad frame gets an error result, never a crash.
 */
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { dispatch, type HandlerContext, type Handlers } from '../api/index.ts';
import type { ServerFrame } from '../contract/bridge.ts';
import { NotificationFilterSchema } from '../contract/notifications.ts';
import { describeIssues } from '../contract/result.ts';
import { parseJsonBounded } from '../model/json-depth.ts';

const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('invoke'),
    id: z.number().int(),
    channel: z.string().max(100),
    input: z.unknown(),
  }),
  z.object({ type: z.literal('subscribe'), id: z.number().int(), filters: NotificationFilterSchema }),
  z.object({ type: z.literal('unsubscribe'), id: z.number().int() }),
]);

/** Largest number of notifications queued for a slow client before it is disconnected. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export function attachBridge(socket: WebSocket, handlers: Handlers, ctx: HandlerContext): void {
  const subscriptions = new Map<number, () => void>();
  const send = (frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'client too slow');
      return;
    }
    socket.send(JSON.stringify(frame));
  };
  socket.on('message', async (raw) => {
    // A frame on a socket already closing (its access token expired) is not handled.
    if (socket.readyState !== socket.OPEN) return;
    // Bounded like every JSON the host reads: a frame nested too deep never reaches a handler.
    const json = parseJsonBounded(raw.toString());
    if (!json.ok) {
      const message = json.tooDeep ? `frame: ${json.message}` : 'frame is not JSON';
      send({ type: 'result', id: -1, result: { ok: false, error: { code: 'BAD_REQUEST', message } } });
      return;
    }
    const parsed = ClientFrameSchema.safeParse(json.value);
    if (!parsed.success) {
      const d = describeIssues(parsed.error.issues);
      send({ type: 'result', id: -1, result: { ok: false, error: { code: 'BAD_REQUEST', ...d } } });
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'invoke') {
      send({
        type: 'result',
        id: frame.id,
        result: await dispatch(handlers, frame.channel, frame.input, ctx),
      });
    } else if (frame.type === 'subscribe') {
      subscriptions.get(frame.id)?.();
      const id = frame.id;
      subscriptions.set(
        id,
        ctx.engine.notifier.subscribe(frame.filters, (n) =>
          send({ type: 'notification', subscription: id, notification: n }),
        ),
      );
      send({ type: 'result', id, result: { ok: true, data: { subscribed: true } } });
    } else {
      subscriptions.get(frame.id)?.();
      subscriptions.delete(frame.id);
      send({ type: 'result', id: frame.id, result: { ok: true, data: { unsubscribed: true } } });
    }
  });
  socket.on('close', () => {
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
  });
}

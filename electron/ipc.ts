/**
 * The one validated door (VS Code): a single `attune:invoke` handler checks that the sender is
 * our window's top frame, then hands channel and input to core's dispatch (which validates the
 * channel name and the input schema). Subscriptions are per web contents.
 */
import { ipcMain, type WebContents, type WebFrameMain } from 'electron';
import { dispatch, type Engine, type HandlerContext, handlers } from '../core/index.ts';

export const INVOKE = 'attune:invoke';
export const SUBSCRIBE = 'attune:subscribe';
export const UNSUBSCRIBE = 'attune:unsubscribe';
export const NOTIFY = 'attune:notification';

export function bindIpc(engine: Engine, isTrustedFrame: (frame: WebFrameMain | null) => boolean): void {
  const ctx: HandlerContext = { engine, publicUrl: null };
  const subs = new Map<WebContents, Map<number, () => void>>();
  const refuse = { ok: false, error: { code: 'UNAUTHORIZED', message: 'sender is not the Attune window' } };

  ipcMain.handle(INVOKE, (e, channel: unknown, input: unknown) =>
    isTrustedFrame(e.senderFrame) ? dispatch(handlers, channel, input, ctx) : refuse,
  );
  ipcMain.handle(SUBSCRIBE, (e, id: unknown, filters: unknown) => {
    if (!isTrustedFrame(e.senderFrame) || typeof id !== 'number' || !Array.isArray(filters)) return refuse;
    const strings = filters.filter((f): f is string => typeof f === 'string').slice(0, 100);
    let mine = subs.get(e.sender);
    if (!mine) {
      const created = new Map<number, () => void>();
      subs.set(e.sender, created);
      e.sender.once('destroyed', () => {
        for (const off of created.values()) off();
        subs.delete(e.sender);
      });
      mine = created;
    }
    mine.get(id)?.();
    const sender = e.sender;
    mine.set(
      id,
      engine.notifier.subscribe(strings, (n) => {
        if (!sender.isDestroyed()) sender.send(NOTIFY, id, n);
      }),
    );
    return { ok: true, data: { subscribed: true } };
  });
  ipcMain.handle(UNSUBSCRIBE, (e, id: unknown) => {
    if (!isTrustedFrame(e.senderFrame) || typeof id !== 'number') return refuse;
    subs.get(e.sender)?.get(id)?.();
    subs.get(e.sender)?.delete(id);
    return { ok: true, data: { unsubscribed: true } };
  });
}

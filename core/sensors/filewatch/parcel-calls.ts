/**
 * @parcel/watcher's subscribe and unsubscribe, one call at a time (docs/sensors.md, "One watcher
 * call at a time"). The native module keeps one inotify backend per process and drops it when its
 * last subscription ends. A subscribe picks the backend up when it is called but attaches to it
 * later, on a worker thread; if the unsubscribe of the last subscription runs on another thread in
 * between, the new subscription lands on the dropped backend: it resolves, and never hears a thing.
 * That happens when a rule's folder changes (the old watch closes as the new one opens) on a busy
 * machine. Each call here starts only after the one before it has finished.
 */
import parcel from '@parcel/watcher';

let tail: Promise<void> = Promise.resolve();

/** How long the next call waits for one that has not finished: a stuck call must not stop every watch. */
export const STUCK_MS = 30_000;

/** Runs `call` once every call queued before it has settled, or has been running for `STUCK_MS`. */
export function serially<T>(call: () => Promise<T>): Promise<T> {
  const run = tail.then(call);
  tail = tail.then(() => settledOrStuck(run));
  return run;
}

function settledOrStuck(run: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, STUCK_MS);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    run.then(done, done);
  });
}

/** `parcel.subscribe`, after every earlier subscribe and unsubscribe has finished. */
export function subscribe(
  dir: string,
  fn: parcel.SubscribeCallback,
  opts: parcel.Options,
): Promise<parcel.AsyncSubscription> {
  return serially(() => parcel.subscribe(dir, fn, opts));
}

/**
 * Ends `subscription`, after every earlier subscribe and unsubscribe has finished. It never
 * rejects (docs/sensors.md, "Ending a watch"): when the watched folder has been removed, the
 * kernel has already dropped its watch, and the native module's attempt to remove it again fails
 * ("Unable to remove watcher: Invalid argument"), on some runs and not others. The subscription is
 * over either way, and a rejection there would reach no caller: the watch is ended from an event
 * callback, so it became an unhandled rejection.
 */
export function unsubscribe(subscription: parcel.AsyncSubscription): Promise<void> {
  return serially(() => subscription.unsubscribe()).catch(() => undefined);
}

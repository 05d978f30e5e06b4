/**
 * A view in its own chunk, loaded on first use like `React.lazy` but without suspending. React
 * holds content that replaces a Suspense fallback back until 300 ms after that fallback appeared
 * (so that reveals come in batches); for the view the app opens on, whose chunk and first page
 * arrive soon after the shell, that hold delayed the first rows (docs/performance.md "UI"). Here
 * the view shows "Opening…" itself and replaces it by an ordinary update, and renders at once
 * when its chunk was preloaded (`preload`) in time.
 */
import { type ComponentType, createElement, useEffect, useState } from 'react';
import { Loading } from '../common/ui/feedback.tsx';

export interface LazyView<P extends object> {
  View: ComponentType<P>;
  /** Starts loading the chunk (once); resolves when it is in. */
  preload: () => Promise<unknown>;
}

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loaded: ComponentType<P> | null = null;
  let failed: unknown = null;
  let pending: Promise<unknown> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (c) => {
        loaded = c;
      },
      (e: unknown) => {
        // Failed: the error boundary shows it; the next mount tries again.
        failed = e;
        pending = null;
      },
    ));
  // biome-ignore lint/correctness/noComponentHookFactories: made once per view at module load, like React.lazy's
  function View(props: P) {
    const [, settled] = useState(0);
    useEffect(() => {
      if (!loaded) void preload().then(() => settled((n) => n + 1));
    }, []);
    if (loaded) return createElement(loaded, props);
    if (failed) {
      const e = failed;
      failed = null;
      throw e;
    }
    return <Loading label="Opening…" />;
  }
  return { View, preload };
}

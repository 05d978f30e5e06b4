/**
 * The second half of the start (main.tsx has the first): the query cache and React. Its own
 * chunk, which holds React DOM, the router and the shell, so that the small start chunk can
 * connect and ask for the first view's chunk and page while this one downloads
 * (docs/performance.md "UI").
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { LiveBridge } from '../common/bridge/ws-bridge.ts';
import { App, createQueryClient } from './app.tsx';

/**
 * Mounts the app on `#root`; returns what to do after a reconnection (refresh every query, since
 * changes made meanwhile were not announced).
 */
export function startApp(bridge: LiveBridge | null): () => void {
  const queryClient = createQueryClient();
  const mount = () => {
    const root = document.getElementById('root');
    if (!root) return;
    createRoot(root).render(
      <StrictMode>
        <App bridge={bridge} queryClient={queryClient} />
      </StrictMode>,
    );
  };
  // The start chunk runs as soon as it loads (an async script), possibly before the page is parsed.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
  else mount();
  return () => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[1] !== 'output' });
}

/**
 * The app: the query cache, the hash router, the shell (sidebar, main, status bar), the command
 * palette and shortcuts, and the one notification router. Opened without a token it explains
 * how to get in.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Router, useLocation } from 'wouter';
import { forgetToken } from '../common/bridge/connect.ts';
import type { LiveBridge } from '../common/bridge/ws-bridge.ts';
import { listenForShortcuts, registerCommands } from '../common/commands/registry.ts';
import { appCommands } from './app-commands.ts';
import type { TypedAhead } from './command-palette.tsx';
import { useAppLocation } from './location.ts';
import { OpeningPage } from './opening-page.tsx';
import { PaletteLoading } from './palette-loading.tsx';
import { navItemOf, Routes } from './routes.tsx';
import { Sidebar } from './sidebar.tsx';
import { StatusBar } from './status-bar.tsx';
import { Toasts } from './toasts.tsx';
import { useNotificationRouter } from './use-notification-router.ts';

// The palette (and the react-aria parts only it uses) is not in the shell's chunk: it loads a
// second after start (Shell) or on its first opening, whichever comes first.
let palette: Promise<{ default: typeof import('./command-palette.tsx').CommandPalette }> | null = null;
const loadPalette = () =>
  (palette ??= import('./command-palette.tsx').then((m) => ({ default: m.CommandPalette })));
const CommandPalette = lazy(loadPalette);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Fresh until a notification says otherwise (the router invalidates); no polling.
      queries: { staleTime: 60_000, refetchOnWindowFocus: false, retry: 1 },
    },
  });
}

/** Moves focus to the main region after a navigation, so keyboard and reader users land there. */
function useFocusOnNavigate(main: React.RefObject<HTMLElement | null>): void {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    document.title = `${navItemOf(location)?.label ?? 'Attune'} · Attune Desktop`;
    if (first.current) {
      first.current = false;
      return;
    }
    const el = main.current;
    if (el && !el.contains(document.activeElement)) el.focus({ preventScroll: true });
  }, [location, main]);
}

function Shell({ bridge }: { bridge: LiveBridge }) {
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [paletteUsed, setPaletteUsed] = useState(false);
  const typedAhead = useRef<TypedAhead>({ query: '', enter: false });
  const main = useRef<HTMLElement>(null);
  useNotificationRouter(bridge);
  useFocusOnNavigate(main);
  // Layout effects, so the shortcuts work from the first paint: a Ctrl-K pressed as soon as the
  // app shows must not fall between the paint and a passive effect.
  useLayoutEffect(
    () =>
      registerCommands(
        appCommands(() => {
          setPaletteUsed(true);
          setPaletteOpen(true);
        }),
      ),
    [],
  );
  useLayoutEffect(() => listenForShortcuts(), []);
  useEffect(() => {
    // After the first view's own loading has begun, so it never competes with it.
    const t = setTimeout(() => void loadPalette(), 1000);
    return () => clearTimeout(t);
  }, []);
  return (
    <div className="app">
      <Sidebar />
      <main className="main" id="main" ref={main} tabIndex={-1}>
        <Routes />
      </main>
      <StatusBar connection={bridge.connection} />
      <Toasts />
      {paletteUsed && (
        <Suspense
          fallback={
            paletteOpen && (
              <PaletteLoading
                typed={typedAhead.current}
                onClose={() => {
                  typedAhead.current = { query: '', enter: false };
                  setPaletteOpen(false);
                }}
              />
            )
          }
        >
          <CommandPalette
            isOpen={paletteOpen}
            onOpenChange={setPaletteOpen}
            typedAhead={typedAhead.current}
          />
        </Suspense>
      )}
    </div>
  );
}

export function App({ bridge, queryClient }: { bridge: LiveBridge | null; queryClient: QueryClient }) {
  if (!bridge) return <OpeningPage />;
  return <Connected bridge={bridge} queryClient={queryClient} />;
}

function Connected({ bridge, queryClient }: { bridge: LiveBridge; queryClient: QueryClient }) {
  const state = useSyncExternalStore(bridge.connection.subscribe, bridge.connection.get);
  useEffect(() => {
    if (state === 'refused') forgetToken();
  }, [state]);
  if (state === 'refused') return <OpeningPage refused />;
  return (
    <QueryClientProvider client={queryClient}>
      <Router hook={useAppLocation} searchHook={useAppLocation.searchHook}>
        <Shell bridge={bridge} />
      </Router>
    </QueryClientProvider>
  );
}

/** The status bar: the engine's state, the connection, and how many executions run now. */
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { Link } from 'wouter';
import { alertQueries, engineQueries, executionQueries, healthQueries } from '../common/api/queries.ts';
import type { ConnectionSource, ConnectionState } from '../common/bridge/connection.ts';

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  refused: 'Token refused',
};

function uptime(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d ${Math.floor((seconds % 86_400) / 3600)}h`;
}

export function StatusBar({ connection }: { connection: ConnectionSource }) {
  const state = useSyncExternalStore(connection.subscribe, connection.get);
  const health = useQuery({ ...healthQueries.get(), refetchInterval: 60_000 });
  const running = useQuery(executionQueries.runningCount());
  const paused = useQuery({ ...engineQueries.info(), select: (e) => e.timers.paused }).data === true;
  const alerts = useQuery({ ...alertQueries.open(), select: (r) => r.pagination.total_items }).data ?? 0;
  const engineOk = health.isSuccess && state === 'open';
  return (
    <footer className="status-bar">
      <span className="status-item">
        <span
          className={`dot ${engineOk ? 'dot-ok' : health.isError ? 'dot-error' : 'dot-idle'}`}
          aria-hidden="true"
        />
        {health.data ? (
          <>
            Engine running <span data-testid="version">{health.data.version}</span>
            <span className="muted"> · up {uptime(health.data.uptime_seconds)}</span>
          </>
        ) : health.isError ? (
          'Engine not reachable'
        ) : (
          'Engine…'
        )}
      </span>
      <span className="status-item" role="status" aria-live="polite">
        <span
          className={`dot ${state === 'open' ? 'dot-ok' : state === 'refused' ? 'dot-error' : 'dot-warn'}`}
          aria-hidden="true"
        />
        {CONNECTION_TEXT[state]}
      </span>
      {paused && (
        <Link href="/timers" className="status-item status-link status-paused">
          Timers paused
        </Link>
      )}
      {alerts > 0 && (
        <Link href="/" className="status-item status-link status-alerts">
          {alerts} open alert{alerts === 1 ? '' : 's'}
        </Link>
      )}
      <Link href="/executions" className="status-item status-link">
        {running.data === undefined
          ? 'Executions…'
          : `${running.data} execution${running.data === 1 ? '' : 's'} running`}
      </Link>
    </footer>
  );
}

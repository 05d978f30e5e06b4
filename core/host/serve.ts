/**
 * The headless composition root: engine + HTTP listener on 127.0.0.1 (LAN only when the user
 * opts in with --host). Writes a fresh API token and `host.json` (url, pid) to the data folder,
 * which the engine has locked for this process (core/store/data-lock.ts).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine, type Engine, type EngineOptions } from '../engine/create-engine.ts';
import type { Logger } from '../model/logger.ts';
import { isLoopback } from './access.ts';
import { issueToken } from './api-token.ts';
import { DEFAULT_HOST, DEFAULT_PORT, hostFile } from './host-file.ts';
import type { HttpLimits } from './http-limits.ts';
import { createHttpServer, type RegisteredRoute } from './http-server.ts';

export { DEFAULT_HOST, DEFAULT_PORT, hostFile };
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export interface ServeOptions extends Omit<EngineOptions, 'logger'> {
  port?: number;
  host?: string;
  /**
   * More `Host` names to answer to besides this machine's own (a reverse proxy or tunnel in
   * front): `name` (any port) or `name:port`. See docs/security.md.
   */
  allowedHosts?: readonly string[];
  logger: Logger;
  uiDir?: string | null;
  /** Time and connection limits of the listener; the defaults suit every real client. */
  httpLimits?: Partial<HttpLimits>;
}

export interface RunningHost {
  url: string;
  token: string;
  engine: Engine;
  /** Every route the HTTP listener answers (method and pattern). */
  routes: readonly RegisteredRoute[];
  /** Stops taking requests, lets running executions finish (or cancels them), closes the store. */
  close(graceMs?: number): Promise<void>;
}

export async function serve(o: ServeOptions): Promise<RunningHost> {
  const host = o.host ?? DEFAULT_HOST;
  // Takes the data folder first: a second host stops here, having touched nothing.
  const engine = createEngine(o);
  try {
    await engine.start();
  } catch (err) {
    await engine.stop(0);
    throw err;
  }
  const token = issueToken(o.dataDir);
  let server: Awaited<ReturnType<typeof createHttpServer>>;
  try {
    server = await createHttpServer({
      engine,
      token,
      bindHost: host,
      allowedHosts: o.allowedHosts,
      uiDir: o.uiDir === undefined ? DEFAULT_UI_DIR : o.uiDir,
      limits: o.httpLimits,
    });
  } catch (err) {
    await engine.stop(0);
    throw err;
  }
  const { app, ctx, routes } = server;
  try {
    await app.listen({ port: o.port ?? DEFAULT_PORT, host });
  } catch (err) {
    await engine.stop(0);
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? DEFAULT_PORT);
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${port}`;
  ctx.publicUrl = url;
  // Pack sensors start once they have an API to talk to.
  engine.sensors.attach(url);
  fs.writeFileSync(hostFile(o.dataDir), `${JSON.stringify({ url, pid: process.pid })}\n`, { mode: 0o600 });
  if (!isLoopback(host)) {
    o.logger.warn('listening beyond this machine: webhooks are reachable from the network', { host });
  }
  let closing: Promise<void> | null = null;
  return {
    url,
    token,
    engine,
    routes,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        // Open UI connections would hold the listener open: say goodbye to them first.
        for (const client of app.websocketServer.clients)
          client.close(1001, 'Attune Desktop is shutting down');
        // In-flight requests get 2 s; then sockets that still hang on (a refused upgrade a client
        // never closed, a stalled upload) are cut so shutdown cannot hang.
        const cut = setTimeout(() => app.server.closeAllConnections(), 2000);
        await app.close();
        clearTimeout(cut);
        // Before the engine gives the folder's lock up: a next host's host.json must survive.
        fs.rmSync(hostFile(o.dataDir), { force: true });
        await engine.stop(graceMs);
      })();
      return closing;
    },
  };
}

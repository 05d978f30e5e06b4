/**
 * A real headless host for integration tests: a temp data folder with a real SQLite file, the
 * HTTP listener on 127.0.0.1 with an OS-chosen port, real runners. Optional fixture packs are
 * installed before start.
 */
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { databaseFile } from '../../core/engine/create-engine.ts';
import type { HttpLimits } from '../../core/host/http-limits.ts';
import { DEFAULT_UI_DIR, type RunningHost, serve } from '../../core/host/serve.ts';
import type { Execution } from '../../core/model/entities.ts';
import { type Logger, silentLogger } from '../../core/model/logger.ts';
import { isTerminal } from '../../core/model/status.ts';
import { loadPackFolder } from '../../core/packs/index.ts';
import { installPackModel } from '../../core/packs/install.ts';
import type { Clock } from '../../core/schedule/clock.ts';
import { fileKeyProvider } from '../../core/secrets/key-provider.ts';
import { Vault } from '../../core/secrets/vault.ts';
import type { BackoffPolicy } from '../../core/sensors/supervisor/backoff.ts';
import { openStore } from '../../core/store/index.ts';
import { tempDir } from './temp-dir.ts';

export const FIXTURE_PACKS = fileURLToPath(new URL('../fixtures/packs/', import.meta.url));

export interface TestHost extends RunningHost {
  dataDir: string;
  api<T = Record<string, unknown>>(
    method: string,
    p: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  waitForExecution(id: number, timeoutMs?: number): Promise<Execution>;
}

/** Installs fixture packs into a data folder (what `pack import` will do, without the copy). */
export function installFixturePacks(dataDir: string, packs: string[]): void {
  const store = openStore({ file: databaseFile(dataDir) });
  try {
    const vault = new Vault(store, fileKeyProvider(dataDir));
    for (const name of packs) {
      const dir = path.join(FIXTURE_PACKS, name);
      const loaded = loadPackFolder(dir);
      if (!loaded.ok) throw new Error(`fixture pack ${name} is invalid: ${JSON.stringify(loaded.problems)}`);
      store.transaction((w) =>
        installPackModel(w, loaded.model, {
          path: dir,
          system: false,
          now: Date.now(),
          vault,
          enableRules: true,
        }),
      );
    }
  } finally {
    store.close();
  }
}

export async function startTestHost(
  t: Pick<TestContext, 'after'>,
  o: {
    packs?: string[];
    dataDir?: string;
    maxConcurrentExecutions?: number;
    /** Serve the built renderer (out/renderer), or the UI files of this folder. */
    ui?: boolean | string;
    /** Address to bind (default 127.0.0.1). */
    bind?: string;
    /** Extra `Host` names the host answers to (`--allowed-host`). */
    allowedHosts?: string[];
    logger?: Logger;
    /** Time and connection limits of the listener (small ones for the slow-client tests). */
    http?: Partial<HttpLimits>;
    /** Restart delays of crashed pack sensors (short ones keep sensor tests quick). */
    sensorBackoff?: Partial<BackoffPolicy>;
    /** The engine's clock (a SimClock for time-dependent host behaviour such as token expiry). */
    clock?: Clock;
  } = {},
): Promise<TestHost> {
  const dataDir = o.dataDir ?? tempDir(t);
  if (o.packs?.length) installFixturePacks(dataDir, o.packs);
  const host = await serve({
    dataDir,
    port: 0,
    logger: o.logger ?? silentLogger,
    uiDir: typeof o.ui === 'string' ? o.ui : o.ui ? DEFAULT_UI_DIR : null,
    killGraceMs: 500,
    ...(o.bind ? { host: o.bind } : {}),
    ...(o.allowedHosts ? { allowedHosts: o.allowedHosts } : {}),
    ...(o.maxConcurrentExecutions ? { maxConcurrentExecutions: o.maxConcurrentExecutions } : {}),
    ...(o.http ? { httpLimits: o.http } : {}),
    ...(o.sensorBackoff ? { sensorBackoff: o.sensorBackoff } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
  });
  t.after(() => host.close(2000));
  const api: TestHost['api'] = async (method, p, body, headers = {}) => {
    const res = await fetch(`${host.url}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${host.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as never };
  };
  return {
    ...host,
    dataDir,
    api,
    async waitForExecution(id, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await api<{ data: Execution }>('GET', `/api/v1/executions/${id}`);
        if (r.status === 200 && isTerminal(r.body.data.status)) return r.body.data;
        if (Date.now() > deadline)
          throw new Error(`execution ${id} not finished after ${timeoutMs} ms: ${JSON.stringify(r.body)}`);
        await new Promise((res) => setTimeout(res, 25));
      }
    },
  };
}

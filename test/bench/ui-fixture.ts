/**
 * What the UI benchmark runs against: the built renderer (built when missing), and headless
 * hosts on data folders holding a copy of a cached seeded database — a million events for the
 * measured runs, a thousand for the first-rows baseline. The seeded database is the store
 * benchmark's generator (store-seed.ts) with fewer executions, cached in the work root per
 * seed and schema version (store-fixture.ts); each run serves a copy, so the live events it
 * adds never reach the cache.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { databaseFile } from '../../core/engine/create-engine.ts';
import { DEFAULT_UI_DIR, type RunningHost, serve } from '../../core/host/serve.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { type BenchOptions, workDir } from './bench.ts';
import { storeFixture } from './store-fixture.ts';
import type { SeedShape } from './store-seed.ts';

/**
 * The built renderer's folder; runs `npm run build` when it has no index.html. `UI_BENCH_DIR`
 * names another build instead (a copy of an earlier one, to compare two builds on one machine).
 */
export function builtRenderer(): string {
  const other = process.env.UI_BENCH_DIR;
  if (other) return path.resolve(other);
  if (!fs.existsSync(path.join(DEFAULT_UI_DIR, 'index.html'))) {
    console.log('(no built renderer: running npm run build)');
    const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  return DEFAULT_UI_DIR;
}

/** Bytes of every script the build holds: the whole app, what code splitting is measured against. */
export function builtScriptBytes(uiDir: string): number {
  const assets = path.join(uiDir, 'assets');
  return fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((n, f) => n + fs.statSync(path.join(assets, f)).size, 0);
}

export interface UiHost {
  host: RunningHost;
  events: number;
  seededSeconds: number | null;
  /** Stops the host and removes the data folder copy. */
  close(): Promise<void>;
}

/** A host serving the built renderer on a copy of the seeded database of `shape`. */
export async function hostOn(o: BenchOptions, shape: SeedShape, uiDir: string): Promise<UiHost> {
  const fx = storeFixture(o, shape);
  const work = workDir(o, 'ui');
  fs.copyFileSync(fx.file, databaseFile(work.dir));
  const host = await serve({ dataDir: work.dir, port: 0, logger: silentLogger, uiDir, killGraceMs: 500 });
  return {
    host,
    events: fx.counts?.events ?? shape.events,
    seededSeconds: fx.generatedSeconds,
    async close() {
      await host.close(2000);
      work.dispose();
    },
  };
}

/** A webhook trigger of the host's own, unthrottled; returns the URL to POST to. */
export async function benchWebhook(host: RunningHost, ref: string): Promise<string> {
  const api = async (p: string, body: unknown) => {
    const res = await fetch(`${host.url}/api/v1${p}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { data: { webhook_key?: string } };
    if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
    return json.data;
  };
  await api('/triggers', { ref });
  const t = await api(`/triggers/local.${ref}/webhooks/enable`, { rate_limit_per_minute: 0 });
  return `${host.url}/api/v1/webhooks/${t.webhook_key}`;
}

/** One POST over a keep-alive agent; resolves to the status code. */
function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * POSTs `perSecond` events a second to `url` for `seconds`, evenly spaced (late sends catch up,
 * never bunch), over a few keep-alive connections like a real caller; returns how many were
 * accepted.
 */
export async function sendEvents(url: string, perSecond: number, seconds: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const target = new URL(url);
  const total = perSecond * seconds;
  const t0 = performance.now();
  let ok = 0;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify({ payload: { n: i, city: 'Lyon', total: (i * 7) % 500 } });
    pending.push(
      post(agent, target, body).then((status) => {
        if (status === 200) ok++;
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return ok;
}

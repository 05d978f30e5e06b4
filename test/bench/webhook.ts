/**
 * Webhook ingress (docs/performance.md, "Webhook ingress"): events/s for `POST /api/v1/webhooks/{key}` over loopback HTTP,
 * sent by a second process (load-generator.ts) with keep-alive connections. Each accepted
 * request is an event committed with its evaluation, enforcement and execution (one core.noop
 * rule); the execution's completion is waited for as well. Baseline: a bare node:http server
 * in this process that reads and parses the same body, loaded the same way in the same run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '../../core/host/serve.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { type Bench, workDir } from './bench.ts';
import { POOL_SIZE } from './engine-fixture.ts';
import type { LoadSpec } from './load-generator.ts';
import { runLoadProcess } from './load-process.ts';
import { BENCH_TRIGGER, benchPayload, seedRules } from './seed-rules.ts';
import { median, ratio } from './stats.ts';
import { type Cell, fmt } from './table.ts';

const CONCURRENCY = 16;

async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as object;
      const reply = JSON.stringify({ data: { event_id: 1, keys: Object.keys(body).length } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export const webhookBench: Bench = {
  name: 'webhook',
  description: 'webhook events/s over loopback HTTP from a second process vs a bare node:http server',
  async run(o) {
    const runs = o.quick ? 2 : 3;
    const requests = o.quick ? 2_000 : 10_000;
    const work = workDir(o, 'webhook');
    const host = await serve({
      dataDir: work.dir,
      port: 0,
      logger: silentLogger,
      uiDir: null,
      maxConcurrentExecutions: POOL_SIZE,
    });
    const bare = await bareServer();
    const attune: Array<{ rps: number; completedEps: number; p50: number; p99: number }> = [];
    const baseline: Array<{ rps: number; p50: number; p99: number }> = [];
    try {
      seedRules(host.engine.store, { perTrigger: 1, total: 1, actionRef: 'core.noop' });
      const trigger = host.engine.triggers.enableWebhook({
        ref: BENCH_TRIGGER,
        rate_limit_per_minute: 1_000_000,
      });
      const spec = (url: string): LoadSpec => ({
        url,
        concurrency: CONCURRENCY,
        requests,
        body: JSON.stringify({ payload: benchPayload(7) }),
        maxSeconds: 120,
      });
      const hookUrl = `${host.url}/api/v1/webhooks/${trigger.webhook_key}`;
      await runLoadProcess({ ...spec(hookUrl), requests: Math.min(1000, requests) }); // warm-up
      await host.engine.executor.idle();
      for (let r = 0; r < runs; r++) {
        const run = await runLoadProcess(spec(hookUrl));
        if (run.result.statuses['200'] !== requests) {
          throw new Error(`webhook run refused requests: ${JSON.stringify(run.result.statuses)}`);
        }
        await host.engine.executor.idle();
        const completedSeconds = (performance.now() - run.startedAt) / 1000;
        attune.push({
          rps: run.result.requests_per_second,
          completedEps: requests / completedSeconds,
          p50: run.result.latency_ms.p50,
          p99: run.result.latency_ms.p99,
        });
        const b = await runLoadProcess(spec(bare.url));
        baseline.push({
          rps: b.result.requests_per_second,
          p50: b.result.latency_ms.p50,
          p99: b.result.latency_ms.p99,
        });
      }
    } finally {
      await bare.close();
      await host.close(1000);
      work.dispose();
    }
    const med = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
    const bareRps = med(baseline, (b) => b.rps);
    const rows: Cell[][] = [
      [
        'Attune webhook → event + core.noop',
        med(attune, (a) => a.rps),
        med(attune, (a) => a.completedEps),
        med(attune, (a) => a.p50),
        med(attune, (a) => a.p99),
        ratio(
          med(attune, (a) => a.rps),
          bareRps,
        ),
      ],
      [
        'bare node:http (parse body, reply)',
        bareRps,
        '—',
        med(baseline, (b) => b.p50),
        med(baseline, (b) => b.p99),
        '1.00×',
      ],
    ];
    return {
      tables: [
        {
          title: `Webhook ingress over loopback (median of ${runs} runs of ${fmt(requests)} requests, ${CONCURRENCY} keep-alive connections)`,
          columns: ['server', 'accepted/s', 'completed events/s', 'p50 ms', 'p99 ms', 'vs bare'],
          rows,
          notes: [
            'accepted/s: 200 responses per second; Attune answers after the event and its enforcement are committed.',
            'completed events/s: until the last core.noop execution completed as well.',
            'load: test/bench/load-generator.ts in a second Node process (node:http, keep-alive agent).',
          ],
        },
      ],
      data: { runs, requests, concurrency: CONCURRENCY, attune, baseline },
    };
  },
};

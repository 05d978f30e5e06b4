/**
 * A small HTTP load generator, run as its own process (`node --import tsx load-generator.ts
 * '<json>'`) so the server under test does not share its event loop. Keep-alive connections, a
 * fixed number of requests in flight, loopback only, bounded in requests and time. Prints one
 * JSON line when it starts sending and one with the results when done.
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { spread } from './stats.ts';

export interface LoadSpec {
  url: string;
  /** Requests in flight at once (= keep-alive connections). */
  concurrency: number;
  requests: number;
  body: string;
  headers?: Record<string, string>;
  /** Stops early after this long, whatever is left. */
  maxSeconds: number;
}

export interface LoadResult {
  event: 'done';
  sent: number;
  statuses: Record<string, number>;
  errors: number;
  seconds: number;
  requests_per_second: number;
  latency_ms: ReturnType<typeof spread>;
}

const LIMITS = { concurrency: 256, requests: 1_000_000, maxSeconds: 600 };
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function check(spec: LoadSpec): void {
  const u = new URL(spec.url);
  if (!LOOPBACK.has(u.hostname)) throw new Error(`refusing to load ${u.hostname}: loopback only`);
  if (spec.concurrency < 1 || spec.concurrency > LIMITS.concurrency)
    throw new Error('concurrency out of range');
  if (spec.requests < 1 || spec.requests > LIMITS.requests) throw new Error('requests out of range');
  if (spec.maxSeconds <= 0 || spec.maxSeconds > LIMITS.maxSeconds) throw new Error('maxSeconds out of range');
}

function post(agent: http.Agent, u: URL, spec: LoadSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port,
        path: u.pathname + u.search,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(spec.body),
          ...spec.headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

export async function generateLoad(spec: LoadSpec, onStart: () => void = () => {}): Promise<LoadResult> {
  check(spec);
  const u = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const deadline = performance.now() + spec.maxSeconds * 1000;
  const worker = async () => {
    while (next < spec.requests && performance.now() < deadline) {
      next++;
      const t = performance.now();
      try {
        const status = await post(agent, u, spec);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  onStart();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return {
    event: 'done',
    sent: next,
    statuses,
    errors,
    seconds,
    requests_per_second: next / seconds,
    latency_ms: spread(latencies),
  };
}

// Run as a program: the spec is the first argument, results go to stdout as JSON lines.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  const result = await generateLoad(spec, () =>
    process.stdout.write(`${JSON.stringify({ event: 'start' })}\n`),
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

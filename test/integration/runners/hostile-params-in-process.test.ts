/**
 * docs/security.md "Channel inputs and runner parameters", core/runners/README.md — hostile
 * parameters into the runners that work inside the engine (http, builtin) and into the core
 * pack's shell actions through a real engine: values arrive as the same data (a request body,
 * a query, a header, a notification, stdout), nothing they spell is run, a header or method
 * that would split the request is refused before anything is sent, and no prototype is
 * polluted.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { startTestHost } from '../../helpers/host.ts';
import { objectFromEntries } from '../../helpers/hostile-values.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { hostileParams, makeTraps, type Traps } from './hostile-support.ts';
import { assertNoLeftoverProcesses, makeAction, makeSandbox, type Sandbox } from './support.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The string parameters of hostileParams that any text can hold. */
const TEXT_KEYS = [
  'subst',
  'backticks',
  'semicolon',
  'single_quote_break',
  'double_quote_break',
  'newline',
  'dollar_brace',
  'nul',
  'unicode',
  'huge',
];

describe('hostile parameters into the http runner', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  let sb: Sandbox;
  let traps: Traps;
  beforeEach(async () => {
    sb = await makeSandbox();
    traps = await makeTraps(sb.root);
    seen.length = 0;
  });
  afterEach(async () => {
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  const run = (params: Record<string, unknown>) =>
    sb.runners.run(
      sb.request(makeAction({ ref: 'core.http_request', runner_type: 'http', entry_point: 'http_request' }), {
        params,
      }),
    );

  it('sends hostile values as the body, the query and basic auth, byte for byte', async () => {
    const hostile = hostileParams(traps);
    const query = objectFromEntries([
      ['&injected=1', 'a&b=c#frag'],
      ['__proto__', 'proto'],
      ['ünï cøde', hostile.subst],
      ['nl', hostile.newline],
    ]);
    const out = await run({
      url: `${base}/echo`,
      method: 'POST',
      query_params: query,
      json_body: hostile,
      auth: { type: 'basic', username: 'a:b$(x)', password: hostile.single_quote_break },
    });
    assert.equal(out.status, 'completed', out.result.error ?? '');
    assert.equal(seen.length, 1);
    const req = seen[0] as Seen;
    const url = new URL(req.url, base);
    assert.equal(url.pathname, '/echo');
    assert.deepEqual([...url.searchParams], Object.entries(query));
    assert.deepEqual(JSON.parse(req.body), JSON.parse(JSON.stringify(hostile)));
    const basic = Buffer.from(String(req.headers.authorization).slice(6), 'base64').toString('utf8');
    assert.equal(basic, `a:b$(x):${hostile.single_quote_break}`);
    assert.equal(existsSync(traps.marker), false);
  });

  for (const [what, params] of [
    ['a header value with CR LF', { headers: { 'x-a': 'v\r\nX-Injected: 1' } }],
    ['a header value with NUL', { headers: { 'x-a': 'v\u0000w' } }],
    ['a header name with a space', { headers: { 'x a': 'v' } }],
    ['a method with CR LF', { method: 'GET\r\nX-Injected: 1' }],
    ['a method that is a command', { method: '$(touch x)' }],
  ] as const) {
    it(`refuses ${what} before anything is sent`, async () => {
      const out = await run({ url: `${base}/echo`, ...params });
      assert.equal(out.status, 'failed');
      assert.ok(out.result.error, 'the failure says why');
      assert.deepEqual(seen, [], 'a request was sent');
    });
  }

  it('a URL with CR LF cannot add a header: the URL parser drops them', async () => {
    const out = await run({ url: `${base}/echo\r\nX-Injected: 1` });
    assert.equal(out.status, 'completed', out.result.error ?? '');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.headers['x-injected'], undefined);
  });
});

describe('hostile parameters into the builtin runner', () => {
  let sb: Sandbox;
  let traps: Traps;
  beforeEach(async () => {
    sb = await makeSandbox();
    traps = await makeTraps(sb.root);
  });
  afterEach(async () => {
    assert.equal(existsSync(traps.marker), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
    await sb.dispose();
  });
  const builtin = (entry_point: string) => makeAction({ runner_type: 'builtin', entry_point });

  it('echo prints every hostile text exactly', async () => {
    const hostile = hostileParams(traps);
    for (const key of TEXT_KEYS) {
      const out = await sb.runners.run(sb.request(builtin('echo'), { params: { message: hostile[key] } }));
      assert.equal(out.status, 'completed');
      assert.equal(out.result.stdout, `${String(hostile[key])}\n`, key);
    }
  });

  it('notify hands hostile title and body to the host as they are', async () => {
    const hostile = hostileParams(traps);
    const out = await sb.runners.run(
      sb.request(builtin('notify'), { params: { title: hostile.newline, body: hostile.huge } }),
    );
    assert.equal(out.status, 'completed');
    assert.deepEqual(sb.host.notifications, [{ title: hostile.newline, body: hostile.huge }]);
  });

  it('noop takes any parameters; sleep takes any seconds and still obeys the timeout', async () => {
    assert.equal(
      (await sb.runners.run(sb.request(builtin('noop'), { params: hostileParams(traps) }))).status,
      'completed',
    );
    for (const seconds of [Number.NaN, -1, '1e309', {}, null, [5], '$(sleep 100)']) {
      const out = await sb.runners.run(sb.request(builtin('sleep'), { params: { seconds } }));
      assert.equal(out.status, 'completed', `seconds ${JSON.stringify(seconds)}`);
    }
    const long = await sb.runners.run(
      sb.request(builtin('sleep'), { params: { seconds: 1e308 }, timeoutSeconds: 0.2 }),
    );
    assert.equal(long.status, 'timeout');
  });
});

describe('hostile parameters into the core pack actions through the engine', () => {
  it('core.echo and core.sleep read dotenv with eval: values stay data, PATH and BASH_ENV stay out', {
    timeout: 60_000,
  }, async (t) => {
    const host = await startTestHost(t);
    const traps = await makeTraps(tempDir(t));
    const hostile = hostileParams(traps);
    const { huge: _, ...others } = hostile;
    const execute = (action_ref: string, parameters: Record<string, unknown>) =>
      host.waitForExecution(host.engine.execute(action_ref, parameters as never).id, 30_000);
    // A shell variable cannot hold NUL (bash drops it), so `nul` is not echoed back whole.
    for (const key of TEXT_KEYS.filter((k) => k !== 'nul')) {
      const done = await execute('core.echo', { ...others, message: hostile[key] });
      assert.equal(done.status, 'completed', done.result?.stderr);
      assert.equal(done.result?.stdout, `${String(hostile[key])}\n`, key);
    }
    // sleep.sh runs `sleep` after the eval: a PATH parameter would make it the trap.
    const slept = await execute('core.sleep', { seconds: 0, PATH: traps.binDir, BASH_ENV: traps.shScript });
    assert.equal(slept.status, 'completed', slept.result?.stderr);
    assert.equal(existsSync(traps.marker), false, 'a hostile parameter was run');
  });
});

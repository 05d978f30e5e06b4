/**
 * docs/security.md "Channel inputs and runner parameters" — every contract channel fuzzed through
 * the one validated door (core/api/dispatch.ts) on a real engine: inputs derived from each
 * channel's zod schema, shaped to reach the handler and hostile (wrong types, prototype keys,
 * NUL and other unicode, huge strings, numbers past every limit, deep nesting, extra fields, and
 * what Electron's structured clone can carry). Every answer is data — `{ok: true}` in the output
 * shape or `{ok: false}` with a code other than INTERNAL — nothing throws, nothing is logged as
 * an error, and the engine keeps working. A smaller run goes over real REST and the WebSocket.
 *
 * Runs are bounded and seeded; FUZZ_SEED=<n> replays another seed and FUZZ_RUNS=<n> runs longer.
 * A failure prints its seed, its replay path and the shrunk counterexample.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CHANNEL_NAMES, type ChannelName, channels } from '../../../core/contract/channels.ts';
import { REST_BODY_LIMIT } from '../../../core/host/http-server.ts';
import { REST_ROUTES } from '../../../core/host/rest-routes.ts';
import { isTerminal } from '../../../core/model/status.ts';
import { getExecutionInternals, listExecutions } from '../../../core/store/index.ts';
import { checkProperty } from '../../helpers/fuzz-check.ts';
import {
  assertCleanAnswer,
  type FuzzHost,
  harmless,
  reseed,
  startFuzzHost,
} from '../../helpers/fuzz-host.ts';
import { channelHints, channelSeeds } from '../../helpers/fuzz-inputs.ts';
import { assertCleanRest, restRequest, type WireRequest, WsFuzzClient } from '../../helpers/fuzz-wire.ts';
import { hostileJson, hostileString, hostileValue, PROTOTYPE_KEYS } from '../../helpers/hostile-values.ts';
import { broken, hostile, shaped } from '../../helpers/schema-arbitrary.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_250_601);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** REST and the WebSocket share the door with dispatch: a sample of runs per channel is enough. */
const WIRE_RUNS = Math.max(4, Math.round(RUNS / 8));

/** Object.prototype as it was before the fuzz: an input key must never land on it. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
let host: FuzzHost;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const teardown: Array<() => unknown> = [];

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  host = await startFuzzHost({ after: (fn) => teardown.push(fn) });
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  for (const fn of teardown.reverse()) await fn();
});

/** Shaped and hostile inputs for one channel; `ipc` adds what only structured clone carries. */
function inputsFor(channel: ChannelName, ipc: boolean): fc.Arbitrary<unknown> {
  const hints = { byName: channelHints(host.sandbox), structuredClone: ipc };
  const schema = channels[channel].input;
  const seed = channelSeeds(host.sandbox)[channel];
  const kinds = [shaped(schema, hints), hostile(schema, hints)];
  // Shaped, but free-form places hold what only IPC carries: reaches the handler with it.
  if (ipc) kinds.push(shaped(schema, { ...hints, freeForm: hostileValue({ structuredClone: true }) }));
  if (seed) kinds.push(seed, broken(seed, hints));
  return fc.oneof(...kinds).filter((i) => harmless(host, channel, i));
}

/** The engine must still answer, must not have logged an error, and nothing may be left unhandled. */
async function assertEngineWell(after: string, errorsBefore: number): Promise<void> {
  const health = await host.call('health.get', {});
  assert.ok(health.ok, `health.get failed after ${after}`);
  assert.deepEqual(host.errors.slice(errorsBefore), [], `${after} logged an error`);
  assert.deepEqual(unhandled, [], `${after} left an unhandled rejection`);
  assert.deepEqual(
    Object.getOwnPropertyNames(Object.prototype),
    PROTOTYPE_NAMES,
    `${after} polluted Object.prototype`,
  );
}

/**
 * Before any route runs, fastify answers a path parameter over 100 characters with its own 414
 * and Node a request head over 16 KiB with a bare 431. Those are the HTTP layer's limits, not
 * the channels'; the fuzz stays inside them (docs/security.md).
 */
function withinHttpLimits(req: WireRequest): boolean {
  const [path = '', query = ''] = req.path.split('?');
  return path.split('/').every((segment) => segment.length <= 100) && query.length <= 8192;
}

/** A frame over the payload limit closes the socket by design (see its own test below). */
function fitsOneFrame(input: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(input) ?? '') < REST_BODY_LIMIT - 200;
}

describe('dispatch answers every fuzzed input with data, never INTERNAL', () => {
  for (const channel of CHANNEL_NAMES) {
    it(`${channel}: ${RUNS} shaped and hostile inputs`, async () => {
      await reseed(host);
      await checkProperty(
        fc.asyncProperty(inputsFor(channel, true), async (input) => {
          const errorsBefore = host.errors.length;
          assertCleanAnswer(channel, input, await host.call(channel, input));
          await assertEngineWell(channel, errorsBefore);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  it('an unknown or prototype channel name is NOT_FOUND, whatever the input', async () => {
    const name = fc.oneof(
      fc.constantFrom<unknown>(...PROTOTYPE_KEYS, 'rules', 'rules.', '.get', 'RULES.GET', null, 42, [
        'rules.get',
      ]),
      hostileString,
    );
    await checkProperty(
      fc.asyncProperty(name, fc.anything(), async (channel, input) => {
        fc.pre(!(typeof channel === 'string' && (CHANNEL_NAMES as readonly string[]).includes(channel)));
        const r = await host.call(channel, input);
        assert.equal(!r.ok && r.error.code, 'NOT_FOUND');
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('REST answers every fuzzed request without a 5xx', () => {
  for (const route of REST_ROUTES) {
    it(`${route.method} ${route.url}: ${WIRE_RUNS} requests`, async () => {
      await reseed(host);
      const fromInput = inputsFor(route.channel, false)
        .map((i) => restRequest(route, i))
        .filter(withinHttpLimits);
      // Bodies that are no object at all (GET and DELETE take none).
      const anyBody = hostileJson.map((b) => ({ ...restRequest(route, {}), body: JSON.stringify(b) }));
      const hasBody = route.method === 'POST' || route.method === 'PUT';
      const raw = hasBody
        ? fc.oneof({ weight: 6, arbitrary: fromInput }, { weight: 1, arbitrary: anyBody })
        : fromInput;
      await checkProperty(
        fc.asyncProperty(raw, async (req) => {
          const errorsBefore = host.errors.length;
          const res = await fetch(`${host.url}${req.path}`, {
            method: req.method,
            headers: {
              authorization: `Bearer ${host.token}`,
              ...(req.body !== null ? { 'content-type': 'application/json' } : {}),
            },
            body: req.body,
          });
          assertCleanRest(`${req.method} ${req.path.slice(0, 200)}`, res.status, await res.text());
          await assertEngineWell(route.url, errorsBefore);
        }),
        { seed: SEED, numRuns: WIRE_RUNS },
      );
    });
  }
});

describe('the WebSocket bridge answers every fuzzed frame and stays open', () => {
  let ws: WsFuzzClient;
  before(async () => {
    ws = await WsFuzzClient.open(host.url, host.token);
  });
  after(() => ws.close());

  it(`every channel over the socket: ${WIRE_RUNS} invokes each`, async () => {
    await reseed(host);
    for (const channel of CHANNEL_NAMES) {
      await checkProperty(
        fc.asyncProperty(inputsFor(channel, false).filter(fitsOneFrame), async (input) => {
          const errorsBefore = host.errors.length;
          assertCleanAnswer(channel, input, await ws.invoke(channel, input));
          await assertEngineWell(channel, errorsBefore);
        }),
        { seed: SEED, numRuns: WIRE_RUNS },
      );
    }
  });

  it('frames the bridge cannot read are answered BAD_REQUEST with id -1', async () => {
    const frame = fc
      .oneof(
        hostileString,
        hostileJson.map((v) => JSON.stringify(v)),
        fc
          .record({
            type: fc.oneof(fc.constantFrom('invoke', 'subscribe', 'unsubscribe', '__proto__'), hostileString),
            id: fc.oneof(hostileJson, fc.constantFrom(1.5, -0.5, 2 ** 60)),
            channel: fc.oneof(fc.constantFrom(...CHANNEL_NAMES), hostileString),
            filters: hostileJson,
          })
          .map((f) => JSON.stringify(f)),
      )
      // A frame over the payload limit closes the socket (1009, see the next test).
      .filter((text) => Buffer.byteLength(text) <= REST_BODY_LIMIT);
    await checkProperty(
      fc.asyncProperty(frame, async (text) => {
        // Frames are answered one at a time here, so the next answer is this frame's.
        const answer = await ws.send(text, null);
        assert.equal(answer.type, 'result');
        if (answer.type !== 'result') return;
        if (answer.id === -1) assert.equal(!answer.result.ok && answer.result.error.code, 'BAD_REQUEST');
        else if (!answer.result.ok) assert.notEqual(answer.result.error.code, 'INTERNAL', text.slice(0, 300));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    assertCleanAnswer('health.get', {}, await ws.invoke('health.get', {}));
  });
});

describe('the WebSocket bridge and frames over the limit', () => {
  it('a frame over the payload limit closes that socket with 1009; a new one works', async () => {
    const ws = await WsFuzzClient.open(host.url, host.token);
    const closed = new Promise<number>((resolve) => ws.socket.once('close', (code) => resolve(code)));
    ws.socket.send('x'.repeat(REST_BODY_LIMIT + 1));
    assert.equal(await closed, 1009);
    const again = await WsFuzzClient.open(host.url, host.token);
    assertCleanAnswer('health.get', {}, await again.invoke('health.get', {}));
    again.close();
  });
});

/**
 * A retry of a fuzzed rule's failed run waits for its delay on the simulated clock, which never
 * moves here (moving it would fire the timer rules the fuzz made): it is scheduled, not stuck.
 */
function waitingForRetry(id: number): boolean {
  const notBefore = getExecutionInternals(host.engine.store.read, id)?.not_before ?? null;
  return notBefore !== null && notBefore > host.engine.clock.now();
}

describe('afterwards', () => {
  it('every fuzzed execution ended and the engine still runs an action', async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const open = listExecutions(host.engine.store.read, {}, { page: 1, page_size: 100_000 }).items.filter(
        (x) => !isTerminal(x.status) && !waitingForRetry(x.id),
      );
      if (open.length === 0) break;
      assert.ok(
        Date.now() < deadline,
        `executions still open: ${open.map((x) => `${x.id} ${x.status}`).join(', ')}`,
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    const run = await host.call('executions.execute', {
      action_ref: 'core.echo',
      parameters: { message: 'still here' },
    });
    assert.ok(run.ok, JSON.stringify(run));
    const id = (run.data as { id: number }).id;
    for (;;) {
      const x = await host.call('executions.get', { id });
      assert.ok(x.ok);
      const e = x.data as { status: string; result: { stdout: string } | null };
      if (isTerminal(e.status as never)) {
        assert.equal(e.status, 'completed');
        assert.equal(e.result?.stdout, 'still here\n');
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  });
});

/**
 * docs/api.md, "Webhooks", and docs/security.md, "Webhooks" — the webhook receiver on its own, over
 * a real store in a temp folder and the real unit of work: the body limit, the signature before
 * the rate limit, the throttles on unknown keys and wrong signatures (counted into summary rows),
 * what reaches the event, and the attempt log — one row per call, bounded while the store cannot
 * be written.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import {
  DEFAULT_WEBHOOK_CONFIG,
  type JsonObject,
  type Trigger,
  type WebhookConfig,
} from '../../../core/model/entities.ts';
import { AttuneError, storageUnavailable } from '../../../core/model/errors.ts';
import type { Logger } from '../../../core/model/logger.ts';
import { SimClock } from '../../../core/schedule/sim-clock.ts';
import {
  MAX_PENDING_ATTEMPTS,
  SIGNATURE_FAILURES_PER_MINUTE,
  UNKNOWN_KEYS_PER_MINUTE,
  WebhookReceiver,
} from '../../../core/sensors/webhook.ts';
import {
  listWebhookAttempts,
  openStore,
  UnitOfWork,
  upsertPack,
  upsertTrigger,
} from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const T0 = Date.parse('2026-12-07T12:00:00.000Z');
const KEY = 'abcdefghijklmnop';
const SECRET = 'the-webhook-secret';
const sign = (body: Buffer | string) =>
  `sha256=${crypto.createHmac('sha256', SECRET).update(body).digest('hex')}`;

interface Fixture {
  receiver: WebhookReceiver;
  trigger: Trigger;
  clock: SimClock;
  tick: UnitOfWork;
  logs: Array<[string, string, Record<string, unknown> | undefined]>;
  ingested: Array<{ ref: string; payload: JsonObject; config: JsonObject }>;
  /** The attempt log as stored, oldest first, after the tick is written. */
  attempts(): Array<Record<string, unknown>>;
  /** What the next ingest throws instead of storing an event. */
  failIngest(err: unknown): void;
  call(
    body: string | Buffer,
    o?: { headers?: Record<string, string | string[]>; remote?: string | null },
  ): ReturnType<WebhookReceiver['receive']>;
}

function setup(t: TestContext, config: Partial<WebhookConfig> = {}): Fixture {
  const store = openStore({ file: path.join(tempDir(t), 'attune.db') });
  t.after(() => store.close());
  const clock = new SimClock(T0);
  const logs: Fixture['logs'] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (msg, data) => logs.push(['warn', msg, data]),
    error: (msg, data) => logs.push(['error', msg, data]),
  };
  const trigger = store.transaction((w) => {
    upsertPack(
      w,
      {
        ref: 'hooks',
        label: 'Hooks',
        description: '',
        version: '1.0.0',
        author: null,
        conf_schema: {},
        config: {},
        dependencies: [],
        tags: [],
        path: null,
        system: false,
      },
      T0,
    );
    return upsertTrigger(
      w,
      {
        ref: 'hooks.push',
        pack_ref: 'hooks',
        label: 'Push',
        description: '',
        param_schema: {},
        out_schema: {},
        enabled: true,
        webhook_enabled: true,
        webhook_key: KEY,
        webhook_config: { ...DEFAULT_WEBHOOK_CONFIG, ...config },
      },
      T0,
    );
  });
  const tick = new UnitOfWork(store, logger);
  const ingested: Fixture['ingested'] = [];
  let fault: unknown = null;
  const receiver = new WebhookReceiver({
    store,
    tick,
    clock,
    logger,
    hmacSecret: (ref) => (ref === 'webhook_secret' ? SECRET : null),
    ingest: async (tr, payload, cfg) => {
      if (fault !== null) {
        const err = fault;
        fault = null;
        throw err;
      }
      ingested.push({ ref: tr.ref, payload, config: cfg });
      return { event_id: 100 + ingested.length, created: new Date(clock.now()).toISOString() };
    },
  });
  tick.register(receiver);
  return {
    receiver,
    trigger,
    clock,
    tick,
    logs,
    ingested,
    attempts() {
      tick.flush();
      return listWebhookAttempts(store.read, null, 100_000)
        .reverse()
        .map(({ id: _id, ...a }) => a);
    },
    failIngest(err) {
      fault = err;
    },
    call(body, o = {}) {
      return receiver.receive({
        key: KEY,
        trigger,
        body: Buffer.from(body),
        headers: o.headers ?? {},
        remoteAddress: o.remote === undefined ? '10.0.0.1' : o.remote,
      });
    },
  };
}

const AT = (ms = T0) => new Date(ms).toISOString();

test('a call is answered with its event, and one attempt row names the trigger, key prefix, address and size', async (t) => {
  const f = setup(t);
  const body = '{"payload":{"n":1}}';
  assert.deepEqual(await f.call(body), {
    status: 200,
    body: {
      data: {
        event_id: 101,
        trigger_ref: 'hooks.push',
        received_at: AT(),
        message: 'Webhook received successfully',
      },
    },
  });
  assert.deepEqual(f.attempts(), [
    {
      trigger_ref: 'hooks.push',
      webhook_key: 'abcdef…',
      status_code: 200,
      error: null,
      event_id: 101,
      remote_address: '10.0.0.1',
      body_bytes: body.length,
      created: AT(),
    },
  ]);
});

test('the lookup finds the trigger behind an enabled key only', (t) => {
  const f = setup(t);
  assert.equal(f.receiver.lookup(KEY)?.ref, 'hooks.push');
  assert.equal(f.receiver.lookup('nope'), null);
});

test('the payload is the body\'s "payload" object, or the whole body without one; an empty body is {}', async (t) => {
  const f = setup(t);
  await f.call('{"payload":{"a":1},"other":2}');
  await f.call('{"a":2}');
  await f.call('');
  await f.call('{"payload":{}}');
  assert.deepEqual(
    f.ingested.map((e) => e.payload),
    [{ a: 1 }, { a: 2 }, {}, {}],
  );
});

test('a body that is not a JSON object, or whose payload is not one, is refused 400 naming what is wrong', async (t) => {
  const f = setup(t);
  const NOT_OBJECT = 'body must be a JSON object ({"payload": {...}} or the payload itself)';
  for (const body of ['[1]', 'null', '3', '"text"']) {
    assert.deepEqual(
      await f.call(body),
      { status: 400, body: { error: NOT_OBJECT, code: 'BAD_REQUEST' } },
      body,
    );
  }
  for (const body of ['{"payload":[1]}', '{"payload":null}', '{"payload":"x"}', '{"payload":1}']) {
    assert.deepEqual(
      await f.call(body),
      { status: 400, body: { error: 'payload: must be a JSON object', code: 'BAD_REQUEST' } },
      body,
    );
  }
  const broken = await f.call('{"a":');
  assert.equal(broken.status, 400);
  assert.match((broken.body as { error: string }).error, /^body is /);
  const deep = await f.call(`${'['.repeat(300)}${']'.repeat(300)}`);
  assert.equal(deep.status, 400);
  assert.match((deep.body as { error: string }).error, /^body: /);
  assert.equal(f.ingested.length, 0);
  const rows = f.attempts();
  assert.equal(rows.length, 10);
  assert.deepEqual(rows[0], {
    trigger_ref: 'hooks.push',
    webhook_key: 'abcdef…',
    status_code: 400,
    error: NOT_OBJECT,
    event_id: null,
    remote_address: '10.0.0.1',
    body_bytes: 3,
    created: AT(),
  });
});

test('only the listed string headers reach the event, with the source and address', async (t) => {
  const f = setup(t);
  await f.call('{}', {
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot',
      'x-github-event': 'push',
      'x-github-delivery': 'd-1',
      'x-request-id': 'r-1',
      cookie: 'session=1',
      authorization: 'Bearer x',
      'x-other': 'y',
    },
    remote: '192.0.2.7',
  });
  await f.call('{}', { headers: { 'x-request-id': ['a', 'b'] }, remote: null });
  assert.deepEqual(
    f.ingested.map((e) => [e.ref, e.config]),
    [
      [
        'hooks.push',
        {
          source: 'webhook',
          remote_address: '192.0.2.7',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'GitHub-Hookshot',
            'x-github-event': 'push',
            'x-github-delivery': 'd-1',
            'x-request-id': 'r-1',
          },
        },
      ],
      ['hooks.push', { source: 'webhook', remote_address: null, headers: {} }],
    ],
  );
});

test('a body of exactly max_body_bytes is taken; one byte more is refused 413 unparsed', async (t) => {
  const f = setup(t, { max_body_bytes: 20 });
  const exact = `{"p":"${'x'.repeat(12)}"}`;
  assert.equal(exact.length, 20);
  assert.equal((await f.call(exact)).status, 200);
  assert.deepEqual(await f.call(`${exact} `), {
    status: 413,
    body: { error: 'body exceeds 20 bytes', code: 'PAYLOAD_TOO_LARGE' },
  });
  assert.deepEqual(
    f.attempts().map((a) => [a.status_code, a.body_bytes]),
    [
      [200, 20],
      [413, 21],
    ],
  );
});

test('the rate limit counts accepted calls per trigger and minute; 0 means unlimited', async (t) => {
  const f = setup(t, { rate_limit_per_minute: 3 });
  const statuses = async (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await f.call('{}')).status);
    return out;
  };
  assert.deepEqual(await statuses(4), [200, 200, 200, 429]);
  assert.deepEqual((await f.call('{}')).body, {
    error: 'rate limit of 3/minute exceeded',
    code: 'TOO_MANY_REQUESTS',
  });
  f.clock.advance(60_000);
  assert.deepEqual(await statuses(1), [200], 'a new minute, a new budget');

  const free = setup(t, { rate_limit_per_minute: 0 });
  for (let i = 0; i < 100; i++) assert.equal((await free.call('{}')).status, 200);
});

test('a signed trigger refuses a missing secret, a missing or wrong signature with 401, and takes a right one', async (t) => {
  const f = setup(t, { hmac_secret_ref: 'webhook_secret' });
  const body = '{"n":1}';
  assert.deepEqual(await f.call(body, { headers: { 'x-hub-signature-256': sign(body) } }), {
    status: 200,
    body: {
      data: {
        event_id: 101,
        trigger_ref: 'hooks.push',
        received_at: AT(),
        message: 'Webhook received successfully',
      },
    },
  });
  assert.deepEqual(await f.call(body, { headers: { 'x-hub-signature-256': sign('other') } }), {
    status: 401,
    body: { error: 'signature does not match', code: 'UNAUTHORIZED' },
  });
  assert.equal((await f.call(body)).status, 401);

  const lost = setup(t, { hmac_secret_ref: 'gone' });
  assert.deepEqual(await lost.call(body, { headers: { 'x-hub-signature-256': sign(body) } }), {
    status: 401,
    body: { error: 'webhook secret missing from the key store', code: 'UNAUTHORIZED' },
  });
  assert.equal(lost.ingested.length, 0);
});

test('wrong signatures do not use up the rate limit, and past 10 a minute from one address they are answered 429', async (t) => {
  const f = setup(t, { hmac_secret_ref: 'webhook_secret', rate_limit_per_minute: 1 });
  const bad = { headers: { 'x-webhook-signature': sign('forged') }, remote: '203.0.113.9' };
  for (let i = 0; i < SIGNATURE_FAILURES_PER_MINUTE; i++) assert.equal((await f.call('{}', bad)).status, 401);
  assert.deepEqual(await f.call('{}', bad), {
    status: 429,
    body: {
      error:
        'signature does not match; too many requests with a wrong signature from this address (more than 10 per minute)',
      code: 'TOO_MANY_REQUESTS',
    },
  });
  assert.equal((await f.call('{}', { ...bad, remote: '203.0.113.10' })).status, 401, 'another address');
  assert.equal(
    (await f.call('{}', { headers: { 'x-webhook-signature': sign('{}') } })).status,
    200,
    'the signed sender keeps its budget',
  );
  f.clock.advance(60_000);
  assert.equal((await f.call('{}', bad)).status, 401, 'a new minute');
  const rows = f.attempts();
  assert.equal(rows.length, SIGNATURE_FAILURES_PER_MINUTE + 3, 'the 429 is counted, not recorded');
});

test('unknown keys are answered 404 and recorded, up to 10 a minute per address; past that 429', (t) => {
  const f = setup(t);
  for (let i = 0; i < UNKNOWN_KEYS_PER_MINUTE; i++) {
    assert.deepEqual(f.receiver.refuseUnknownKey('zzzzzzzzzz', 7, '10.9.9.9'), {
      status: 404,
      body: { error: 'no webhook with this key', code: 'NOT_FOUND' },
    });
  }
  assert.deepEqual(f.receiver.refuseUnknownKey('zzzzzzzzzz', 7, '10.9.9.9'), {
    status: 429,
    body: {
      error: 'too many calls with unknown webhook keys from this address (more than 10 per minute)',
      code: 'TOO_MANY_REQUESTS',
    },
  });
  assert.equal(f.receiver.refuseUnknownKey('zzzzzzzzzz', 7, '10.9.9.8').status, 404, 'another address');
  const rows = f.attempts();
  assert.equal(rows.length, UNKNOWN_KEYS_PER_MINUTE + 1);
  assert.deepEqual(rows[0], {
    trigger_ref: null,
    webhook_key: 'zzzzzz…',
    status_code: 404,
    error: 'no webhook with this key',
    event_id: null,
    remote_address: '10.9.9.9',
    body_bytes: 7,
    created: AT(),
  });
});

test('refusals past a throttle become one summary row per source when the receiver closes', async (t) => {
  const f = setup(t, { hmac_secret_ref: 'webhook_secret' });
  for (let i = 0; i < UNKNOWN_KEYS_PER_MINUTE + 1; i++) {
    f.clock.advance(1000);
    f.receiver.refuseUnknownKey('k', 5, '10.0.0.5');
  }
  for (let i = 0; i < UNKNOWN_KEYS_PER_MINUTE + 3; i++) f.receiver.refuseUnknownKey('k', 2, null);
  for (let i = 0; i < SIGNATURE_FAILURES_PER_MINUTE + 2; i++) {
    await f.call('{}', { headers: { 'x-webhook-signature': sign('x') }, remote: '10.0.0.6' });
    f.clock.advance(500);
  }
  const before = f.attempts().length;
  f.receiver.close();
  const last = T0 + 11_000;
  assert.deepEqual(f.attempts().slice(before), [
    {
      trigger_ref: null,
      webhook_key: '*',
      status_code: 429,
      error: `1 call with unknown keys from this address was refused (429) from ${AT(last)} to ${AT(last)} and not recorded one by one`,
      event_id: null,
      remote_address: '10.0.0.5',
      body_bytes: 5,
      created: AT(last),
    },
    {
      trigger_ref: null,
      webhook_key: '*',
      status_code: 429,
      error: `3 calls with unknown keys from many addresses were refused (429) from ${AT(last)} to ${AT(last)} and not recorded one by one`,
      event_id: null,
      remote_address: null,
      body_bytes: 6,
      created: AT(last),
    },
    {
      trigger_ref: 'hooks.push',
      webhook_key: '*',
      status_code: 429,
      error: `2 calls with a wrong signature from this address were refused (429) from ${AT(last + 5000)} to ${AT(last + 5500)} and not recorded one by one`,
      event_id: null,
      remote_address: '10.0.0.6',
      body_bytes: 4,
      created: AT(last + 5500),
    },
  ]);
  f.receiver.close();
  assert.equal(f.attempts().length, before + 3, 'a second close writes nothing more');
});

test('the summary rows are written a minute after the first counted refusal; a close writes them at once and stops that timer', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const f = setup(t);
  for (let i = 0; i < UNKNOWN_KEYS_PER_MINUTE + 2; i++) f.receiver.refuseUnknownKey('k', 1, '10.0.0.5');
  const before = f.attempts().length;
  t.mock.timers.tick(59_999);
  assert.equal(f.attempts().length, before);
  t.mock.timers.tick(1);
  assert.deepEqual(
    f
      .attempts()
      .slice(before)
      .map((a) => a.error),
    [
      `2 calls with unknown keys from this address were refused (429) from ${AT()} to ${AT()} and not recorded one by one`,
    ],
  );
  f.receiver.refuseUnknownKey('k', 1, '10.0.0.5');
  t.mock.timers.tick(60_000);
  assert.equal(f.attempts().length, before + 2, 'the next count starts the timer again');
  f.receiver.refuseUnknownKey('k', 1, '10.0.0.5');
  f.receiver.close();
  assert.equal(f.attempts().length, before + 3, 'a close writes what was counted');
  t.mock.timers.tick(30_000);
  f.receiver.refuseUnknownKey('k', 1, '10.0.0.5');
  t.mock.timers.tick(59_999);
  assert.equal(f.attempts().length, before + 3, 'the close stopped the earlier timer');
  t.mock.timers.tick(1);
  assert.equal(f.attempts().length, before + 4, 'a count after a close starts the timer again');
});

test('an ingest refusal is the answer and the record; anything else is thrown', async (t) => {
  const f = setup(t);
  f.failIngest(new AttuneError('UNPROCESSABLE_ENTITY', 'payload.n: must be a number'));
  assert.deepEqual(await f.call('{}'), {
    status: 422,
    body: { error: 'payload.n: must be a number', code: 'UNPROCESSABLE_ENTITY' },
  });
  f.failIngest(new Error('boom'));
  await assert.rejects(f.call('{}'), /boom/);
  assert.deepEqual(
    f.attempts().map((a) => [a.status_code, a.error]),
    [[422, 'payload.n: must be a number']],
  );
});

test('attempts are written with the tick, without anyone flushing it', async (t) => {
  const f = setup(t);
  f.receiver.refuse('k', f.trigger, 'PAYLOAD_TOO_LARGE', 'too big', 9, null);
  await new Promise((r) => setImmediate(r));
  assert.equal(f.receiver.take(), null, 'the tick has taken them already');
  assert.deepEqual(
    f.attempts().map((a) => [a.trigger_ref, a.status_code, a.error, a.remote_address, a.body_bytes]),
    [['hooks.push', 413, 'too big', null, 9]],
  );
});

test('while the store cannot be written, attempts wait before newer ones, bounded, and the loss is logged once', (t) => {
  const f = setup(t);
  const refuse = (from: number, to: number) => {
    for (let i = from; i < to; i++)
      f.receiver.refuse(String(i).padStart(6, '0'), null, 'NOT_FOUND', 'no', 0, null);
  };
  refuse(0, 600);
  const failed = f.receiver.take();
  assert.ok(failed);
  refuse(600, 1100);
  assert.equal(failed.rolledBack(storageUnavailable({ code: 'SQLITE_FULL' })), undefined);
  assert.deepEqual(f.logs, [], 'the store has said so already');
  const kept = f.attempts();
  assert.equal(kept.length, MAX_PENDING_ATTEMPTS);
  assert.equal(kept[0]?.webhook_key, '000100…', 'the oldest went first');
  assert.equal(kept[499]?.webhook_key, '000599…', 'the failed batch comes before the newer attempts');
  assert.equal(kept.at(-1)?.webhook_key, '001099…');
  assert.deepEqual(f.logs, [
    ['warn', 'webhook attempts dropped while the database could not be written', { attempts: 100 }],
  ]);
  refuse(0, 1);
  f.attempts();
  assert.equal(f.logs.length, 1, 'the loss is reported once');
});

test('attempts waiting for the tick are bounded too, oldest dropped first', (t) => {
  const f = setup(t);
  for (let i = 0; i < MAX_PENDING_ATTEMPTS + 1; i++) {
    f.receiver.refuse(String(i).padStart(6, '0'), null, 'NOT_FOUND', 'no', 0, null);
  }
  const kept = f.attempts();
  assert.equal(kept.length, MAX_PENDING_ATTEMPTS);
  assert.equal(kept[0]?.webhook_key, '000001…');
  assert.deepEqual(f.logs, [
    ['warn', 'webhook attempts dropped while the database could not be written', { attempts: 1 }],
  ]);
});

test('a batch that fails for another reason is logged and not retried; one the closing store never wrote is reported', (t) => {
  const f = setup(t);
  f.receiver.refuse('k', null, 'NOT_FOUND', 'no', 0, null);
  f.receiver.refuse('k', null, 'NOT_FOUND', 'no', 0, null);
  f.receiver.take()?.rolledBack(new Error('constraint failed'));
  f.receiver.refuse('k', null, 'NOT_FOUND', 'no', 0, null);
  f.receiver.take()?.rolledBack('odd');
  f.receiver.refuse('k', null, 'NOT_FOUND', 'no', 0, null);
  f.receiver.take()?.abandoned();
  assert.deepEqual(f.logs, [
    ['error', 'webhook attempts not logged', { attempts: 2, error: 'constraint failed' }],
    ['error', 'webhook attempts not logged', { attempts: 1, error: 'odd' }],
    ['warn', 'webhook attempts not logged: the store closed first', { attempts: 1 }],
  ]);
  assert.deepEqual(f.attempts(), []);
  assert.equal(f.receiver.take(), null);
});

/**
 * docs/security.md "Channel inputs and runner parameters" — what the channel fuzz found, each as
 * a plain example: inputs that used to answer INTERNAL (or stall the engine) and now answer as
 * data naming the field.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dispatch, handlers } from '../../../core/api/index.ts';
import type { Result } from '../../../core/contract/result.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function caller(host: TestHost) {
  return (channel: string, input: unknown): Promise<Result<unknown>> =>
    dispatch(handlers, channel, input, { engine: host.engine, publicUrl: host.url });
}

function errorOf(r: Result<unknown>) {
  assert.equal(r.ok, false, `expected an error, got ${JSON.stringify(r).slice(0, 300)}`);
  return !r.ok ? r.error : { code: '', message: '', field: undefined };
}

test('a NUL in the event search words is a word break, not an FTS5 syntax error', async (t) => {
  const host = await startTestHost(t);
  const call = caller(host);
  await call('triggers.create', { ref: 'hook' });
  await host.engine.ingest({ trigger_ref: 'local.hook', payload: { msg: 'alpha beta' } });
  const r = await call('events.list', { q: 'alpha\u0000beta' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal((r.data as { items: unknown[] }).items.length, 1);
});

test('values JSON cannot carry (what Electron IPC delivers) are refused naming their place', async (t) => {
  const host = await startTestHost(t);
  const call = caller(host);
  const bigint = errorOf(
    await call('executions.execute', { action_ref: 'core.noop', parameters: { n: 10n } }),
  );
  assert.deepEqual(bigint, {
    code: 'VALIDATION_ERROR',
    message: 'parameters.n: a BigInt is not a JSON value',
    field: 'parameters.n',
  });
  const inSchema = errorOf(
    await call('triggers.create', { ref: 'x', param_schema: { p: { type: 'integer', default: 1n } } }),
  );
  assert.equal(inSchema.field, 'param_schema.p.default');
  const date = errorOf(
    await call('rules.create', {
      ref: 'r',
      trigger_ref: 'core.intervaltimer',
      action_ref: 'core.noop',
      trigger_params: { interval: 5 },
      action_params: { when: new Date(0) },
    }),
  );
  assert.equal(date.message, 'action_params.when: Date is not a JSON value');
  const nan = errorOf(await call('rules.test', { ref: 'none', payload: { x: [1, Number.NaN] } }));
  assert.equal(nan.field, 'payload.x.1');
  // undefined in an object is left out, as JSON leaves it out.
  assert.ok((await call('executions.execute', { action_ref: 'core.noop', parameters: { a: undefined } })).ok);
});

test('pack paths the file system refuses are the caller’s 400 naming `path`', async (t) => {
  const host = await startTestHost(t);
  const call = caller(host);
  const sandbox = tempDir(t);
  const nul = errorOf(await call('packs.import', { path: path.join(sandbox, 'a\u0000b') }));
  assert.equal(nul.code, 'VALIDATION_ERROR');
  assert.equal(nul.field, 'path');
  assert.match(nul.message, /NUL/);

  const long = errorOf(await call('packs.validate', { path: path.join(sandbox, 'x'.repeat(300)) }));
  assert.deepEqual([long.code, long.field], ['BAD_REQUEST', 'path']);
  assert.match(long.message, /too long/);

  await call('triggers.create', { ref: 'hook' });
  await call('rules.create', { ref: 'r', trigger_ref: 'local.hook', action_ref: 'core.noop' });
  const file = path.join(sandbox, 'taken');
  fs.writeFileSync(file, 'a file, not a folder');
  const onFile = errorOf(await call('packs.export', { rules: ['local.r'], format: 'folder', path: file }));
  assert.deepEqual([onFile.code, onFile.field], ['BAD_REQUEST', 'path']);
  const tarTooLong = errorOf(
    await call('packs.export', { rules: ['local.r'], path: path.join(sandbox, `${'y'.repeat(300)}.tar.gz`) }),
  );
  assert.deepEqual([tarTooLong.code, tarTooLong.field], ['BAD_REQUEST', 'path']);
});

test('input nested too deeply for the schema to validate is a validation error naming the place, not a throw', async (t) => {
  const host = await startTestHost(t);
  let items: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 20_000; i++) items = { type: 'array', items };
  const r = await caller(host)('triggers.create', { ref: 'deep', param_schema: { p: items } });
  const error = errorOf(r);
  assert.equal(error.code, 'VALIDATION_ERROR');
  assert.match(error.field ?? '', /^param_schema\.p(\.items)+$/);
  assert.ok(error.message.endsWith(': nested deeper than 256 levels of arrays and objects'), error.message);
  assert.equal((await host.api('GET', '/api/v1/triggers/local.deep')).status, 404);
});

test('a long secret of one repeated character is redacted without stalling the engine', {
  timeout: 60_000,
}, async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const call = caller(host);
  // show_params echoes its parameters, so the output holds the 64 KiB secret: the live redactor
  // must hold back and release it chunk by chunk in linear time.
  const token = 'é'.repeat(65_537);
  const run = await call('executions.execute', { action_ref: 'testkit.show_params', parameters: { token } });
  assert.ok(run.ok, JSON.stringify(run).slice(0, 300));
  const done = await host.waitForExecution((run.data as { id: number }).id, 50_000);
  assert.equal(done.status, 'completed', done.result?.error ?? '');
  assert.deepEqual((done.result?.data as { received?: unknown } | null)?.received, { token: '***' });
  assert.ok(!done.result?.stdout.includes('éééé'));
});

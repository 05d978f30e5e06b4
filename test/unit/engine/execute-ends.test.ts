/**
 * How the executor ends a run, and what it hands the action (docs/engine.md, "Executions and the
 * status machine", "Writes and durability", "Overlap (per rule)", "Secrets", "Shutdown";
 * docs/alerts.md): every terminal status records `finished_at`; a run cancelled while it ran keeps
 * its partial output; an unknown action or sealed parameters that cannot be opened fail the run
 * from `scheduled`; a `running` row that cannot be written means the process never starts; the
 * process gets the run's context, its environment, its secret parameters; a queued run cancelled
 * in its wait lets go at once; a run whose wait ends as the executor stops is left `requested`.
 * Driven in process: a real engine on a temp data folder (real SQLite), the real runners, a real
 * HTTP listener on 127.0.0.1, a SimClock; the engine's log is kept and read.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import type { Execution } from '../../../core/model/entities.ts';
import { sealJson } from '../../../core/secrets/cipher.ts';
import {
  ENGINE_NOW,
  type ExecutorEngine,
  shellRule,
  startExecutorEngine,
  until,
  WALK,
} from '../../helpers/executor-engine.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const FAILED_EARLY = ['requested>scheduling', 'scheduling>scheduled', 'scheduled>failed'];

const noExecutorFailure = (f: ExecutorEngine) =>
  assert.deepEqual(
    f.errors.filter((e) => e.msg === 'executor failure'),
    [],
  );

test('every way a run ends records finished_at on the clock: completed, failed early, cancelled while running with its partial output', async (t) => {
  const f = await startExecutorEngine(t);
  const done = f.engine.execute('core.noop', {});
  const bad = f.engine.execute('core.shell', {});
  await f.engine.executor.idle();
  assert.equal(f.row(done.id).status, 'completed');
  assert.equal(f.row(done.id).finished_at, ENGINE_NOW);
  assert.deepEqual(f.statusesOf(bad.id), FAILED_EARLY);
  assert.equal(f.row(bad.id).finished_at, ENGINE_NOW);

  // docs/engine.md, "Executions and the status machine": cancelled "with the partial output".
  const output: Array<{ id: number; stream: string; chunk: string }> = [];
  f.engine.notifier.subscribe(['notification_type:execution_output'], (n) => {
    const p = n.payload as { stream: string; chunk: string };
    output.push({ id: n.entity_id as number, stream: p.stream, chunk: p.chunk });
  });
  const x = f.engine.execute('core.shell', { cmd: 'echo partial; echo oops >&2; sleep 30' });
  await until(() => output.filter((o) => o.id === x.id).length === 2, 'the output to stream');
  f.clock.advance(5000);
  assert.equal((await f.engine.cancel(x.id)).status, 'canceling');
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(x.id), [...WALK, 'running>canceling', 'canceling>cancelled']);
  assert.equal(f.row(x.id).started_at, ENGINE_NOW);
  assert.equal(f.row(x.id).finished_at, ENGINE_NOW + 5000);
  const r = f.result(x.id);
  assert.equal(r.stdout, 'partial\n');
  assert.equal(r.error, 'cancelled');
  assert.deepEqual(
    output
      .filter((o) => o.id === x.id)
      .map((o) => `${o.stream}:${o.chunk}`)
      .sort(),
    ['stderr:oops\n', 'stdout:partial\n'],
  );
  noExecutorFailure(f);
});

test('a rule disabled while its run waits for the pool ends the run cancelled with finished_at', async (t) => {
  const f = await startExecutorEngine(t, { maxConcurrent: 1 });
  shellRule(f, 'local.off', { action_ref: 'core.noop' });
  const a = f.engine.execute('core.sleep', { seconds: 0.2 });
  await until(() => f.row(a.id).status === 'running', 'a to run');
  await f.engine.runRule('local.off', {});
  const [x] = f.runsOf('local.off');
  assert.ok(x);
  f.engine.rules.update('local.off', { enabled: false });
  await f.engine.executor.idle();
  assert.equal(f.row(x.id).status, 'cancelled');
  assert.equal(f.row(x.id).finished_at, ENGINE_NOW);
  assert.equal(f.row(x.id).started_at, null);
});

test('a waiting run whose action is gone, or whose sealed parameters cannot be opened, fails from scheduled when the next start resumes it', async (t) => {
  // docs/engine.md, "Executions and the status machine" ("Unknown or disabled action") and
  // "Crash and restart" (`requested` executions are resumed); docs/engine.md, "Secrets".
  const dir = tempDir(t);
  const f = await startExecutorEngine(t, { dataDir: dir });
  await f.engine.executor.stop(100);
  const secret = { url: 'http://127.0.0.1:9/', auth: { type: 'bearer', token: 'tok' } };
  // The first sealed run opens with this data folder's key (the start checks the key on it).
  const fine = f.engine.execute('core.http_request', secret);
  const gone = f.engine.execute('core.noop', {});
  const sealed = f.engine.execute('core.http_request', secret);
  const db = f.engine.store.read.raw;
  assert.notEqual(
    db.prepare('SELECT sealed_params FROM executions WHERE id = ?').pluck().get(sealed.id),
    null,
  );
  // The pack's action removed meanwhile, and a value sealed with another master key.
  db.prepare("UPDATE executions SET action_ref = 'core.gone' WHERE id = ?").run(gone.id);
  db.prepare('UPDATE executions SET sealed_params = ? WHERE id = ?').run(
    sealJson(crypto.randomBytes(32), { auth: secret.auth }),
    sealed.id,
  );
  await f.stop(100);
  const g = await startExecutorEngine(t, { dataDir: dir });
  await until(() => g.row(fine.id).status === 'failed', 'the resumed runs to end');
  assert.notEqual(g.row(fine.id).started_at, null, 'the sealed run that opens runs');
  await g.engine.executor.idle();
  assert.equal(g.row(gone.id).status, 'failed');
  assert.equal(g.result(gone.id).error, 'Unknown action: core.gone');
  assert.equal(g.row(sealed.id).status, 'failed');
  assert.equal(
    g.result(sealed.id).error,
    'cannot open the sealed secret parameters (was the master key replaced?)',
  );
  for (const id of [gone.id, sealed.id]) {
    assert.equal(g.row(id).started_at, null, 'nothing ran');
    assert.equal(g.row(id).finished_at, ENGINE_NOW);
  }
  noExecutorFailure(g);
});

test('a secret parameter is opened for the run: the action gets it, the stored config and the result show it redacted', async (t) => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(String(req.headers.authorization));
    res.end(`you sent ${req.headers.authorization}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const { port } = server.address() as AddressInfo;
  const f = await startExecutorEngine(t);
  const x = f.engine.execute('core.http_request', {
    url: `http://127.0.0.1:${port}/`,
    auth: { type: 'bearer', token: 'tok-1234567' },
  });
  await f.engine.executor.idle();
  assert.equal(f.row(x.id).status, 'completed');
  assert.deepEqual(seen, ['Bearer tok-1234567']);
  assert.equal(JSON.parse(f.row(x.id).config as string).auth, '***');
  assert.ok(!(f.row(x.id).result as string).includes('tok-1234567'), 'the result is redacted');
});

test('every parameter problem is named, joined with "; "', async (t) => {
  const f = await startExecutorEngine(t);
  const x = f.engine.execute('core.http_request', { method: 'FETCH', timeout: 0 });
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(x.id), FAILED_EARLY);
  assert.equal(
    f.result(x.id).error,
    'Missing required parameter: url; Parameter method must be one of "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"; Parameter timeout must be >= 1',
  );
});

test('a process whose running row cannot be written (disk full) does not start: it fails with that reason, written once the disk takes writes', async (t) => {
  // docs/engine.md, "Writes and durability": "An execution whose `running` row cannot be written
  // is not started: it fails with that reason."
  const f = await startExecutorEngine(t, { maxConcurrent: 1 });
  const marker = path.join(f.dataDir, 'ran');
  const a = f.engine.execute('core.sleep', { seconds: 0.3 });
  // Its command is large: its `running` row (with its config) needs pages the file may not have.
  const b = f.engine.execute('core.shell', { cmd: `: ${'x'.repeat(40_000)}; touch '${marker}'` });
  await until(() => f.row(a.id).status === 'running', 'a to run');
  const db = f.engine.store.read.raw;
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  await new Promise((r) => setTimeout(r, 600));
  db.pragma('max_page_count = 1073741823');
  await until(() => f.row(b.id).status === 'failed', 'b to be written failed');
  await f.engine.executor.idle();
  assert.equal(
    f.result(b.id).error,
    'not started: its start could not be recorded (the database could not be written: disk full or I/O error)',
  );
  assert.equal(f.row(b.id).finished_at, ENGINE_NOW);
  assert.deepEqual(f.statusesOf(b.id), [...WALK, 'running>failed']);
  assert.equal(fs.existsSync(marker), false, 'the process never started');
  assert.equal(f.row(a.id).status, 'completed');
});

test('the process gets its run context and the manual run environment', async (t) => {
  const f = await startExecutorEngine(t);
  shellRule(f, 'local.ctx', {
    action_params: { cmd: 'printf "%s|%s|%s" "$ATTUNE_RULE" "$ATTUNE_TRIGGER" "$ATTUNE_TRACE_TAG"' },
  });
  await f.engine.runRule('local.ctx', {});
  await until(() => f.runsOf('local.ctx')[0]?.status === 'completed', 'the rule run to end');
  const [r] = f.runsOf('local.ctx');
  assert.ok(r);
  assert.equal(f.result(r.id).stdout, `local.ctx|core.intervaltimer|${f.row(r.id).trace_tag}`);
  const m = f.engine.execute(
    'core.shell',
    { cmd: 'printf "%s" "$GREETING"' },
    { env_vars: { GREETING: 'hi there' } },
  );
  await f.engine.executor.idle();
  assert.equal(f.result(m.id).stdout, 'hi there');
});

test('a queued run cancelled while it waits lets go at once: it no longer counts for its rule, nothing fails', async (t) => {
  // docs/engine.md, "Overlap (per rule)" (`queue`) and "Executions and the status machine" (a
  // cancel before `running` ends it `cancelled` directly).
  const f = await startExecutorEngine(t);
  shellRule(f, 'local.qw', { action_ref: 'core.sleep', action_params: { seconds: 30 }, overlap: 'queue' });
  await f.engine.runRule('local.qw', {});
  await f.engine.runRule('local.qw', {});
  const [first, second] = f.runsOf('local.qw').map((r) => r.id) as [number, number];
  await until(() => f.row(first).status === 'running', 'the first to run');
  assert.deepEqual(f.engine.executor.activeForRule('local.qw'), [first, second]);
  await f.engine.cancel(second);
  await until(() => f.engine.executor.activeForRule('local.qw').length === 1, 'the second to let go');
  assert.deepEqual(f.engine.executor.activeForRule('local.qw'), [first]);
  assert.equal(f.row(first).status, 'running', 'the first still runs');
  await f.engine.cancel(first);
  await f.engine.executor.idle();
  assert.deepEqual(f.statusesOf(second), ['requested>cancelled']);
  noExecutorFailure(f);
});

test('a queue rule run that arrives while the second runs waits for it too', async (t) => {
  const f = await startExecutorEngine(t);
  shellRule(f, 'local.q3', { action_ref: 'core.sleep', action_params: { seconds: 0.15 }, overlap: 'queue' });
  await f.engine.runRule('local.q3', {});
  await f.engine.runRule('local.q3', {});
  const [, second] = f.runsOf('local.q3').map((r) => r.id) as [number, number];
  await until(() => f.row(second).status === 'running', 'the second to run');
  await f.engine.runRule('local.q3', {});
  await until(() => f.runsOf('local.q3').every((r) => r.status === 'completed'), 'all three to end');
  const seq = f.changes
    .filter((c) => f.runsOf('local.q3').some((r) => r.id === c.id))
    .filter((c) => c.status === 'running' || c.status === 'completed')
    .map((c) => c.status);
  assert.deepEqual(seq, ['running', 'completed', 'running', 'completed', 'running', 'completed']);
});

test('a retry whose delay ends as the executor stops is left requested for the next start', async (t) => {
  // docs/engine.md, "Shutdown": waiting executions stay `requested`; "Retry": a pending retry
  // survives a restart.
  const f = await startExecutorEngine(t);
  shellRule(f, 'local.late', {
    action_params: { cmd: 'exit 1' },
    retry: { count: 1, delay: 30, backoff: 'constant' },
  });
  await f.engine.runRule('local.late', {});
  await until(() => f.runsOf('local.late').length === 2, 'the retry to be written');
  const retry = f.runsOf('local.late')[1] as Execution;
  await new Promise((r) => setTimeout(r, 30));
  f.clock.advance(30_000);
  await f.engine.executor.stop(100);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(f.row(retry.id).status, 'requested');
  assert.deepEqual(f.statusesOf(retry.id), []);
  noExecutorFailure(f);
});

test('three failures in a row of a rule open its alert', async (t) => {
  // docs/alerts.md: a rule's executions that fail N times in a row (3 by default) open an alert.
  const f = await startExecutorEngine(t);
  shellRule(f, 'local.alarm', { action_params: { cmd: 'exit 4' } });
  const open = () =>
    f.engine.store.read.raw
      .prepare("SELECT count(*) FROM alerts WHERE rule_ref = 'local.alarm'")
      .pluck()
      .get();
  for (let i = 1; i <= 3; i++) {
    await f.engine.runRule('local.alarm', {});
    await until(() => f.runsOf('local.alarm').filter((r) => r.status === 'failed').length === i, 'a failure');
    await f.engine.executor.idle();
    assert.equal(open(), i < 3 ? 0 : 1, `after ${i} failures`);
  }
});

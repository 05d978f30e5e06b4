/**
 * Retention over REST and the CLI (docs/retention.md, docs/api.md): Attune's
 * `GET/PUT /api/v1/retention-config`, its status, a pass on demand — and ingest that keeps
 * working while a pass runs.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { databaseFile } from '../../../core/engine/create-engine.ts';
import { openStore } from '../../../core/store/index.ts';
import { seedHistory } from '../../helpers/history-seed.ts';
import { startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

type Config = {
  enabled: boolean;
  check_interval_seconds: number;
  batch_size: number;
  min_per_outcome: number;
  targets: Record<string, { max_age_seconds: number | null; max_rows: number | null }>;
};

test("GET/PUT /api/v1/retention-config speak Attune's shape; a change keeps the fields it leaves out", async (t) => {
  const host = await startTestHost(t);
  const got = await host.api<{ data: Config }>('GET', '/api/v1/retention-config');
  assert.equal(got.status, 200);
  assert.equal(got.body.data.check_interval_seconds, 3600);
  assert.equal(got.body.data.targets.events?.max_age_seconds, 30 * 86_400);
  const put = await host.api<{ data: Config }>('PUT', '/api/v1/retention-config', {
    batch_size: 250,
    targets: { events: { max_rows: 200_000 } },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.data.batch_size, 250);
  assert.deepEqual(put.body.data.targets.events, { max_age_seconds: 30 * 86_400, max_rows: 200_000 });
  assert.equal(put.body.data.check_interval_seconds, 3600);
});

test('a bad retention config answers 400 naming the field', async (t) => {
  const host = await startTestHost(t);
  for (const [body, field] of [
    [{ targets: { events: { max_age_seconds: 0 } } }, 'targets.events.max_age_seconds'],
    [{ batch_size: 'many' }, 'batch_size'],
    [{ check_interval_seconds: -5 }, 'check_interval_seconds'],
    [{ targets: { audit_log: { max_rows: 5 } } }, 'targets.audit_log'],
    [{ min_per_outcome: 1.5 }, 'min_per_outcome'],
  ] as const) {
    const r = await host.api<{ error: string; details: { field?: string } }>(
      'PUT',
      '/api/v1/retention-config',
      body,
    );
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.details.field, field, JSON.stringify(r.body));
    assert.match(r.body.error, new RegExp(field.replace(/\./g, '\\.')));
  }
});

test('the retention config survives a restart', async (t) => {
  const dataDir = tempDir(t);
  const first = await startTestHost(t, { dataDir });
  const change = {
    min_per_outcome: 50,
    targets: { webhook_event_logs: { max_rows: 2_000, max_age_seconds: null } },
  };
  assert.equal((await first.api('PUT', '/api/v1/retention-config', change)).status, 200);
  const saved = (await first.api<{ data: Config }>('GET', '/api/v1/retention-config')).body.data;
  await first.close(1000);
  const second = await startTestHost(t, { dataDir });
  assert.deepEqual((await second.api<{ data: Config }>('GET', '/api/v1/retention-config')).body.data, saved);
  assert.equal(saved.min_per_outcome, 50);
});

test('webhook events posted while a pass trims the store are all accepted and kept', async (t) => {
  const dataDir = tempDir(t);
  const seed = openStore({ file: databaseFile(dataDir) });
  seedHistory(seed.read.raw, { events: 20_000, rules: 3, start: Date.now() - 86_400_000, stepMs: 1000 });
  seed.close();
  const host = await startTestHost(t, { dataDir });
  await host.api('POST', '/api/v1/triggers', { ref: 'live' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.live/webhooks/enable',
    {
      rate_limit_per_minute: 100_000,
    },
  );
  await host.api('POST', '/api/v1/rules', {
    ref: 'on_live',
    trigger_ref: 'local.live',
    action_ref: 'core.noop',
  });
  await host.api('PUT', '/api/v1/retention-config', {
    batch_size: 100,
    targets: { events: { max_rows: 1_000 } },
  });

  type Status = { running: boolean; last_pass: { deleted: Record<string, number> } | null };
  const started = await host.api<{ data: { running: boolean } }>('POST', '/api/v1/retention-config/run');
  assert.equal(started.status, 200, JSON.stringify(started.body));
  assert.equal(started.body.data.running, true, 'the pass answers at once and runs on');
  const accepted: number[] = [];
  let during = 0;
  for (;;) {
    const res = await fetch(hook.body.data.url, {
      method: 'POST',
      body: JSON.stringify({ n: accepted.length }),
    });
    assert.equal(res.status, 200);
    accepted.push(((await res.json()) as { data: { event_id: number } }).data.event_id);
    if (!host.engine.retention.running()) break;
    during++;
  }
  const done = await host.api<{ data: Status }>('GET', '/api/v1/retention-config/status');
  assert.equal(done.body.data.running, false);
  assert.ok((done.body.data.last_pass?.deleted.events ?? 0) >= 18_000);
  assert.ok(during > 0, 'some webhook calls were answered while the pass ran');
  for (const id of accepted)
    assert.equal((await host.api('GET', `/api/v1/events/${id}`)).status, 200, `event ${id}`);

  const status = await host.api<{
    data: {
      tables: Array<{ target: string; present: boolean; rows: number; rows_kept: number }>;
      auto_vacuum: string;
    };
  }>('GET', '/api/v1/retention-config/status');
  assert.equal(status.status, 200);
  const events = status.body.data.tables.find((x) => x.target === 'events');
  assert.ok(events?.present && events.rows >= 1_000 && events.rows_kept >= 1_000);
  assert.equal(status.body.data.tables.find((x) => x.target === 'sensor_logs')?.present, false);
  assert.equal(status.body.data.auto_vacuum, 'incremental');
});

test('`retention set` takes dotted fields and `retention get` shows them; a bad value names its field', async (t) => {
  const host = await startTestHost(t);
  const cli = async (...args: string[]) => {
    try {
      const r = await run(process.execPath, ['bin/attune-desktop.js', '--data-dir', host.dataDir, ...args], {
        cwd: ROOT,
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      return err as { code: number; stdout: string; stderr: string };
    }
  };
  const set = await cli(
    'retention',
    'set',
    'targets.executions.max_rows=1234',
    'targets.executions.max_age_seconds=null',
  );
  assert.equal(set.code, 0, set.stderr);
  const got = await cli('--json', 'retention', 'get');
  assert.deepEqual(JSON.parse(got.stdout).targets.executions, { max_rows: 1234, max_age_seconds: null });
  const bad = await cli('retention', 'set', 'batch_size=0');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /batch_size/);
  const status = await cli('retention', 'status');
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /^TARGET\s+ROWS\s+SIZE/m);
  assert.match(status.stdout, /auto_vacuum incremental/);
});

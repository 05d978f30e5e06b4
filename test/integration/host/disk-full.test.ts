/**
 * A full disk (docs/security.md, "Faults"): writes answer 503 `{error, code: "UNAVAILABLE"}`,
 * the host keeps running, a webhook is acknowledged only once stored, and everything resumes
 * when space returns — the buffered writers (webhook attempt log, ingest batch, status writer)
 * keep or retry what they hold instead of crashing the host.
 *
 * SQLite raises SQLITE_FULL itself in both tests: on the host's own connection capped with
 * `PRAGMA max_page_count` (any machine), and on a real, full tmpfs (where mounting one works).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Execution } from '../../../core/model/entities.ts';
import { isTerminal } from '../../../core/model/status.ts';
import { startTestHost } from '../../helpers/host.ts';
import { apiFor, spawnHost, waitUntilListening } from '../../helpers/host-process.ts';
import { waitFor } from '../../helpers/processes.ts';

type Api = <T>(method: string, p: string, body?: unknown) => Promise<{ status: number; body: T }>;

/** A trigger with a webhook and a rule on it; returns the webhook URL. */
async function webhookWithRule(api: Api): Promise<string> {
  assert.equal((await api('POST', '/api/v1/triggers', { ref: 'ping' })).status, 201);
  const hook = await api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.ping/webhooks/enable',
    // Unlimited: these tests fill the disk, the default rate limit must not stop them first.
    { rate_limit_per_minute: 0 },
  );
  await api('POST', '/api/v1/rules', { ref: 'count', trigger_ref: 'local.ping', action_ref: 'core.noop' });
  return hook.body.data.url;
}

interface Outcome {
  n: number;
  status: number;
  body: { error?: string; code?: string };
}

async function post(url: string, n: number, padBytes: number): Promise<Outcome> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: { n, pad: 'x'.repeat(padBytes) } }),
  });
  return { n, status: r.status, body: (await r.json()) as Outcome['body'] };
}

/** Posts webhooks ten at a time until `wanted` were refused; every answer is 200 or 503. */
async function fillUp(url: string, padBytes: number, wanted = 20, max = 20_000) {
  const acknowledged = new Set<number>();
  const refused: Outcome[] = [];
  for (let n = 0; n < max && refused.length < wanted; n += 10) {
    const batch = await Promise.all(Array.from({ length: 10 }, (_, i) => post(url, n + i, padBytes)));
    for (const o of batch) {
      if (o.status === 200) acknowledged.add(o.n);
      else if (o.status === 503) refused.push(o);
      else assert.fail(`webhook ${o.n}: ${o.status} ${JSON.stringify(o.body)}`);
    }
  }
  assert.ok(refused.length > 0, 'the disk filled up');
  return { acknowledged, refused };
}

/** Each acknowledged webhook stored exactly once, no refused one stored. */
function assertStored(file: string, acknowledged: Set<number>, refused: Outcome[]): void {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare("SELECT json_extract(payload, '$.n') AS n FROM events WHERE trigger_ref = 'local.ping'")
      .all() as Array<{ n: number }>;
    const seen = rows.map((r) => r.n).sort((a, b) => a - b);
    assert.deepEqual(
      seen,
      [...acknowledged].sort((a, b) => a - b),
      'stored = acknowledged, once each',
    );
    for (const o of refused) assert.ok(!acknowledged.has(o.n));
  } finally {
    db.close();
  }
}

test('a full database answers 503, keeps running, stores exactly what it acknowledged and recovers', async (t) => {
  const host = await startTestHost(t);
  const url = await webhookWithRule(host.api);
  const db = host.engine.store.read.raw;
  // The host's own connection may not grow the file: SQLite itself answers SQLITE_FULL.
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);

  const { acknowledged, refused } = await fillUp(url, 2000);
  assert.equal(refused[0]?.body.code, 'UNAVAILABLE');
  assert.match(refused[0]?.body.error ?? '', /disk is full/);
  const rule = await host.api<{ code: string }>('POST', '/api/v1/rules', {
    ref: 'more',
    trigger_ref: 'local.ping',
    action_ref: 'core.noop',
    description: 'x'.repeat(10_000),
  });
  assert.equal(rule.status, 503, 'REST writes say so too');
  assert.equal(rule.body.code, 'UNAVAILABLE');
  assert.equal((await host.api('GET', '/api/v1/health')).status, 200, 'the host is alive and reads work');

  // Space returns.
  db.pragma('max_page_count = 1073741823');
  const again = await post(url, 1_000_000, 10);
  assert.equal(again.status, 200, JSON.stringify(again.body));
  acknowledged.add(again.n);
  assertStored(host.engine.store.file, acknowledged, refused);

  // Status changes that could not be written were kept and written: no execution is left behind.
  const executions = await waitFor(async () => {
    const r = await host.api<{ items: Execution[] }>(
      'GET',
      '/api/v1/executions?rule_ref=local.count&page_size=1',
    );
    const all = db.prepare("SELECT status FROM executions WHERE rule_ref = 'local.count'").all() as Array<{
      status: Execution['status'];
    }>;
    return r.status === 200 && all.every((e) => isTerminal(e.status)) ? all : null;
  }, 'every execution to finish');
  assert.equal(executions.length, acknowledged.size, 'one execution per acknowledged event');
  assert.ok(executions.every((e) => e.status === 'completed'));
  // The attempt log kept the refusals and wrote them once it could.
  await waitFor(
    () =>
      (
        db.prepare('SELECT count(*) AS n FROM webhook_attempts WHERE status_code = 503').get() as {
          n: number;
        }
      ).n >= refused.length,
    'the refused attempts to be logged',
  );
});

/**
 * A small tmpfs on a new temp folder, unmounted and removed after the test; or why it cannot be
 * had (not root, no CAP_SYS_ADMIN in a container).
 */
function smallDisk(t: TestContext, size: string): { dir: string } | { cannot: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmdirSync(dir);
    return {
      cannot: `cannot mount a tmpfs here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()})`,
    };
  }
  // Lazy: the host may still have files open when this runs; then the folder goes.
  t.after(() => {
    execFileSync('umount', ['-l', dir]);
    fs.rmdirSync(dir);
  });
  return { dir };
}

test('on a real full disk the host process answers 503, survives, and recovers when space is freed', async (t) => {
  const disk = smallDisk(t, '24m');
  if ('cannot' in disk) return t.skip(disk.cannot);
  const mountPoint = disk.dir;
  const dataDir = path.join(mountPoint, 'data');
  const host = spawnHost(t, dataDir);
  const info = await waitUntilListening(dataDir, host);
  const api = apiFor(dataDir, info.url);
  const url = await webhookWithRule(api);

  // Take all the space there is, then let the webhooks ask for more.
  const filler = path.join(mountPoint, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
  const { acknowledged, refused } = await fillUp(url, 4000);
  assert.equal(refused[0]?.body.code, 'UNAVAILABLE');
  assert.equal(host.child.exitCode, null, 'the host is still running');
  assert.equal((await api('GET', '/api/v1/health')).status, 200);

  fs.rmSync(filler);
  const again = await post(url, 1_000_000, 10);
  assert.equal(again.status, 200, JSON.stringify(again.body));
  acknowledged.add(again.n);

  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 0, 'and it still shuts down cleanly');
  assertStored(path.join(dataDir, 'attune.db'), acknowledged, refused);
});

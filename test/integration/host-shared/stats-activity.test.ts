/**
 * `GET /api/v1/stats/activity` (`stats.activity`, docs/api.md): real events and executions
 * counted per bucket up to now, and ranges it refuses with the field named.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Activity } from '../../../core/contract/stats.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';

test('the last minutes’ events and executions are counted, failures apart', async (t) => {
  const host = await startTestHost(t);
  const ok = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.noop',
    parameters: {},
  });
  const bad = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.shell',
    parameters: { cmd: 'exit 3' },
  });
  await host.waitForExecution(ok.body.data.id);
  assert.equal((await host.waitForExecution(bad.body.data.id)).status, 'failed');
  const since = new Date(Date.now() - 10 * 60_000).toISOString();
  const r = await host.api<{ data: Activity }>(
    'GET',
    `/api/v1/stats/activity?since=${since}&bucket_seconds=60`,
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.ok(r.body.data.buckets.length >= 10 && r.body.data.buckets.length <= 11);
  assert.equal(r.body.data.totals.executions, 2);
  assert.equal(r.body.data.totals.failed, 1);
  assert.equal(
    r.body.data.buckets.reduce((n, b) => n + b.executions, 0),
    2,
  );
});

test('too many buckets, and an end before the start, are refused naming the field', async (t) => {
  const host = await startTestHost(t);
  const day = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const many = await host.api<{ details?: { field?: string } }>(
    'GET',
    `/api/v1/stats/activity?since=${day}&bucket_seconds=60`,
  );
  assert.equal(many.status, 400);
  assert.equal(many.body.details?.field, 'bucket_seconds');
  const backwards = await host.api<{ details?: { field?: string } }>(
    'GET',
    `/api/v1/stats/activity?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z&bucket_seconds=60`,
  );
  assert.equal(backwards.status, 400);
  assert.equal(backwards.body.details?.field, 'until');
});

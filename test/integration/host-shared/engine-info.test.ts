/**
 * docs/api.md: `engine.get` tells the Settings view where the data lives and where the API
 * answers; unlike health it is behind the token (a path on this machine is nobody else's).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestHost } from '../../helpers/host.ts';

test('the engine reports its data folder, zone, API address and webhook defaults to a caller with the token', async (t) => {
  const host = await startTestHost(t);
  const r = await host.api<{ data: Record<string, unknown> }>('GET', '/api/v1/engine');
  assert.equal(r.status, 200);
  assert.equal(r.body.data.data_dir, host.dataDir);
  assert.equal(r.body.data.api_url, `${host.url}/api/v1`);
  assert.equal(r.body.data.version, host.engine.version);
  assert.equal(typeof r.body.data.default_timezone, 'string');
  assert.deepEqual(r.body.data.webhook_defaults, {
    hmac_secret_ref: null,
    max_body_bytes: 262_144,
    rate_limit_per_minute: 60,
  });
  const anonymous = await fetch(`${host.url}/api/v1/engine`);
  assert.equal(anonymous.status, 401);
});

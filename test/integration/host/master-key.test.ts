/**
 * The master key is never silently replaced (docs/security.md, "Faults"): while the store holds
 * values sealed with it (here a webhook's HMAC secret), a missing or foreign `master.key` stops
 * `serve` with exit 1 and a sentence naming the file; with nothing sealed, a missing key is
 * simply made when first needed, as on a fresh install.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startTestHost } from '../../helpers/host.ts';
import { apiFor, assertRefused, spawnHost, waitUntilListening } from '../../helpers/host-process.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const SECRET = 'a-webhook-secret-of-some-length';

/** A data folder whose store holds a sealed HMAC secret; returns the webhook key. */
async function folderWithSealedSecret(t: Parameters<typeof startTestHost>[0]) {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signed' });
  const hook = await host.api<{ data: { webhook_key: string } }>(
    'POST',
    '/api/v1/triggers/local.signed/webhooks/enable',
    { hmac_secret: SECRET },
  );
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  await host.close();
  return { dataDir: host.dataDir, key: hook.body.data.webhook_key };
}

test('a missing master.key while secrets are sealed with it stops the start, naming the file', async (t) => {
  const { dataDir, key } = await folderWithSealedSecret(t);
  const keyFile = path.join(dataDir, 'master.key');
  const saved = fs.readFileSync(keyFile);
  fs.rmSync(keyFile);

  const host = spawnHost(t, dataDir);
  await assertRefused(dataDir, host);
  await host.exited;
  const said = host.stderr().trim();
  assert.equal(said.split('\n').length, 1, said);
  assert.match(said, new RegExp(`the master key ${keyFile} is missing`));
  assert.match(said, /Restore the key file from a backup/);
  assert.ok(!fs.existsSync(keyFile), 'no new key was made in its place');
  assert.ok(!fs.existsSync(path.join(dataDir, 'host.json')), 'the host never listened');

  // With the key back, the signed webhook works as before.
  fs.writeFileSync(keyFile, saved, { mode: 0o600 });
  const again = spawnHost(t, dataDir);
  const info = await waitUntilListening(dataDir, again);
  const body = JSON.stringify({ payload: { ok: true } });
  const signature = crypto.createHmac('sha256', SECRET).update(body).digest('hex');
  const r = await fetch(`${info.url}/api/v1/webhooks/${key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-signature': signature },
    body,
  });
  assert.equal(r.status, 200, await r.text());
  again.child.kill('SIGTERM');
  assert.equal(await again.exited, 0);
});

test('a master.key that does not open the sealed secrets stops the start', async (t) => {
  const { dataDir } = await folderWithSealedSecret(t);
  const keyFile = path.join(dataDir, 'master.key');
  fs.writeFileSync(keyFile, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  const host = spawnHost(t, dataDir);
  await assertRefused(dataDir, host);
  await host.exited;
  assert.match(host.stderr(), new RegExp(`the master key ${keyFile} does not open the secrets sealed in`));
});

test('with nothing sealed, a missing master.key is made when first needed', async (t) => {
  const dataDir = tempDir(t);
  const keyFile = path.join(dataDir, 'master.key');
  const host = spawnHost(t, dataDir);
  const info = await waitUntilListening(dataDir, host);
  const api = apiFor(dataDir, info.url);
  await api('POST', '/api/v1/triggers', { ref: 'signed' });
  const hook = await api('POST', '/api/v1/triggers/local.signed/webhooks/enable', { hmac_secret: SECRET });
  assert.equal(hook.status, 200);
  assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'made, owner-only');
  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 0);
});

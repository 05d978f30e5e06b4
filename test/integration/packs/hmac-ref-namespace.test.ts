/**
 * docs/packs.md, "Webhook triggers" — a pack reaches the key store only in its own namespace.
 * A trigger's `webhook_config.hmac_secret_ref` outside `<pack>.` is refused at import with file,
 * line and field; and "remove HMAC" on a trigger deletes only the entry the trigger service wrote
 * for it (`<trigger>.webhook.hmac_secret`), never one a pack file named. Before, a pack pointing
 * at `local.signed.webhook.hmac_secret` had the user's own secret deleted by "remove HMAC".
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { getKey, getTrigger, upsertTrigger } from '../../../core/store/index.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { type ErrorBody, exportPack, sign, snapshot, writePack } from './helpers.ts';

const USER_SECRET = 'the-users-own-hmac-secret';
const USER_REF = 'local.signed.webhook.hmac_secret';

/** The user's signed webhook; answers a function that posts a signed event to it. */
async function userSignedHook(host: TestHost): Promise<() => Promise<number>> {
  await host.api('POST', '/api/v1/triggers', { ref: 'signed' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.signed/webhooks/enable',
    {
      hmac_secret: USER_SECRET,
    },
  );
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const body = JSON.stringify({ payload: { ok: true } });
  return async () =>
    (
      await fetch(hook.body.data.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-signature': sign(USER_SECRET, body) },
        body,
      })
    ).status;
}

test("a pack trigger naming another pack's key-store entry is refused at import, by file, line and field", async (t) => {
  const host = await startTestHost(t);
  await userSignedHook(host);
  const dir = writePack(tempDir(t), 'evil', {
    'pack.yaml': 'ref: evil\nversion: "1.0.0"\n',
    'triggers/hook.yaml': `ref: evil.hook\nwebhook_enabled: true\nwebhook_config:\n  hmac_secret_ref: ${USER_REF}\n`,
  });
  const before = snapshot(host);
  const r = await host.api<ErrorBody>('POST', '/api/v1/packs/import', { path: dir });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(
    r.body.error.split('\n')[1],
    `triggers/hook.yaml:4:20 webhook_config.hmac_secret_ref — "${USER_REF}" is outside this pack: a pack's key-store refs start with "evil." (e.g. "evil.hook.webhook.hmac_secret")`,
  );
  assert.deepEqual(snapshot(host), before, 'nothing was installed');
});

test("a ref in the pack's own namespace is accepted", async (t) => {
  const host = await startTestHost(t);
  const dir = writePack(tempDir(t), 'fine', {
    'pack.yaml': 'ref: fine\nversion: "1.0.0"\n',
    'triggers/hook.yaml':
      'ref: fine.hook\nwebhook_enabled: true\nwebhook_config:\n  hmac_secret_ref: fine.ci_hmac\n',
  });
  const r = await host.api('POST', '/api/v1/packs/import', { path: dir });
  assert.equal(r.status, 201, JSON.stringify(r.body));
});

test("removing HMAC from a trigger that names someone else's entry unsets it and leaves the entry", async (t) => {
  const host = await startTestHost(t);
  const postSigned = await userSignedHook(host);
  const dir = writePack(tempDir(t), 'legacy', {
    'pack.yaml': 'ref: legacy\nversion: "1.0.0"\n',
    'triggers/hook.yaml': 'ref: legacy.hook\nwebhook_enabled: true\n',
  });
  assert.equal((await host.api('POST', '/api/v1/packs/import', { path: dir })).status, 201);
  // As an import before this check left it: the pack's trigger pointing at the user's entry.
  const store = host.engine.store;
  const current = getTrigger(store.read, 'legacy.hook');
  assert.ok(current);
  store.transaction((w) =>
    upsertTrigger(
      w,
      { ...current, webhook_config: { ...current.webhook_config, hmac_secret_ref: USER_REF } },
      Date.now(),
    ),
  );

  const removed = await host.api('POST', '/api/v1/triggers/legacy.hook/webhooks/enable', {
    hmac_secret: null,
  });
  assert.equal(removed.status, 200, JSON.stringify(removed.body));
  assert.equal(getTrigger(store.read, 'legacy.hook')?.webhook_config.hmac_secret_ref, null);
  assert.notEqual(getKey(store.read, USER_REF), null, "the user's entry is still there");
  assert.equal(await postSigned(), 200, "and the user's webhook still verifies with it");

  // The user's own trigger: its own entry is the service's to delete.
  const own = await host.api('POST', '/api/v1/triggers/local.signed/webhooks/enable', { hmac_secret: null });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.equal(getKey(store.read, USER_REF), null);
});

test('exported under another ref, a trigger keeps its HMAC ref only inside the new namespace', async (t) => {
  const host = await startTestHost(t);
  const root = tempDir(t);
  const dir = writePack(root, 'fine', {
    'pack.yaml': 'ref: fine\nversion: "1.0.0"\n',
    'triggers/hook.yaml':
      'ref: fine.hook\nwebhook_enabled: true\nwebhook_config:\n  hmac_secret_ref: fine.ci_hmac\n',
  });
  assert.equal((await host.api('POST', '/api/v1/packs/import', { path: dir })).status, 201);
  const exported = async (as: string) => {
    const out = path.join(root, `out-${as}`);
    const r = await exportPack(host, { pack: 'fine', as_pack: as, format: 'folder', path: out });
    assert.equal(r.status, 200, r.bytes.toString());
    return /hmac_secret_ref: (.*)/.exec(fs.readFileSync(path.join(out, 'triggers/hook.yaml'), 'utf8'))?.[1];
  };
  assert.equal(await exported('fine'), 'fine.ci_hmac');
  assert.equal(await exported('other'), 'other.hook.webhook.hmac_secret');
});

/**
 * docs/concepts.md, "Keys and secrets" — Attune's /api/v1/keys on this host: request bodies as
 * Attune's CreateKeyRequest/UpdateKeyRequest define them, answers with the fields Attune's
 * KeyResponse/KeySummary require, owner scopes, decryption only when asked and allowed, and the
 * app's own keys (webhook HMAC secrets, secret pack settings) kept out of reach.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch, handlers } from '../../../core/api/index.ts';
import { startTestHost } from '../../helpers/host.ts';

/** What Attune's generated client requires of a KeyResponse (KeySummary: the same without value/updated). */
const KEY_RESPONSE_FIELDS = ['created', 'encrypted', 'id', 'name', 'owner_type', 'ref', 'updated', 'value'];
const KEY_SUMMARY_FIELDS = ['created', 'encrypted', 'id', 'name', 'owner_type', 'ref'];

type Body = Record<string, unknown>;

test("create, get, update, list and delete answer in Attune's shapes", async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const created = await host.api<{ data: Body; message?: string }>('POST', '/api/v1/keys', {
    ref: 'region',
    owner_type: 'system',
    name: 'Region',
    value: 'eu-west-1',
  });
  assert.equal(created.status, 201);
  for (const f of KEY_RESPONSE_FIELDS) assert.ok(f in created.body.data, `KeyResponse.${f}`);
  assert.equal(typeof created.body.data.id, 'number');
  assert.equal(created.body.data.value, 'eu-west-1');
  assert.equal(created.body.data.encrypted, false);

  const again = await host.api<Body>('POST', '/api/v1/keys', {
    ref: 'region',
    owner_type: 'system',
    name: 'x',
    value: 1,
  });
  assert.equal(again.status, 409);

  const byId = await host.api<{ data: Body }>('GET', `/api/v1/keys/${created.body.data.id}`);
  assert.equal(byId.body.data.ref, 'region', 'a key is reached by its integer id too');

  const updated = await host.api<{ data: Body }>('PUT', '/api/v1/keys/region', { value: { zone: 'b' } });
  assert.equal(updated.status, 200);
  assert.deepEqual(updated.body.data.value, { zone: 'b' });
  assert.equal(updated.body.data.name, 'Region', 'fields not sent are kept');

  const sealed = await host.api<{ data: Body }>('PUT', '/api/v1/keys/region', { encrypted: true });
  assert.equal(sealed.body.data.encrypted, true);
  assert.equal(sealed.body.data.value, null, 'an update never answers an encrypted value');
  const opened = await host.api<{ data: Body }>('GET', '/api/v1/keys/region?decrypt=true');
  assert.deepEqual(opened.body.data.value, { zone: 'b' }, 'turning encryption on kept the value');

  const list = await host.api<{ items: Body[]; pagination: Body }>('GET', '/api/v1/keys?page=1&per_page=10');
  assert.equal(list.status, 200);
  for (const f of KEY_SUMMARY_FIELDS) assert.ok(f in (list.body.items[0] ?? {}), `KeySummary.${f}`);
  assert.equal(list.body.pagination.page_size, 10);

  const gone = await host.api<Body>('DELETE', '/api/v1/keys/region');
  assert.deepEqual(gone.body, {
    success: true,
    message: 'Key deleted successfully',
    data: { ref: 'region', deleted: true },
  });
  assert.equal((await host.api('GET', '/api/v1/keys/region')).status, 404);
  assert.equal((await host.api('DELETE', '/api/v1/keys/region')).status, 404);
});

test('owner scopes: system, pack and action keys, filtered by owner_type and owner; unknown owners refused', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const make = (body: Body) => host.api<{ data: Body } & Body>('POST', '/api/v1/keys', body);
  assert.equal((await make({ ref: 'sys', owner_type: 'system', name: 's', value: 1 })).status, 201);
  const pack = await make({ ref: 'pk', owner_type: 'pack', owner_pack_ref: 'testkit', name: 'p', value: 2 });
  assert.equal(pack.status, 201);
  assert.equal(pack.body.data.owner_pack_ref, 'testkit');
  assert.equal(pack.body.data.owner, 'testkit');
  const action = await make({
    ref: 'ak',
    owner_type: 'action',
    owner_action_ref: 'testkit.show_params',
    name: 'a',
    value: 3,
  });
  assert.equal(action.status, 201);
  assert.equal(action.body.data.owner_action_ref, 'testkit.show_params');
  const local = await make({
    local_ref: 'token',
    owner_type: 'pack',
    owner_pack_ref: 'testkit',
    name: 't',
    value: 4,
  });
  assert.equal(local.body.data.ref, 'pack.testkit.token', "Attune's owner-qualified ref from local_ref");

  const refs = async (qs: string) =>
    (await host.api<{ items: Body[] }>('GET', `/api/v1/keys${qs}`)).body.items.map((k) => k.ref);
  assert.deepEqual(await refs(''), ['ak', 'pack.testkit.token', 'pk', 'sys']);
  assert.deepEqual(await refs('?owner_type=pack'), ['pack.testkit.token', 'pk']);
  assert.deepEqual(await refs('?owner_type=action&owner=testkit.show_params'), ['ak']);

  const noPack = await make({ ref: 'x', owner_type: 'pack', owner_pack_ref: 'nope', name: 'x', value: 1 });
  assert.equal(noPack.status, 400);
  assert.equal((noPack.body.details as Body).field, 'owner_pack_ref');
  const noRef = await make({ ref: 'x', owner_type: 'pack', name: 'x', value: 1 });
  assert.equal((noRef.body.details as Body).field, 'owner_pack_ref');
  const identity = await make({ ref: 'x', owner_type: 'identity', name: 'x', value: 1 });
  assert.equal(identity.status, 400);
  assert.equal((identity.body.details as Body).field, 'owner_type');
  const unknown = await make({ ref: 'x', owner_type: 'system', name: 'x', value: 1, colour: 'red' });
  assert.equal(unknown.status, 400, 'a field Attune does not define is refused');
});

test('an encrypted value is null unless decrypt=true is asked by a caller that may decrypt', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/keys', {
    ref: 'pw',
    owner_type: 'system',
    name: 'pw',
    value: 'p@ss-w0rd',
    encrypted: true,
  });
  const asked = (decrypt: boolean, mayDecrypt: boolean) =>
    dispatch(
      handlers,
      'keys.get',
      { ref: 'pw', decrypt },
      { engine: host.engine, publicUrl: null, mayDecrypt },
    );
  const refused = await asked(true, false);
  assert.ok(refused.ok);
  assert.equal((refused.data as Body).value, null, 'asked, but the caller may not decrypt');
  const notAsked = await asked(false, true);
  assert.ok(notAsked.ok);
  assert.equal((notAsked.data as Body).value, null);
  const allowed = await asked(true, true);
  assert.ok(allowed.ok);
  assert.equal((allowed.data as Body).value, 'p@ss-w0rd');
  assert.equal(
    (await host.api<{ data: Body }>('GET', '/api/v1/keys/pw?decrypt=false')).body.data.value,
    null,
  );
  const bad = await host.api<Body>('GET', '/api/v1/keys/pw?decrypt=maybe');
  assert.equal(bad.status, 400);
  assert.equal((bad.body.details as Body).field, 'decrypt');
});

test("the app's own keys (a webhook's HMAC secret) are neither listed nor reachable through the key API", async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signed' });
  const hook = await host.api('POST', '/api/v1/triggers/local.signed/webhooks/enable', {
    hmac_secret: 'hmac-secret-value-123',
  });
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const list = await host.api<{ items: Body[] }>('GET', '/api/v1/keys');
  assert.deepEqual(list.body.items, []);
  const ref = 'local.signed.webhook.hmac_secret';
  assert.equal((await host.api('GET', `/api/v1/keys/${ref}?decrypt=true`)).status, 404);
  assert.equal((await host.api('PUT', `/api/v1/keys/${ref}`, { value: 'x' })).status, 404);
  assert.equal((await host.api('DELETE', `/api/v1/keys/${ref}`)).status, 404);
  const taken = await host.api('POST', '/api/v1/keys', { ref, owner_type: 'system', name: 'x', value: 'x' });
  assert.equal(taken.status, 409);
});

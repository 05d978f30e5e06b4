/**
 * docs/packs.md, "Reloading and deleting"; docs/timers.md, "Changing rules (hot reload)" ("nothing ever needs a restart") — a pack is reloaded from its installed folder
 * after editing files in place, and deleted with its secrets and folder; the core pack and the
 * user pack are protected, and a pack whose triggers or actions other packs' rules use is not
 * deleted. Every rule change reaches the rule index and the RuleService listeners at once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { PackReport } from '../../../core/contract/packs.ts';
import type { AttuneEvent, Rule } from '../../../core/model/entities.ts';
import type { RuleChange } from '../../../core/services/rule-service.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { copyFixturePack, type ErrorBody, listen, snapshot } from './helpers.ts';

/** The demo pack, its status API on a loopback listener and its webhook without an HMAC secret. */
function demoCopy(root: string, apiBase: string): string {
  const dir = copyFixturePack('demo', root);
  const yaml = path.join(dir, 'pack.yaml');
  fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replaceAll('https://status.example.com', apiBase));
  const trigger = path.join(dir, 'triggers/deploy_finished.yaml');
  fs.writeFileSync(trigger, fs.readFileSync(trigger, 'utf8').replace(/ {2}hmac_secret_ref: .*\n/, ''));
  return dir;
}

async function fire(host: TestHost, payload: object): Promise<AttuneEvent> {
  const trigger = await host.api<{ data: { webhook_key: string } }>(
    'GET',
    '/api/v1/triggers/demo.deploy_finished',
  );
  const r = await fetch(`${host.url}/api/v1/webhooks/${trigger.body.data.webhook_key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  const id = ((await r.json()) as { data: { event_id: number } }).data.event_id;
  return (await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${id}`)).body.data;
}

test('a reload picks up files edited in place, keeps enabled rules on, and the next event sees the change', async (t) => {
  const root = tempDir(t);
  const status = await listen(t);
  const host = await startTestHost(t);
  const changes: RuleChange[] = [];
  host.engine.rules.onChange((c) => changes.push(c));
  const imported = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/import', {
    path: demoCopy(root, status.url),
  });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  assert.deepEqual(
    changes.map((c) => `${c.kind} ${c.kind === 'deleted' ? c.previous.ref : c.rule.ref}`),
    [
      'created demo.deploy_alert',
      'created demo.new_year',
      'created demo.nightly_backup',
      'created demo.weekly_report',
    ],
  );
  assert.equal((await host.api('PUT', '/api/v1/rules/demo.deploy_alert', { enabled: true })).status, 200);
  const failed = { service: 'api', status: 'failed', duration_ms: 5000 };
  assert.equal((await fire(host, failed)).evaluations?.[0]?.outcome, 'matched');

  const installed = imported.body.data.path ?? '';
  const ruleFile = path.join(installed, 'rules/deploy_alert.yaml');
  fs.writeFileSync(
    ruleFile,
    fs
      .readFileSync(ruleFile, 'utf8')
      .replace(/expression: .*/, 'expression: event.payload.status == "broken"'),
  );
  changes.length = 0;
  const reloaded = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/demo/reload');
  assert.equal(reloaded.status, 200, JSON.stringify(reloaded.body));
  assert.equal(reloaded.body.data.path, installed);
  assert.equal(reloaded.body.data.rules.find((r) => r.ref === 'demo.deploy_alert')?.enabled, true);
  assert.equal(changes.length, 4);
  const updated = changes.find((c) => c.kind === 'updated' && c.rule.ref === 'demo.deploy_alert');
  assert.equal(
    updated?.kind === 'updated' && updated.rule.conditions?.expression,
    'event.payload.status == "broken"',
  );
  const after = await fire(host, failed);
  assert.equal(after.evaluations?.[0]?.outcome, 'condition_false');

  // A broken edit is refused with its file and line, and nothing changes.
  fs.writeFileSync(ruleFile, `${fs.readFileSync(ruleFile, 'utf8')}\ttab: here\n`);
  // The good reload changed the watcher's rules: its restart (a row of sensor_processes out and
  // one in) must be over before the store is compared.
  await host.engine.sensors.supervisor.settled();
  const before = snapshot(host);
  const bad = await host.api<ErrorBody>('POST', '/api/v1/packs/demo/reload');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /rules\/deploy_alert\.yaml:\d+:1 yaml — /);
  assert.deepEqual(snapshot(host), before);
});

test('a pack used by other rules is not deleted; once free, it goes with its rules, secrets and folder', async (t) => {
  const root = tempDir(t);
  const host = await startTestHost(t);
  const imported = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/import', {
    path: copyFixturePack('demo', root),
    secrets: { api_token: 'tok-123456' },
  });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  assert.deepEqual(imported.body.data.missing_secrets, []);
  assert.equal(
    (
      await host.api('POST', '/api/v1/rules', {
        ref: 'my_backup',
        trigger_ref: 'core.intervaltimer',
        trigger_params: { interval: 1, unit: 'days' },
        action_ref: 'demo.backup',
        action_params: { target: '/home' },
      })
    ).status,
    201,
  );
  const used = await host.api<ErrorBody>('DELETE', '/api/v1/packs/demo');
  assert.equal(used.status, 409);
  assert.equal(
    used.body.error,
    'pack "demo": rules of other packs use what would be deleted: local.my_backup (action demo.backup); change or delete those rules first',
  );
  assert.equal((await host.api('DELETE', '/api/v1/rules/local.my_backup')).status, 200);

  const changes: RuleChange[] = [];
  host.engine.rules.onChange((c) => changes.push(c));
  const keys = () => host.engine.store.read.raw.prepare("SELECT ref FROM keys WHERE ref LIKE 'demo.%'").all();
  assert.equal(keys().length, 1);
  const deleted = await host.api<{ data: { ref: string; deleted: boolean } }>('DELETE', '/api/v1/packs/demo');
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.deepEqual(deleted.body.data, { ref: 'demo', deleted: true });
  assert.deepEqual(
    changes.map((c) => c.kind),
    ['deleted', 'deleted', 'deleted', 'deleted'],
  );
  assert.equal((await host.api('GET', '/api/v1/packs/demo')).status, 404);
  const left = await host.api<{ items: Rule[] }>('GET', '/api/v1/rules?pack_ref=demo');
  assert.deepEqual(left.body.items, []);
  assert.equal((await host.api('GET', '/api/v1/actions/demo.backup')).status, 404);
  assert.deepEqual(keys(), []);
  assert.equal(fs.existsSync(imported.body.data.path ?? ''), false);
  assert.deepEqual(fs.readdirSync(path.join(host.dataDir, 'packs')), []);
});

test('the core pack and the user pack cannot be deleted, reloaded or replaced', async (t) => {
  const root = tempDir(t);
  const host = await startTestHost(t);
  for (const [method, url] of [
    ['DELETE', '/api/v1/packs/core'],
    ['DELETE', '/api/v1/packs/local'],
    ['POST', '/api/v1/packs/core/reload'],
    ['POST', '/api/v1/packs/local/reload'],
  ] as const) {
    const r = await host.api<ErrorBody>(method, url);
    assert.equal(r.status, 400, `${method} ${url}`);
    assert.equal(r.body.details?.field, 'ref');
  }
  const fake = copyFixturePack('testkit', root, 'fake-local');
  fs.writeFileSync(path.join(fake, 'pack.yaml'), 'ref: local\nlabel: Not mine\nversion: "1.0.0"\n');
  for (const f of fs.readdirSync(path.join(fake, 'actions'))) {
    const file = path.join(fake, 'actions', f);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('ref: testkit.', 'ref: local.'));
  }
  const local = await host.api<ErrorBody>('POST', '/api/v1/packs/import', { path: fake, upgrade: true });
  assert.equal(local.status, 409, JSON.stringify(local.body));
  assert.match(local.body.error, /holds the rules created on this machine and cannot be replaced by import/);
  assert.equal((await host.api('DELETE', '/api/v1/packs/nope')).status, 404);
});

test('a first start creates the user pack: an empty pack of its own, labelled Local, no folder', async (t) => {
  const host = await startTestHost(t);
  const r = await host.api<{ data: Record<string, unknown> }>('GET', '/api/v1/packs/local');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const { created, updated, id, is_standard, meta, runtime_deps, ...pack } = r.body.data;
  assert.equal(typeof created, 'string');
  assert.equal(updated, created);
  assert.equal(typeof id, 'number');
  // Attune's fields (docs/attune-compat.md, "Responses").
  assert.deepEqual({ is_standard, meta, runtime_deps }, { is_standard: false, meta: {}, runtime_deps: [] });
  assert.deepEqual(pack, {
    ref: 'local',
    label: 'Local',
    description: 'Rules, triggers and actions created on this machine',
    version: '1.0.0',
    author: null,
    conf_schema: {},
    config: {},
    dependencies: [],
    tags: [],
    path: null,
    system: false,
  });
});

/**
 * docs/concepts.md, "Keys and secrets"; docs/security.md, "Keys and Attune login" — a secret key
 * set through Attune's key API never appears outside its sealed column: not in any stored row or
 * the database files, not in a log line, an export archive or a WebSocket notification, while a
 * rule's template still hands it to the action; and it survives a restart of the host.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { databaseFile } from '../../../core/engine/create-engine.ts';
import { createLogger } from '../../../core/host/logger.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { exportPack } from '../packs/helpers.ts';

const SECRET = 'tok-9f8e7d6c5b4a-KEYSECRET';
const PACK_SECRET = 'pk-1a2b3c4d5e-PACKSECRET';

/** Every log line the host writes, at every level, as pino formats it. */
function logSink(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'trace', destination: stream }) };
}

/** Every frame the host pushes to a WebSocket subscriber with no filter. */
async function subscribeAll(host: TestHost): Promise<{ frames: string[]; close(): void }> {
  const ws = new WebSocket(`${host.url.replace(/^http/, 'ws')}/api/v1/ws`, [
    'attune.v1',
    `bearer.${host.token}`,
  ]);
  const frames: string[] = [];
  ws.on('message', (m) => frames.push(String(m)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'subscribe', id: 1, filters: [] }));
  // The subscription is confirmed by a result frame.
  while (!frames.some((f) => f.includes('"id":1'))) await new Promise((r) => setTimeout(r, 10));
  return { frames, close: () => ws.close() };
}

function everyRow(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string;
    }>;
    return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
  } finally {
    db.close();
  }
}

test('an encrypted key reaches the action through its template and nowhere else, and survives a restart', async (t) => {
  const dataDir = tempDir(t);
  const { lines, logger } = logSink();
  const host = await startTestHost(t, { dataDir, packs: ['testkit'], logger });
  const ws = await subscribeAll(host);
  t.after(() => ws.close());

  const created = await host.api<{ data: Record<string, unknown> }>('POST', '/api/v1/keys', {
    ref: 'api_token',
    owner_type: 'system',
    name: 'API token',
    value: SECRET,
    encrypted: true,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const packKey = await host.api('POST', '/api/v1/keys', {
    ref: 'testkit_secret',
    owner_type: 'pack',
    owner_pack_ref: 'testkit',
    name: 'Pack secret',
    value: { nested: PACK_SECRET },
    encrypted: true,
  });
  assert.equal(packKey.status, 201, JSON.stringify(packKey.body));

  // A rule hands the key to an action through Attune's keystore namespace.
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'ping' })).status, 201);
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.ping/webhooks/enable',
    {},
  );
  const rule = await host.api('POST', '/api/v1/rules', {
    ref: 'use_key',
    trigger_ref: 'local.ping',
    action_ref: 'testkit.show_params',
    action_params: { to: 'Bearer {{ keystore.api_token }}', token: '{{ keystore.testkit_secret.nested }}' },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const fired = await fetch(hook.body.data.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: { n: 1 } }),
  });
  assert.equal(fired.status, 200);
  let execution: Execution | undefined;
  for (let i = 0; i < 400 && !execution; i++) {
    const list = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.use_key');
    execution = list.body.items[0];
    if (!execution) await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(execution, 'the rule fired');
  const done = await host.waitForExecution(execution.id);
  assert.equal(done.status, 'completed', JSON.stringify(done.result));
  assert.equal(done.config.to, '***', 'a parameter carrying the key is stored redacted');
  assert.equal(done.config.token, '***');
  const data = done.result?.data as { received?: { to?: string }; token_sha256?: string } | undefined;
  assert.equal(data?.received?.to, '***', 'the action echoed the value; its stored output is redacted');
  assert.equal(
    data?.token_sha256,
    createHash('sha256').update(PACK_SECRET).digest('hex'),
    'the action got the pack key itself',
  );

  // Lists never carry a value; a get carries it only when asked to decrypt.
  const list = await host.api<{ items: Array<Record<string, unknown>> }>('GET', '/api/v1/keys');
  assert.deepEqual(
    list.body.items.map((k) => [k.ref, 'value' in k]),
    [
      ['api_token', false],
      ['testkit_secret', false],
    ],
  );
  const plain = await host.api<{ data: { value: unknown } }>('GET', '/api/v1/keys/api_token');
  assert.equal(plain.body.data.value, null);
  const opened = await host.api<{ data: { value: unknown } }>('GET', '/api/v1/keys/api_token?decrypt=true');
  assert.equal(opened.body.data.value, SECRET);

  const archive = await exportPack(host, { pack: 'testkit' });
  assert.equal(archive.status, 200);
  const local = await exportPack(host, { pack: 'local' });
  assert.equal(local.status, 200);
  const tars = [
    zlib.gunzipSync(archive.bytes).toString('latin1'),
    zlib.gunzipSync(local.bytes).toString('latin1'),
  ];
  assert.match(tars[1] ?? '', /keystore\.api_token/, 'the export carries the template, not the value');
  ws.close();
  await host.close(2000);

  const pushed = ws.frames.join('\n');
  assert.match(pushed, /key_changed/, 'key changes are pushed');
  const logged = lines.join('');
  assert.ok(logged.length > 0, 'the host logged something');
  const files = [databaseFile(dataDir), `${databaseFile(dataDir)}-wal`].filter((f) => fs.existsSync(f));
  const places: Record<string, string> = {
    rows: everyRow(databaseFile(dataDir)),
    'database files': files.map((f) => fs.readFileSync(f).toString('latin1')).join(''),
    logs: logged,
    notifications: pushed,
    'testkit export': tars[0] ?? '',
    'local export': tars[1] ?? '',
  };
  for (const [where, text] of Object.entries(places)) {
    for (const secret of [SECRET, PACK_SECRET])
      assert.ok(!text.includes(secret), `${secret} found in ${where}`);
  }

  // The same data folder, a new host: the key opens with the same master key.
  const again = await startTestHost(t, { dataDir });
  const back = await again.api<{ data: { value: unknown; id: number } }>(
    'GET',
    '/api/v1/keys/api_token?decrypt=true',
  );
  assert.equal(back.status, 200);
  assert.equal(back.body.data.value, SECRET);
  assert.equal(back.body.data.id, created.body.data.id, 'the id is stable across restarts');
});

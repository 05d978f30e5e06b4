/**
 * docs/packs.md, "How secrets are scrubbed"; docs/concepts.md, "Keys and secrets" — "Secret values are never exported: they become `secret: true` entries in
 * conf_schema that the importer asks for." A rule passing a literal to a secret parameter is
 * exported without any trace of the value; importing reports the missing secret; giving it with
 * `--secret` makes the rule's execution receive it, and it appears in no stored record, no file
 * of the data folder, no log line and no CLI output.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Enforcement, Execution } from '../../../core/model/entities.ts';
import type { Logger } from '../../../core/model/logger.ts';
import { startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { cli, exportPack, filesContaining, readTree, writePack } from '../packs/helpers.ts';

const SECRET = `sk-live-${crypto.randomBytes(12).toString('hex')}`;
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** An action that proves it got the token without printing it: it prints the token's hash. */
const VAULTCHECK = {
  'pack.yaml': 'ref: vaultcheck\nlabel: Vault check\nversion: "1.0.0"\n',
  'actions/check_token.yaml': [
    'ref: vaultcheck.check_token',
    'runner_type: node',
    'entry_point: check_token.mjs',
    'output_format: json',
    'timeout_seconds: 30',
    'parameters:',
    '  token: {type: string, secret: true, required: true}',
    '  note: {type: string}',
    '',
  ].join('\n'),
  'actions/check_token.mjs': [
    "import { createHash } from 'node:crypto';",
    "let input = '';",
    'for await (const chunk of process.stdin) input += chunk;',
    "const { token, note } = JSON.parse(input || '{}');",
    "const token_sha256 = createHash('sha256').update(String(token)).digest('hex');",
    'process.stdout.write(JSON.stringify({ token_sha256, note }));',
    '',
  ].join('\n'),
};

function memoryLogger(lines: string[]): Logger {
  const log = (level: string) => (msg: string, data?: Record<string, unknown>) =>
    void lines.push(`${level} ${msg} ${JSON.stringify(data ?? {})}`);
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

test('a rule with a secret literal exports without it, and --secret brings it back to the execution only', async (t) => {
  const root = tempDir(t);
  const a = await startTestHost(t);
  const imported = await a.api('POST', '/api/v1/packs/import', {
    path: writePack(root, 'vaultcheck', VAULTCHECK),
  });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  assert.equal((await a.api('POST', '/api/v1/triggers', { ref: 'deploy' })).status, 201);
  const rule = await a.api('POST', '/api/v1/rules', {
    ref: 'notify_deploy',
    trigger_ref: 'local.deploy',
    action_ref: 'vaultcheck.check_token',
    action_params: { token: SECRET, note: '{{ event.payload.env }}' },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));

  const exported = await exportPack(a, { rules: ['local.notify_deploy'], as_pack: 'deploys' });
  assert.equal(exported.status, 200, exported.bytes.toString());
  assert.ok(!exported.bytes.includes(SECRET), 'the .tar.gz bytes carry the secret');
  assert.ok(!gunzipSync(exported.bytes).includes(SECRET), 'the tar carries the secret');
  const folder = path.join(root, 'deploys');
  assert.equal(
    (await exportPack(a, { rules: ['notify_deploy'], as_pack: 'deploys', format: 'folder', path: folder }))
      .status,
    200,
  );
  const tree = readTree(folder);
  for (const [file, entry] of tree) assert.ok(!entry.bytes.includes(SECRET), `${file} carries the secret`);
  // The user's rule, trigger and the action it needs, re-qualified under the chosen pack ref.
  assert.deepEqual(
    [...tree.keys()],
    [
      'README.md',
      'actions/check_token.mjs',
      'actions/check_token.yaml',
      'pack.yaml',
      'rules/notify_deploy.yaml',
      'triggers/deploy.yaml',
    ],
  );
  const ruleYaml = tree.get('rules/notify_deploy.yaml')?.bytes.toString() ?? '';
  assert.match(ruleYaml, /^ref: deploys\.notify_deploy$/m);
  assert.match(ruleYaml, /^trigger_ref: deploys\.deploy$/m);
  assert.match(ruleYaml, /^action_ref: deploys\.check_token$/m);
  assert.match(ruleYaml, /token: "\{\{ pack\.config\.notify_deploy_token \}\}"/);
  assert.match(
    tree.get('pack.yaml')?.bytes.toString() ?? '',
    /notify_deploy_token:\n {4}type: string\n {4}description: .*\n {4}secret: true/,
  );
  const archive = path.join(root, 'deploys.tar.gz');
  fs.writeFileSync(archive, exported.bytes);

  const logs: string[] = [];
  const b = await startTestHost(t, { logger: memoryLogger(logs) });
  const first = await cli(b.dataDir, 'pack', 'import', archive);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Imported deploys 1\.0\.0 \(/);
  assert.match(first.stdout, /notify_deploy_token: MISSING/);
  assert.match(first.stdout, /--secret notify_deploy_token=…/);
  const second = await cli(
    b.dataDir,
    'pack',
    'import',
    archive,
    '--upgrade',
    '--secret',
    `notify_deploy_token=${SECRET}`,
  );
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /notify_deploy_token: stored/);

  const hook = await b.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/deploys.deploy/webhooks/enable',
    {},
  );
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  assert.equal((await b.api('PUT', '/api/v1/rules/deploys.notify_deploy', { enabled: true })).status, 200);
  const fired = await fetch(hook.body.data.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: { env: 'prod' } }),
  });
  assert.equal(fired.status, 200);
  const execs = await b.api<{ items: Execution[] }>(
    'GET',
    '/api/v1/executions?rule_ref=deploys.notify_deploy',
  );
  const done = await b.waitForExecution(execs.body.items[0]?.id ?? 0);
  assert.equal(done.status, 'completed', JSON.stringify(done.result));
  assert.deepEqual(done.result?.data, { token_sha256: sha256(SECRET), note: 'prod' });
  assert.equal(done.config.token, '***');
  const enf = await b.api<{ items: Enforcement[] }>(
    'GET',
    '/api/v1/enforcements?rule_ref=deploys.notify_deploy',
  );
  assert.equal(enf.body.items[0]?.config.token, '***');

  const reexport = await cli(
    b.dataDir,
    'pack',
    'export',
    '--pack',
    'deploys',
    '-o',
    path.join(root, 'again.tar.gz'),
  );
  assert.equal(reexport.code, 0, reexport.stderr);
  assert.ok(!fs.readFileSync(path.join(root, 'again.tar.gz')).includes(SECRET));
  await b.close();
  assert.deepEqual(filesContaining(b.dataDir, SECRET), [], 'a file of the data folder holds the secret');
  assert.deepEqual(
    logs.filter((l) => l.includes(SECRET)),
    [],
  );
  for (const out of [first, second, reexport]) assert.ok(!`${out.stdout}${out.stderr}`.includes(SECRET));
});

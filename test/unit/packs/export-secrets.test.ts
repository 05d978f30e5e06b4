/**
 * docs/packs.md, "How secrets are scrubbed"; docs/concepts.md, "Keys and secrets" — "Secret values are never exported: they become `secret: true` entries in
 * conf_schema that the importer asks for." A pack whose action has a secret parameter with a
 * default, whose rule passes a secret literal and whose config holds a secret value exports
 * with no trace of any of them: every file and the archive's bytes are searched.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import {
  formatProblem,
  loadPackFolder,
  type PackModel,
  writePackFolder,
  writePackTarGz,
} from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { copyFixture, coreResolver, readTree } from './helpers.ts';

const DEFAULT_SECRET = 'default-s3cr3t-7Qx9';
const CONFIG_SECRET = 'config-s3cr3t-Hk2m';
const RULE_SECRET = 'rule-s3cr3t-Zp4w';

/** The demo pack with a secret config value in pack.yaml and secrets in an action and a rule. */
function secretPack(t: { after: (fn: () => void) => void }): { model: PackModel; warnings: string[] } {
  const dir = copyFixture('demo', tempDir(t));
  fs.appendFileSync(path.join(dir, 'pack.yaml'), `  api_token: ${CONFIG_SECRET}\n`.replace(/^/, ''));
  // `config:` is the last mapping in pack.yaml before tags; put the value under it.
  const packYaml = fs
    .readFileSync(path.join(dir, 'pack.yaml'), 'utf8')
    .replace(`  api_token: ${CONFIG_SECRET}\n`, '')
    .replace('config:\n', `config:\n  api_token: ${CONFIG_SECRET}\n`);
  fs.writeFileSync(path.join(dir, 'pack.yaml'), packYaml);
  const ping = fs
    .readFileSync(path.join(dir, 'actions/ping.yaml'), 'utf8')
    .replace('    secret: true\n', `    secret: true\n    default: ${DEFAULT_SECRET}\n`);
  fs.writeFileSync(path.join(dir, 'actions/ping.yaml'), ping);
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  const model = result.model;
  // A second rule passes the secret parameter as a literal.
  const alert = model.rules.find((r) => r.ref === 'demo.deploy_alert')!;
  model.rules.push({
    ...structuredClone(alert),
    ref: 'demo.manual_ping',
    action_params: { url: 'https://status.example.com/x', token: RULE_SECRET },
    source: null,
  });
  return { model, warnings: result.warnings.map(formatProblem) };
}

function assertNoSecret(bytes: Uint8Array, where: string): void {
  const text = Buffer.from(bytes).toString('latin1');
  for (const secret of [DEFAULT_SECRET, CONFIG_SECRET, RULE_SECRET]) {
    assert.ok(!text.includes(secret), `${where} contains ${secret}`);
  }
}

test('a secret config value in pack.yaml is moved out of config, with a warning', (t) => {
  const { model, warnings } = secretPack(t);
  assert.equal(model.pack.config['api_token'], undefined);
  assert.deepEqual(model.secretConfig, { api_token: CONFIG_SECRET });
  assert.ok(
    warnings.some((w) => /^pack\.yaml:\d+:\d+ config\.api_token — is a secret/.test(w)),
    warnings.join('\n'),
  );
});

test('no exported file and no byte of the archive contains a secret value', async (t) => {
  const { model } = secretPack(t);
  // Even a caller that left the secret in config (a model built in code) does not leak it.
  model.pack.config['api_token'] = CONFIG_SECRET;
  const root = tempDir(t);
  const dir = path.join(root, 'out');
  await writePackFolder(model, dir);
  for (const [file, { bytes }] of readTree(dir)) assertNoSecret(bytes, file);
  const archive = path.join(root, 'out.tar.gz');
  await writePackTarGz(model, archive);
  const gz = fs.readFileSync(archive);
  assertNoSecret(gz, 'the .tar.gz bytes');
  assertNoSecret(gunzipSync(gz), 'the uncompressed tar');
});

test('secrets become secret conf_schema entries without a default, and rules are wired to them', async (t) => {
  const { model } = secretPack(t);
  const dir = path.join(tempDir(t), 'out');
  await writePackFolder(model, dir);
  const pack = parse(fs.readFileSync(path.join(dir, 'pack.yaml'), 'utf8'));
  assert.deepEqual(pack.conf_schema.api_token, {
    type: 'string',
    description: 'Token for the status API',
    secret: true,
  });
  assert.deepEqual(pack.conf_schema.ping_token, {
    type: 'string',
    description: 'Secret default of parameter token of action demo.ping',
    secret: true,
  });
  assert.deepEqual(pack.conf_schema.manual_ping_token, {
    type: 'string',
    description: 'Secret value of parameter token in rule demo.manual_ping',
    secret: true,
  });
  assert.deepEqual(pack.config, { api_base: 'https://status.example.com' });
  const ping = parse(fs.readFileSync(path.join(dir, 'actions/ping.yaml'), 'utf8'));
  assert.deepEqual(ping.parameters.token, { type: 'string', secret: true });
  const manual = parse(fs.readFileSync(path.join(dir, 'rules/manual_ping.yaml'), 'utf8'));
  assert.equal(manual.action_params.token, '{{ pack.config.manual_ping_token }}');
  const alert = parse(fs.readFileSync(path.join(dir, 'rules/deploy_alert.yaml'), 'utf8'));
  assert.equal(alert.action_params.token, '{{ pack.config.ping_token }}');
});

test('a scrubbed export loads again and exports to the same bytes', async (t) => {
  const { model } = secretPack(t);
  const root = tempDir(t);
  await writePackFolder(model, path.join(root, 'a'));
  const again = loadPackFolder(path.join(root, 'a'), { resolver: coreResolver });
  assert.ok(again.ok, again.ok ? '' : again.problems.map(formatProblem).join('\n'));
  await writePackFolder(again.model, path.join(root, 'b'));
  const a = readTree(path.join(root, 'a'));
  const b = readTree(path.join(root, 'b'));
  for (const [file, entry] of a) assert.ok(entry.bytes.equals(b.get(file)!.bytes), `${file} differs`);
});

test('export does not change the model it is given', async (t) => {
  const { model } = secretPack(t);
  const before = structuredClone(model);
  await writePackFolder(model, path.join(tempDir(t), 'out'));
  assert.deepEqual(model, before);
});

test('a literal passed to a secret parameter of a core action is scrubbed when a resolver knows it', async (t) => {
  const { model } = secretPack(t);
  const alert = model.rules.find((r) => r.ref === 'demo.deploy_alert')!;
  model.rules.push({
    ...structuredClone(alert),
    ref: 'demo.call_api',
    action_ref: 'core.http_request',
    action_params: { url: 'https://api.example.com', auth: { type: 'bearer', token: RULE_SECRET } },
    source: null,
  });
  const resolver = {
    action: (ref: string) =>
      ref === 'core.http_request'
        ? { parameters: { auth: { type: 'object' as const, secret: true } } }
        : null,
  };
  const dir = path.join(tempDir(t), 'out');
  await writePackFolder(model, dir, { resolver });
  for (const [file, { bytes }] of readTree(dir)) assertNoSecret(bytes, file);
  const rule = parse(fs.readFileSync(path.join(dir, 'rules/call_api.yaml'), 'utf8'));
  assert.equal(rule.action_params.auth, '{{ pack.config.call_api_auth }}');
});

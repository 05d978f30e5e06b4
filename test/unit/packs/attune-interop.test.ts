/**
 * docs/packs.md, "Attune interop" — an exported pack installs on an Attune server unchanged: actions
 * write `timeout_seconds` and `timeout`, `output` (not `output_schema`) and a runner Attune has
 * (shell | python | nodejs | native); rules write fully qualified refs; pack.yaml writes both
 * keys of each pair with identical values and a quoted semver `version`; the archive has
 * pack.yaml at its root. Our own keys (overlap, retry, misfire, attune_desktop) are extra keys.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as tar from 'tar';
import { parse } from 'yaml';
import {
  formatProblem,
  loadPackFolder,
  type PackModel,
  writePackFolder,
  writePackTarGz,
} from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { coreResolver, FIXTURES, readTree } from './helpers.ts';

const ATTUNE_RUNNERS = ['shell', 'python', 'nodejs', 'native'];
const QUALIFIED = /^[a-z][a-z0-9_-]*\.[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function demo(): PackModel {
  const result = loadPackFolder(path.join(FIXTURES, 'demo'), { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  return result.model;
}

async function exported(t: { after: (fn: () => void) => void }, model = demo()) {
  const dir = path.join(tempDir(t), 'demo');
  await writePackFolder(model, dir);
  const tree = readTree(dir);
  const yaml = new Map<string, Record<string, unknown>>();
  for (const [file, { bytes }] of tree) {
    if (file.endsWith('.yaml')) yaml.set(file, parse(bytes.toString('utf8')) as Record<string, unknown>);
  }
  return { dir, tree, yaml };
}

test('pack.yaml writes each Attune key pair with identical values and a quoted semver version', async (t) => {
  const { tree, yaml } = await exported(t);
  const pack = yaml.get('pack.yaml')!;
  assert.equal(pack['ref'], 'demo');
  assert.equal(pack['label'], 'Demo Pack');
  assert.equal(pack['name'], pack['label']);
  assert.deepEqual(pack['config_schema'], pack['conf_schema']);
  assert.deepEqual(pack['metadata'], pack['meta']);
  assert.deepEqual(pack['keywords'], pack['tags']);
  assert.match(tree.get('pack.yaml')!.bytes.toString(), /^version: "1\.2\.0"$/m);
});

test('actions write timeout_seconds and timeout, output, and a runner an Attune server has', async (t) => {
  const { tree, yaml } = await exported(t);
  const actions = [...yaml].filter(([f]) => f.startsWith('actions/'));
  assert.equal(actions.length, 3);
  for (const [file, a] of actions) {
    assert.equal(a['timeout_seconds'], a['timeout'], file);
    assert.ok(Object.hasOwn(a, 'output'), `${file} has output`);
    assert.ok(!Object.hasOwn(a, 'output_schema'), `${file} has no output_schema`);
    assert.ok(ATTUNE_RUNNERS.includes(String(a['runner_type'])), `${file}: ${a['runner_type']}`);
    assert.ok(
      tree.has(`actions/${a['entry_point']}`),
      `${file}: entry point ${a['entry_point']} is in the pack`,
    );
  }
  assert.equal(yaml.get('actions/report.yaml')!['runner_type'], 'nodejs');
});

test('an http action is exported as a Python stand-in, with our runner kept in attune_desktop', async (t) => {
  const { tree, yaml } = await exported(t);
  const ping = yaml.get('actions/ping.yaml')!;
  assert.equal(ping['runner_type'], 'python');
  assert.equal(ping['entry_point'], 'ping.http.py');
  assert.equal(ping['parameter_format'], 'json');
  assert.deepEqual(ping['attune_desktop'], {
    runner_type: 'http',
    entry_point: '',
    parameter_delivery: 'stdin',
    parameter_format: 'json',
    output_format: 'json',
  });
  assert.match(tree.get('actions/ping.http.py')!.bytes.toString(), /^#!\/usr\/bin\/env python3\n/);
});

test('inline scripts and builtin actions become files an Attune server can run', async (t) => {
  const model = demo();
  const backup = model.actions.find((a) => a.ref === 'demo.backup')!;
  model.actions.push(
    { ...backup, ref: 'demo.inline', entry_point: 'echo "hi"\ndate', script: null, source: null },
    { ...backup, ref: 'demo.wait', runner_type: 'builtin', entry_point: 'sleep', script: null, source: null },
  );
  const { tree, yaml } = await exported(t, model);
  assert.equal(yaml.get('actions/inline.yaml')!['entry_point'], 'inline.inline.sh');
  assert.equal(tree.get('actions/inline.inline.sh')!.bytes.toString(), 'echo "hi"\ndate\n');
  assert.equal(yaml.get('actions/wait.yaml')!['runner_type'], 'python');
  assert.deepEqual(
    (yaml.get('actions/wait.yaml')!['attune_desktop'] as Record<string, unknown>)['entry_point'],
    'sleep',
  );
});

test('rules write fully qualified trigger and action refs and keep our own keys', async (t) => {
  const { yaml } = await exported(t);
  const rules = [...yaml].filter(([f]) => f.startsWith('rules/'));
  assert.equal(rules.length, 4);
  for (const [file, r] of rules) {
    assert.match(String(r['trigger_ref']), QUALIFIED, file);
    assert.match(String(r['action_ref']), QUALIFIED, file);
    assert.equal(typeof r['conditions'], 'object', file);
    assert.ok(Object.hasOwn(r, 'overlap'), file);
  }
  assert.equal(yaml.get('rules/deploy_alert.yaml')!['trigger_ref'], 'demo.deploy_finished');
  assert.deepEqual(yaml.get('rules/weekly_report.yaml')!['misfire'], {
    policy: 'catch_up',
    max_catch_up: 3,
    misfire_window: 86_400,
  });
});

test('triggers write the schema keys an Attune server reads', async (t) => {
  const { yaml } = await exported(t);
  const trigger = yaml.get('triggers/deploy_finished.yaml')!;
  assert.ok(Object.hasOwn(trigger, 'parameters'));
  assert.deepEqual(Object.keys(trigger['output'] as object), ['service', 'status', 'duration_ms']);
});

test('every exported YAML file reads the same under YAML 1.1 and 1.2', async (t) => {
  const model = demo();
  model.rules[0]!.action_params['answer'] = 'yes';
  model.rules[0]!.action_params['version'] = '1.0';
  model.rules[0]!.action_params['switch'] = 'on';
  const { tree } = await exported(t, model);
  for (const [file, { bytes }] of tree) {
    if (!file.endsWith('.yaml')) continue;
    const text = bytes.toString();
    assert.deepEqual(parse(text, { version: '1.1' }), parse(text, { version: '1.2' }), file);
  }
});

test("the archive holds pack.yaml at its root, as Attune's upload endpoint expects", async (t) => {
  const file = path.join(tempDir(t), 'demo.tar.gz');
  await writePackTarGz(demo(), file);
  const paths: string[] = [];
  await tar.t({ file, onReadEntry: (e) => void paths.push(e.path) });
  assert.ok(paths.includes('pack.yaml'));
  assert.ok(paths.every((p) => !p.startsWith('/') && !p.startsWith('./')));
  assert.ok(fs.statSync(file).size > 0);
});

test('the generated README lists what is inside', async (t) => {
  const { tree } = await exported(t);
  const readme = tree.get('README.md')!.bytes.toString();
  assert.match(readme, /^# Demo Pack\n\nBacks up folders/);
  for (const ref of [
    'demo.backup',
    'demo.ping',
    'demo.report',
    'demo.deploy_finished',
    'demo.nightly_backup',
    'demo.deploy_watch',
    'demo.backup_concurrency',
  ]) {
    assert.ok(readme.includes(`\`${ref}\``), ref);
  }
  assert.match(readme, /\| `api_token` \| string \| yes \|/);
});

/**
 * docs/packs.md, "Export, byte for byte" — "Export → import is the identity." Export is deterministic, so export → load →
 * export gives the same bytes, for a folder and for a .tar.gz (fixed key order, YAML
 * formatting, file order, tar metadata and gzip header).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import {
  extractPackArchive,
  formatProblem,
  loadPackFolder,
  type PackModel,
  packTarGz,
  renderPackFiles,
  writePackFolder,
  writePackTarGz,
} from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { coreResolver, FIXTURES, readTree } from './helpers.ts';

function load(dir: string): PackModel {
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  return result.model;
}

/** The model without where it was read from: what "identity" compares. */
function withoutSources(m: PackModel): unknown {
  const strip = <T extends { source: unknown }>(e: T) => ({ ...e, source: null });
  return {
    ...m,
    pack: strip(m.pack),
    triggers: m.triggers.map(strip),
    actions: m.actions.map((a) => ({
      ...strip(a),
      script: a.script && { ...a.script, bytes: [...a.script.bytes] },
    })),
    sensors: m.sensors.map((s) => ({
      ...strip(s),
      script: s.script && { ...s.script, bytes: [...s.script.bytes] },
    })),
    rules: m.rules.map(strip),
    policies: m.policies.map(strip),
  };
}

test('export → load → export of a folder is byte-identical, modes included', async (t) => {
  const root = tempDir(t);
  const first = path.join(root, 'first');
  const second = path.join(root, 'second');
  await writePackFolder(load(path.join(FIXTURES, 'demo')), first);
  await writePackFolder(load(first), second);
  const a = readTree(first);
  const b = readTree(second);
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [file, entry] of a) {
    assert.ok(entry.bytes.equals(b.get(file)!.bytes), `${file} differs`);
    assert.equal(entry.mode, b.get(file)!.mode, `${file} mode differs`);
  }
});

test('export → load gives back the same model (sources aside)', async (t) => {
  const original = load(path.join(FIXTURES, 'demo'));
  const dir = path.join(tempDir(t), 'out');
  await writePackFolder(original, dir);
  assert.deepEqual(withoutSources(load(dir)), withoutSources(original));
});

test('the exported folder lists files in a fixed order with scripts executable', async (t) => {
  const dir = path.join(tempDir(t), 'out');
  const written = await writePackFolder(load(path.join(FIXTURES, 'demo')), dir);
  assert.deepEqual(written, [
    'README.md',
    'actions/backup.sh',
    'actions/backup.yaml',
    'actions/ping.http.py',
    'actions/ping.yaml',
    'actions/report.js',
    'actions/report.yaml',
    'pack.yaml',
    'policies/backup_concurrency.yaml',
    'rules/deploy_alert.yaml',
    'rules/new_year.yaml',
    'rules/nightly_backup.yaml',
    'rules/weekly_report.yaml',
    'sensors/deploy_watch.py',
    'sensors/deploy_watch.yaml',
    'triggers/deploy_finished.yaml',
  ]);
  const tree = readTree(dir);
  assert.equal(tree.get('actions/backup.sh')!.mode, 0o755);
  assert.equal(tree.get('actions/ping.http.py')!.mode, 0o755);
  assert.equal(tree.get('pack.yaml')!.mode, 0o644);
});

test('export → load → export of a .tar.gz is byte-identical', async (t) => {
  const root = tempDir(t);
  const model = load(path.join(FIXTURES, 'demo'));
  const file = path.join(root, 'demo.tar.gz');
  await writePackTarGz(model, file);
  const extracted = await extractPackArchive(file, { tempParent: root });
  t.after(() => extracted.cleanup());
  const again = packTarGz(load(extracted.packDir));
  assert.ok(Buffer.from(again).equals(fs.readFileSync(file)), 'the second archive differs from the first');
});

test('the tar has pack.yaml at the root and fixed owner, time and modes', async (t) => {
  const file = path.join(tempDir(t), 'demo.tar.gz');
  await writePackTarGz(load(path.join(FIXTURES, 'demo')), file);
  const entries: Array<{
    path: string;
    mode: number;
    uid: number;
    gid: number;
    mtime: number;
    type: string;
  }> = [];
  await tar.t({
    file,
    onReadEntry: (e) => {
      entries.push({
        path: e.path,
        mode: e.mode ?? -1,
        uid: e.uid ?? -1,
        gid: e.gid ?? -1,
        mtime: e.mtime?.getTime() ?? -1,
        type: e.type,
      });
    },
  });
  assert.ok(entries.some((e) => e.path === 'pack.yaml'));
  assert.ok(entries.every((e) => e.uid === 0 && e.gid === 0 && e.mtime === 946_684_800_000));
  assert.deepEqual(
    entries.filter((e) => e.type === 'Directory').map((e) => e.path),
    ['actions/', 'policies/', 'rules/', 'sensors/', 'triggers/'],
  );
  assert.equal(entries.find((e) => e.path === 'actions/backup.sh')!.mode, 0o755);
  assert.equal(entries.find((e) => e.path === 'rules/new_year.yaml')!.mode, 0o644);
  const gz = fs.readFileSync(file);
  assert.equal(gz.readUInt32LE(4), 0, 'gzip header carries no time');
  assert.ok(gunzipSync(gz).length % 10_240 === 0, 'tar is padded to whole records');
});

test('the same model always renders the same files', () => {
  const model = load(path.join(FIXTURES, 'demo'));
  const a = renderPackFiles(model);
  const b = renderPackFiles(structuredClone(model));
  assert.deepEqual(
    a.map((f) => [f.path, Buffer.from(f.bytes).toString('base64'), f.mode]),
    b.map((f) => [f.path, Buffer.from(f.bytes).toString('base64'), f.mode]),
  );
});

test('inline scripts, http and builtin actions survive export → load unchanged', async (t) => {
  const model = load(path.join(FIXTURES, 'demo'));
  const backup = model.actions.find((a) => a.ref === 'demo.backup')!;
  model.actions.push(
    { ...backup, ref: 'demo.inline', entry_point: 'echo "hi"\ndate', script: null, source: null },
    {
      ...backup,
      ref: 'demo.wait',
      runner_type: 'builtin',
      entry_point: 'sleep',
      parameter_format: 'yaml',
      script: null,
      source: null,
    },
    {
      ...backup,
      ref: 'demo.hook',
      runner_type: 'http',
      entry_point: 'https://example.com/hook',
      output_format: 'text',
      script: null,
      source: null,
    },
  );
  const dir = path.join(tempDir(t), 'out');
  await writePackFolder(model, dir);
  const again = load(dir);
  for (const ref of ['demo.inline', 'demo.wait', 'demo.hook']) {
    const before = model.actions.find((a) => a.ref === ref)!;
    const after = again.actions.find((a) => a.ref === ref)!;
    assert.deepEqual({ ...after, source: null }, { ...before, source: null }, ref);
  }
});

test('two actions sharing one script export it once', async (t) => {
  const model = load(path.join(FIXTURES, 'demo'));
  const backup = model.actions.find((a) => a.ref === 'demo.backup')!;
  model.actions.push({ ...structuredClone(backup), ref: 'demo.backup_twice', source: null });
  const dir = path.join(tempDir(t), 'out');
  const written = await writePackFolder(model, dir);
  assert.equal(written.filter((f) => f === 'actions/backup.sh').length, 1);
  const again = load(dir);
  assert.equal(again.actions.find((a) => a.ref === 'demo.backup_twice')!.script?.path, 'actions/backup.sh');
});

test('export refuses a folder that already has files in it', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'stale.yaml'), 'x: 1\n');
  await assert.rejects(writePackFolder(load(path.join(FIXTURES, 'demo')), dir), /is not empty/);
});

/**
 * docs/packs.md, "Validation and problems" — "validated in full before anything is stored; each problem is reported with file,
 * line and field; nothing is half-imported. Archive extraction refuses `..`, absolute paths,
 * links and oversized entries." Each broken pack and hostile archive is refused through the
 * import API with its `file:line:column field — message`, and the store (row counts of every
 * table) and the packs folder are exactly as before.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as tar from 'tar';
import { formatProblem, type PackProblem } from '../../../core/packs/index.ts';
import { FIXTURE_PACKS, startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { rawTarGz } from '../../unit/packs/helpers.ts';
import { copyFixturePack, type ErrorBody, snapshot, uploadPack, zipBomb } from './helpers.ts';

const BROKEN = path.join(FIXTURE_PACKS, 'broken');
const PACK_YAML = 'ref: tiny\nlabel: Tiny\nversion: "1.0.0"\n';
const MIB = 1_048_576;

/** One broken file next to a valid pack.yaml and action: the problem it must be refused for. */
const CASES: Array<{ files: string[]; line: string }> = [
  {
    files: ['rules/bad_yaml.yaml'],
    line: 'rules/bad_yaml.yaml:5:1 yaml — Tabs are not allowed as indentation',
  },
  {
    files: ['rules/unknown_trigger.yaml'],
    line: 'rules/unknown_trigger.yaml:3:14 trigger_ref — unknown trigger "broken.nope": not in this pack, the core pack or an installed pack',
  },
  {
    files: ['rules/bad_cron.yaml'],
    line: 'rules/bad_cron.yaml:4:15 trigger_params.expression — "61 * * * *" is not a valid cron expression: invalid value for minute: 61',
  },
  {
    files: ['rules/bad_condition.yaml'],
    line: 'rules/bad_condition.yaml:6:37 conditions.expression — Unexpected ">"',
  },
  {
    files: ['actions/escape.yaml'],
    line: 'actions/escape.yaml:3:14 entry_point — "../../etc/passwd" contains ".." and would leave the pack',
  },
  {
    files: ['actions/dup_a.yaml', 'actions/dup_b.yaml'],
    line: 'actions/dup_b.yaml:2:6 ref — duplicate action ref "broken.dup" (also defined in actions/dup_a.yaml:1)',
  },
];

function problemLines(body: ErrorBody): string[] {
  return ((body.details?.problems ?? []) as PackProblem[]).map(formatProblem);
}

test('each broken pack file is refused through the import API with its file:line message', async (t) => {
  const root = tempDir(t);
  const host = await startTestHost(t, { packs: ['testkit'] });
  assert.equal(
    (await host.api('POST', '/api/v1/packs/import', { path: copyFixturePack('demo', root) })).status,
    201,
  );
  const before = snapshot(host);
  for (const [i, c] of CASES.entries()) {
    const dir = path.join(root, `case${i}`);
    for (const rel of ['pack.yaml', 'actions/hello.yaml', ...c.files]) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.copyFileSync(path.join(BROKEN, rel), path.join(dir, rel));
    }
    const r = await host.api<ErrorBody>('POST', '/api/v1/packs/import', { path: dir });
    assert.equal(r.status, 400, c.line);
    assert.equal(r.body.code, 'VALIDATION_ERROR');
    assert.deepEqual(problemLines(r.body), [c.line]);
    assert.equal(r.body.error, `The pack has 1 problem:\n${c.line}`);
    assert.deepEqual(snapshot(host), before, `the store or packs folder changed after ${c.files[0]}`);
  }
});

test('the whole broken pack, uploaded as a .tar.gz, is refused with every problem at once', async (t) => {
  const host = await startTestHost(t);
  const file = path.join(tempDir(t), 'broken.tar.gz');
  await tar.create({ gzip: true, cwd: FIXTURE_PACKS, file }, ['broken']);
  const before = snapshot(host);
  const r = await uploadPack<ErrorBody>(host, fs.readFileSync(file), 'broken.tar.gz');
  assert.equal(r.status, 400);
  assert.deepEqual(problemLines(r.body), CASES.map((c) => c.line).sort());
  assert.deepEqual(snapshot(host), before);
});

test('a ../ entry, a symlink and a zip bomb in uploaded archives are refused naming the entry', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const before = snapshot(host);
  const yaml = new TextEncoder().encode(PACK_YAML);

  const dotdot = await uploadPack<ErrorBody>(
    host,
    rawTarGz([
      { path: 'pack.yaml', bytes: yaml },
      { path: '../evil.sh', bytes: new TextEncoder().encode('echo pwned\n') },
    ]),
    'escape.tar.gz',
  );
  assert.equal(dotdot.status, 400);
  assert.equal(
    dotdot.body.error,
    'The archive was refused:\nescape.tar.gz:1:1 archive — archive entry "../evil.sh" is refused: it contains ".." and would leave the pack',
  );
  assert.equal(dotdot.body.details?.field, 'archive');

  const link = await uploadPack<ErrorBody>(
    host,
    rawTarGz([
      { path: 'pack.yaml', bytes: yaml },
      { path: 'actions/passwd', type: 'SymbolicLink', linkpath: '/etc/passwd' },
    ]),
    'link.tar.gz',
  );
  assert.equal(link.status, 400);
  assert.match(
    link.body.error,
    /^The archive was refused:\nlink\.tar\.gz:1:1 archive — archive entry "actions\/passwd" is refused: it is a link/,
  );

  // 6 × 40 MiB of zeros: 240 MiB inflated from a few hundred KiB, each entry under the 50 MiB cap.
  const bomb = zipBomb(40 * MIB, 6, PACK_YAML);
  assert.ok(bomb.length < MIB, `the bomb is ${bomb.length} bytes`);
  const boom = await uploadPack<ErrorBody>(host, bomb, 'bomb.zip');
  assert.equal(boom.status, 413);
  assert.match(
    boom.body.error,
    /bomb\.zip:1:1 archive — archive inflates to more than 209715200 bytes \(at "actions\/blob4\.bin"\)/,
  );

  assert.deepEqual(snapshot(host), before);
});

test('malformed import requests get a 4xx naming the field', async (t) => {
  const host = await startTestHost(t);
  const before = snapshot(host);
  const relative = await host.api<ErrorBody>('POST', '/api/v1/packs/import', { path: 'packs/demo' });
  assert.equal(relative.status, 400);
  assert.equal(relative.body.details?.field, 'path');
  const missing = await host.api<ErrorBody>('POST', '/api/v1/packs/import', { path: '/nonexistent/pack' });
  assert.equal(missing.status, 400);
  assert.match(missing.body.error, /^path: nothing at/);
  const unknown = await host.api<ErrorBody>('POST', '/api/v1/packs/import', { path: '/x', force: true });
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error, /unknown field force/);
  const form = new FormData();
  form.append('upgrade', 'true');
  const noFile = await fetch(`${host.url}/api/v1/packs/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}` },
    body: form,
  });
  assert.equal(noFile.status, 400);
  assert.match(((await noFile.json()) as ErrorBody).error, /^pack: the multipart field "pack"/);
  const badFlag = await uploadPack<ErrorBody>(host, new Uint8Array(4), 'x.tar.gz', { upgrade: 'maybe' });
  assert.equal(badFlag.status, 400);
  assert.match(badFlag.body.error, /^upgrade: must be true or false/);
  const otherField = await uploadPack<ErrorBody>(host, new Uint8Array(4), 'x.tar.gz', { colour: 'blue' });
  assert.equal(otherField.status, 400);
  assert.match(otherField.body.error, /^colour: unknown field/);
  const secrets = await uploadPack<ErrorBody>(host, new Uint8Array(4), 'x.tar.gz', { secrets: '[1]' });
  assert.equal(secrets.status, 400);
  assert.match(secrets.body.error, /^secrets: must be a JSON object/);
  const notArchive = await uploadPack<ErrorBody>(host, new TextEncoder().encode('hello'), 'notes.txt');
  assert.equal(notArchive.status, 400);
  assert.match(
    notArchive.body.error,
    /notes\.txt:1:1 archive — the file is not a \.tar\.gz, \.tar or \.zip archive/,
  );
  const exportBoth = await host.api<ErrorBody>('POST', '/api/v1/packs/export', { pack: 'x', rules: ['y'] });
  assert.equal(exportBoth.status, 400);
  assert.equal(exportBoth.body.details?.field, 'rules');
  const folderNoPath = await host.api<ErrorBody>('POST', '/api/v1/packs/export', {
    pack: 'x',
    format: 'folder',
  });
  assert.equal(folderNoPath.status, 400);
  assert.equal(folderNoPath.body.details?.field, 'path');
  assert.deepEqual(snapshot(host), before);
});

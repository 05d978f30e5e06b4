/**
 * docs/packs.md, "Archive limits" — "Archive extraction refuses `..`, absolute paths, links and oversized entries."
 * Hostile archives are built here from raw headers; each is refused with the entry's name in
 * the message, the temporary folder is removed, and nothing is written outside it. Sizes are
 * counted while inflating: a zip whose headers lie about its sizes is still stopped.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { extractPackArchive, loadPackFolder, type PackModel, packTarGz } from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { coreResolver, FIXTURES, rawTarGz, rawZip } from './helpers.ts';

const PACK_YAML = new TextEncoder().encode('ref: tiny\nlabel: Tiny\nversion: "1.0.0"\n');
const MIB = 1_048_576;

/** A parent folder for the extraction, and a sibling that must stay untouched. */
function setup(t: { after: (fn: () => void) => void }) {
  const root = tempDir(t);
  const parent = path.join(root, 'parent');
  fs.mkdirSync(parent);
  return { root, parent };
}

async function refused(file: string, parent: string, message: RegExp, limits = {}): Promise<void> {
  await assert.rejects(extractPackArchive(file, { tempParent: parent, limits }), (err: unknown) => {
    assert.ok(err instanceof AttuneError, String(err));
    assert.match(err.message, message);
    return true;
  });
  assert.deepEqual(fs.readdirSync(parent), [], 'the temporary folder is removed');
}

function demoModel(): PackModel {
  const r = loadPackFolder(path.join(FIXTURES, 'demo'), { resolver: coreResolver });
  assert.ok(r.ok);
  return r.model;
}

test('a .tar.gz with pack.yaml at the root is extracted into a fresh temporary folder', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'demo.tar.gz');
  fs.writeFileSync(file, packTarGz(demoModel()));
  const x = await extractPackArchive(file, { tempParent: parent });
  assert.equal(x.packDir, x.root);
  assert.equal(path.dirname(x.root), parent);
  assert.ok(fs.existsSync(path.join(x.packDir, 'actions/backup.sh')));
  assert.equal(fs.statSync(path.join(x.packDir, 'actions/backup.sh')).mode & 0o111, 0o111);
  await x.cleanup();
  assert.deepEqual(fs.readdirSync(parent), []);
});

test('a pack inside exactly one top-level folder is found there', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'tiny.tar.gz');
  fs.writeFileSync(
    file,
    rawTarGz([
      { path: 'tiny-1.0.0/', type: 'Directory' },
      { path: 'tiny-1.0.0/pack.yaml', bytes: PACK_YAML },
    ]),
  );
  const x = await extractPackArchive(file, { tempParent: parent });
  t.after(() => x.cleanup());
  assert.equal(x.packDir, path.join(x.root, 'tiny-1.0.0'));
});

test('a zip with pack.yaml at the root is extracted (macOS metadata ignored)', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'tiny.zip');
  fs.writeFileSync(
    file,
    rawZip([
      { name: 'pack.yaml', data: PACK_YAML },
      { name: 'actions/', unixMode: 0o40755 },
      { name: 'actions/run.sh', data: new TextEncoder().encode('echo hi\n'), unixMode: 0o100755 },
      { name: '__MACOSX/._pack.yaml', data: new Uint8Array(8) },
    ]),
  );
  const x = await extractPackArchive(file, { tempParent: parent });
  t.after(() => x.cleanup());
  assert.equal(x.packDir, x.root);
  assert.equal(fs.readFileSync(path.join(x.root, 'actions/run.sh'), 'utf8'), 'echo hi\n');
  assert.equal(fs.statSync(path.join(x.root, 'actions/run.sh')).mode & 0o111, 0o111);
  assert.ok(!fs.existsSync(path.join(x.root, '__MACOSX')));
});

test('an archive with two top-level folders and no pack.yaml at the root is refused', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'two.tar.gz');
  fs.writeFileSync(
    file,
    rawTarGz([
      { path: 'a/pack.yaml', bytes: PACK_YAML },
      { path: 'b/x.txt', bytes: PACK_YAML },
    ]),
  );
  await refused(file, parent, /no pack\.yaml at its root or inside a single top-level folder/);
});

test('a tar entry with ".." is refused by name and nothing lands outside', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'dotdot.tar.gz');
  fs.writeFileSync(
    file,
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: '../evil.sh', bytes: PACK_YAML },
    ]),
  );
  await refused(file, parent, /archive entry "\.\.\/evil\.sh" is refused: it contains "\.\."/);
  assert.deepEqual(fs.readdirSync(root).sort(), ['dotdot.tar.gz', 'parent']);
});

test('a tar entry with an absolute path is refused by name', async (t) => {
  const { root, parent } = setup(t);
  const target = path.join(root, 'absolute-evil.txt');
  const file = path.join(root, 'abs.tar.gz');
  fs.writeFileSync(
    file,
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: target, bytes: PACK_YAML },
    ]),
  );
  await refused(
    file,
    parent,
    new RegExp(
      `archive entry "${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is refused: it is an absolute path`,
    ),
  );
  assert.ok(!fs.existsSync(target));
});

test('a tar symlink is refused by name, even one pointing inside the pack', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'link.tar.gz');
  fs.writeFileSync(
    file,
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: 'actions/passwd', type: 'SymbolicLink', linkpath: '/etc/passwd' },
    ]),
  );
  await refused(file, parent, /archive entry "actions\/passwd" is refused: it is a link/);
});

test('tar hard links, fifos and devices are refused by name', async (t) => {
  const { root, parent } = setup(t);
  for (const [type, name] of [
    ['Link', 'hard'],
    ['FIFO', 'pipe'],
    ['CharacterDevice', 'dev'],
  ] as const) {
    const file = path.join(root, `${name}.tar.gz`);
    fs.writeFileSync(
      file,
      rawTarGz([
        { path: 'pack.yaml', bytes: PACK_YAML },
        { path: name, type, linkpath: 'pack.yaml' },
      ]),
    );
    await refused(file, parent, new RegExp(`archive entry "${name}" is refused`));
  }
});

test('a zip symlink is refused by name', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'link.zip');
  fs.writeFileSync(
    file,
    rawZip([
      { name: 'pack.yaml', data: PACK_YAML },
      { name: 'actions/run.sh', data: new TextEncoder().encode('/etc/passwd'), unixMode: 0o120777 },
    ]),
  );
  await refused(file, parent, /archive entry "actions\/run\.sh" is refused: it is a symbolic link/);
});

test('zip entries with ".." or an absolute path are refused by name', async (t) => {
  const { root, parent } = setup(t);
  for (const name of ['../../evil.txt', '/tmp/evil.txt', 'a/../../evil.txt']) {
    const file = path.join(root, 'bad.zip');
    fs.writeFileSync(
      file,
      rawZip([
        { name: 'pack.yaml', data: PACK_YAML },
        { name, data: PACK_YAML },
      ]),
    );
    await refused(file, parent, /archive entry ".*evil\.txt" is refused/);
  }
  assert.ok(!fs.existsSync(path.join(root, 'evil.txt')));
});

test('a zip bomb whose headers claim tiny sizes is stopped while inflating', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'bomb.zip');
  // 4 MiB of zeros deflate to a few KiB; the headers say 100 bytes.
  fs.writeFileSync(
    file,
    rawZip([
      { name: 'pack.yaml', data: PACK_YAML },
      { name: 'actions/bomb.bin', data: new Uint8Array(4 * MIB), declaredSize: 100 },
    ]),
  );
  assert.ok(fs.statSync(file).size < 64 * 1024);
  await refused(file, parent, /archive entry "actions\/bomb\.bin"/, {
    maxEntryBytes: MIB,
    maxTotalBytes: 2 * MIB,
  });
});

test('entries that together inflate past the total cap are stopped at the cap', async (t) => {
  // pack.yaml's bytes count too, so the fourth 1 MiB part is the one that crosses 4 MiB.
  const { root, parent } = setup(t);
  const file = path.join(root, 'many.zip');
  const entries = [{ name: 'pack.yaml', data: PACK_YAML }];
  for (let i = 0; i < 8; i++) entries.push({ name: `actions/part${i}.bin`, data: new Uint8Array(MIB) });
  fs.writeFileSync(file, rawZip(entries));
  await refused(file, parent, /archive inflates to more than 4194304 bytes \(at "actions\/part3\.bin"\)/, {
    maxEntryBytes: 2 * MIB,
    maxTotalBytes: 4 * MIB,
  });
});

test('an entry whose size is over the per-entry cap is refused before it is read', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'big.tar.gz');
  fs.writeFileSync(
    file,
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: 'big.bin', bytes: new Uint8Array(3 * MIB) },
    ]),
  );
  await refused(file, parent, /archive entry "big\.bin" is 3145728 bytes; the limit per entry is 1048576/, {
    maxEntryBytes: MIB,
  });
});

test('an archive with too many entries is refused', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'crowd.tar.gz');
  const entries = [{ path: 'pack.yaml', bytes: PACK_YAML }];
  for (let i = 0; i < 20; i++) entries.push({ path: `f${i}.txt`, bytes: PACK_YAML });
  fs.writeFileSync(file, rawTarGz(entries));
  await refused(file, parent, /more than 10 entries/, { maxEntries: 10 });
});

test('a file that is not an archive is refused', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'notes.txt');
  fs.writeFileSync(file, 'just text\n');
  await refused(file, parent, /not a \.tar\.gz, \.tar or \.zip archive/);
});

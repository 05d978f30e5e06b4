/**
 * docs/packs.md, "Importing" and "Archive limits" — what each kind of archive entry becomes: files
 * and folders are kept (an executable bit survives), every other kind is refused with the entry's
 * name and what it is, an encrypted zip entry is refused, and zip names are read as UTF-8 when
 * the entry says so and as Latin-1 otherwise.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { extractPackArchive } from '../../../core/packs/index.ts';
import { archiveFile, type RawZipEntry, rawTarGz, rawZip, TINY_PACK_YAML } from './helpers.ts';

const PACK_YAML = TINY_PACK_YAML;
const SCRIPT = new TextEncoder().encode('#!/bin/sh\necho hi\n');

const archive = archiveFile;

async function refusedWith(t: TestContext, name: string, bytes: Buffer, message: string): Promise<void> {
  const { file, parent } = archive(t, name, bytes);
  await assert.rejects(extractPackArchive(file, { tempParent: parent }), (err: unknown) => {
    assert.ok(err instanceof AttuneError, String(err));
    assert.equal(err.message, message);
    return true;
  });
  assert.deepEqual(fs.readdirSync(parent), [], 'the temporary folder is removed');
}

async function extracted(t: TestContext, name: string, bytes: Buffer) {
  const { file, parent } = archive(t, name, bytes);
  const x = await extractPackArchive(file, { tempParent: parent });
  t.after(() => x.cleanup());
  return x.packDir;
}

test('tar entries other than files and folders are refused naming the entry and its type', async (t) => {
  for (const type of ['FIFO', 'CharacterDevice'] as const) {
    await refusedWith(
      t,
      'odd.tar.gz',
      rawTarGz([
        { path: 'pack.yaml', bytes: PACK_YAML },
        { path: 'actions/odd', type },
      ]),
      `archive entry "actions/odd" is refused: it is of type ${type}; only files and folders are allowed`,
    );
  }
  for (const type of ['SymbolicLink', 'Link'] as const) {
    await refusedWith(
      t,
      'link.tar.gz',
      rawTarGz([
        { path: 'pack.yaml', bytes: PACK_YAML },
        { path: 'actions/l', type, linkpath: 'pack.yaml' },
      ]),
      'archive entry "actions/l" is refused: it is a link; only files and folders are allowed',
    );
  }
});

test('tar folders become folders, even empty ones, and a file keeps only an executable bit', async (t) => {
  const dir = await extracted(
    t,
    'kinds.tar.gz',
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: 'empty/', type: 'Directory' },
      { path: 'actions/run.sh', bytes: SCRIPT, mode: 0o700 },
      { path: 'actions/notes.txt', bytes: SCRIPT, mode: 0o666 },
      { path: 'actions/group.sh', bytes: SCRIPT, mode: 0o610 },
    ]),
  );
  assert.ok(fs.statSync(path.join(dir, 'empty')).isDirectory());
  assert.deepEqual(fs.readdirSync(path.join(dir, 'empty')), []);
  assert.equal(fs.statSync(path.join(dir, 'actions/run.sh')).mode & 0o777, 0o755);
  assert.equal(fs.statSync(path.join(dir, 'actions/notes.txt')).mode & 0o777, 0o644);
  assert.equal(fs.statSync(path.join(dir, 'actions/group.sh')).mode & 0o777, 0o755);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'actions/run.sh')), Buffer.from(SCRIPT));
});

test('zip entries that are devices, fifos or sockets are refused naming the entry', async (t) => {
  for (const unixMode of [0o010644, 0o020644, 0o060644, 0o140644]) {
    await refusedWith(
      t,
      'odd.zip',
      rawZip([
        { name: 'pack.yaml', data: PACK_YAML },
        { name: 'actions/odd', unixMode },
      ]),
      'archive entry "actions/odd" is refused: it is a device, fifo or socket; only files and folders are allowed',
    );
  }
});

test('an encrypted zip entry is refused naming the entry', async (t) => {
  await refusedWith(
    t,
    'secret.zip',
    rawZip([
      { name: 'pack.yaml', data: PACK_YAML },
      { name: 'actions/secret.sh', data: SCRIPT, flags: 0x0801 },
    ]),
    'archive entry "actions/secret.sh" is encrypted',
  );
});

test('zip folders become folders, by a trailing slash or by their mode, and only an executable bit is kept', async (t) => {
  const dir = await extracted(
    t,
    'kinds.zip',
    rawZip([
      { name: 'pack.yaml', data: PACK_YAML },
      { name: 'empty/' },
      { name: 'moded', unixMode: 0o40755 },
      { name: 'actions/run.sh', data: SCRIPT, unixMode: 0o100700 },
      { name: 'actions/notes.txt', data: SCRIPT, unixMode: 0o100666 },
      { name: 'actions/other.sh', data: SCRIPT, unixMode: 0o100601 },
    ]),
  );
  assert.ok(fs.statSync(path.join(dir, 'empty')).isDirectory());
  assert.ok(fs.statSync(path.join(dir, 'moded')).isDirectory());
  assert.equal(fs.statSync(path.join(dir, 'actions/run.sh')).mode & 0o777, 0o755);
  assert.equal(fs.statSync(path.join(dir, 'actions/notes.txt')).mode & 0o777, 0o644);
  assert.equal(fs.statSync(path.join(dir, 'actions/other.sh')).mode & 0o777, 0o755);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'actions/run.sh')), Buffer.from(SCRIPT));
});

test('a zip made outside Unix has no modes: its files are plain files, never executable', async (t) => {
  const dos = (e: RawZipEntry): RawZipEntry => ({ ...e, madeBy: 20 });
  const dir = await extracted(
    t,
    'dos.zip',
    rawZip([
      dos({ name: 'pack.yaml', data: PACK_YAML }),
      dos({ name: 'run.sh', data: SCRIPT, unixMode: 0o120777 }),
    ]),
  );
  assert.equal(fs.statSync(path.join(dir, 'run.sh')).mode & 0o777, 0o644, 'not read as a link either');
});

test('zip names are UTF-8 when the entry says so, Latin-1 otherwise', async (t) => {
  const dir = await extracted(
    t,
    'names.zip',
    rawZip([
      { name: 'pack.yaml', data: PACK_YAML },
      { name: 'café-utf8.txt', data: SCRIPT },
      {
        name: 'café-latin1.txt',
        nameBytes: Buffer.from('café-latin1.txt', 'latin1'),
        flags: 0,
        data: SCRIPT,
      },
    ]),
  );
  assert.deepEqual(fs.readdirSync(dir).sort(), ['café-latin1.txt', 'café-utf8.txt', 'pack.yaml']);
});

test('macOS metadata in a zip is left out, folders and files alike', async (t) => {
  const dir = await extracted(
    t,
    'mac.zip',
    rawZip([
      { name: 'pack.yaml', data: PACK_YAML },
      { name: '__MACOSX/' },
      { name: '__MACOSX/._pack.yaml', data: SCRIPT },
    ]),
  );
  assert.deepEqual(fs.readdirSync(dir), ['pack.yaml']);
});

test('an entry for the archive root itself and macOS metadata in a tar are left out', async (t) => {
  const dir = await extracted(
    t,
    'root.tar.gz',
    rawTarGz([
      { path: './', type: 'Directory' },
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: '__MACOSX/', type: 'Directory' },
      { path: '__MACOSX/._pack.yaml', bytes: SCRIPT },
    ]),
  );
  assert.deepEqual(fs.readdirSync(dir), ['pack.yaml']);
});

test('a zip entry for the archive root is left out, and a name ending in "/" is a folder without a mode', async (t) => {
  const dos = (e: RawZipEntry): RawZipEntry => ({ ...e, madeBy: 20 });
  const dir = await extracted(
    t,
    'root.zip',
    rawZip([dos({ name: './' }), dos({ name: 'pack.yaml', data: PACK_YAML }), dos({ name: 'empty/' })]),
  );
  assert.deepEqual(fs.readdirSync(dir).sort(), ['empty', 'pack.yaml']);
  assert.ok(fs.statSync(path.join(dir, 'empty')).isDirectory());
});

test('a zip entry whose data cannot be found is refused naming the entry', async (t) => {
  const zip = rawZip([
    { name: 'pack.yaml', data: PACK_YAML },
    { name: 'actions/run.sh', data: SCRIPT },
  ]);
  const second = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4);
  zip.writeUInt32LE(0, second);
  await refusedWith(
    t,
    'corrupt.zip',
    zip,
    'archive entry "actions/run.sh" cannot be read: invalid local file header signature: 0x0',
  );
});

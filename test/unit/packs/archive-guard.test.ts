/**
 * The per-entry guard of pack archive extraction (docs/packs.md, "Importing"): paths are
 * reduced to safe relative segments or refused; entries, bytes per entry and bytes in total are
 * counted against the limits, up to and including the limit and not one byte more; files are
 * created once, with the entry's executable bit, and only below the extraction folder. Each
 * refusal is an AttuneError on the field `archive` with an exact message.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import {
  type ArchiveLimits,
  archiveError,
  DEFAULT_ARCHIVE_LIMITS,
  entrySegments,
  GuardedWriter,
} from '../../../core/packs/archive-guard.ts';
import { extractPackArchive } from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { rawTarGz, rawZip } from './helpers.ts';

const LIMITS: ArchiveLimits = { maxEntryBytes: 10, maxTotalBytes: 15, maxEntries: 2 };

/** Asserts that `fn` throws the archive refusal with this code and exact message. */
function refusal(fn: () => unknown, code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE', message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AttuneError, String(err));
    assert.deepEqual([err.code, err.field, err.message], [code, 'archive', message]);
    return true;
  });
}

/** Open file descriptors of this process (Linux and macOS list them in /dev/fd). */
const openFds = () => fs.readdirSync('/dev/fd').length;

test('the default limits: 50 MiB per entry, 200 MiB in all, 10,000 entries', () => {
  assert.deepEqual(DEFAULT_ARCHIVE_LIMITS, {
    maxEntryBytes: 50 * 1_048_576,
    maxTotalBytes: 200 * 1_048_576,
    maxEntries: 10_000,
  });
});

test('an archive refusal is a BAD_REQUEST on the field "archive" unless said otherwise', () => {
  const plain = archiveError('nope');
  assert.deepEqual([plain.code, plain.field, plain.message], ['BAD_REQUEST', 'archive', 'nope']);
  assert.equal(archiveError('big', 'PAYLOAD_TOO_LARGE').code, 'PAYLOAD_TOO_LARGE');
});

test('entry names become relative segments, empty and "." segments dropped', () => {
  assert.deepEqual(entrySegments('pack.yaml'), ['pack.yaml']);
  assert.deepEqual(entrySegments('actions/run.sh'), ['actions', 'run.sh']);
  assert.deepEqual(entrySegments('./actions//./lib/x.py'), ['actions', 'lib', 'x.py']);
  assert.deepEqual(entrySegments('actions/'), ['actions']);
});

test('the archive root itself has no segments', () => {
  assert.equal(entrySegments('./'), null);
  assert.equal(entrySegments('.'), null);
  assert.equal(entrySegments('.//.'), null);
});

test('names that would leave the folder are refused, naming the entry', () => {
  refusal(
    () => entrySegments('../evil'),
    'BAD_REQUEST',
    'archive entry "../evil" is refused: it contains ".." and would leave the pack',
  );
  refusal(
    () => entrySegments('/etc/passwd'),
    'BAD_REQUEST',
    'archive entry "/etc/passwd" is refused: it is an absolute path; it must be relative to the pack',
  );
  refusal(
    () => entrySegments('a\\b'),
    'BAD_REQUEST',
    'archive entry "a\\b" is refused: it contains a backslash; use forward slashes',
  );
});

test('entries are counted up to the limit; one more is refused', (t) => {
  const w = new GuardedWriter(tempDir(t), LIMITS);
  w.countEntry('a');
  w.countEntry('b');
  refusal(() => w.countEntry('c'), 'PAYLOAD_TOO_LARGE', 'archive has more than 2 entries (at "c")');
});

test('a declared size up to the per-entry limit passes; one byte more is refused', (t) => {
  const w = new GuardedWriter(tempDir(t), LIMITS);
  w.checkDeclaredSize('ok', 10);
  refusal(
    () => w.checkDeclaredSize('big', 11),
    'PAYLOAD_TOO_LARGE',
    'archive entry "big" is 11 bytes; the limit per entry is 10',
  );
});

test('folders are created with their parents, below the root', (t) => {
  const root = tempDir(t);
  new GuardedWriter(root, LIMITS).directory(['a', 'b', 'c']);
  assert.ok(fs.statSync(path.join(root, 'a', 'b', 'c')).isDirectory());
});

test('files are created with their parents, 0644 or 0755 for an executable entry', (t) => {
  const root = tempDir(t);
  const w = new GuardedWriter(root, LIMITS);
  const plain = w.open('lib/x.py', ['lib', 'x.py'], false);
  plain.write(new TextEncoder().encode('print()'));
  plain.close();
  const run = w.open('bin/run', ['bin', 'run'], true);
  run.close();
  assert.equal(fs.readFileSync(path.join(root, 'lib', 'x.py'), 'utf8'), 'print()');
  // The process umask may only remove bits, never add them.
  assert.equal(fs.statSync(path.join(root, 'lib', 'x.py')).mode & 0o111, 0);
  assert.equal(fs.statSync(path.join(root, 'bin', 'run')).mode & 0o100, 0o100);
});

test('a second entry with the same path is refused, whether the first was a file or a folder', (t) => {
  const root = tempDir(t);
  const w = new GuardedWriter(root, LIMITS);
  w.open('a.txt', ['a.txt'], false).close();
  refusal(() => w.open('./a.txt', ['a.txt'], false), 'BAD_REQUEST', 'archive entry "./a.txt" appears twice');
  w.directory(['d']);
  refusal(() => w.open('d', ['d'], false), 'BAD_REQUEST', 'archive entry "d" appears twice');
});

test('an entry below a path the archive has as a file is refused, not a crash', (t) => {
  const root = tempDir(t);
  const w = new GuardedWriter(root, LIMITS);
  w.open('f', ['f'], false).close();
  refusal(
    () => w.open('f/g', ['f', 'g'], false),
    'BAD_REQUEST',
    'archive entry "f/g" needs the folder "f", which the archive has as a file',
  );
  refusal(
    () => w.open('f/g/h', ['f', 'g', 'h'], false),
    'BAD_REQUEST',
    'archive entry "f/g/h" needs the folder "f/g", which the archive has as a file',
  );
  refusal(
    () => w.directory(['f']),
    'BAD_REQUEST',
    'archive entry "f/" needs the folder "f", which the archive has as a file',
  );
  refusal(
    () => w.directory(['f', 'g']),
    'BAD_REQUEST',
    'archive entry "f/g/" needs the folder "f/g", which the archive has as a file',
  );
});

test('a name the file system cannot hold is refused with the reason', (t) => {
  const w = new GuardedWriter(tempDir(t), LIMITS);
  const long = 'n'.repeat(300);
  const cannot = (fn: () => unknown, name: string) =>
    assert.throws(fn, (err: unknown) => {
      assert.ok(err instanceof AttuneError, String(err));
      assert.deepEqual([err.code, err.field], ['BAD_REQUEST', 'archive']);
      assert.ok(
        err.message.startsWith(`archive entry "${name}" cannot be written: ENAMETOOLONG`),
        err.message,
      );
      return true;
    });
  cannot(() => w.open(long, [long], false), long);
  cannot(() => w.open(`${long}/x`, [long, 'x'], false), `${long}/x`);
  cannot(() => w.directory([long]), `${long}/`);
});

test('an archive with a file and then a folder of the same name is refused by name (tar and zip)', async (t) => {
  const root = tempDir(t);
  const tar = path.join(root, 'clash.tar.gz');
  fs.writeFileSync(
    tar,
    rawTarGz([
      { path: 'pack.yaml', bytes: new TextEncoder().encode('ref: x\n') },
      { path: 'actions', bytes: new Uint8Array(1) },
      { path: 'actions/run.sh', bytes: new Uint8Array(1) },
    ]),
  );
  const zip = path.join(root, 'clash.zip');
  fs.writeFileSync(
    zip,
    rawZip([
      { name: 'actions', data: new Uint8Array(1) },
      { name: 'actions/', unixMode: 0o40755 },
    ]),
  );
  const message = {
    [tar]: 'archive entry "actions/run.sh" needs the folder "actions", which the archive has as a file',
    [zip]: 'archive entry "actions/" needs the folder "actions", which the archive has as a file',
  };
  for (const file of [tar, zip]) {
    const parent = path.join(root, `parent-${path.extname(file)}`);
    fs.mkdirSync(parent);
    await assert.rejects(extractPackArchive(file, { tempParent: parent }), (err: unknown) => {
      assert.ok(err instanceof AttuneError, String(err));
      assert.deepEqual([err.code, err.field, err.message], ['BAD_REQUEST', 'archive', message[file]]);
      return true;
    });
    assert.deepEqual(fs.readdirSync(parent), [], 'the temporary folder is removed');
  }
});

test('an entry may inflate to exactly its limit; one byte more is refused while writing', (t) => {
  const root = tempDir(t);
  const w = new GuardedWriter(root, { ...LIMITS, maxTotalBytes: 100 });
  const f = w.open('x', ['x'], false);
  f.write(new Uint8Array(6));
  f.write(new Uint8Array(4));
  refusal(
    () => f.write(new Uint8Array(1)),
    'PAYLOAD_TOO_LARGE',
    'archive entry "x" inflates to more than 10 bytes',
  );
  f.close();
  assert.equal(fs.statSync(path.join(root, 'x')).size, 10, 'the refused chunk was not written');
});

test('all entries together may inflate to exactly the total limit; one byte more is refused', (t) => {
  const w = new GuardedWriter(tempDir(t), LIMITS);
  const a = w.open('a', ['a'], false);
  a.write(new Uint8Array(10));
  a.close();
  const b = w.open('b', ['b'], false);
  b.write(new Uint8Array(5));
  refusal(
    () => b.write(new Uint8Array(1)),
    'PAYLOAD_TOO_LARGE',
    'archive inflates to more than 15 bytes (at "b")',
  );
  b.close();
});

test('addTotal counts across entries', (t) => {
  const w = new GuardedWriter(tempDir(t), LIMITS);
  w.addTotal('a', 15);
  refusal(() => w.addTotal('b', 1), 'PAYLOAD_TOO_LARGE', 'archive inflates to more than 15 bytes (at "b")');
});

test('closing releases the file descriptor, and closing twice is harmless', (t) => {
  const root = tempDir(t);
  const w = new GuardedWriter(root, LIMITS);
  const before = openFds();
  const f = w.open('x', ['x'], false);
  assert.equal(openFds(), before + 1);
  f.close();
  assert.equal(openFds(), before);
  f.close();
  assert.equal(openFds(), before);
});

test('a chunk arriving after close is not written', (t) => {
  const root = tempDir(t);
  const f = new GuardedWriter(root, LIMITS).open('x', ['x'], false);
  f.write(new TextEncoder().encode('ab'));
  f.close();
  f.write(new TextEncoder().encode('cd'));
  assert.equal(fs.readFileSync(path.join(root, 'x'), 'utf8'), 'ab');
});

/**
 * docs/packs.md, "Importing" — extraction leaves no file of its own open, whether the archive is
 * imported or refused (the file read for its format, the tar stream, the zip's descriptor), and
 * an archive that can no longer be read once its format is known is refused with the reason,
 * gzipped or not. Open files are counted in /proc/self/fd, so these tests run on Linux only.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { AttuneError } from '../../../core/model/errors.ts';
import { extractPackArchive } from '../../../core/packs/index.ts';
import { archiveFile, extractRefusal, rawTarGz, rawZip, TINY_PACK_YAML } from './helpers.ts';

const linuxOnly = { skip: process.platform !== 'linux' && 'counts open files in /proc/self/fd' };

function openFiles(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/**
 * Waits for the process to hold `count` open files again; streams and yauzl close their
 * descriptors asynchronously, a moment after the promise settles. Fails if they stay open.
 */
async function backTo(count: number, what: string): Promise<void> {
  for (let i = 0; i < 200 && openFiles() > count; i++) await sleep(10);
  assert.equal(openFiles(), count, `${what}: every file extraction opened is closed`);
}

async function imported(t: TestContext, name: string, bytes: Buffer): Promise<void> {
  const { file, parent } = archiveFile(t, name, bytes);
  const before = openFiles();
  const x = await extractPackArchive(file, { tempParent: parent });
  t.after(() => x.cleanup());
  assert.deepEqual(fs.readdirSync(x.packDir), ['pack.yaml']);
  await backTo(before, name);
}

async function refused(t: TestContext, name: string, bytes: Buffer, message: string): Promise<void> {
  const { file, parent } = archiveFile(t, name, bytes);
  const before = openFiles();
  assert.equal((await extractRefusal(file, parent)).message, message);
  await backTo(before, name);
}

const tarGz = rawTarGz([{ path: 'pack.yaml', bytes: TINY_PACK_YAML }]);

test('an imported archive leaves no file open: zip, gzipped tar, plain tar', linuxOnly, async (t) => {
  await imported(t, 'pack.zip', rawZip([{ name: 'pack.yaml', data: TINY_PACK_YAML }]));
  await imported(t, 'pack.tar.gz', tarGz);
  await imported(t, 'pack.tar', gunzipSync(tarGz));
});

test('a refused archive leaves no file open, whatever refused it', linuxOnly, async (t) => {
  await refused(
    t,
    'notes.txt',
    Buffer.from('not an archive at all'),
    'the file is not a .tar.gz, .tar or .zip archive',
  );
  await refused(
    t,
    'link.zip',
    rawZip([
      { name: 'pack.yaml', data: TINY_PACK_YAML },
      { name: 'evil', data: new TextEncoder().encode('/etc/passwd'), unixMode: 0o120777 },
    ]),
    'archive entry "evil" is refused: it is a symbolic link; only files and folders are allowed',
  );
  await refused(
    t,
    'link.tar.gz',
    rawTarGz([{ path: 'evil', type: 'SymbolicLink', linkpath: 'pack.yaml' }]),
    'archive entry "evil" is refused: it is a link; only files and folders are allowed',
  );
});

test('a tar refused in the middle of a file it was writing leaves no file open', linuxOnly, async (t) => {
  // Over the total cap while pack.yaml's data is written: the refusal closes the file itself.
  const { file, parent } = archiveFile(
    t,
    'big.tar.gz',
    rawTarGz([{ path: 'pack.yaml', bytes: new Uint8Array(300_000) }]),
  );
  const before = openFiles();
  const r = await extractRefusal(file, parent, { maxTotalBytes: 1000 });
  assert.match(r.message, /more than 1000 bytes/);
  await backTo(before, 'big.tar.gz');
});

/** Removes the archive once its format was read: the temporary folder's parent is asked for then. */
async function vanishingRefusal(
  t: TestContext,
  name: string,
  bytes: Buffer,
): Promise<{ err: unknown; file: string }> {
  const { file, parent } = archiveFile(t, name, bytes);
  const options = {
    get tempParent(): string {
      fs.rmSync(file);
      return parent;
    },
  };
  let caught: unknown;
  await assert.rejects(
    extractPackArchive(file, options).catch((err: unknown) => {
      caught = err;
      throw err;
    }),
  );
  assert.deepEqual(fs.readdirSync(parent), [], 'the temporary folder is removed');
  return { err: caught, file };
}

test('an archive that cannot be read after its format was known is refused with the reason, gzipped or not', async (t) => {
  for (const [name, bytes] of [
    ['gone.tar.gz', tarGz],
    ['gone.tar', gunzipSync(tarGz)],
  ] as const) {
    const { err, file } = await vanishingRefusal(t, name, bytes);
    assert.ok(err instanceof AttuneError, `${name}: ${String(err)}`);
    assert.deepEqual(
      { code: err.code, field: err.field, message: err.message },
      {
        code: 'BAD_REQUEST',
        field: 'archive',
        message: `the archive cannot be read: ENOENT: no such file or directory, open '${file}'`,
      },
    );
  }
});

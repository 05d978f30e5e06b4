/**
 * docs/packs.md, "Importing" and "Archive limits" — an archive is read by what its bytes are, not
 * by its name (a zip, a gzipped tar or a plain tar); the pack is found at the archive's root or
 * inside its one top-level folder; an archive that cannot be read, a zip with more entries than
 * the limit and a tar header that fails its checksum are refused with the reason, and the
 * temporary folder is removed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extractPackArchive } from '../../../core/packs/index.ts';
import { archiveFile, extractRefusal, rawTarGz, rawZip, TINY_PACK_YAML } from './helpers.ts';

const PACK_YAML = TINY_PACK_YAML;

const archive = archiveFile;

/** The refusal's code and message; the temporary folder must be gone. */
function refusal(t: TestContext, name: string, bytes: Buffer, limits = {}) {
  const { file, parent } = archive(t, name, bytes);
  return extractRefusal(file, parent, limits);
}

async function extracted(t: TestContext, name: string, bytes: Buffer, limits = {}) {
  const { file, parent } = archive(t, name, bytes);
  const x = await extractPackArchive(file, { tempParent: parent, limits });
  t.after(() => x.cleanup());
  return x;
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

test('a plain (not gzipped) tar is read as a tar, whatever the file is called', async (t) => {
  const tar = gunzipSync(rawTarGz([{ path: 'pack.yaml', bytes: PACK_YAML }]));
  const x = await extracted(t, 'pack.zip', tar);
  assert.deepEqual(files(x.packDir), ['pack.yaml']);
  assert.deepEqual(fs.readFileSync(path.join(x.packDir, 'pack.yaml')), Buffer.from(PACK_YAML));
});

test('a zip and a gzipped tar are read by their bytes, whatever the file is called', async (t) => {
  const zip = await extracted(t, 'pack.tar', rawZip([{ name: 'pack.yaml', data: PACK_YAML }]));
  assert.deepEqual(files(zip.packDir), ['pack.yaml']);
  const tgz = await extracted(t, 'pack.zip', rawTarGz([{ path: 'pack.yaml', bytes: PACK_YAML }]));
  assert.deepEqual(files(tgz.packDir), ['pack.yaml']);
});

test('an empty zip (only its end record) is a zip without pack.yaml', async (t) => {
  const r = await refusal(t, 'empty.zip', rawZip([]));
  assert.deepEqual(r, {
    code: 'BAD_REQUEST',
    message: 'the archive has no pack.yaml at its root or inside a single top-level folder',
    field: 'archive',
  });
});

test('a file too short for any archive header, or with "ustar" one byte off, is not an archive', async (t) => {
  const tar = gunzipSync(rawTarGz([{ path: 'pack.yaml', bytes: PACK_YAML }]));
  const shifted = Buffer.concat([Buffer.alloc(1), tar]);
  for (const bytes of [Buffer.from([0x1f]), Buffer.from('PK\u0003'), Buffer.alloc(0), shifted]) {
    const r = await refusal(t, 'short.tar.gz', bytes);
    assert.deepEqual(r, {
      code: 'BAD_REQUEST',
      message: 'the file is not a .tar.gz, .tar or .zip archive',
      field: 'archive',
    });
  }
});

test('a file of just the gzip magic bytes is a .tar.gz that cannot be read', async (t) => {
  const r = await refusal(t, 'cut.tar.gz', Buffer.from([0x1f, 0x8b]));
  assert.deepEqual(r, {
    code: 'BAD_REQUEST',
    message: 'the archive cannot be read: unexpected end of file',
    field: 'archive',
  });
});

test('a file of just the four magic bytes of a zip entry or of a zip end record is a zip that cannot be read', async (t) => {
  for (const magic of [
    [0x50, 0x4b, 0x03, 0x04],
    [0x50, 0x4b, 0x05, 0x06],
  ]) {
    const r = await refusal(t, 'cut.zip', Buffer.from(magic));
    assert.deepEqual(r, {
      code: 'BAD_REQUEST',
      message:
        'the archive cannot be read: End of central directory record signature not found. Either not a zip file, or file is truncated.',
      field: 'archive',
    });
  }
});

test('a file that starts like a zip but has no central directory cannot be read', async (t) => {
  const zip = rawZip([{ name: 'pack.yaml', data: PACK_YAML }]);
  const r = await refusal(t, 'cut.zip', zip.subarray(0, 40));
  assert.deepEqual(r, {
    code: 'BAD_REQUEST',
    message:
      'the archive cannot be read: End of central directory record signature not found. Either not a zip file, or file is truncated.',
    field: 'archive',
  });
});

test('a zip with more entries than the limit is refused from its directory; exactly the limit is read', async (t) => {
  const entries = [
    { name: 'pack.yaml', data: PACK_YAML },
    { name: 'a.txt', data: PACK_YAML },
    { name: 'b.txt', data: PACK_YAML },
  ];
  const r = await refusal(t, 'crowd.zip', rawZip(entries), { maxEntries: 2 });
  assert.deepEqual(r, {
    code: 'PAYLOAD_TOO_LARGE',
    message: 'archive has 3 entries; the limit is 2',
    field: 'archive',
  });
  const x = await extracted(t, 'full.zip', rawZip(entries), { maxEntries: 3 });
  assert.deepEqual(files(x.packDir), ['a.txt', 'b.txt', 'pack.yaml']);
});

test('a folder called pack.yaml is not a pack.yaml, at the root or in the top-level folder', async (t) => {
  for (const [name, entries] of [
    ['root.tar.gz', [{ path: 'pack.yaml/', type: 'Directory' as const }]],
    [
      'nested.tar.gz',
      [
        { path: 'tiny/', type: 'Directory' as const },
        { path: 'tiny/pack.yaml/', type: 'Directory' as const },
      ],
    ],
  ] as const) {
    const r = await refusal(t, name, rawTarGz([...entries]));
    assert.equal(r.message, 'the archive has no pack.yaml at its root or inside a single top-level folder');
  }
});

test('two top-level folders are refused even when each holds a pack.yaml', async (t) => {
  const r = await refusal(
    t,
    'two.tar.gz',
    rawTarGz([
      { path: 'a/pack.yaml', bytes: PACK_YAML },
      { path: 'b/pack.yaml', bytes: PACK_YAML },
    ]),
  );
  assert.equal(r.message, 'the archive has no pack.yaml at its root or inside a single top-level folder');
});

test('a single top-level file that is not pack.yaml is not a pack', async (t) => {
  const r = await refusal(t, 'one.tar.gz', rawTarGz([{ path: 'tiny', bytes: PACK_YAML }]));
  assert.equal(r.message, 'the archive has no pack.yaml at its root or inside a single top-level folder');
});

test('a tar header whose checksum is wrong is refused naming the entry', async (t) => {
  const tar = gunzipSync(
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: 'actions/run.sh', bytes: PACK_YAML },
    ]),
  );
  // The second header starts after pack.yaml's header and one block of data; byte 100 is its mode.
  tar.writeUInt8(tar.readUInt8(1024 + 100) ^ 0x01, 1024 + 100);
  const r = await refusal(t, 'bad.tar', Buffer.from(tar));
  assert.deepEqual(r, {
    code: 'BAD_REQUEST',
    message: 'archive entry "actions/run.sh" is refused: TAR_ENTRY_INVALID: checksum failure',
    field: 'archive',
  });
});

test('a zip entry whose data disagrees with its header, or does not inflate, is refused as corrupt naming it', async (t) => {
  const letters = (n: number) => new Uint8Array(n).fill(65);
  const longer = rawZip([
    { name: 'pack.yaml', data: PACK_YAML },
    { name: 'a.txt', data: letters(1000), declaredSize: 10 },
  ]);
  const shorter = rawZip([
    { name: 'pack.yaml', data: PACK_YAML },
    { name: 'a.txt', data: letters(10), declaredSize: 1000 },
  ]);
  const broken = rawZip([
    { name: 'pack.yaml', data: PACK_YAML },
    { name: 'a.txt', data: letters(100) },
  ]);
  // The first byte of a deflate stream with both type bits set is a block type that does not exist.
  broken[broken.indexOf(Buffer.from('a.txt')) + 'a.txt'.length] = 0xff;
  for (const [bytes, reason] of [
    [longer, 'too many bytes in the stream. expected 10. got at least 1000'],
    [shorter, 'not enough bytes in the stream. expected 1000. got only 10'],
    [broken, 'invalid block type'],
  ] as const) {
    const r = await refusal(t, 'corrupt.zip', bytes);
    assert.deepEqual(r, {
      code: 'BAD_REQUEST',
      message: `archive entry "a.txt" is corrupt: ${reason}`,
      field: 'archive',
    });
  }
});

test('a file whose first two bytes are only half the gzip magic is not an archive', async (t) => {
  for (const bytes of [Buffer.from([0x1f, 0x00, 1, 2]), Buffer.from([0x00, 0x8b, 1, 2])]) {
    const r = await refusal(t, 'half.tar.gz', bytes);
    assert.equal(r.message, 'the file is not a .tar.gz, .tar or .zip archive');
  }
});

test('old-style and contiguous tar file entries are files', async (t) => {
  for (const type of ['OldFile', 'ContiguousFile'] as const) {
    const x = await extracted(t, 'old.tar.gz', rawTarGz([{ path: 'pack.yaml', bytes: PACK_YAML, type }]));
    assert.deepEqual(fs.readFileSync(path.join(x.packDir, 'pack.yaml')), Buffer.from(PACK_YAML));
  }
});

test('a tar cut off inside an entry cannot be read; one without its end-of-archive marker is read to its end', async (t) => {
  const tar = gunzipSync(
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: 'a.txt', bytes: new Uint8Array(2000) },
    ]),
  );
  const cut = await refusal(t, 'cut.tar.gz', gzipSync(tar.subarray(0, 2048)));
  assert.deepEqual(cut, {
    code: 'BAD_REQUEST',
    message:
      'the archive cannot be read: TAR_BAD_ARCHIVE: Truncated input (needed 1536 more bytes, only 0 available)',
    field: 'archive',
  });
  const x = await extracted(t, 'noend.tar.gz', gzipSync(tar.subarray(0, tar.length - 1024)));
  assert.deepEqual(files(x.packDir), ['a.txt', 'pack.yaml']);
});

test('a zip whose central directory is damaged cannot be read', async (t) => {
  const zip = rawZip([
    { name: 'pack.yaml', data: PACK_YAML },
    { name: 'a.txt', data: PACK_YAML },
  ]);
  const first = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(0, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), first + 4));
  const r = await refusal(t, 'cdir.zip', zip);
  assert.deepEqual(r, {
    code: 'BAD_REQUEST',
    message: 'the archive cannot be read: invalid central directory file header signature: 0x0',
    field: 'archive',
  });
});

test('a tar stream exactly at its cap is read; one block more is refused as too large', async (t) => {
  // A 10,240-byte pax record (read by tar itself, counted only in the stream), pack.yaml, the end
  // marker: 12,800 bytes. The cap is 512 + (1 entry + 2) × 4,096 = 12,800.
  const record = (() => {
    const body = (n: number) => ` comment=${'x'.repeat(n)}\n`;
    const withLength = (n: number) => {
      let length = body(n).length + 1;
      while (String(length).length + body(n).length !== length)
        length = String(length).length + body(n).length;
      return `${length}${body(n)}`;
    };
    return new TextEncoder().encode(withLength(10240 - 15));
  })();
  assert.equal(record.length, 10240);
  const tar = gunzipSync(
    rawTarGz([
      { path: 'PaxHeader', type: 'ExtendedHeader', bytes: record },
      { path: 'pack.yaml', bytes: PACK_YAML },
    ]),
  );
  assert.equal(tar.length, 12800);
  const limits = { maxEntries: 1, maxTotalBytes: 512 };
  const x = await extracted(t, 'exact.tar.gz', gzipSync(tar), limits);
  assert.deepEqual(files(x.packDir), ['pack.yaml']);
  const r = await refusal(t, 'over.tar.gz', gzipSync(Buffer.concat([tar, Buffer.alloc(512)])), limits);
  assert.deepEqual(r, {
    code: 'PAYLOAD_TOO_LARGE',
    message: 'archive inflates to more than 12800 bytes of tar data',
    field: 'archive',
  });
});

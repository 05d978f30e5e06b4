/**
 * docs/packs.md, "Archive limits" — tar entries of kinds a pack never uses and that tar itself
 * skips (an ACL or tape-volume record, an extended header too large to apply) are left out of the
 * import, yet still count against the entry limit and, by their declared size, the per-entry
 * limit; their data is never written, so the tar stream's cap bounds it. A large
 * archive, each file spread over many reads of the stream, is extracted completely and byte for
 * byte.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { extractPackArchive } from '../../../core/packs/index.ts';
import { archiveFile, extractRefusal, type RawTarEntry, rawTarGz, TINY_PACK_YAML } from './helpers.ts';

const PACK_YAML = TINY_PACK_YAML;
const ACL = new Uint8Array(600).fill(0x41);

function archive(t: TestContext, entries: RawTarEntry[]) {
  return archiveFile(t, 'pack.tar.gz', rawTarGz(entries));
}

async function extracted(t: TestContext, entries: RawTarEntry[], limits = {}) {
  const { file, parent } = archive(t, entries);
  const x = await extractPackArchive(file, { tempParent: parent, limits });
  t.after(() => x.cleanup());
  return x;
}

function refusal(t: TestContext, entries: RawTarEntry[], limits = {}) {
  const { file, parent } = archive(t, entries);
  return extractRefusal(file, parent, limits);
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

const WITH_SKIPPED: RawTarEntry[] = [
  { path: 'pack.yaml', bytes: PACK_YAML },
  { path: 'acl', type: 'SolarisACL', bytes: ACL },
  { path: 'volume', type: 'TapeVolumeHeader' },
  { path: 'actions/a.sh', bytes: new TextEncoder().encode('echo a\n') },
];

test('entries tar skips (an ACL record, a tape-volume header) are left out; the rest is imported', async (t) => {
  const x = await extracted(t, WITH_SKIPPED);
  assert.deepEqual(files(x.packDir), ['actions/a.sh', 'pack.yaml']);
  assert.deepEqual(fs.readFileSync(path.join(x.packDir, 'pack.yaml')), Buffer.from(PACK_YAML));
  assert.equal(fs.readFileSync(path.join(x.packDir, 'actions/a.sh'), 'utf8'), 'echo a\n');
});

test('a skipped entry counts against the entry limit, and the refusal names it', async (t) => {
  await extracted(t, WITH_SKIPPED, { maxEntries: 4 });
  assert.deepEqual(await refusal(t, WITH_SKIPPED, { maxEntries: 2 }), {
    code: 'PAYLOAD_TOO_LARGE',
    message: 'archive has more than 2 entries (at "volume")',
    field: 'archive',
  });
});

test('a skipped entry whose declared size is over the per-entry limit is refused by name', async (t) => {
  await extracted(t, WITH_SKIPPED, { maxEntryBytes: 600 });
  assert.deepEqual(await refusal(t, WITH_SKIPPED, { maxEntryBytes: 599 }), {
    code: 'PAYLOAD_TOO_LARGE',
    message: 'archive entry "acl" is 600 bytes; the limit per entry is 599',
    field: 'archive',
  });
});

test("a skipped entry's data is never written, so only the tar stream's cap bounds it", async (t) => {
  const kept = PACK_YAML.length + 7;
  const x = await extracted(t, WITH_SKIPPED, { maxTotalBytes: kept });
  assert.deepEqual(files(x.packDir), ['actions/a.sh', 'pack.yaml']);
  const big: RawTarEntry[] = [
    { path: 'pack.yaml', bytes: PACK_YAML },
    { path: 'acl', type: 'SolarisACL', bytes: new Uint8Array(65_536) },
  ];
  // Cap: 100 bytes of files plus 4096 bytes of header room for each of (4 + 2) entries.
  assert.deepEqual(await refusal(t, big, { maxTotalBytes: 100, maxEntries: 4 }), {
    code: 'PAYLOAD_TOO_LARGE',
    message: 'archive inflates to more than 24676 bytes of tar data',
    field: 'archive',
  });
});

test("an extended header over tar's 1 MiB meta limit is skipped and counted, not applied", async (t) => {
  const record = `${'x'.repeat(1_048_576)}\n`;
  const entries: RawTarEntry[] = [
    { path: 'pack.yaml', bytes: PACK_YAML },
    { path: 'pax', type: 'ExtendedHeader', bytes: new TextEncoder().encode(record) },
    { path: 'b.txt', bytes: new TextEncoder().encode('b\n') },
  ];
  const x = await extracted(t, entries, { maxEntries: 3 });
  assert.deepEqual(files(x.packDir), ['b.txt', 'pack.yaml']);
  // Three entries with the skipped header: the third file is one too many for a limit of two.
  assert.equal(
    (await refusal(t, entries, { maxEntries: 2 })).message,
    'archive has more than 2 entries (at "b.txt")',
  );
});

test('a large archive, its files spanning many reads, is extracted completely and byte for byte', async (t) => {
  const blobs = Array.from({ length: 24 }, (_, i) => ({
    path: `data/blob-${i}.bin`,
    bytes: randomBytes(512 * 1024 + i),
  }));
  const x = await extracted(t, [{ path: 'pack.yaml', bytes: PACK_YAML }, ...blobs]);
  assert.equal(files(x.packDir).length, blobs.length + 1);
  for (const b of blobs) {
    assert.ok(fs.readFileSync(path.join(x.packDir, b.path)).equals(Buffer.from(b.bytes)), b.path);
  }
});

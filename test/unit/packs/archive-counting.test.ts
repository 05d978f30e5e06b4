/**
 * docs/packs.md, "Archive limits" — every inflated byte counts: an entry's data against the
 * per-entry and total caps whether the entry is kept or skipped (macOS `__MACOSX/` metadata),
 * the whole tar stream against the total cap plus room for headers (so pax records
 * cannot carry a bomb), and nothing after the end-of-archive marker is read. A 2.6 MB .tar.gz
 * whose `__MACOSX/` entry inflated to 2 GiB used to pass as valid.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AttuneError } from '../../../core/model/errors.ts';
import { extractPackArchive } from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { rawTarGz, rawZip, TINY_PACK_YAML } from './helpers.ts';

const PACK_YAML = TINY_PACK_YAML;
const MIB = 1_048_576;

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

/** A pax record `<length> <key>=<value>\n`, its length counting its own digits. */
function paxRecord(key: string, value: string): Uint8Array {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return new TextEncoder().encode(`${length}${body}`);
}

test('__MACOSX entries of a tar count toward the total cap and stop the extraction there', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'mac.tar.gz');
  fs.writeFileSync(
    file,
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: '__MACOSX/._a', bytes: new Uint8Array(MIB / 2) },
      { path: '__MACOSX/._b', bytes: new Uint8Array(MIB) },
    ]),
  );
  await refused(file, parent, /^archive inflates to more than 1048576 bytes \(at "__MACOSX\/\._b"\)$/, {
    maxTotalBytes: MIB,
  });
});

test('a skipped tar entry over the per-entry cap is refused by its header', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'mac.tar.gz');
  fs.writeFileSync(
    file,
    rawTarGz([
      { path: 'pack.yaml', bytes: PACK_YAML },
      { path: '__MACOSX/._big', bytes: new Uint8Array(2 * MIB) },
    ]),
  );
  await refused(
    file,
    parent,
    /archive entry "__MACOSX\/\._big" is 2097152 bytes; the limit per entry is 1048576/,
    {
      maxEntryBytes: MIB,
    },
  );
});

test('pax records count toward the inflated tar stream, which is capped too', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'pax.tar.gz');
  const record = paxRecord('comment', 'x'.repeat(100 * 1024));
  const entries = Array.from({ length: 40 }, () => ({
    path: 'PaxHeader',
    type: 'ExtendedHeader' as const,
    bytes: record,
  }));
  fs.writeFileSync(file, rawTarGz([...entries, { path: 'pack.yaml', bytes: PACK_YAML }]));
  // 1 MiB of entry data plus 4 KiB of header room for each of 10 entries and the end marker.
  await refused(file, parent, /^archive inflates to more than 1097728 bytes of tar data$/, {
    maxTotalBytes: MIB,
    maxEntries: 10,
  });
});

test('nothing after the end-of-archive marker is read', async (t) => {
  const { root, parent } = setup(t);
  const file = path.join(root, 'trailing.tar.gz');
  const tar = gunzipSync(rawTarGz([{ path: 'pack.yaml', bytes: PACK_YAML }]));
  // Read, these 4 MiB would cross the stream cap (1 MiB plus header room for 2 entries) and be refused.
  fs.writeFileSync(file, gzipSync(Buffer.concat([tar, Buffer.alloc(4 * MIB, 'junk')])));
  const limits = { maxTotalBytes: MIB, maxEntries: 2 };
  const x = await extractPackArchive(file, { tempParent: parent, limits });
  t.after(() => x.cleanup());
  assert.deepEqual(fs.readdirSync(x.root), ['pack.yaml']);
});

test('__MACOSX entries of a zip are skipped without being inflated', async (t) => {
  // Inflated, this entry would break the total cap and its lying header (100 bytes for 4 MiB).
  const { root, parent } = setup(t);
  const file = path.join(root, 'mac.zip');
  fs.writeFileSync(
    file,
    rawZip([
      { name: 'pack.yaml', data: PACK_YAML },
      { name: '__MACOSX/._bomb', data: new Uint8Array(4 * MIB), declaredSize: 100 },
    ]),
  );
  const x = await extractPackArchive(file, { tempParent: parent, limits: { maxTotalBytes: MIB } });
  t.after(() => x.cleanup());
  assert.deepEqual(fs.readdirSync(x.root), ['pack.yaml']);
});

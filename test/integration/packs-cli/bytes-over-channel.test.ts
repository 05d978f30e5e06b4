/**
 * A pack archive sent as bytes (docs/api.md "Packs"): `packs.validate` and `packs.import` take
 * `content_base64` instead of `path`, so a file chosen in the UI crosses the WebSocket or IPC;
 * the host writes it to a private temporary file, reads it like any archive and removes it.
 * Problems are reported against `source_name`; exactly one of the two sources must be given.
 *
 * The host's temporary files go under `os.tmpdir()`, which this file points at a folder of its
 * own: the system's is shared with every other test and run, whose files come and go meanwhile.
 * Changing the environment is why this file runs in a process of its own.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import * as tar from 'tar';
import type { RuleView } from '../../../core/contract/entities.ts';
import type { PackReport } from '../../../core/contract/packs.ts';
import { FIXTURE_PACKS, startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import type { ErrorBody } from '../packs/helpers.ts';

async function demoArchive(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const file = path.join(tempDir(t), 'demo.tar.gz');
  await tar.create({ gzip: true, cwd: FIXTURE_PACKS, file }, ['demo']);
  return fs.readFileSync(file).toString('base64');
}

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bytes-over-channel-'));
const systemTmp = process.env.TMPDIR;
process.env.TMPDIR = TMP;
after(() => {
  if (systemTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = systemTmp;
  fs.rmSync(TMP, { recursive: true, force: true });
});

/** What is in the temp folder besides the tests' own folders (data folders, archives). */
const leftovers = () =>
  fs
    .readdirSync(TMP)
    .filter((n) => !n.startsWith('attune-test-'))
    .sort();

test('an archive sent as base64 validates, then imports with its rules disabled, leaving no temp file', async (t) => {
  const host = await startTestHost(t);
  const content_base64 = await demoArchive(t);
  assert.equal(os.tmpdir(), TMP);
  const dry = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/validate', {
    content_base64,
    source_name: 'demo.tar.gz',
  });
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.equal(dry.body.data.valid, true);
  assert.equal(dry.body.data.installed, false);
  assert.equal((await host.api('GET', '/api/v1/packs/demo')).status, 404);

  const r = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/import', {
    content_base64,
    source_name: 'demo.tar.gz',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.data.operation, 'installed');
  const backup = r.body.data.actions.find((a) => a.ref === 'demo.backup');
  assert.equal(backup?.script?.path, 'actions/backup.sh');
  assert.ok((backup?.script?.first_lines.length ?? 0) > 0, 'the review shows the script');
  const rules = await host.api<{ items: RuleView[] }>('GET', '/api/v1/rules?pack_ref=demo');
  assert.ok(rules.body.items.length > 0);
  assert.ok(
    rules.body.items.every((rule) => !rule.enabled),
    'imported rules start disabled',
  );
  assert.deepEqual(leftovers(), [], 'the temporary copies are gone');
});

test('a refused archive is reported against its source name', async (t) => {
  const host = await startTestHost(t);
  const r = await host.api<ErrorBody>('POST', '/api/v1/packs/import', {
    content_base64: Buffer.from('not an archive at all').toString('base64'),
    source_name: 'notes.txt',
  });
  assert.equal(r.status, 400);
  assert.match(r.body.error, /notes\.txt:1:1 archive — the file is not a \.tar\.gz, \.tar or \.zip archive/);
  assert.deepEqual(leftovers(), [], 'the refused copy is gone');
});

test('exactly one of path and content_base64, and base64 that is base64', async (t) => {
  const host = await startTestHost(t);
  const neither = await host.api<ErrorBody>('POST', '/api/v1/packs/import', {});
  assert.equal(neither.status, 400);
  assert.equal(neither.body.details?.field, 'path');
  assert.match(neither.body.error, /either path or content_base64/);
  const both = await host.api<ErrorBody>('POST', '/api/v1/packs/validate', {
    path: '/tmp/x',
    content_base64: 'AAAA',
  });
  assert.equal(both.status, 400);
  assert.equal(both.body.details?.field, 'path');
  const garbled = await host.api<ErrorBody>('POST', '/api/v1/packs/import', {
    content_base64: 'not base64!',
  });
  assert.equal(garbled.status, 400);
  assert.equal(garbled.body.details?.field, 'content_base64');
});

/**
 * docs/security.md, "File watching": symbolic links inside a watched folder are not followed. A
 * recursive watch on a folder holding links to another folder, to itself and to `/` reports
 * what happens in the folder only — not the files behind the links — and does not loop.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventsOf, filewatchRule, placeFile, quiet, startEngine, waitFor, watchRunning } from './support.ts';

test('a recursive watch does not follow links out of its folder, back into it or to /', async (t) => {
  const engine = await startEngine(t);
  const dir = tempDir(t);
  const outside = tempDir(t);
  fs.symlinkSync(outside, path.join(dir, 'out-link'));
  fs.symlinkSync(dir, path.join(dir, 'loop'));
  fs.symlinkSync('/', path.join(dir, 'root'));
  filewatchRule(engine, 'links', { path: dir, debounce_ms: 50, recursive: true });
  await watchRunning(engine, 'local.links');

  fs.writeFileSync(path.join(outside, 'behind-the-link.txt'), 'not ours');
  placeFile(path.join(dir, 'inside.txt'), 'ours');
  await waitFor('the event for the file inside', () =>
    eventsOf(engine, 'local.links').length > 0 ? true : undefined,
  );
  await quiet(500);
  assert.deepEqual(
    eventsOf(engine, 'local.links').map((e) => [e.payload['path'], e.payload['event']]),
    [[path.join(dir, 'inside.txt'), 'add']],
  );
  assert.equal(engine.filewatch.state().status, 'running');
});

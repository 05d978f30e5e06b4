/**
 * Which program the bin runs (docs/architecture.md, "The CLI bundle"): the bundle only while no
 * file it was built from is newer than it or gone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test, { type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { freshBundle } from '../../../bin/fresh-bundle.js';
import { tempDir } from '../../helpers/temp-dir.ts';

const BUILT = new Date('2026-01-02T03:04:05Z');
const EARLIER = new Date('2026-01-01T00:00:00Z');

/** A checkout with two source files and a bundle built after them. */
function checkout(t: TestContext): { root: string; bundleUrl: string } {
  const root = tempDir(t);
  fs.mkdirSync(path.join(root, 'core/host'), { recursive: true });
  fs.mkdirSync(path.join(root, 'out/cli'), { recursive: true });
  for (const f of ['core/host/cli-main.ts', 'core/host/cli.ts']) {
    fs.writeFileSync(path.join(root, f), '');
    fs.utimesSync(path.join(root, f), EARLIER, EARLIER);
  }
  const bundle = path.join(root, 'out/cli/attune-desktop.mjs');
  fs.writeFileSync(bundle, '');
  fs.utimesSync(bundle, BUILT, BUILT);
  fs.writeFileSync(
    path.join(root, 'out/cli/inputs.json'),
    JSON.stringify(['core/host/cli-main.ts', 'core/host/cli.ts']),
  );
  return { root, bundleUrl: pathToFileURL(bundle).href };
}

test('a bundle newer than every file it was built from is run', (t) => {
  const { root, bundleUrl } = checkout(t);
  assert.equal(freshBundle(root), bundleUrl);
  assert.equal(freshBundle(pathToFileURL(`${root}/`)), bundleUrl);
});

test('a source file changed after the build sends the bin to the source', (t) => {
  const { root } = checkout(t);
  const later = new Date(BUILT.getTime() + 1);
  fs.utimesSync(path.join(root, 'core/host/cli.ts'), later, later);
  assert.equal(freshBundle(root), null);
});

test('a source file changed in the same instant as the build still counts as built', (t) => {
  const { root, bundleUrl } = checkout(t);
  fs.utimesSync(path.join(root, 'core/host/cli.ts'), BUILT, BUILT);
  assert.equal(freshBundle(root), bundleUrl);
});

test('a source file that is gone, a missing or empty input list, or no bundle all mean the source', (t) => {
  const gone = checkout(t);
  fs.rmSync(path.join(gone.root, 'core/host/cli.ts'));
  assert.equal(freshBundle(gone.root), null);

  const noList = checkout(t);
  fs.rmSync(path.join(noList.root, 'out/cli/inputs.json'));
  assert.equal(freshBundle(noList.root), null);

  for (const list of ['[]', '{}', 'not json']) {
    const bad = checkout(t);
    fs.writeFileSync(path.join(bad.root, 'out/cli/inputs.json'), list);
    assert.equal(freshBundle(bad.root), null, list);
  }

  const unbuilt = checkout(t);
  fs.rmSync(path.join(unbuilt.root, 'out/cli/attune-desktop.mjs'));
  assert.equal(freshBundle(unbuilt.root), null);
});

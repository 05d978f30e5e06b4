/**
 * docs/testing.md, "Rules": every relative link in the README and docs/ resolves to a file inside
 * the repository, and an anchor to a heading of the page it names. A fixture with broken links
 * proves the checker can fail.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkDocLinks, checkDocPaths, headingSlugs } from '../../helpers/docs-links.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('every relative link in README.md and docs/ resolves inside the repository', () => {
  assert.deepEqual(
    checkDocLinks(ROOT).map((b) => b.sentence),
    [],
  );
});

test('the checker names file:line and the link of each broken one, and nothing else', () => {
  const sentences = checkDocLinks(path.join(ROOT, 'test/fixtures/docs-links/bad')).map((b) => b.sentence);
  // `d` keeps these paths from reading as citations of this repository's docs/ (citations.test.ts).
  const d = 'docs';
  assert.deepEqual(sentences, [
    `README.md:4: the link "${d}/missing.md" points to ${d}/missing.md, which does not exist`,
    'README.md:5: the link "../../outside.md" points outside the repository',
    `${d}/a.md:9: the link "#nowhere" points to the anchor #nowhere, which no heading of ${d}/a.md has`,
    `${d}/a.md:10: the link "sub/b.md#not-a-heading" points to the anchor #not-a-heading, which no heading of ${d}/sub/b.md has`,
    `${d}/a.md:11: the link "/${d}/a.md" is absolute; write it relative to the file`,
    `${d}/a.md:18: the link "sub/gone.md" points to ${d}/sub/gone.md, which does not exist`,
  ]);
});

test('heading anchors follow GitHub: punctuation dropped, code kept, repeats numbered', () => {
  const slugs = headingSlugs(
    '# The evaluation record ("why didn\'t it fire")\n## Ingest (`core/engine/ingest.ts`)\n## A\n## A\n',
  );
  assert.deepEqual(
    [...slugs],
    ['the-evaluation-record-why-didnt-it-fire', 'ingest-coreengineingestts', 'a', 'a-1'],
  );
});

test('every repository file a doc names in a code span exists (a moved file is renamed in the docs too)', () => {
  assert.deepEqual(
    checkDocPaths(ROOT).map((b) => b.sentence),
    [],
  );
});

test('the path checker names file:line of a code span naming a file that is not there', () => {
  const sentences = checkDocPaths(path.join(ROOT, 'test/fixtures/docs-links/bad')).map((b) => b.sentence);
  const d = 'docs';
  assert.deepEqual(sentences, [`${d}/a.md:20: names \`core/engine/gone.ts\`, which does not exist`]);
});

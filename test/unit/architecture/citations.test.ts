/**
 * docs/testing.md, "Rules": code, comments and tests cite the repository's own docs/ pages —
 * never a section of a specification kept elsewhere, a design note or an issue number — and the
 * pages they cite exist. A fixture written to a temporary folder (so that no file of the
 * repository contains a citation) proves the checker can fail.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findOutsideCitations } from '../../helpers/citations.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('core, electron, renderer, resources and test cite only docs/ pages that exist', () => {
  assert.deepEqual(
    findOutsideCitations(
      ROOT,
      ['core', 'electron', 'renderer', 'resources', 'test'],
      ['test/fixtures/docs-links'],
    ).map((c) => c.sentence),
    [],
  );
});

test('the checker names file:line of each outside citation and leaves imports and docs citations alone', (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'citations-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const section = ['SP', 'EC §2'].join('');
  const issue = ['iss', 'ue 7'].join('');
  const note = ['ARCHI', 'TECTURE "Time"'].join('');
  const moved = ['docs', 'moved.md'].join('/');
  write('docs/timers.md', '# Timers\n');
  write(
    'core/a.ts',
    [
      `/** Misfire (${section}). */`,
      `// Fixed in ${issue}.`,
      `/** The clock (${note}). */`,
      '/** The clock (docs/timers.md, "The clock"). */',
      `/** Gone (${moved}). */`,
      `// A ${['t', 'issue', ' 7'].join('')} cm wide is not a citation.`,
    ].join('\n'),
  );
  write('renderer/src/views/v.tsx', "import { invoke } from '../../common/api/invoke.ts';\n");

  const sentences = findOutsideCitations(root, ['core', 'renderer']).map((c) => c.sentence);
  assert.deepEqual(sentences, [
    `core/a.ts:1 cites a section of a specification that is not in the repository: /** Misfire (${section}). */`,
    `core/a.ts:2 cites an issue number: // Fixed in ${issue}.`,
    `core/a.ts:3 cites a design note that is not in the repository: /** The clock (${note}). */`,
    `core/a.ts:5 cites ${moved}, which does not exist`,
  ]);
});

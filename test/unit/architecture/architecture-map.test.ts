/**
 * docs/architecture.md's map is the tree: every folder under core/ has a row, every row names a
 * folder that exists, and each row's "may import" is the rule the layer test enforces.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareMap, coreFolders } from '../../helpers/architecture-map.ts';
import { ALLOWED } from '../../helpers/layers.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('the map in docs/architecture.md lists exactly the folders under core/, with the layer rules', () => {
  const markdown = fs.readFileSync(`${ROOT}docs/architecture.md`, 'utf8');
  assert.deepEqual(compareMap(markdown, coreFolders(ROOT), ALLOWED), []);
});

test('the comparison names a missing folder, an extra one and imports that differ from the rules', () => {
  const markdown = [
    '| folder | role | may import |',
    '| --- | --- | --- |',
    '| `core/model` | types | util |',
    '| `core/store` | SQLite | model |',
    '| `core/store/migrations` | migrations | as `core/store` |',
    '| `core/gone` | old | model |',
    '| `core/engine/parts` | nested | as `core/store` |',
  ].join('\n');
  const folders = ['core/model', 'core/store', 'core/store/migrations', 'core/util', 'core/engine/parts'];
  const allowed = { 'core/model': ['core/util'], 'core/store': ['core/model', 'core/util'], 'core/util': [] };
  assert.deepEqual(compareMap(markdown, folders, allowed), [
    "docs/architecture.md's map lists `core/gone`, but there is no such folder",
    "`core/util` exists, but docs/architecture.md's map does not list it",
    "docs/architecture.md's map says `core/store` may import core/model; test/helpers/layers.ts says core/model, core/util",
    "docs/architecture.md's map gives `core/gone` its own imports, but test/helpers/layers.ts has no rule for it",
    "docs/architecture.md's map says `core/engine/parts` follows `core/store`, which does not hold it",
    "test/helpers/layers.ts has a rule for `core/util`, but docs/architecture.md's map has no row for it",
  ]);
});

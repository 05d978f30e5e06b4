/**
 * docs/architecture.md: core never imports electron, renderer or React; renderer imports
 * core/contract only and no Node built-in; inside core, arrows point down.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLayers } from '../../helpers/layers.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('every import in core, renderer and electron respects the layers', () => {
  const violations = checkLayers(ROOT);
  assert.deepEqual(
    violations.map((v) => v.sentence),
    [],
  );
});

test('the checker catches a store module importing the engine and a renderer importing fs', () => {
  const violations = checkLayers(path.join(ROOT, 'test/fixtures/layers/bad'));
  const sentences = violations.map((v) => v.sentence);
  assert.ok(
    sentences.includes('`core/store/x.ts` imports `core/engine/y.ts`; store may import: model'),
    sentences.join('\n'),
  );
  assert.ok(
    sentences.some((s) => s.startsWith('`renderer/src/app.ts` imports `node:fs`')),
    sentences.join('\n'),
  );
  assert.ok(
    sentences.some((s) => s.startsWith('`core/model/m.ts` imports `electron`')),
    sentences.join('\n'),
  );
});

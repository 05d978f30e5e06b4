/**
 * docs/renderer.md "Folders": views do not import each other, domain/ is React-free, common/
 * does not reach into app/ or views/. A fixture proves the checker can fail.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkRendererAreas } from '../../helpers/renderer-layers.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('the renderer’s views, domain and shared code keep to their folders', () => {
  assert.deepEqual(checkRendererAreas(ROOT), []);
});

test('the checker catches a view importing a view, React in domain/, and common/ importing a view', () => {
  const sentences = checkRendererAreas(path.join(ROOT, 'test/fixtures/renderer-areas/bad'));
  assert.deepEqual(sentences.sort(), [
    '`renderer/src/common/x.ts` imports `renderer/src/views/a/a-view.tsx`; common/ may not import app/ or views/',
    '`renderer/src/domain/d.ts` imports `react`; domain/ is free of React and UI packages',
    '`renderer/src/domain/d.ts` imports `renderer/src/common/x.ts`; domain/ may import only domain/ and core/contract',
    '`renderer/src/views/a/a-view.tsx` imports `renderer/src/views/b/b-view.tsx`; a view may not import another view (move it to common/)',
  ]);
});

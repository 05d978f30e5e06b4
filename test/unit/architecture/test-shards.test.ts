/**
 * The unit tests run in shards, several files per process (docs/testing.md, "Speed"): every
 * unit test file is in exactly one shard, and both test scripts run every shard.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { shardNumbersOf, shareOf, testFilesOf } from '../../shards/shard.ts';

test('every unit test file is in exactly one shard', () => {
  const files = testFilesOf('unit');
  assert.ok(files.includes(new URL(import.meta.url).pathname), 'this file is found');
  const numbers = shardNumbersOf('unit');
  assert.deepEqual(
    numbers,
    numbers.map((_, i) => i + 1),
    'shards numbered 1…n',
  );
  assert.ok(numbers.length >= 2, 'more than one shard, so both cores work');
  const shares = numbers.map((n) => shareOf(files, n, numbers.length));
  assert.deepEqual(shares.flat().sort(), files, 'together the shards hold every file once');
  assert.equal(new Set(shares.flat()).size, files.length, 'no file is in two shards');
});

test('npm test and npm run test:unit run every unit shard', () => {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const script of ['test', 'test:unit'])
    assert.match(pkg.scripts[script] ?? '', / test\/shards\/unit-\*\.ts( |$)/, script);
});

/**
 * `core.filewatch` trigger params (docs/sensors.md, "Built-in sensors: filewatch and system"):
 * defaults, normalisation, each problem naming its field, and the glob rule.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { globMatcher, parseFilewatchParams } from '../../../core/sensors/filewatch/index.ts';

const here = os.tmpdir();

test('absent params get the defaults and events are kept in canonical order without duplicates', () => {
  const { params, problems } = parseFilewatchParams(
    { path: here, events: ['unlink', 'add', 'add'] },
    { checkDisk: true },
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(params, {
    path: here,
    glob: '*',
    events: ['add', 'unlink'],
    debounce_ms: 500,
    recursive: false,
  });
});

test('~/ is accepted as the home folder', () => {
  const { problems } = parseFilewatchParams({ path: '~/' }, { checkDisk: true });
  assert.deepEqual(problems, []);
});

test('every bad field is named, the first one leading', () => {
  const { problems } = parseFilewatchParams(
    { path: 5, glob: 7, events: [], debounce_ms: 2.5, recursive: 'no', colour: 'red' },
    { checkDisk: false },
  );
  assert.deepEqual(
    problems.map((p) => p.field),
    [
      'trigger_params.colour',
      'trigger_params.path',
      'trigger_params.glob',
      'trigger_params.events',
      'trigger_params.debounce_ms',
      'trigger_params.recursive',
    ],
  );
});

test('a path that does not exist is a problem only when the disk is checked', () => {
  const missing = path.join(here, 'attune-no-such-folder-7f3a');
  assert.deepEqual(parseFilewatchParams({ path: missing }, { checkDisk: false }).problems, []);
  assert.deepEqual(parseFilewatchParams({ path: missing }, { checkDisk: true }).problems, [
    {
      field: 'trigger_params.path',
      message: `trigger_params.path ${JSON.stringify(missing)} does not exist`,
    },
  ]);
});

test('a glob without a slash matches the file name at any depth; with one, the path below the folder', () => {
  const pdf = globMatcher('*.pdf');
  assert.equal(pdf('a.pdf'), true);
  assert.equal(pdf('sub/deeper/a.pdf'), true);
  assert.equal(pdf('a.pdf.txt'), false);
  assert.equal(pdf('.hidden.pdf'), false);
  const docs = globMatcher('notes/*.md');
  assert.equal(docs('notes/readme.md'), true);
  assert.equal(docs('readme.md'), false);
  assert.equal(docs('other/notes/readme.md'), false);
});

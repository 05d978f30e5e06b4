/**
 * docs/api.md, "CLI" — `key=value` values that parse as JSON keep their type; JSON nested
 * deeper than 256 levels is refused with the key named, like every JSON the host reads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAssignments } from '../../../core/host/cli.ts';
import { AttuneError } from '../../../core/model/errors.ts';

test('values that parse as JSON keep their type; other text stays a string', () => {
  assert.deepEqual(parseAssignments(['n=3', 'list=[1,"a"]', 's=hello world', 'o={"a":']), {
    n: 3,
    list: [1, 'a'],
    s: 'hello world',
    o: '{"a":',
  });
});

test('a value nested deeper than 256 levels is refused, naming the key', () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  assert.throws(
    () => parseAssignments([`payload=${deep}`]),
    (err: unknown) =>
      err instanceof AttuneError &&
      err.code === 'BAD_REQUEST' &&
      err.field === 'payload' &&
      /^payload: JSON is nested deeper than 256 levels/.test(err.message),
  );
});

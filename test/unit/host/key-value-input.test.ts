/**
 * docs/concepts.md, "Keys and secrets" — what `attune-desktop key set` accepts as a value from
 * standard input: text as it is (without the pipe's trailing newline), JSON with `--as-json`,
 * and a clear refusal naming `value` for nothing, bad JSON and a JSON null (an update reads null
 * as "keep the stored value", so storing it would silently change nothing).
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { readKeyValue } from '../../../core/host/cli-key.ts';
import { AttuneError } from '../../../core/model/errors.ts';

const piped = (text: string) => Readable.from([Buffer.from(text)]);

test('text is stored as it was piped in, JSON only with --as-json', async () => {
  assert.equal(await readKeyValue('k', false, piped('hello\n')), 'hello');
  assert.equal(await readKeyValue('k', false, piped('null')), 'null', 'as text, null is four letters');
  assert.deepEqual(await readKeyValue('k', true, piped('{"max": 3}')), { max: 3 });
  assert.equal(await readKeyValue('k', true, piped('0')), 0);
  assert.equal(await readKeyValue('k', true, piped('false')), false);
});

test('a JSON null is refused, naming the field and the way to remove a key', async () => {
  await assert.rejects(readKeyValue('deploy_token', true, piped('null\n')), (err: unknown) => {
    assert.ok(err instanceof AttuneError);
    assert.equal(err.code, 'BAD_REQUEST');
    assert.equal(err.field, 'value');
    assert.equal(err.message, 'value: null is not a value to store (to remove it: key delete deploy_token)');
    return true;
  });
});

test('nothing piped in and text that is not JSON are refused, naming the field', async () => {
  await assert.rejects(readKeyValue('k', false, piped('')), /^AttuneError: value: empty/);
  await assert.rejects(readKeyValue('k', true, piped('{')), (err: unknown) => {
    assert.ok(err instanceof AttuneError);
    assert.equal(err.field, 'value');
    assert.match(err.message, /^value: not JSON \(/);
    return true;
  });
});

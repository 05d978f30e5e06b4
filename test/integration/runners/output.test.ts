/**
 * docs/runners.md, "Result" — output: live streaming, UTF-8 across chunk boundaries, the per-stream cap (flag,
 * no failure, draining), and output_format parsing into `data`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DEFAULT_OUTPUT_CAP } from '../../../core/runners/index.ts';
import { assertNoLeftoverProcesses, makeAction, makeSandbox, type Sandbox } from './support.ts';

describe('output capture', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(async () => {
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  it('streams output live, before the process ends, and streams exactly what is stored', async () => {
    // The script waits for a file that the test creates only when "first" has been streamed:
    // output held back until exit would leave it waiting until the timeout.
    const go = path.join(sb.root, 'go');
    const script = `echo first; until [ -f '${go}' ]; do sleep 0.02; done; echo second >&2; echo third`;
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: script }), {
        timeoutSeconds: 5,
        onOutput: (stream, chunk) => {
          sb.live.push({ stream, chunk, at: performance.now() });
          if (chunk.includes('first')) writeFileSync(go, '');
        },
      }),
    );
    assert.equal(out.status, 'completed', 'the first line was not streamed while the script ran');
    const joined = (stream: string) =>
      sb.live
        .filter((l) => l.stream === stream)
        .map((l) => l.chunk)
        .join('');
    assert.equal(joined('stdout'), out.result.stdout);
    assert.equal(joined('stderr'), out.result.stderr);
    assert.equal(out.result.stdout, 'first\nthird\n');
    assert.equal(out.result.stderr, 'second\n');
  });

  it('decodes a multi-byte character split across two writes', async () => {
    // "€" is E2 82 AC; "😀" is F0 9F 98 80. Each is written in two parts with a pause between.
    const script = String.raw`printf '\xe2\x82'; sleep 0.3; printf '\xac|\xf0\x9f'; sleep 0.3; printf '\x98\x80\n'`;
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: script })));
    assert.equal(out.result.stdout, '€|😀\n');
    assert.ok(!out.result.stdout.includes('\uFFFD'));
    assert.ok(sb.live.filter((l) => l.stream === 'stdout').length >= 2, 'arrived in several chunks');
    assert.ok(sb.live.every((l) => !l.chunk.includes('\uFFFD')));
  });

  it('keeps 10 MiB of a 12 MiB stdout, flags it, drains the rest and still completes', async () => {
    const script = "head -c 12582912 /dev/zero | tr '\\0' 'a'; echo tail-marker >&2";
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: script })));
    assert.equal(out.status, 'completed');
    assert.equal(out.result.exit_code, 0);
    assert.equal(out.result.stdout_truncated, true);
    assert.equal(Buffer.byteLength(out.result.stdout), DEFAULT_OUTPUT_CAP);
    assert.equal(out.result.stderr_truncated, false);
    assert.equal(out.result.stderr, 'tail-marker\n', 'the writer was not blocked: it got past the cap');
    const streamed = sb.live.filter((l) => l.stream === 'stdout').reduce((n, l) => n + l.chunk.length, 0);
    assert.equal(streamed, DEFAULT_OUTPUT_CAP, 'nothing past the cap is streamed');
  });

  it('caps each stream on its own and never cuts a character in half', async () => {
    const script = "printf 'ééééé'; printf 'xxxxxxxx' >&2";
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: script }), { outputCapBytes: 5 }));
    assert.equal(out.status, 'completed');
    assert.equal(out.result.stdout, 'éé', '5 bytes hold two 2-byte characters, not half of a third');
    assert.equal(out.result.stdout_truncated, true);
    assert.equal(out.result.stderr, 'xxxxx');
    assert.equal(out.result.stderr_truncated, true);
  });

  it('parses json output into data', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: `echo '{"ok": true, "n": [1, 2]}'`, output_format: 'json' })),
    );
    assert.deepEqual(out.result.data, { ok: true, n: [1, 2] });
    assert.equal(out.result.stdout, '{"ok": true, "n": [1, 2]}\n', 'stdout is kept as printed');
  });

  it('takes the last line as the JSON result when the script logs first', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: `echo starting; echo '{"done": 1}'`, output_format: 'json' })),
    );
    assert.deepEqual(out.result.data, { done: 1 });
  });

  it('completes with data null and an [attune] note on stderr when json does not parse', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'echo not json; echo oops >&2', output_format: 'json' })),
    );
    assert.equal(out.status, 'completed');
    assert.equal(out.result.error, null);
    assert.equal(out.result.data, null);
    assert.match(out.result.stderr, /^oops\n\[attune\] output_format json: stdout is not valid JSON/);
    assert.ok(
      sb.live.some((l) => l.stream === 'stderr' && l.chunk.startsWith('[attune]')),
      'the note streams too',
    );
  });

  it('parses jsonl output into an array of lines', async () => {
    const out = await sb.runners.run(
      sb.request(
        makeAction({
          entry_point: `echo '{"a":1}'; echo; echo '[2]'; echo '"three"'`,
          output_format: 'jsonl',
        }),
      ),
    );
    assert.deepEqual(out.result.data, [{ a: 1 }, [2], 'three']);
  });

  it('parses yaml output', async () => {
    const out = await sb.runners.run(
      sb.request(
        makeAction({ entry_point: `printf 'name: x\\nitems:\\n  - 1\\n  - 2\\n'`, output_format: 'yaml' }),
      ),
    );
    assert.deepEqual(out.result.data, { name: 'x', items: [1, 2] });
  });

  it('parses the output of a failed run too, without a note', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: `echo '{"reason":"quota"}'; exit 3`, output_format: 'json' })),
    );
    assert.equal(out.status, 'failed');
    assert.deepEqual(out.result.data, { reason: 'quota' });
    assert.equal(out.result.stderr, '');
  });

  it('leaves data null for text output', async () => {
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: `echo '{"a":1}'` })));
    assert.equal(out.result.data, null);
  });
});

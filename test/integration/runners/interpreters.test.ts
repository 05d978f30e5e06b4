/**
 * docs/runners.md — the node, python and native runners, and python's availability check.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createRunners } from '../../../core/runners/index.ts';
import { assertNoLeftoverProcesses, makeAction, makeHost, makeSandbox, type Sandbox } from './support.ts';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const NO_PYTHON = 'python3 is not on PATH on this machine: python runner tests skipped';
// CI installs python3 (.ci/run): there a missing one fails these tests instead of skipping them.
const runPython = hasPython || process.env.CI !== undefined;

describe('node, python and native runners', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(async () => {
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  it('runs an inline node script with ES module syntax reading JSON params from stdin', async () => {
    const script = [
      "import { text } from 'node:stream/consumers';",
      'const params = JSON.parse(await text(process.stdin));',
      'console.log(JSON.stringify({ doubled: params.n * 2, action: process.env.ATTUNE_ACTION }));',
    ].join('\n');
    const out = await sb.runners.run(
      sb.request(makeAction({ runner_type: 'node', entry_point: script, output_format: 'json' }), {
        params: { n: 21 },
      }),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    assert.deepEqual(out.result.data, { doubled: 42, action: 'testpack.act' });
  });

  it('runs a CommonJS node file from the pack', async () => {
    await sb.writeAction('hello.cjs', "const os = require('node:os'); console.log(typeof os.platform());\n");
    const out = await sb.runners.run(
      sb.request(makeAction({ runner_type: 'node', entry_point: 'hello.cjs' })),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    assert.equal(out.result.stdout, 'string\n');
  });

  it('fails a node script that throws, with its stack on stderr', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ runner_type: 'node', entry_point: "throw new Error('boom from node')" })),
    );
    assert.equal(out.status, 'failed');
    assert.equal(out.result.error, 'exited with code 1');
    assert.match(out.result.stderr, /boom from node/);
  });

  it('reports python as available when python3 is on PATH', { skip: runPython ? false : NO_PYTHON }, () => {
    assert.equal(sb.runners.available('python'), true);
  });

  it('runs an inline python script with params on stdin', {
    skip: runPython ? false : NO_PYTHON,
  }, async () => {
    const script =
      'import json, sys\np = json.load(sys.stdin)\nprint(json.dumps({"greeting": "hi " + p["name"]}))';
    const out = await sb.runners.run(
      sb.request(makeAction({ runner_type: 'python', entry_point: script, output_format: 'json' }), {
        params: { name: 'Ada' },
      }),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    assert.deepEqual(out.result.data, { greeting: 'hi Ada' });
  });

  it('runs a python file from the pack and streams unbuffered', {
    skip: runPython ? false : NO_PYTHON,
  }, async () => {
    // The script waits for a file the test creates once "first" has been streamed: buffered
    // output would leave it waiting until the timeout.
    const go = path.join(sb.root, 'go');
    await sb.writeAction(
      'slow.py',
      `import os, time\nprint("first")\nwhile not os.path.exists(${JSON.stringify(go)}):\n    time.sleep(0.02)\nprint("second")\n`,
    );
    const out = await sb.runners.run(
      sb.request(makeAction({ runner_type: 'python', entry_point: 'slow.py' }), {
        timeoutSeconds: 5,
        onOutput: (_stream, chunk) => {
          if (chunk.includes('first')) writeFileSync(go, '');
        },
      }),
    );
    assert.equal(out.status, 'completed', 'python output was held back until exit');
    assert.equal(out.result.stdout, 'first\nsecond\n');
  });

  it('reports python unavailable and fails its runs when there is no python3', async () => {
    const runners = createRunners({ host: makeHost(), tmpDir: sb.tmpDir, pythonPath: null });
    assert.equal(runners.available('python'), false);
    assert.equal(runners.available('shell'), true);
    const out = await runners.run(sb.request(makeAction({ runner_type: 'python', entry_point: 'print(1)' })));
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /python3, which was not found on PATH/);
  });

  it('fails cleanly when the interpreter cannot be started', async () => {
    const runners = createRunners({ host: makeHost(), tmpDir: sb.tmpDir, nodePath: '/nonexistent/node' });
    const out = await runners.run(
      sb.request(makeAction({ runner_type: 'node', entry_point: 'console.log(1)' })),
    );
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /could not start \/nonexistent\/node: .*ENOENT/);
  });

  it('runs a native executable from the pack directly', async () => {
    await sb.writeAction('tool', '#!/bin/sh\necho "native $# args"; cat\n', 0o755);
    const out = await sb.runners.run(
      sb.request(makeAction({ runner_type: 'native', entry_point: 'tool' }), { params: { a: 1 } }),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    assert.equal(out.result.stdout, 'native 0 args\n{"a":1}\n');
  });

  it('refuses a native entry point that is not executable', async () => {
    await sb.writeAction('tool.bin', '#!/bin/sh\necho hi\n', 0o644);
    const out = await sb.runners.run(
      sb.request(makeAction({ runner_type: 'native', entry_point: 'tool.bin' })),
    );
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /not executable/);
  });

  it('refuses an inline script for a native action', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ runner_type: 'native', entry_point: 'echo hi' })),
    );
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /native actions run an executable file/);
  });
});

/**
 * docs/security.md "Channel inputs and runner parameters", core/runners/README.md — hostile
 * parameter values and names into every process runner. Values that are shell code, quotes,
 * newlines, NUL, unicode and a 1 MB string arrive byte for byte on stdin or in the parameter
 * file, never in argv or the environment; nothing they spell is ever run (traps leave a marker
 * file); parameters named PATH, LD_PRELOAD, NODE_OPTIONS, BASH_ENV, ENV or PYTHONPATH reach no
 * process's environment, not even through the documented `eval "$(cat)"` and
 * `set -a; . file` ways of reading dotenv; and the action's environment is exactly the one the
 * README lists.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parse as yamlParse } from 'yaml';
import type { Action } from '../../../core/model/entities.ts';
import { formatParams } from '../../../core/runners/param-format.ts';
import {
  documentedEnv,
  ENV_TRAP_NAMES,
  hostileParams,
  hostPath,
  makeTraps,
  parseEnviron,
  stringsIn,
  type Traps,
} from './hostile-support.ts';
import { assertNoLeftoverProcesses, makeAction, makeSandbox, type Sandbox } from './support.ts';

const hasPython = spawnSync('python3', ['--version']).status === 0;
/**
 * The interpreter itself, not a version manager's shim on PATH: a shim is a script that adds its
 * own variables before it starts python, and this test reads python's environment.
 */
const realPython = hasPython
  ? spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim()
  : undefined;
// CI installs python3 (.ci/run): there a missing one fails these tests instead of skipping them.
const runPython = hasPython || process.env.CI !== undefined;

/** String parameters a shell variable can hold as they are (a shell variable cannot hold NUL). */
const SHELL_LITERALS = [
  'subst',
  'backticks',
  'semicolon',
  'single_quote_break',
  'double_quote_break',
  'newline',
  'dollar_brace',
  'unicode',
  'huge',
];

/** Writes what arrived, the process's own environment and argv into its working folder. */
const REPORT = {
  shell: [
    'if [ "$ATTUNE_PARAMETER_DELIVERY" = file ]; then /bin/cat "$ATTUNE_PARAMETER_FILE"; else /bin/cat; fi > received',
    '/bin/cat /proc/$$/environ > environ',
    '/bin/cat /proc/$$/cmdline > cmdline',
  ].join('\n'),
  node: [
    "const fs = require('node:fs');",
    'const src = process.env.ATTUNE_PARAMETER_FILE;',
    "fs.writeFileSync('received', src ? fs.readFileSync(src) : fs.readFileSync(0));",
    "fs.writeFileSync('environ', fs.readFileSync('/proc/self/environ'));",
    "fs.writeFileSync('cmdline', fs.readFileSync('/proc/self/cmdline'));",
  ].join('\n'),
  python: [
    'import os, sys',
    "src = os.environ.get('ATTUNE_PARAMETER_FILE')",
    "data = open(src, 'rb').read() if src else sys.stdin.buffer.read()",
    "open('received', 'wb').write(data)",
    "open('environ', 'wb').write(open('/proc/self/environ', 'rb').read())",
    "open('cmdline', 'wb').write(open('/proc/self/cmdline', 'rb').read())",
  ].join('\n'),
};

/**
 * The two documented ways a shell action reads dotenv parameters, each followed by programs
 * that a hijacked PATH, BASH_ENV or NODE_OPTIONS would turn into the trap.
 */
function dotenvReaders(): string {
  const literals = SHELL_LITERALS.map((k) => `printf '%s' "$${k}" > v-${k}`).join('; ');
  return [
    `( eval "$(/bin/cat received)"; ${literals}; /usr/bin/env -0 > env-after-eval; bash -c true; '${process.execPath}' -e 0 ) 2>/dev/null`,
    // Exported, the 1 MB value would make every exec fail (E2BIG) and these checks vacuous.
    `( set -a; . ./received; unset huge; /usr/bin/env -0 > env-after-source; bash -c true; '${process.execPath}' -e 0 ) 2>/dev/null`,
    'exit 0',
  ].join('\n');
}

type ProcessRunner = 'shell' | 'node' | 'python' | 'native';
type Delivery = Action['parameter_delivery'];
type Format = Action['parameter_format'];

/** argv of each runner: interpreter, its flags and the script; nothing else. */
const ARGV_LENGTH: Record<ProcessRunner, number> = { shell: 2, node: 2, python: 3, native: 2 };

describe('hostile parameters into the process runners', () => {
  let sb: Sandbox;
  let traps: Traps;
  let hostBashEnv: string | undefined;
  beforeEach(async () => {
    sb = await makeSandbox(realPython ? { pythonPath: realPython } : {});
    traps = await makeTraps(sb.root);
    // The host's own environment is hostile too: none of it beyond the allow-list may pass.
    hostBashEnv = process.env.BASH_ENV;
    process.env.BASH_ENV = traps.shScript;
    process.env.ATTUNE_TEST_HOST_SECRET = 'host-secret-value';
  });
  afterEach(async () => {
    if (hostBashEnv === undefined) delete process.env.BASH_ENV;
    else process.env.BASH_ENV = hostBashEnv;
    delete process.env.ATTUNE_TEST_HOST_SECRET;
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  async function runWith(runner: ProcessRunner, delivery: Delivery, format: Format) {
    const params = hostileParams(traps);
    let entry_point: string;
    if (runner === 'native') {
      await sb.writeAction('report.sh', `#!/bin/sh\n${REPORT.shell}\n`, 0o755);
      entry_point = 'report.sh';
    } else {
      entry_point =
        runner === 'shell'
          ? `${REPORT.shell}\n${format === 'dotenv' ? dotenvReaders() : ''}`
          : REPORT[runner];
    }
    const action = makeAction({
      runner_type: runner,
      entry_point,
      parameter_delivery: delivery,
      parameter_format: format,
    });
    const out = await sb.runners.run(sb.request(action, { params }));
    assert.equal(out.status, 'completed', `${out.result.error}\n${out.result.stderr}`);
    const read = (name: string) => readFile(path.join(sb.packPath, name), 'utf8');
    return { params, out, read };
  }

  const cases: Array<[ProcessRunner, Delivery, Format]> = [];
  for (const runner of ['shell', 'node', 'python', 'native'] as const) {
    for (const delivery of ['stdin', 'file'] as const) {
      for (const format of ['json', 'dotenv', 'yaml'] as const) cases.push([runner, delivery, format]);
    }
  }

  for (const [runner, delivery, format] of cases) {
    const skip = runner === 'python' && !runPython ? 'python3 is not on PATH: python runner skipped' : false;
    it(`${runner}, ${format} on ${delivery}: values arrive literally, nothing runs, the environment is the documented one`, {
      skip,
    }, async () => {
      const { params, read } = await runWith(runner, delivery, format);
      assert.equal(existsSync(traps.marker), false, 'a hostile parameter was run');

      // Byte for byte what the format makes of the values, and it reads back to the values.
      const received = await read('received');
      assert.equal(received, Buffer.from(formatParams(params, format).text).toString('utf8'));
      const asJson = JSON.parse(JSON.stringify(params)) as Record<string, unknown>;
      if (format === 'json') assert.deepEqual(JSON.parse(received), asJson);
      if (format === 'yaml') assert.deepEqual(JSON.parse(JSON.stringify(yamlParse(received))), asJson);

      // argv: the interpreter and the script, no parameter in sight.
      const argv = (await read('cmdline')).split('\0').filter((a) => a !== '');
      assert.equal(argv.length, ARGV_LENGTH[runner], argv.join(' '));
      const words = stringsIn(params).filter((s) => s.length >= 4);
      for (const a of argv) assert.ok(!words.some((w) => a.includes(w)), `argv carries a parameter: ${a}`);

      // The process environment: exactly the documented variables, with the host's values.
      const environ = parseEnviron(await read('environ'));
      const parameterFile = delivery === 'file' ? environ.ATTUNE_PARAMETER_FILE : undefined;
      if (delivery === 'file') assert.match(parameterFile ?? '', /\/params\.(json|env|yaml)$/);
      const expected = documentedEnv({
        executionId: 42,
        action: 'testpack.act',
        pack: 'testpack',
        rule: 'testpack.rule',
        trigger: 'core.intervaltimer',
        traceTag: 'trace-123',
        delivery,
        format,
        ...(parameterFile !== undefined ? { parameterFile } : {}),
      });
      assert.deepEqual(environ, expected);
    });
  }

  for (const delivery of ['stdin', 'file'] as const) {
    it(`shell, dotenv on ${delivery}: eval and set -a assign the literal values and export no trap name`, async () => {
      const { params, read } = await runWith('shell', delivery, 'dotenv');
      assert.equal(existsSync(traps.marker), false, 'a hostile parameter was run');
      for (const k of SHELL_LITERALS) assert.equal(await read(`v-${k}`), params[k], `${k} after eval`);
      for (const file of ['env-after-eval', 'env-after-source']) {
        const env = parseEnviron(await read(file));
        assert.equal(env.ATTUNE_ACTION, 'testpack.act', `${file}: the subshell ran no program`);
        for (const name of ENV_TRAP_NAMES) {
          if (name === 'PATH') assert.equal(env.PATH, hostPath(), `${file}: PATH was replaced`);
          else assert.equal(env[name], undefined, `${file}: ${name} became an environment variable`);
        }
      }
    });
  }
});

/**
 * Unit tests, and integration areas that allow it, run in shards of several files per process
 * (docs/testing.md, "Speed"): every such file is in exactly one shard, and the test scripts run
 * every shard and every file that keeps its own process.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OWN_PROCESS_AREAS, shardNumbersOf, shareOf, testFilesOf } from '../../shards/shard.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

for (const group of ['unit', 'integration', 'e2e']) {
  test(`every ${group} test file in a shard is in exactly one`, () => {
    const files = testFilesOf(group);
    assert.ok(files.length > 0, 'the group has files');
    const numbers = shardNumbersOf(group);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      'shards numbered 1…n',
    );
    assert.ok(numbers.length >= 2, 'more than one shard, so both cores work');
    const shares = numbers.map((n) => shareOf(files, n, numbers.length));
    assert.deepEqual(shares.flat().sort(), files, 'together the shards hold every file once');
    assert.equal(new Set(shares.flat()).size, files.length, 'no file is in two shards');
  });
}

test('every end-to-end file is in the e2e shard group', () => {
  const files = fs.readdirSync(path.join(ROOT, 'test/e2e')).filter((f) => f.endsWith('.test.ts'));
  assert.deepEqual(
    testFilesOf('e2e').map((f) => path.basename(f)),
    files.sort(),
  );
});

test('this file is found by its shard group', () => {
  assert.ok(testFilesOf('unit').includes(fileURLToPath(import.meta.url)));
});

test('npm test runs every shard and every integration file that keeps its own process', () => {
  const run = ` ${scripts.test} `;
  for (const group of ['unit', 'integration', 'e2e'])
    assert.ok(run.includes(` test/shards/${group}-*.ts `), group);
  for (const area of OWN_PROCESS_AREAS)
    assert.ok(run.includes(` test/integration/${area}/*.test.ts `), `test/integration/${area}`);
  const areas = fs.readdirSync(path.join(ROOT, 'test/integration'), { withFileTypes: true });
  for (const a of areas.filter((d) => d.isDirectory())) {
    const inShards = testFilesOf('integration').some((f) => f.includes(`/integration/${a.name}/`));
    const own = OWN_PROCESS_AREAS.includes(a.name);
    const hasTests = fs
      .readdirSync(path.join(ROOT, 'test/integration', a.name))
      .some((f) => f.endsWith('.test.ts'));
    assert.ok(!hasTests || inShards !== own, `test/integration/${a.name} runs one way`);
  }
  assert.ok(run.includes(' test/electron/*.test.ts '), 'test/electron');
});

test('npm run test:unit runs every unit shard', () => {
  assert.match(scripts['test:unit'] ?? '', / test\/shards\/unit-\*\.ts( |$)/);
});

/**
 * What keeps a host or pack test in its own process (`host`, `packs-cli`) rather than in the shards
 * (`host-shared`, `packs`): a spawned host or CLI command or other child process, a signal, a process-wide handler, a change to the
 * environment, the current folder, the umask or a global. `spawnSync` alone is allowed: its child
 * has ended when the call returns.
 */
const OWN_PROCESS_ONLY: [RegExp, string][] = [
  [/helpers\/host-process\.ts/, 'spawns a host'],
  [/helpers\/cli\.ts|\brunCli\(|\bcli\(|bin\/attune-desktop/, 'runs CLI commands'],
  [
    /import (?!\{ spawnSync \})[^;]*from 'node:child_process'|(?<![.\w])(spawn|execFile|fork)\(/,
    'starts a child process',
  ],
  [/process\.(on|once|off|addListener|prependListener|kill|exit|chdir|umask|emit)\(/, 'touches the process'],
  [
    /process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|delete process\.env|Object\.assign\(process\.env/,
    'changes the environment',
  ],
  [/globalThis\.\w+\s*=(?!=)/, 'sets a global'],
];

function ownProcessReasons(area: string): Map<string, string[]> {
  const dir = path.join(ROOT, 'test/integration', area);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
  return new Map(
    files.map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      return [f, OWN_PROCESS_ONLY.filter(([re]) => re.test(text)).map(([, why]) => why)];
    }),
  );
}

/**
 * Pairs of areas split by what their tests need: the first runs in the integration shards and
 * may not use anything in {@link OWN_PROCESS_ONLY}; the second keeps a process per file and each
 * of its files uses something there (otherwise it belongs in the first).
 */
const SPLIT_AREAS: [shared: string, own: string][] = [
  ['host-shared', 'host'],
  ['packs', 'packs-cli'],
];

for (const [sharedArea, ownArea] of SPLIT_AREAS) {
  test(`the ${sharedArea} tests share a process: they start hosts in process and leave the process alone`, () => {
    assert.ok(!OWN_PROCESS_AREAS.includes(sharedArea), `${sharedArea} runs in the shards`);
    const shared = ownProcessReasons(sharedArea);
    assert.ok(shared.size > 0, `${sharedArea} has tests`);
    const found = [...shared]
      .filter(([, why]) => why.length > 0)
      .map(([f, why]) => `${f}: ${why.join(', ')}`);
    assert.deepEqual(found, [], `these belong in test/integration/${ownArea}`);
  });

  test(`a ${ownArea} test keeps its own process only when it needs one`, () => {
    assert.ok(OWN_PROCESS_AREAS.includes(ownArea), `${ownArea} keeps a process per file`);
    const own = ownProcessReasons(ownArea);
    assert.ok(own.size > 0, `${ownArea} has tests`);
    const needless = [...own].filter(([, why]) => why.length === 0).map(([f]) => f);
    assert.deepEqual(needless, [], `these can share a process: move them to test/integration/${sharedArea}`);
  });
}

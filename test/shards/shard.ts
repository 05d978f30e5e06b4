/**
 * Runs a share of a folder's test files in one process, each file as a suite named by its path
 * (docs/testing.md, "Speed"). A process per file costs ~0.3 s of CPU for node and tsx alone
 * before the first test, which was most of the unit run; a shard pays it once.
 *
 * A shard entry is a file `test/shards/<group>-<n>.ts` that calls {@link runShardOf}: its name
 * says which group of files ({@link testFilesOf}) and which share (`n`), and the number of
 * entries for that group says how many shares there are, so every test file lands in exactly one share
 * whatever files are added. `node --test` runs the entries as separate processes, at most
 * `--test-concurrency` at a time: more shares than cores lets a short share follow a long one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARDS = fileURLToPath(new URL('./', import.meta.url));

/**
 * Integration areas whose files keep a process each: `host` (host tests that spawn hosts or CLI
 * commands, send signals, hold a data folder's lock across processes or add process-wide
 * handlers) and `packs-cli` (pack tests that run CLI commands). Every other area
 * (test/integration/<area>/) runs in the integration shards, among them `host-shared` and `packs`:
 * host and pack tests that only start hosts in process (`startTestHost`) and leave the process as
 * they found it, which test/unit/architecture/test-shards.test.ts checks.
 */
export const OWN_PROCESS_AREAS: readonly string[] = ['host', 'packs-cli'];

/**
 * The test files of a shard group, sorted by path: `unit` is every `test/unit/<layer>/*.test.ts`,
 * `integration` every `test/integration/<area>/*.test.ts` outside {@link OWN_PROCESS_AREAS},
 * `e2e` every `test/e2e/*.test.ts` (one Chromium and one loaded core per shard instead of per
 * file: that start cost ~5 s of CPU, about half of a typical end-to-end file).
 */
export function testFilesOf(group: string): string[] {
  const base = path.join(ROOT, 'test', group);
  if (group === 'e2e') return testFilesIn(base);
  const skip = group === 'integration' ? OWN_PROCESS_AREAS : [];
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !skip.includes(d.name))
    .flatMap((d) => testFilesIn(path.join(base, d.name)))
    .sort();
}

function testFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** The shard entries of `group` in test/shards/, as their numbers (1, 2, …). */
export function shardNumbersOf(group: string): number[] {
  const pattern = new RegExp(`^${group}-(\\d+)\\.ts$`);
  return fs
    .readdirSync(SHARDS)
    .map((f) => pattern.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Share `n` (1-based) of `count`: every `count`-th file, so heavy files of one folder spread out. */
export function shareOf(files: string[], n: number, count: number): string[] {
  return files.filter((_, i) => i % count === n - 1);
}

/** Runs this entry's share of its folder's test files; `entryUrl` is the entry's `import.meta.url`. */
export function runShardOf(entryUrl: string): void {
  const name = path.basename(fileURLToPath(entryUrl));
  const match = /^(\w+)-(\d+)\.ts$/.exec(name);
  if (!match) throw new Error(`${name}: a shard entry is named <group>-<n>.ts`);
  const [, group, n] = match as unknown as [string, string, string];
  const numbers = shardNumbersOf(group);
  // Gaps would leave files in no share.
  if (numbers.some((x, i) => x !== i + 1))
    throw new Error(`the ${group} shard entries must be numbered 1…${numbers.length}: ${numbers}`);
  for (const file of shareOf(testFilesOf(group), Number(n), numbers.length)) {
    describe(path.relative(ROOT, file), async () => {
      await import(pathToFileURL(file).href);
    });
  }
}

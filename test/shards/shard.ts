/**
 * Runs a share of a folder's test files in one process, each file as a suite named by its path
 * (docs/testing.md, "Speed"). A process per file costs ~0.3 s of CPU for node and tsx alone
 * before the first test, which was most of the unit run; a shard pays it once.
 *
 * A shard entry is a file `test/shards/<folder>-<n>.ts` that calls {@link runShardOf}: its name
 * says which folder (`unit` is test/unit) and which share (`n`), and the number of entries for
 * that folder says how many shares there are, so every test file lands in exactly one share
 * whatever files are added. `node --test` runs the entries as separate processes, at most
 * `--test-concurrency` at a time: more shares than cores lets a short share follow a long one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARDS = fileURLToPath(new URL('./', import.meta.url));

/** Every `*.test.ts` one folder below `test/<folder>/` (e.g. test/unit/store/), sorted by path. */
export function testFilesOf(folder: string): string[] {
  const base = path.join(ROOT, 'test', folder);
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(base, d.name))
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => path.join(base, d.name, f)),
    )
    .sort();
}

/** The shard entries of `folder` in test/shards/, as their numbers (1, 2, …). */
export function shardNumbersOf(folder: string): number[] {
  const pattern = new RegExp(`^${folder}-(\\d+)\\.ts$`);
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
  if (!match) throw new Error(`${name}: a shard entry is named <folder>-<n>.ts`);
  const [, folder, n] = match as unknown as [string, string, string];
  const numbers = shardNumbersOf(folder);
  // Gaps would leave files in no share.
  if (numbers.some((x, i) => x !== i + 1))
    throw new Error(`the ${folder} shard entries must be numbered 1…${numbers.length}: ${numbers}`);
  for (const file of shareOf(testFilesOf(folder), Number(n), numbers.length)) {
    describe(path.relative(ROOT, file), async () => {
      await import(pathToFileURL(file).href);
    });
  }
}

/** Runs the real CLI program in a child process, the way a user's shell would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** What a CLI run left: its exit code and both streams. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bin/attune-desktop.js` with `args`, against `dataDir` when given; never throws for a non-zero exit. */
export async function runCli(dataDir: string | null, ...args: string[]): Promise<CliResult> {
  const argv = ['bin/attune-desktop.js', ...(dataDir ? ['--data-dir', dataDir] : []), ...args];
  try {
    const r = await run(process.execPath, argv, { cwd: ROOT });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

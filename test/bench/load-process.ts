/** Runs load-generator.ts in a second process and reports when it started sending and its result. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-generator.ts';

const GENERATOR = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

export interface LoadRun {
  result: LoadResult;
  /** performance.now() in this process when the generator sent its first request. */
  startedAt: number;
}

export function runLoadProcess(spec: LoadSpec): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', GENERATOR, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let startedAt = Number.NaN;
    let result: LoadResult | null = null;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const msg = JSON.parse(buffered.slice(0, nl)) as { event: string };
        buffered = buffered.slice(nl + 1);
        if (msg.event === 'start') startedAt = performance.now();
        else if (msg.event === 'done') result = msg as LoadResult;
        nl = buffered.indexOf('\n');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve({ result, startedAt });
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}

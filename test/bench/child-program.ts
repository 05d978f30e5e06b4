/**
 * Runs a benchmark program (a .ts file of this folder) in its own Node process with a JSON
 * argument, and returns the JSON object it prints last. A separate process gives each
 * measurement a clean heap, its own RSS and an event loop nothing else shares.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function runChildProgram<T>(file: string, arg: unknown, nodeFlags: string[] = []): Promise<T> {
  const program = fileURLToPath(new URL(`./${file}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', program, JSON.stringify(arg)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${file} exited with ${code}: ${last}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${file} printed no JSON result: ${last}`));
      }
    });
  });
}

/** The JSON argument of a program started by runChildProgram. */
export function programArg<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

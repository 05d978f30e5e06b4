/**
 * Entry point of `npm start` (bin/start.js): the tray app through Electron when it can run here,
 * else one sentence and the headless host with its browser link, exactly as `npm run serve`.
 * Arguments after `npm start --` go to whichever starts.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../host/cli.ts';
import { planStart } from './start-desktop.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const decision = planStart({ root, say: (line) => console.log(line) });

if (decision.kind === 'electron') {
  const env: NodeJS.ProcessEnv = { ...process.env, ATTUNE_SQLITE_BINDING: decision.nativeBinding };
  // Left over from a parent that ran Electron as Node, it would start Electron without a window.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(decision.binary, [path.join(root, 'out', 'main', 'main.js'), ...args], {
    stdio: 'inherit',
    env,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log(
    decision.kind === 'headless'
      ? decision.sentence
      : 'Starting Attune Desktop headless because Electron could not be prepared.',
  );
  await runCli([process.argv[0] ?? 'node', process.argv[1] ?? 'start', 'serve', ...args]);
}

/**
 * Finding the programs that run scripts: bash (or /bin/sh), python3, and the Node binary —
 * which inside Electron is Electron itself, told to behave as Node.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** How one runner type starts a script: `command ...args <script>`. */
export interface Interpreter {
  command: string;
  args: string[];
  /** Added to the action's environment (e.g. ELECTRON_RUN_AS_NODE). */
  env: Record<string, string>;
  /** File name for an inline script; the extension tells the interpreter what it reads. */
  inlineFileName: string;
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on `searchPath` (PATH syntax), or null. */
export function findOnPath(name: string, searchPath: string | undefined): string | null {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** bash when present (most action scripts assume it), else the POSIX /bin/sh. */
export function shellInterpreter(searchPath: string | undefined): Interpreter {
  const bash = findOnPath('bash', searchPath) ?? (isExecutableFile('/bin/bash') ? '/bin/bash' : null);
  return { command: bash ?? '/bin/sh', args: [], env: {}, inlineFileName: 'action.sh' };
}

/**
 * Node for `node` actions. When the binary is this process's own and this process is
 * Electron, ELECTRON_RUN_AS_NODE makes it a plain Node instead of a second app window.
 */
export function nodeInterpreter(nodePath: string | undefined): Interpreter {
  const command = nodePath ?? process.execPath;
  const isElectron = process.versions.electron !== undefined && command === process.execPath;
  return {
    command,
    args: [],
    env: isElectron ? { ELECTRON_RUN_AS_NODE: '1' } : {},
    // Node ≥ 20.19 detects ES module syntax in .js, so both `import` and `require` work inline.
    inlineFileName: 'action.js',
  };
}

/** python3 for `python` actions, or null when there is none. `-u`: output streams live. */
export function pythonInterpreter(
  pythonPath: string | null | undefined,
  searchPath: string | undefined,
): Interpreter | null {
  const command = pythonPath === undefined ? findOnPath('python3', searchPath) : pythonPath;
  if (command === null) return null;
  return { command, args: ['-u'], env: {}, inlineFileName: 'action.py' };
}

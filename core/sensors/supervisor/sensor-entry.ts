/**
 * Where a pack sensor's program is and what starts it (docs/sensors.md, "Entry point and
 * runner"). A pack sensor's `entrypoint` is a file in the pack's sensors/ folder (`watch.py` or
 * `sensors/watch.py`) and may not leave it — not by `..`, an absolute path or a link. A sensor of
 * the user pack, which has no folder, names an absolute path. Both are checked when the sensor is
 * saved and again when it starts, so a file removed since is a clear `failed`, not a crash loop.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type Interpreter,
  nodeInterpreter,
  pythonInterpreter,
  shellInterpreter,
} from '../../runners/interpreters.ts';

export type EntryResult = { ok: true; path: string } | { ok: false; message: string };

/** Runner names a sensor may use, with the aliases Attune and StackStorm packs write. */
const RUNNERS: Readonly<Record<string, 'python' | 'node' | 'shell' | 'native'>> = {
  python: 'python',
  python3: 'python',
  node: 'node',
  nodejs: 'node',
  'node.js': 'node',
  shell: 'shell',
  bash: 'shell',
  sh: 'shell',
  native: 'native',
};

/** The canonical runner for `name`, or null when a sensor cannot run on it. */
export function sensorRunner(name: string): 'python' | 'node' | 'shell' | 'native' | null {
  return RUNNERS[name.toLowerCase()] ?? null;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  // `..` as a step leaves the folder; a name that merely starts with two dots (`..watch.py`) does not.
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}

/** The sensor's program file, or a sentence saying why there is none. */
export function resolveSensorEntry(packPath: string | null, entrypoint: string): EntryResult {
  const ep = entrypoint.trim();
  if (ep === '') return { ok: false, message: 'entrypoint is empty: name the sensor program' };
  if (ep.startsWith('internal://')) {
    return { ok: false, message: `entrypoint "${ep}" is a built-in sensor's; a pack sensor names a file` };
  }
  if (packPath === null) {
    if (!path.isAbsolute(ep)) {
      return {
        ok: false,
        message: `entrypoint "${ep}": a sensor outside a pack folder needs an absolute path to its program`,
      };
    }
    return isFile(ep) ? { ok: true, path: ep } : { ok: false, message: `entrypoint file not found: ${ep}` };
  }
  if (path.isAbsolute(ep) || path.win32.isAbsolute(ep)) {
    return {
      ok: false,
      message: `entrypoint "${ep}" is an absolute path; name a file in the pack's sensors/ folder`,
    };
  }
  if (ep.split(/[/\\]/).includes('..')) {
    return {
      ok: false,
      message: `entrypoint "${ep}" leaves the pack's sensors/ folder ("..") and is refused`,
    };
  }
  const rel = ep.replace(/^sensors[/\\]/, '');
  const dir = path.join(packPath, 'sensors');
  const file = path.join(dir, rel);
  if (!isFile(file))
    return { ok: false, message: `entrypoint file not found: sensors/${rel} in ${packPath}` };
  const real = realpathSync(file);
  if (!inside(realpathSync(dir), real)) {
    return { ok: false, message: `entrypoint sensors/${rel} resolves outside the pack's sensors/ folder` };
  }
  return { ok: true, path: real };
}

/** How to start the program: an interpreter, or the file itself (`native`). */
export function sensorCommand(
  runner: string,
  file: string,
  searchPath: string | undefined,
):
  | { ok: true; command: string; args: string[]; env: Record<string, string> }
  | { ok: false; message: string } {
  const kind = sensorRunner(runner);
  if (kind === null) {
    return {
      ok: false,
      message: `runner_type "${runner}" is not supported for sensors (use python, node, shell or native)`,
    };
  }
  if (kind === 'native') return { ok: true, command: file, args: [], env: {} };
  let it: Interpreter | null;
  if (kind === 'python') it = pythonInterpreter(undefined, searchPath);
  else if (kind === 'node') it = nodeInterpreter(undefined);
  else it = shellInterpreter(searchPath);
  if (it === null) return { ok: false, message: `runner_type "${runner}": python3 was not found on PATH` };
  return { ok: true, command: it.command, args: [...it.args, file], env: it.env };
}

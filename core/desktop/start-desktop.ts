/**
 * Gathers the facts `npm start` decides on and acts on the cheap ones: finds Electron's binary
 * (asking the electron package to fetch it once when it is missing, within a time limit), and
 * prepares Electron's better-sqlite3 build when the decision gets that far. It never starts
 * anything itself; bin/start.js launches what the decision says.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type ElectronBinary, findElectronBinary } from './electron-binary.ts';
import { decideLaunch, type LaunchDecision } from './launch-decision.ts';
import { bindingFor, cacheRoot, prepareSteps } from './native-binding.ts';
import { prepareBinding } from './prepare-binding.ts';

export interface StartOptions {
  /** The project root holding node_modules. */
  root: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  /** How long the one fetch attempt of Electron's binary may take. */
  fetchTimeoutMs?: number;
  /** Called with progress sentences (first-run fetch and build). */
  say?: (line: string) => void;
}

function readVersion(pkgDir: string): string {
  return String(
    (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: unknown }).version,
  );
}

/** npm's own node-gyp (npm sets npm_config_node_gyp for scripts; else the one next to this node). */
function nodeGypScript(env: NodeJS.ProcessEnv): string {
  if (env.npm_config_node_gyp) return env.npm_config_node_gyp;
  return path.join(
    path.dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
}

/** Finds the binary; when it is missing runs the electron package's own installer once. */
export function obtainElectron(o: StartOptions): ElectronBinary {
  const env = o.env ?? process.env;
  const pkg = path.join(o.root, 'node_modules', 'electron');
  const found = findElectronBinary(pkg, env);
  const installer = path.join(pkg, 'install.js');
  if (found.ok || env.ELECTRON_SKIP_BINARY_DOWNLOAD || !fs.existsSync(installer)) return found;
  o.say?.('Fetching the Electron binary (first start only)…');
  const r = spawnSync(process.execPath, [installer], {
    cwd: pkg,
    env,
    encoding: 'utf8',
    timeout: o.fetchTimeoutMs ?? 300_000,
  });
  const again = findElectronBinary(pkg, env);
  if (again.ok) return again;
  const why = r.error ? r.error.message : `its installer exited with ${r.status ?? r.signal}`;
  return { ok: false, reason: `${found.reason}, and fetching it failed (${why}; is there a network?)` };
}

/** Decides what `npm start` launches, preparing what Electron needs on the way. */
export function planStart(o: StartOptions): LaunchDecision {
  const env = o.env ?? process.env;
  const platform = o.platform ?? process.platform;
  const base = {
    headlessRequested: env.ATTUNE_HEADLESS === '1',
    platform,
    env,
    binding: 'unchecked' as const,
  };
  if (base.headlessRequested)
    return decideLaunch({ ...base, binary: { ok: false, reason: 'not looked for' } });
  const binary = obtainElectron(o);
  const decision = decideLaunch({ ...base, binary });
  if (decision.kind !== 'prepare-binding' || !binary.ok) return decision;
  const pkgDir = path.join(o.root, 'node_modules', 'electron');
  const rt = {
    kind: 'electron' as const,
    version: binary.version,
    abi: fs.readFileSync(path.join(pkgDir, 'abi_version'), 'utf8').trim(),
    platform,
    arch: o.arch ?? process.arch,
  };
  const sqliteDir = path.join(o.root, 'node_modules', 'better-sqlite3');
  const choice = bindingFor(rt, cacheRoot(env, platform), readVersion(sqliteDir));
  if (choice.source !== 'file') return decision;
  if (!fs.existsSync(choice.file))
    o.say?.(`Preparing better-sqlite3 for Electron ${rt.version} (first start only)…`);
  const binding = prepareBinding({
    sqlitePackageDir: sqliteDir,
    file: choice.file,
    env,
    steps: prepareSteps(rt, {
      node: process.execPath,
      prebuildInstall: path.join(o.root, 'node_modules', 'prebuild-install', 'bin.js'),
      nodeGyp: nodeGypScript(env),
    }),
  });
  return decideLaunch({ ...base, binary, binding });
}

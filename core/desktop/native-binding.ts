/**
 * Which better-sqlite3 build file a runtime loads. Node (tests, the headless host, the CLI) loads
 * the build `npm install` made in node_modules; Electron loads its own build, prepared outside
 * node_modules in a cache folder keyed by better-sqlite3's version, Electron's version and ABI,
 * the platform and the architecture, and handed to better-sqlite3 through its `nativeBinding`
 * option. So neither build ever replaces the other (see docs/desktop.md).
 */
import os from 'node:os';
import path from 'node:path';

/** The build's file name, as better-sqlite3's own build names it. */
export const BINDING_FILE = 'better_sqlite3.node';

/** Which runtime is about to open the store. */
export type Runtime =
  | { kind: 'node'; abi: string }
  | { kind: 'electron'; version: string; abi: string; platform: string; arch: string };

/** Where the build comes from: better-sqlite3's default lookup, or one file passed as `nativeBinding`. */
export type BindingChoice =
  | { source: 'default'; abi: string }
  | { source: 'file'; abi: string; file: string };

/** The per-user cache folder for prepared builds (ATTUNE_CACHE_DIR overrides it). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.ATTUNE_CACHE_DIR) return path.resolve(env.ATTUNE_CACHE_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'Attune Desktop');
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Attune Desktop', 'Cache');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'attune-desktop');
}

/** The folder holding the Electron build for one (better-sqlite3, Electron, ABI, platform, arch). */
export function electronBuildDir(
  root: string,
  sqliteVersion: string,
  rt: Extract<Runtime, { kind: 'electron' }>,
): string {
  for (const [field, value] of Object.entries({ sqliteVersion, version: rt.version, abi: rt.abi })) {
    if (!/^[0-9A-Za-z.+-]+$/.test(value))
      throw new Error(`${field} is not a version: ${JSON.stringify(value)}`);
  }
  const key = `electron-${rt.version}-abi${rt.abi}-${rt.platform}-${rt.arch}`;
  return path.join(root, 'better-sqlite3', sqliteVersion, key);
}

/**
 * The build a runtime loads: Node keeps better-sqlite3's default (node_modules); Electron gets
 * the cached file for its exact version and ABI, never node_modules' Node build.
 */
export function bindingFor(rt: Runtime, root: string, sqliteVersion: string): BindingChoice {
  if (rt.kind === 'node') return { source: 'default', abi: rt.abi };
  return {
    source: 'file',
    abi: rt.abi,
    file: path.join(electronBuildDir(root, sqliteVersion, rt), BINDING_FILE),
  };
}

/** A command the preparation runs, in a staging folder outside node_modules. */
export interface PrepareStep {
  what: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * How to obtain the Electron build: first the prebuilt download for Electron's ABI, then a
 * compile against Electron's headers. Both run on a copy of better-sqlite3 in a staging folder,
 * so node_modules' Node build is never touched. `npm_config_nodedir` is emptied because an npm
 * config that sets it silently compiles against Node's headers instead of Electron's.
 */
export function prepareSteps(
  rt: Extract<Runtime, { kind: 'electron' }>,
  tools: { node: string; prebuildInstall: string; nodeGyp: string },
): PrepareStep[] {
  const env = { npm_config_nodedir: '', npm_config_runtime: 'electron', npm_config_target: rt.version };
  const target = [
    '--runtime=electron',
    `--target=${rt.version}`,
    `--arch=${rt.arch}`,
    `--platform=${rt.platform}`,
  ];
  return [
    {
      what: 'download the prebuilt build',
      command: tools.node,
      args: [tools.prebuildInstall, ...target],
      env,
    },
    {
      what: "compile against Electron's headers",
      command: tools.node,
      args: [
        tools.nodeGyp,
        'rebuild',
        '--release',
        `--target=${rt.version}`,
        `--arch=${rt.arch}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      env,
    },
  ];
}

/**
 * What `npm start` runs: the tray app when Electron can run here, otherwise the headless host
 * with one sentence saying why (see docs/desktop.md). The facts are gathered by
 * start-desktop.ts; this decides from them alone, cheapest question first, so the slow native
 * build is only prepared when everything else says Electron.
 */
import type { ElectronBinary } from './electron-binary.ts';
import type { BindingReady } from './prepare-binding.ts';

export interface LaunchFacts {
  /** ATTUNE_HEADLESS=1: the user asked for the headless host. */
  headlessRequested: boolean;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  binary: ElectronBinary;
  /** Electron's better-sqlite3 build; `unchecked` until the rest says Electron. */
  binding: BindingReady | 'unchecked';
}

export type LaunchDecision =
  | { kind: 'electron'; binary: string; nativeBinding: string }
  | { kind: 'prepare-binding' }
  | { kind: 'headless'; sentence: string };

/** Whether a window can be shown: Linux needs an X11 or Wayland display, the others always have one. */
export function hasDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

const headless = (why: string): LaunchDecision => ({
  kind: 'headless',
  sentence: `Starting Attune Desktop headless (open the link below in a browser) because ${why}.`,
});

export function decideLaunch(f: LaunchFacts): LaunchDecision {
  if (f.headlessRequested) return headless('ATTUNE_HEADLESS is set');
  if (!f.binary.ok) return headless(`Electron is not available: ${f.binary.reason}`);
  if (!hasDisplay(f.platform, f.env))
    return headless('there is no display to show a window on (DISPLAY is not set)');
  if (f.binding === 'unchecked') return { kind: 'prepare-binding' };
  if (!f.binding.ok) return headless(f.binding.reason);
  return { kind: 'electron', binary: f.binary.path, nativeBinding: f.binding.file };
}

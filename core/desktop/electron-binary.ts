/**
 * Where the Electron binary is, found the way the `electron` package finds it (its `path.txt`
 * names the executable inside `dist/`, or `ELECTRON_OVERRIDE_DIST_PATH` replaces `dist/`), but
 * without its download-on-first-use: asking must never start a download.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The binary's path, or why there is none, in words that finish "Electron is not available: …". */
export type ElectronBinary = { ok: true; path: string; version: string } | { ok: false; reason: string };

/** Looks for the Electron executable installed by the `electron` package in `packageDir`. */
export function findElectronBinary(packageDir: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const manifest = path.join(packageDir, 'package.json');
  if (!fs.existsSync(manifest))
    return { ok: false, reason: `the electron package is not installed (${packageDir})` };
  const version = String(
    (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: unknown }).version ?? '',
  );
  const pathFile = path.join(packageDir, 'path.txt');
  const name = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const bin = path.join(override, name || 'electron');
    return fs.existsSync(bin)
      ? { ok: true, path: bin, version }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${bin}, which does not exist` };
  }
  if (!name) return { ok: false, reason: `Electron ${version}'s binary has not been downloaded yet` };
  const bin = path.join(packageDir, 'dist', name);
  return fs.existsSync(bin)
    ? { ok: true, path: bin, version }
    : { ok: false, reason: `Electron ${version}'s binary is missing (${bin})` };
}

/** Where the data folder is: `--data-dir`, else ATTUNE_DATA_DIR, else the platform's user-data location. */
import os from 'node:os';
import path from 'node:path';

/** The same folder Electron's app.getPath('userData') uses for an app named "Attune Desktop". */
export function platformDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Attune Desktop');
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Attune Desktop');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Attune Desktop');
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.ATTUNE_DATA_DIR) return path.resolve(env.ATTUNE_DATA_DIR);
  return platformDataDir(env);
}

/**
 * Reads which locked packages run install scripts and checks each against the project's
 * review record (docs/dependencies.md): approved or denied in `allowScripts`, and reviewed at
 * exactly the version the lockfile installs.
 */
import fs from 'node:fs';
import path from 'node:path';

interface PackageJson {
  allowScripts?: Record<string, boolean>;
  reviewedInstallScripts?: Record<string, string>;
}
interface LockFile {
  packages: Record<string, { version?: string; hasInstallScript?: boolean; optional?: boolean }>;
}

/** `name@version` of every package in the lockfile that has an install script. */
export function lockedInstallScripts(lock: LockFile): string[] {
  const found = new Set<string>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (!where || !entry.hasInstallScript || !entry.version) continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    found.add(`${name}@${entry.version}`);
  }
  return [...found].sort();
}

/** One sentence per package whose install script has not been reviewed at its locked version. */
export function unreviewedInstallScripts(pkg: PackageJson, lock: LockFile): string[] {
  const problems: string[] = [];
  const allow = pkg.allowScripts ?? {};
  const reviewed = pkg.reviewedInstallScripts ?? {};
  for (const id of lockedInstallScripts(lock)) {
    const name = id.slice(0, id.lastIndexOf('@'));
    const decided = name in allow || id in allow;
    if (!decided) problems.push(`${id} runs an install script that allowScripts neither approves nor denies`);
    if (!(id in reviewed))
      problems.push(
        `${id} is not in reviewedInstallScripts (review the script at this version, then record it)`,
      );
  }
  const locked = new Set(lockedInstallScripts(lock));
  for (const id of Object.keys(reviewed))
    if (!locked.has(id))
      problems.push(`reviewedInstallScripts names ${id}, which the lockfile does not install`);
  return problems;
}

export function readProject(root: string): { pkg: PackageJson; lock: LockFile } {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'));
  return { pkg: read('package.json'), lock: read('package-lock.json') };
}

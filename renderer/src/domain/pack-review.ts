/**
 * Pack import and export for people, free of React: which files can be imported, an archive's
 * bytes as the base64 a channel carries, a problem as `file:line:column field — message`, what
 * the review asks of the user (secrets, an upgrade), and an export's download.
 */
import type { PackReport } from '../../../core/contract/packs.ts';

type Problem = PackReport['problems'][number];

/** Archive names an import accepts. */
const ARCHIVE_RE = /\.(tar\.gz|tgz|tar|zip)$/i;

/** Whether a file name is an archive the host can import. */
export function isPackArchive(name: string): boolean {
  return ARCHIVE_RE.test(name);
}

/** The file input's accepted types. */
export const ARCHIVE_TYPES = [
  '.tar.gz',
  '.tgz',
  '.tar',
  '.zip',
  'application/gzip',
  'application/zip',
] as const;

/**
 * The largest archive sent as bytes over the WebSocket: a frame holds 1 MiB, and base64 takes
 * 4 bytes for every 3 (with room for the rest of the message).
 */
export const MAX_UPLOAD_BYTES = 760 * 1024;

/** Bytes as base64, in chunks (a spread of a large array overflows the call stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Base64 back to bytes (an export's download). */
export function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A problem where an editor finds it: `actions/backup.yaml:4:3 entry_point — message`. */
export function problemLocation(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}${p.field ? ` ${p.field}` : ''}`;
}

/** Problems grouped by file, files in name order, problems by line. */
export function problemsByFile(problems: readonly Problem[]): Array<{ file: string; problems: Problem[] }> {
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  return [...byFile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, list]) => ({ file, problems: list.sort((a, b) => a.line - b.line || a.column - b.column) }));
}

/** What the user must settle before the import: missing secrets, and replacing a version. */
export interface ImportNeeds {
  secrets: string[];
  /** The pack is installed already: importing replaces it (an upgrade). */
  upgrade: boolean;
  /** Nothing can be imported: the pack has problems. */
  blocked: boolean;
}

export function importNeeds(r: PackReport): ImportNeeds {
  return {
    secrets: r.missing_secrets,
    upgrade: r.previous_version !== null,
    blocked: !r.valid || r.problems.length > 0,
  };
}

/** Secret values to send: only those filled in, trimmed of nothing (secrets are taken as typed). */
export function secretsToSend(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}

/** One line on what an import did or would do, e.g. "demo 1.2.0 replaces 1.1.0: 4 rules, 3 actions". */
export function reportSummary(r: PackReport): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const what = [n(r.rules.length, 'rule'), n(r.actions.length, 'action'), n(r.triggers.length, 'trigger')];
  if (r.sensors.length) what.push(n(r.sensors.length, 'sensor'));
  const version = r.previous_version
    ? `${r.pack.version} replaces ${r.previous_version}`
    : `${r.pack.version}, new on this machine`;
  return `${r.pack.ref} ${version}: ${what.join(', ')}`;
}

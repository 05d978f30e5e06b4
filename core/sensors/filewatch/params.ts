/**
 * `core.filewatch` trigger params (docs/sensors.md, "Built-in sensors: filewatch and system"):
 * parsing, defaults and the save-time checks. Every problem is an AttuneError('VALIDATION_ERROR')
 * whose `field` is `trigger_params.<key>`; `details` lists every problem found.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import type { JsonObject } from '../../model/entities.ts';
import { AttuneError } from '../../model/errors.ts';
import { isRecord } from '../../util/records.ts';

/** The trigger the file watcher fires. */
export const FILEWATCH_TRIGGER_REF = 'core.filewatch';

/** What happened to a file. */
export const FILE_EVENTS = ['add', 'change', 'unlink'] as const;
export type FileEventKind = (typeof FILE_EVENTS)[number];

/** Debounce bounds, ms: below 10 ms a burst is not coalesced; above an hour it is a schedule. */
export const MIN_DEBOUNCE_MS = 10;
export const MAX_DEBOUNCE_MS = 3_600_000;
export const DEFAULT_DEBOUNCE_MS = 500;

/** Normalized params, as stored on the rule. */
export interface FilewatchParams {
  path: string;
  glob: string;
  events: FileEventKind[];
  debounce_ms: number;
  recursive: boolean;
}

interface Problem {
  field: string;
  message: string;
}

/** `~` and `~/x` are the user's home folder. */
export function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/') || p.startsWith(`~${path.sep}`)) return path.join(os.homedir(), p.slice(2));
  return p;
}

/** The absolute folder or file a rule watches. */
export function resolveWatchPath(p: string): string {
  return path.resolve(expandHome(p));
}

/**
 * Why `p` cannot be watched now, or null when it can: it must exist and be readable (a folder
 * also listable). The message names the path the user gave.
 */
export function unwatchableReason(p: string): string | null {
  const abs = resolveWatchPath(p);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist';
    if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
    return `cannot be read (${code ?? String(err)})`;
  }
  try {
    fs.accessSync(abs, stat.isDirectory() ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.R_OK);
  } catch {
    return 'cannot be read (permission denied)';
  }
  if (!stat.isDirectory() && !stat.isFile()) return 'is neither a folder nor a file';
  return null;
}

function show(v: unknown): string {
  return v === undefined ? '' : ` ${JSON.stringify(v) ?? String(v)}`;
}

function add(problems: Problem[], key: string, value: unknown, text: string): void {
  const field = `trigger_params.${key}`;
  problems.push({ field, message: `${field}${show(value)} ${text}` });
}

function absent(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function parsePath(raw: unknown, checkDisk: boolean, problems: Problem[]): string {
  if (absent(raw)) {
    add(problems, 'path', undefined, 'is required (a folder or file, e.g. "~/Inbox")');
    return '';
  }
  if (typeof raw !== 'string') {
    add(problems, 'path', raw, 'is not a string');
    return '';
  }
  const p = raw.trim();
  if (p.includes('\0')) {
    add(problems, 'path', raw, 'contains a NUL character');
    return p;
  }
  if (!path.isAbsolute(expandHome(p))) {
    add(problems, 'path', raw, 'is not absolute (start it with / or ~/)');
    return p;
  }
  if (checkDisk) {
    const reason = unwatchableReason(p);
    if (reason !== null) add(problems, 'path', raw, reason);
  }
  return p;
}

function parseGlob(raw: unknown, problems: Problem[]): string {
  if (absent(raw)) return '*';
  if (typeof raw !== 'string') {
    add(problems, 'glob', raw, 'is not a string');
    return '*';
  }
  try {
    picomatch.makeRe(raw.trim());
  } catch (err) {
    add(problems, 'glob', raw, `is not a valid glob: ${(err as Error).message}`);
  }
  return raw.trim();
}

function parseEvents(raw: unknown, problems: Problem[]): FileEventKind[] {
  if (absent(raw)) return [...FILE_EVENTS];
  if (!Array.isArray(raw) || raw.length === 0) {
    add(problems, 'events', raw, `is not a non-empty list of ${FILE_EVENTS.join(', ')}`);
    return [...FILE_EVENTS];
  }
  const bad = raw.find((e) => !(FILE_EVENTS as readonly unknown[]).includes(e));
  if (bad !== undefined)
    add(problems, 'events', raw, `holds ${JSON.stringify(bad)}; use ${FILE_EVENTS.join(', ')}`);
  // Canonical order, no duplicates.
  return FILE_EVENTS.filter((e) => raw.includes(e));
}

function parseDebounce(raw: unknown, problems: Problem[]): number {
  if (absent(raw)) return DEFAULT_DEBOUNCE_MS;
  if (typeof raw !== 'number' || !Number.isInteger(raw)) {
    add(problems, 'debounce_ms', raw, 'is not a whole number of milliseconds');
    return DEFAULT_DEBOUNCE_MS;
  }
  if (raw < MIN_DEBOUNCE_MS || raw > MAX_DEBOUNCE_MS) {
    add(problems, 'debounce_ms', raw, `is outside ${MIN_DEBOUNCE_MS}…${MAX_DEBOUNCE_MS}`);
    return DEFAULT_DEBOUNCE_MS;
  }
  return raw;
}

function parseRecursive(raw: unknown, problems: Problem[]): boolean {
  if (absent(raw)) return false;
  if (typeof raw !== 'boolean') add(problems, 'recursive', raw, 'is not true or false');
  return raw === true;
}

/**
 * Params with defaults filled in (`glob` "*", every event, 500 ms, not recursive). `checkDisk`
 * also refuses a path that does not exist or cannot be read — at save, not when a stored rule is
 * loaded (a folder that is gone then is a sensor error, not a broken rule).
 */
export function parseFilewatchParams(
  raw: unknown,
  opts: { checkDisk: boolean },
): { params: FilewatchParams; problems: Problem[] } {
  const p = isRecord(raw) ? raw : {};
  const problems: Problem[] = [];
  if (!isRecord(raw)) add(problems, 'path', undefined, 'is required (a folder or file, e.g. "~/Inbox")');
  const known = new Set(['path', 'glob', 'events', 'debounce_ms', 'recursive']);
  for (const key of Object.keys(p))
    if (!known.has(key)) add(problems, key, undefined, 'is not a filewatch parameter');
  const params: FilewatchParams = {
    path: isRecord(raw) ? parsePath(p['path'], opts.checkDisk, problems) : '',
    glob: parseGlob(p['glob'], problems),
    events: parseEvents(p['events'], problems),
    debounce_ms: parseDebounce(p['debounce_ms'], problems),
    recursive: parseRecursive(p['recursive'], problems),
  };
  return { params, problems };
}

/** The save-time check: the normalized params, or a VALIDATION_ERROR naming the first bad field. */
export function validateFilewatchParams(raw: unknown, opts: { checkDisk: boolean }): JsonObject {
  const { params, problems } = parseFilewatchParams(raw, opts);
  const [first] = problems;
  if (first)
    throw new AttuneError('VALIDATION_ERROR', first.message, { field: first.field, details: problems });
  return { ...params };
}

/**
 * Signals for a whole process group. Each action process is spawned detached, so it leads its
 * own group (pgid = its pid) and everything it starts — `sleep 30 &`, a pipeline, a helper —
 * belongs to that group and can be stopped together.
 */
import { readdirSync, readFileSync } from 'node:fs';

const IS_WINDOWS = process.platform === 'win32';

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

/**
 * Sends `signal` to the group led by `pid`. Returns false when the group no longer exists, or
 * when `pid` is not a positive integer (it names no group).
 * Windows has no process groups: there only the process itself is signalled.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  // kill(-0) would signal our own group, kill(-(-1)) process 1: such a pid names no group of ours.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(IS_WINDOWS ? pid : -pid, signal);
    return true;
  } catch (err) {
    if (errorCode(err) === 'ESRCH') return false;
    // EPERM: the group exists but is not ours to signal (should not happen); try the leader alone.
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** Linux: does any member of group `pgid` still run (zombies awaiting their reaper do not count)? */
function linuxGroupHasLiveMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …" — comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

/**
 * Whether the group led by `pid` still has a running member. A killed orphan stays a zombie
 * until init reaps it, which can take seconds; on Linux zombies are therefore not counted.
 */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(IS_WINDOWS ? pid : -pid, 0);
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
  return process.platform === 'linux' ? linuxGroupHasLiveMember(pid) : true;
}

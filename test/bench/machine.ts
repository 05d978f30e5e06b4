/** The machine a run happened on, recorded next to every result (docs/performance.md quotes it). */
import fs from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';

export interface Machine {
  cpu_model: string;
  cores: number;
  memory_gb: number;
  platform: string;
  kernel: string;
  node: string;
  sqlite: string;
}

function cpuModel(): string {
  // /proc/cpuinfo is what the issue asks for; os.cpus() is the fallback off Linux.
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    /* not Linux */
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

export function describeMachine(): Machine {
  return {
    cpu_model: cpuModel(),
    cores: os.availableParallelism(),
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    node: process.version,
    sqlite: sqliteVersion(),
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu_model}, ${m.cores} cores, ${m.memory_gb} GB, ${m.platform} ${m.kernel}, Node ${m.node}, SQLite ${m.sqlite}`;
}

/**
 * Where a host listens by default, and the file in its data folder that says where it listens
 * (`host.json`: url, pid). Apart from serve.ts so the CLI's client commands, which only read
 * it, do not load the engine and the HTTP server.
 */
import path from 'node:path';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

/** The running host's `host.json` in `dataDir`. */
export function hostFile(dataDir: string): string {
  return path.join(dataDir, 'host.json');
}

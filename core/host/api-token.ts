/** The REST/WebSocket API token: random, in `<data-dir>/api-token`, mode 0600. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function tokenFile(dataDir: string): string {
  return path.join(dataDir, 'api-token');
}

/** Writes a fresh token for this run (a leaked token dies with the host that issued it). */
export function issueToken(dataDir: string): string {
  const token = crypto.randomBytes(32).toString('base64url');
  const file = tokenFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export function readToken(dataDir: string): string {
  return fs.readFileSync(tokenFile(dataDir), 'utf8').trim();
}

export function tokensEqual(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

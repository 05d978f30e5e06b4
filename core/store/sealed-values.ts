/**
 * Is anything in the store sealed with the master key? Encrypted key-store values (webhook HMAC
 * secrets, secret pack settings) and the sealed parameters of executions that may still run.
 * Finished executions are not asked: their sealed values are never opened again.
 */
import type { ReadHandle } from './handles.ts';

/** One sealed value the master key must open, or null when nothing needs the key. */
export function sampleSealedValue(h: ReadHandle): string | null {
  const key = h.stmt('SELECT value FROM keys WHERE encrypted = 1 LIMIT 1').get() as
    | { value: string }
    | undefined;
  if (key) return key.value;
  // Through the status index: executions that can still start.
  const exec = h
    .stmt(
      `SELECT sealed_params FROM executions
        WHERE status IN ('requested', 'scheduling', 'scheduled', 'running', 'canceling')
          AND sealed_params IS NOT NULL LIMIT 1`,
    )
    .get() as { sealed_params: string } | undefined;
  return exec?.sealed_params ?? null;
}

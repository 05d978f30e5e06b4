/**
 * 0050: the evaluation record keeps why a condition was false or failed: the smallest failing
 * parts with their values, as JSON (docs/explain.md). Null for every other outcome, and for the
 * rows written before this version.
 */
import type { Migration } from './types.ts';

export const migration0050: Migration = {
  version: 50,
  name: 'evaluation-explanation',
  up: `ALTER TABLE evaluations ADD COLUMN explanation TEXT;`,
};

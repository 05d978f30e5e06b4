/** Every migration, in order. Add new ones at the end, in steps of 10, each with its own test. */
import { migration0010 } from './0010-initial.ts';
import type { Migration } from './types.ts';

export const MIGRATIONS: readonly Migration[] = [migration0010];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

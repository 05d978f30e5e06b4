/** The store's public surface: open it, then use the repositories with its handles. */
export * from './actions-repo.ts';
export * from './activity-repo.ts';
export * from './codec.ts';
export * from './data-folder.ts';
export * from './data-lock.ts';
export * from './enforcements-repo.ts';
export * from './events-repo.ts';
export * from './executions-repo.ts';
export type { ReadHandle, WriteHandle } from './handles.ts';
export * from './keys-repo.ts';
export * from './packs-repo.ts';
export * from './rules-repo.ts';
export * from './sealed-values.ts';
export * from './store.ts';
export * from './timer-state-repo.ts';
export * from './triggers-repo.ts';
export * from './unit-of-work.ts';
export * from './webhook-attempts-repo.ts';

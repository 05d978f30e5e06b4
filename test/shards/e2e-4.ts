/** Share 4 of test/e2e's files, in one process with one Chromium (shard.ts). */
import { runShardOf } from './shard.ts';

runShardOf(import.meta.url);

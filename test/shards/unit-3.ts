/** Share 3 of test/unit's files, in one process (shard.ts). */
import { runShardOf } from './shard.ts';

runShardOf(import.meta.url);

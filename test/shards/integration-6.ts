/** Share 6 of the integration tests that run in shards (shard.ts). */
import { runShardOf } from './shard.ts';

runShardOf(import.meta.url);

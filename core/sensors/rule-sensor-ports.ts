/**
 * What the built-in sensors that watch for their rules (filewatch, system) are given by the
 * engine: sensors sit below the engine (docs/architecture.md) and cannot import it, so the engine
 * hands them functions of these shapes.
 */
import type { JsonObject, Rule } from '../model/entities.ts';
import type { Logger } from '../model/logger.ts';
import type { Clock } from '../schedule/clock.ts';
import type { Store } from '../store/index.ts';

/** A rule change as the rule service announces it. */
export type SensorRuleChange =
  | { kind: 'created'; rule: Rule }
  | { kind: 'updated'; rule: Rule; previous: Rule }
  | { kind: 'deleted'; previous: Rule };

/** Ports to the engine of a sensor that fires one rule at a time. */
export interface RuleSensorDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  ingest(e: {
    trigger_ref: string;
    rule_ref: string;
    payload: JsonObject;
    source_ref: string;
  }): Promise<unknown>;
  onRuleChange(listener: (change: SensorRuleChange) => void): () => void;
}

/**
 * The timer sensor's ports to the engine: sensors sit below the engine (docs/architecture.md)
 * and cannot import it, so the engine hands them functions of these shapes.
 */
import type { ChangeFeed } from '../contract/notifications.ts';
import type { Rule } from '../model/entities.ts';
import type { Logger } from '../model/logger.ts';
import type { EvaluationOutcome } from '../model/status.ts';
import type { Clock } from '../schedule/index.ts';
import type { Store } from '../store/index.ts';
import type { TimerSubmission } from './timer-payload.ts';

/** What the engine's ingest answers that the sensor looks at. */
export interface TimerIngestResult {
  event_id: number;
  evaluations: ReadonlyArray<{ rule_ref: string; outcome: EvaluationOutcome }>;
}

/** A rule change as the rule service announces it. */
export type TimerRuleChange =
  | { kind: 'created'; rule: Rule }
  | { kind: 'updated'; rule: Rule; previous: Rule }
  | { kind: 'deleted'; previous: Rule };

/** Ports to the engine (sensors sit below it and cannot import it). */
export interface TimerSensorDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Zone for cron rules and local `fire_at`s saved without one. */
  defaultTimezone: string;
  ingest(e: TimerSubmission): Promise<TimerIngestResult>;
  publish: ChangeFeed['publish'];
  onRuleChange(listener: (change: TimerRuleChange) => void): () => void;
}

/** A timer rule's next and last fire, as the API shows them (ISO 8601). */
export interface TimerInfo {
  next_fire_at: string | null;
  last_fired_at: string | null;
}

/** Something to dispose of (Home Assistant's trigger attach → unsubscribe). */
export interface Disposable {
  dispose(): void;
}

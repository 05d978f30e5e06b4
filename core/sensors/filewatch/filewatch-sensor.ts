/**
 * The `core.filewatch` sensor (`internal://filewatch`; docs/sensors.md, "Built-in sensors:
 * filewatch and system"). One watch per enabled rule on `core.filewatch`; watches start when a
 * rule needs them and stop when none does, following rule create, edit, enable, disable and
 * delete as they happen. Each coalesced change is an event addressed to its rule, through the
 * engine's normal ingest.
 */
import type { SensorLiveState } from '../../contract/sensors.ts';
import type { JsonObject, Rule } from '../../model/entities.ts';
import { listRulesByTrigger } from '../../store/index.ts';
import type { RuleSensorDeps, SensorRuleChange } from '../rule-sensor-ports.ts';
import { FILEWATCH_TRIGGER_REF, type FilewatchParams, parseFilewatchParams } from './params.ts';
import { RuleWatch, type WatchInfo } from './rule-watch.ts';

/** The entry point under which the sensor entity lists it. */
export const FILEWATCH_ENTRYPOINT = 'internal://filewatch';

/** A rule change as the rule service announces it. */
export type FilewatchRuleChange = SensorRuleChange;

/** Ports to the engine (sensors sit below it and cannot import it). */
export interface FilewatchSensorDeps extends RuleSensorDeps {
  /** First re-check delay for a vanished path (tests shorten it); default 1 s, doubling to 30 s. */
  retryMs?: number;
}

/** The file-watch sensor; see the file comment. */
export class FilewatchSensor {
  readonly #watches = new Map<string, RuleWatch>();
  /** Rules whose stored params cannot be read (saved before a check existed): shown, not watched. */
  readonly #broken = new Map<string, string>();
  #unsubscribe: (() => void) | null = null;
  #running = false;
  #startedAt: number | null = null;
  #restarts = 0;
  #events = 0;
  #lastEventAt: number | null = null;
  #lastError: string | null = null;

  constructor(private readonly d: FilewatchSensorDeps) {}

  /** Watches every enabled filewatch rule and follows rule changes from now on. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.d.onRuleChange((c) => this.#onChange(c));
    for (const rule of listRulesByTrigger(this.d.store.read, FILEWATCH_TRIGGER_REF))
      this.#sync(rule.ref, rule);
  }

  /** Closes every watcher; changes still in a debounce window are dropped. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    const all = [...this.#watches.values()];
    this.#watches.clear();
    this.#broken.clear();
    this.#startedAt = null;
    await Promise.all(all.map((w) => w.close()));
  }

  /** The watches, one per enabled rule. */
  watches(): WatchInfo[] {
    return [...this.#watches.values()].map((w) => w.info());
  }

  /** Live state for the sensor entity: `detail` lists the watched paths and their rules. */
  state(): SensorLiveState {
    const watches = this.watches();
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const failing = watches.find((w) => w.status === 'backoff');
    const status =
      watches.length === 0
        ? 'stopped'
        : failing
          ? 'backoff'
          : watches.some((w) => w.status === 'starting')
            ? 'starting'
            : 'running';
    const brokenRule = [...this.#broken.entries()][0];
    return {
      status,
      pid: null,
      started_at: iso(this.#startedAt),
      restarts: this.#restarts,
      last_event_at: iso(this.#lastEventAt),
      events_emitted: this.#events,
      last_error: failing?.error ?? (brokenRule ? `${brokenRule[0]}: ${brokenRule[1]}` : this.#lastError),
      detail: {
        watched_paths: watches.map((w) => ({ ...w })),
        rules: watches.map((w) => w.rule),
      },
    };
  }

  #onChange(c: FilewatchRuleChange): void {
    if (!this.#running) return;
    if (c.kind === 'deleted') this.#sync(c.previous.ref, null);
    else this.#sync(c.rule.ref, c.rule);
  }

  /** Makes the watch of `ref` match the rule (null: gone). An unchanged watch is left running. */
  #sync(ref: string, rule: Rule | null): void {
    const wanted = rule?.enabled && rule.trigger_ref === FILEWATCH_TRIGGER_REF ? rule : null;
    const current = this.#watches.get(ref);
    this.#broken.delete(ref);
    let params: FilewatchParams | null = null;
    if (wanted) {
      const parsed = parseFilewatchParams(wanted.trigger_params, { checkDisk: false });
      if (parsed.problems.length > 0) {
        this.#broken.set(ref, parsed.problems.map((p) => p.message).join('; '));
        this.d.logger.warn('filewatch rule not watched', { rule: ref, error: this.#broken.get(ref) });
      } else params = parsed.params;
    }
    if (current && params && JSON.stringify(current.params) === JSON.stringify(params)) return;
    if (current) {
      this.#watches.delete(ref);
      void current.close();
    }
    if (!params) {
      if (this.#watches.size === 0) this.#startedAt = null;
      return;
    }
    const watch = new RuleWatch(ref, params, {
      clock: this.d.clock,
      ...(this.d.retryMs !== undefined ? { retryMs: this.d.retryMs } : {}),
      emit: (ruleRef, payload) => this.#emit(ruleRef, payload),
      changed: (w, error, recovered) => {
        if (error !== null) {
          this.#lastError = error;
          this.d.logger.warn('filewatch path unavailable', { rule: w.ruleRef, error });
        }
        if (recovered) {
          this.#restarts++;
          this.d.logger.info('filewatch path is back', { rule: w.ruleRef, path: w.root });
        }
      },
    });
    this.#watches.set(ref, watch);
    this.#startedAt ??= this.d.clock.now();
    watch.start();
  }

  #emit(ruleRef: string, payload: JsonObject): void {
    if (!this.#running || !this.#watches.has(ruleRef)) return;
    this.#events++;
    this.#lastEventAt = this.d.clock.now();
    this.d
      .ingest({
        trigger_ref: FILEWATCH_TRIGGER_REF,
        rule_ref: ruleRef,
        payload,
        source_ref: FILEWATCH_TRIGGER_REF,
      })
      .catch((err: unknown) =>
        this.d.logger.error('filewatch event not stored', {
          rule: ruleRef,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
  }
}

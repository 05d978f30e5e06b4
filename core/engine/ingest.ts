/**
 * Ingest: an event is stored first, in one transaction with its evaluation record, its
 * enforcements and their executions (docs/engine.md, "Ingest"). Ingests within one tick are part of the tick's
 * unit of work (one transaction); only after it commits are notifications sent and executions
 * started.
 */
import crypto from 'node:crypto';
import type { AttuneEvent, Evaluation, EventKind, JsonObject } from '../model/entities.ts';
import { isUnavailable } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { PackCatalog } from '../packs/service/pack-catalog.ts';
import type { Clock } from '../schedule/clock.ts';
import type { Vault } from '../secrets/vault.ts';
import {
  insertEnforcement,
  insertEvaluation,
  insertEvent,
  type Store,
  type TickBatch,
  type TickWriter,
  type UnitOfWork,
  type WriteHandle,
} from '../store/index.ts';
import type { CreatedExecution, ExecutionCreator, NewExecution } from './create-execution.ts';
import type { Executor } from './execute.ts';
import { type ExplainWhen, eventContext, matchRule } from './match.ts';
import type { Notifier } from './notifier.ts';
import { ActionParamsError, renderActionParams } from './render.ts';
import type { CompiledRule, RuleIndex } from './rule-index.ts';

export interface EventSubmission {
  trigger_ref: string;
  payload?: JsonObject | null;
  config?: JsonObject | null;
  source_ref?: string | null;
  /** Addressed to one rule (timers): only that rule is evaluated. */
  rule_ref?: string | null;
  trace_tag?: string;
  kind?: EventKind;
}

export interface IngestResult {
  event_id: number;
  trace_tag: string;
  created: string;
  evaluations: Evaluation[];
  execution_ids: number[];
}

interface Pending {
  input: EventSubmission;
  resolve(r: IngestResult): void;
  reject(e: unknown): void;
}

interface Processed {
  result: IngestResult;
  event: AttuneEvent;
  enforcements: Array<{ id: number; rule_ref: string; config: JsonObject }>;
  executions: CreatedExecution[];
}

export interface IngestDeps {
  store: Store;
  tick: UnitOfWork;
  rules: RuleIndex;
  /** Overlap bookkeeping (reserve before commit, unreserve on rollback). */
  executor: Pick<Executor, 'reserve' | 'unreserve' | 'activeForRule'>;
  executions: ExecutionCreator;
  notifier: Notifier;
  clock: Clock;
  vault: Vault;
  packs: PackCatalog;
  logger: Logger;
  /**
   * False: conditions that do not hold are recorded without an explanation (the benchmark's
   * baseline); a function is asked once per event. True (the default): a false condition's
   * explanation is left to its readers when they can make it (explain-on-read.ts).
   */
  explanations?: boolean | (() => boolean);
}

export function newTraceTag(): string {
  return crypto.randomBytes(8).toString('hex');
}

export class Ingestor implements TickWriter {
  private pending: Pending[] = [];
  /** Overlap reservations made inside the running transaction. */
  private reserved: Array<[string, number]> = [];
  private closed = false;

  constructor(private readonly d: IngestDeps) {}

  /** Queues an event for the tick; resolves once it and its enforcements are committed. */
  ingest(input: EventSubmission): Promise<IngestResult> {
    if (this.closed) return Promise.reject(new Error('the engine is shutting down'));
    return new Promise((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.d.tick.schedule();
    });
  }

  /** Refuses new events; pending ones are still committed with the tick. */
  close(): void {
    this.closed = true;
  }

  take(): TickBatch | null {
    const batch = this.pending;
    if (batch.length === 0) return null;
    this.pending = [];
    let processed: Processed[] = [];
    let reserved: Array<[string, number]> = [];
    return {
      write: (w) => {
        // Written again alone when another writer sank the tick: the first try's reservations go.
        this.unreserve(reserved);
        this.reserved = reserved = [];
        processed = batch.map((p) => this.process(w, p.input));
      },
      committed: () =>
        processed.forEach((p, i) => {
          this.announce(p);
          batch[i]?.resolve(p.result);
        }),
      rolledBack: (err) => {
        this.unreserve(reserved);
        // One bad event must not sink the batch: retry them one by one. A full disk sinks them
        // all alike: each caller hears UNAVAILABLE, and nothing was stored or acknowledged.
        if (batch.length > 1 && !isUnavailable(err)) return this.oneByOne(batch);
        for (const p of batch) p.reject(err);
        return undefined;
      },
      abandoned: () => {
        for (const p of batch) p.reject(new Error('the engine is shutting down'));
      },
    };
  }

  /** Forgets overlap reservations whose transaction rolled back. */
  private unreserve(reserved: Array<[string, number]>): void {
    for (const [rule, id] of reserved) this.d.executor.unreserve(rule, id);
    reserved.length = 0;
  }

  /** Each event of a failed batch in its own transaction; returns the after-commit step. */
  private oneByOne(batch: Pending[]): () => void {
    const outcomes = batch.map((p) => {
      const reserved: Array<[string, number]> = [];
      this.reserved = reserved;
      try {
        return { p, r: this.d.store.transaction((w) => this.process(w, p.input)) };
      } catch (err) {
        this.unreserve(reserved);
        return { p, err };
      }
    });
    return () => {
      for (const o of outcomes) {
        if (o.r) {
          this.announce(o.r);
          o.p.resolve(o.r.result);
        } else o.p.reject(o.err);
      }
    };
  }

  private process(w: WriteHandle, input: EventSubmission): Processed {
    const { clock } = this.d;
    const now = clock.now();
    const kind = input.kind ?? 'event';
    const event: AttuneEvent = {
      id: 0,
      kind,
      trigger_ref: input.trigger_ref,
      payload: input.payload ?? {},
      config: input.config ?? null,
      source_ref: input.source_ref ?? null,
      rule_ref: input.rule_ref ?? null,
      trace_tag: input.trace_tag ?? newTraceTag(),
      created: new Date(now).toISOString(),
    };
    event.id = insertEvent(w, { ...event, created: now });
    const out: Processed = {
      result: {
        event_id: event.id,
        trace_tag: event.trace_tag,
        created: event.created,
        evaluations: [],
        execution_ids: [],
      },
      event,
      enforcements: [],
      executions: [],
    };
    if (kind === 'missed') return out;

    const candidates: CompiledRule[] = event.rule_ref
      ? [this.d.rules.addressed(event.trigger_ref, event.rule_ref)].filter(
          (c): c is CompiledRule => c !== null,
        )
      : this.d.rules.forTrigger(event.trigger_ref);
    const ctx = eventContext(event);
    const e = this.d.explanations;
    const explain: ExplainWhen = (typeof e === 'function' ? e() : e !== false) ? 'read' : 'never';
    for (const c of candidates) {
      const ev = this.decide(w, c, event, ctx, now, out, explain);
      insertEvaluation(w, event.id, ev);
      out.result.evaluations.push(ev);
    }
    return out;
  }

  private decide(
    w: WriteHandle,
    c: CompiledRule,
    event: AttuneEvent,
    ctx: JsonObject,
    now: number,
    out: Processed,
    explain: ExplainWhen,
  ): Evaluation {
    const rule = c.rule;
    const m = matchRule(c, ctx, () => this.d.packs.get(rule.pack_ref, rule.action_ref).secretValues, explain);
    if (m.outcome !== 'matched')
      return {
        rule_ref: rule.ref,
        outcome: m.outcome,
        detail: m.detail,
        enforcement_id: null,
        explanation: m.explanation,
      };
    if (rule.overlap === 'single') {
      const active = this.d.executor.activeForRule(rule.ref);
      if (active.length > 0) {
        return {
          rule_ref: rule.ref,
          outcome: 'overlap_skipped',
          detail: `execution ${active[0]} of this rule is still active (overlap: single)`,
          enforcement_id: null,
          explanation: null,
        };
      }
    }
    const action = this.d.packs.action(rule.action_ref);
    let rendered: ReturnType<typeof renderActionParams>;
    try {
      rendered = renderActionParams(
        rule,
        ctx,
        this.d.packs.get(rule.pack_ref, rule.action_ref),
        action?.parameters ?? {},
        now,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return {
        rule_ref: rule.ref,
        outcome: 'error',
        detail: `action_params: ${message}`,
        enforcement_id: null,
        explanation: err instanceof ActionParamsError ? err.explanation : null,
      };
    }
    const enf = insertEnforcement(w, {
      rule_ref: rule.ref,
      event_id: event.id,
      trigger_ref: event.trigger_ref,
      config: rendered.redacted,
      // Its execution is written in this same transaction: the enforcement is processed (Attune's
      // meaning: turned into an execution) the moment it exists.
      status: 'processed',
      created: now,
    });
    if (enf.created) {
      const x: NewExecution = {
        action_ref: rule.action_ref,
        config: rendered.redacted,
        enforcement_id: enf.id,
        rule_ref: rule.ref,
        trigger_ref: event.trigger_ref,
        timeout_seconds: action?.timeout_seconds ?? 600,
        retry_count: 0,
        not_before: null,
        sealed_params: rendered.secrets ? this.d.vault.seal(rendered.secrets) : null,
        trace_tag: event.trace_tag,
        retry_of: null,
        env_vars: null,
      };
      const created = this.d.executions.write(w, x, now);
      this.d.executor.reserve(rule.ref, created.id);
      this.reserved.push([rule.ref, created.id]);
      out.enforcements.push({ id: enf.id, rule_ref: rule.ref, config: rendered.redacted });
      out.executions.push(created);
      out.result.execution_ids.push(created.id);
    }
    return {
      rule_ref: rule.ref,
      outcome: 'matched',
      detail: null,
      enforcement_id: enf.id,
      explanation: null,
    };
  }

  private announce(p: Processed): void {
    // Payload objects are only built for someone to read them.
    if (this.d.notifier.subscriberCount > 0) this.publish(p);
    for (const x of p.executions) this.d.executions.committed(x);
  }

  private publish(p: Processed): void {
    const { notifier } = this.d;
    const e = p.event;
    if (e.kind === 'missed') {
      notifier.publish('missed_run', 'event', e.id, {
        trigger_ref: e.trigger_ref,
        rule_ref: e.rule_ref,
        payload: e.payload,
      });
    }
    notifier.publish('event_created', 'event', e.id, {
      kind: e.kind,
      trigger_ref: e.trigger_ref,
      rule_ref: e.rule_ref,
      trace_tag: e.trace_tag,
      evaluations: p.result.evaluations,
    });
    for (const enf of p.enforcements) {
      notifier.publish('enforcement_created', 'enforcement', enf.id, {
        rule_ref: enf.rule_ref,
        event_id: e.id,
        config: enf.config,
      });
    }
  }
}

/**
 * The one composition of the engine (Actual's loot-core, hosted twice): electron/main.ts and
 * core/host/serve.ts both call `createEngine`, then `start()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TimerPause } from '../contract/alerts.ts';
import type { ActionPatch, RuleCreate, RuleReplayDraft } from '../contract/channels.ts';
import type { NotifyPayload } from '../contract/notifications.ts';
import type { ReplayResult } from '../contract/replay.ts';
import type { EventCreate } from '../contract/sensors.ts';
import type { Action, AttuneEvent, Execution, JsonObject } from '../model/entities.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import { type Logger, silentLogger } from '../model/logger.ts';
import { USER_PACK } from '../model/refs.ts';
import { emptyPackModel, formatProblem, loadPackFolder } from '../packs/index.ts';
import { installPackModel } from '../packs/install.ts';
import { PackCatalog } from '../packs/service/pack-catalog.ts';
import { PackService } from '../packs/service/pack-service.ts';
import { createRunners, isReservedEnvName, type RunnerHost, type Runners } from '../runners/index.ts';
import { type Clock, systemClock } from '../schedule/clock.ts';
import { systemTimezone } from '../schedule/index.ts';
import { checkMasterKey } from '../secrets/key-check.ts';
import { fileKeyProvider, type KeyProvider } from '../secrets/key-provider.ts';
import { Vault } from '../secrets/vault.ts';
import type { RunFlag } from '../sensors/builtin-sensors.ts';
import {
  FILEWATCH_TRIGGER_REF,
  FilewatchSensor,
  validateFilewatchParams,
} from '../sensors/filewatch/index.ts';
import { EmitCounter } from '../sensors/sensor-runtime.ts';
import type { BackoffPolicy } from '../sensors/supervisor/backoff.ts';
import type { SensorScope } from '../sensors/supervisor/sensor-tokens.ts';
import { type SystemHint, SystemSensor } from '../sensors/system-sensor.ts';
import { TimerSensor } from '../sensors/timer-sensor.ts';
import { WebhookReceiver } from '../sensors/webhook.ts';
import { updateAction } from '../services/action-service.ts';
import { KeyService } from '../services/key-service.ts';
import { RuleService } from '../services/rule-service.ts';
import type { SensorService } from '../services/sensor-service.ts';
import { TriggerService } from '../services/trigger-service.ts';
import {
  type DataLock,
  ENGINE_SETTING_KEYS,
  getEngineSetting,
  getPack,
  lockDataFolder,
  makeDataFolderPrivate,
  openStore,
  type Store,
  setEngineSetting,
  UnitOfWork,
  upsertPack,
} from '../store/index.ts';
import { AlertMonitor } from './alert-monitor.ts';
import { ExecutionCreator } from './create-execution.ts';
import { composeSensors, type EngineSensors } from './engine-sensors.ts';
import { Executor } from './execute.ts';
import { type ExplainOnReadDeps, explainOnRead } from './explain-on-read.ts';
import { type EventSubmission, Ingestor, type IngestResult } from './ingest.ts';
import { createNotifier, type Notifier } from './notifier.ts';
import { recoverExecutions } from './recovery.ts';
import { Retention } from './retention.ts';
import { compileRule, RuleIndex } from './rule-index.ts';
import { replayEvent } from './rule-replay.ts';
import { decideSample, type TrialResult } from './rule-trial.ts';
import { StatusWriter } from './status-writer.ts';

export type { EngineSensors } from './engine-sensors.ts';

export const DEFAULT_CORE_PACK_DIR = fileURLToPath(new URL('../../resources/packs/core', import.meta.url));

/** What a manual run may add to its action's defaults. */
export interface ManualRunOptions {
  env_vars?: Record<string, string> | undefined;
  timeout_seconds?: number | undefined;
}

export interface EngineOptions {
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  keyProvider?: KeyProvider;
  runnerHost?: RunnerHost;
  /** Overrides the runner dispatcher (tests use real runners; this is for hosts). */
  runners?: Runners;
  maxConcurrentExecutions?: number;
  outputCapBytes?: number;
  killGraceMs?: number;
  corePackDir?: string;
  defaultTimezone?: string;
  /**
   * Trim history in the background per the stored retention config (default true). Tests that
   * count every event of a simulated year turn it off; `engine.retention` still runs on demand.
   */
  retention?: boolean;
  /** better-sqlite3 native binding (Electron's own build). */
  nativeBinding?: string;
  version?: string;
  /** Restart delays of crashed pack sensors (tests shorten them; docs/sensors.md, "Supervision"). */
  sensorBackoff?: Partial<BackoffPolicy>;
  /**
   * False records non-firing conditions without explanations: only to measure what they cost
   * (docs/performance.md). A function is asked per event, so one engine can alternate.
   */
  explanations?: boolean | (() => boolean);
}

export interface Engine {
  readonly dataDir: string;
  readonly version: string;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly notifier: Notifier;
  readonly vault: Vault;
  readonly rules: RuleService;
  /** Pack import, validation, reload, delete and export (docs/packs.md). */
  readonly packs: PackService;
  readonly triggers: TriggerService;
  /** Sensor entities: create, update, delete, enable (docs/sensors.md). */
  readonly sensorEntities: SensorService;
  readonly sensors: EngineSensors;
  /** The user's key/value store (docs/concepts.md, "Keys and secrets"). */
  readonly keys: KeyService;
  readonly webhooks: WebhookReceiver;
  readonly executor: Executor;
  /** The built-in `core.filewatch` sensor (`internal://filewatch`): its live state and watches. */
  readonly filewatch: FilewatchSensor;
  /** The built-in `core.system` sensor (`internal://system`). */
  readonly system: SystemSensor;
  /** Trims history in the background, per its stored config (docs/retention.md). */
  readonly retention: Retention;
  /** Alerts: settings, open alerts, dismissal (docs/alerts.md). */
  readonly alerts: AlertMonitor;
  readonly startedAt: number;
  /** Zone for cron rules and local times saved without one (the system zone unless configured). */
  readonly defaultTimezone: string;
  ingest(e: EventSubmission): Promise<IngestResult>;
  /** `POST /api/v1/events`: checked (against the sensor's scope when a sensor sends it), then ingested. */
  emitEvent(input: EventCreate, scope: SensorScope | null): Promise<AttuneEvent>;
  /**
   * A manual run (no enforcement). `env_vars` join the process environment; a name the runner
   * reserves is refused with VALIDATION_ERROR naming it (docs/attune-compat.md, "env_vars").
   */
  execute(actionRef: string, parameters: JsonObject, opts?: ManualRunOptions): Execution;
  /** Runs an execution's action again with the same parameters (its rule kept, no enforcement). */
  rerun(id: number): Execution;
  /** Whether every timer is paused (docs/timers.md, "Pausing all timers"). */
  timerPause(): TimerPause;
  /** Pauses every timer until `resumeTimers`, across restarts; announced as `timers_paused`. */
  pauseTimers(): TimerPause;
  /** Fires timers again; slots that came due meanwhile follow each rule's misfire policy. */
  resumeTimers(): TimerPause;
  cancel(id: number): Promise<Execution>;
  /** Attune's action update (core/services/action-service.ts); the action cache is dropped. */
  updateAction(ref: string, patch: ActionPatch): Action;
  /** Next and last fire instants of a timer rule (null for other rules). */
  timerInfo(ruleRef: string): { next_fire_at: string | null; last_fired_at: string | null } | null;
  /**
   * Re-check the timers now (Electron's powerMonitor resume calls it): a hint, not the mechanism.
   * With a kind, the system sensor also checks the clocks and fires its trigger.
   */
  hint(kind?: SystemHint): void;
  /** Decides a rule against a sample payload without storing anything. */
  testRule(ref: string, payload: JsonObject): TrialResult;
  /** The same for a rule not saved yet (validated as at save, nothing stored). */
  tryRule(input: RuleCreate, payload: JsonObject): TrialResult;
  /**
   * The event with the explanations ingest left to its readers made now (explain-on-read.ts);
   * every reader of stored events passes them through this.
   */
  explainOnRead<E extends AttuneEvent>(event: E): E;
  /** A stored event decided again against a rule or a draft of it; nothing runs, nothing is stored. */
  replayRule(ref: string, eventId: number, draft?: RuleReplayDraft): ReplayResult;
  /** Fires one rule now: an event addressed to it alone, decided and run like any other. */
  runRule(ref: string, payload: JsonObject): Promise<IngestResult>;
  start(): Promise<void>;
  /** No new work; running executions get `graceMs` to finish, then are cancelled; store closed. */
  stop(graceMs?: number): Promise<void>;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'attune.db');
}

/**
 * Takes the data folder (one process at a time: core/store/data-lock.ts), makes it private,
 * opens and checks the database and the master key — in that order, so a refused start has
 * touched nothing — then builds the engine. Throws one sentence when the folder is in use, the
 * database is damaged or the master key is missing (docs/security.md).
 */
export function createEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataFolder(opts.dataDir, { nativeBinding: opts.nativeBinding });
  const keyProvider = opts.keyProvider ?? fileKeyProvider(opts.dataDir);
  let store: Store | null = null;
  try {
    makeDataFolderPrivate(opts.dataDir);
    const file = databaseFile(opts.dataDir);
    store = openStore({
      file,
      nativeBinding: opts.nativeBinding,
      check: true,
      onSlowQuery: (sql, ms) => logger.warn('slow query', { sql: sql.slice(0, 120), ms: Math.round(ms) }),
      onWriteFault: (fault) =>
        fault
          ? logger.error('the database cannot be written: requests answer 503 until this is fixed', {
              file,
              error: fault.message,
            })
          : logger.info('the database is writable again', { file }),
    });
    checkMasterKey(store.read, keyProvider, file);
  } catch (err) {
    store?.close();
    lock.release();
    throw err;
  }
  return buildEngine(opts, clock, logger, store, keyProvider, lock);
}

function buildEngine(
  opts: EngineOptions,
  clock: Clock,
  logger: Logger,
  store: Store,
  keyProvider: KeyProvider,
  lock: DataLock,
): Engine {
  const notifier = createNotifier(
    () => clock.now(),
    (err) => logger.error('notification listener failed', { error: String(err) }),
  );
  const vault = new Vault(store, keyProvider);
  // Everything written within one tick — events, executions, status changes, webhook attempts —
  // is committed in one transaction (core/store/unit-of-work.ts).
  const tick = new UnitOfWork(store, logger);
  const packs = new PackCatalog(store, vault);
  const ruleIndex = new RuleIndex(store);
  // Without a desktop, `core.notify` is a log line and a `notify` notification the UI shows.
  const runnerHost: RunnerHost = opts.runnerHost ?? {
    notify: (title, body, executionId = null) => {
      logger.info('notification', { title, body, execution: executionId });
      const payload: NotifyPayload = { title, body, execution_id: executionId };
      if (executionId === null) notifier.publish('notify', 'engine', 'notify', payload);
      else notifier.publish('notify', 'execution', executionId, payload);
    },
    log: (level, msg, data) => logger[level](msg, data),
  };
  const runners =
    opts.runners ??
    createRunners({
      host: runnerHost,
      ...(opts.killGraceMs !== undefined ? { killGraceMs: opts.killGraceMs } : {}),
    });
  const status = new StatusWriter(tick, notifier, logger);
  const alerts = new AlertMonitor({ store, tick, notifier, clock, logger });
  const executions = new ExecutionCreator({
    store,
    tick,
    vault,
    notifier,
    clock,
    start: (x) => executor.submit(x.id, x),
  });
  const executor = new Executor({
    store,
    tick,
    status,
    createRetry: (x, at) => executions.queue(x, at),
    vault,
    runners,
    notifier,
    clock,
    logger,
    rule: (ref) => ruleIndex.rule(ref),
    action: (ref) => packs.action(ref),
    packPath: (ref) => packs.packPath(ref),
    maxConcurrent: opts.maxConcurrentExecutions ?? 16,
    outputCapBytes: opts.outputCapBytes ?? 10 * 1024 * 1024,
    outcomes: alerts,
  });
  const ingestor = new Ingestor({
    store,
    tick,
    rules: ruleIndex,
    executor,
    executions,
    notifier,
    clock,
    vault,
    packs,
    logger,
    ...(opts.explanations !== undefined ? { explanations: opts.explanations } : {}),
  });
  const defaultTimezone = opts.defaultTimezone ?? systemTimezone();
  const explanations = opts.explanations ?? true;
  const onRead: ExplainOnReadDeps = {
    packs,
    rule: (ref) => ruleIndex.rule(ref),
    enabled: typeof explanations === 'function' ? explanations : () => explanations,
  };
  const rules = new RuleService({
    store,
    rules: ruleIndex,
    notifier,
    clock,
    defaultTimezone,
    triggerParamsChecks: {
      [FILEWATCH_TRIGGER_REF]: (params, o) => validateFilewatchParams(params, { checkDisk: o.atSave }),
    },
  });
  const packService = new PackService({
    dataDir: opts.dataDir,
    store,
    vault,
    rules,
    packContexts: packs,
    notifier,
    clock,
    logger,
    defaultTimezone,
  });
  const triggers = new TriggerService({ store, vault, notifier, clock });
  const sensorsRun: RunFlag = { startedAt: null };
  const timerEvents = new EmitCounter();
  const webhookEvents = new EmitCounter();
  const keys = new KeyService({ store, vault, notifier, clock, onChange: () => packs.invalidate() });
  const timers = new TimerSensor({
    store,
    clock,
    logger,
    defaultTimezone,
    ingest: (e) => {
      if (e.kind !== 'missed') timerEvents.note(clock.now());
      return ingestor.ingest(e).then((r) => {
        // A slot that passed its misfire window may open an alert (docs/alerts.md).
        if (e.kind === 'missed') alerts.missed(e.rule_ref, r.event_id, e.payload);
        return r;
      });
    },
    publish: (type, entityType, id, payload) => notifier.publish(type, entityType, id, payload),
    onRuleChange: (listener) => rules.onChange(listener),
  });
  const filewatch = new FilewatchSensor({
    store,
    clock,
    logger,
    ingest: (e) => ingestor.ingest(e),
    onRuleChange: (listener) => rules.onChange(listener),
  });
  const system = new SystemSensor({
    store,
    clock,
    logger,
    ingest: (e) => ingestor.ingest(e),
    onRuleChange: (listener) => rules.onChange(listener),
  });
  const webhooks = new WebhookReceiver({
    store,
    tick,
    clock,
    logger,
    hmacSecret: (ref) => vault.getSecret<string>(ref),
    ingest: (trigger, payload, config) => {
      webhookEvents.note(clock.now());
      return ingestor.ingest({ trigger_ref: trigger.ref, payload, config, source_ref: 'core.webhook' });
    },
  });
  const { sensors, sensorEntities, emit } = composeSensors({
    store,
    clock,
    logger,
    notifier,
    ingest: (e) => ingestor.ingest(e),
    timers,
    filewatch,
    system,
    run: sensorsRun,
    timerEvents,
    webhookEvents,
    backoff: opts.sensorBackoff,
    killGraceMs: opts.killGraceMs,
  });
  const supervisor = sensors.supervisor;
  // Written and announced in this order within a tick: a retry's row after the failure that
  // caused it, the webhook log after the events it names.
  tick.register(ingestor, status, executions, webhooks, alerts);
  const retention = new Retention({ store, clock, logger });
  rules.onChange((c) => {
    if (c.kind === 'deleted') alerts.ruleDeleted(c.previous.ref);
  });
  // Paused survives a restart: the sensor starts paused (docs/timers.md, "Pausing all timers").
  let pausedSince =
    getEngineSetting<{ since: number }>(store.read, ENGINE_SETTING_KEYS.timersPaused)?.since ?? null;
  if (pausedSince !== null) timers.pause();
  const pauseView = (): TimerPause => ({
    paused: pausedSince !== null,
    paused_since: pausedSince === null ? null : new Date(pausedSince).toISOString(),
  });
  const setPaused = (paused: boolean): TimerPause => {
    if (paused === (pausedSince !== null)) return pauseView();
    const now = clock.now();
    const value = paused ? { since: now } : undefined;
    store.transaction((w) => setEngineSetting(w, ENGINE_SETTING_KEYS.timersPaused, value, now));
    pausedSince = paused ? now : null;
    if (paused) timers.pause();
    else timers.resume();
    const view = pauseView();
    logger.info(paused ? 'timers paused' : 'timers resumed', { ...view });
    notifier.publish(paused ? 'timers_paused' : 'timers_resumed', 'engine', 'timers', view);
    return view;
  };
  let started = false;
  let stopped = false;

  const engine: Engine = {
    dataDir: opts.dataDir,
    version: opts.version ?? '0.1.0',
    store,
    clock,
    logger,
    notifier,
    vault,
    rules,
    packs: packService,
    triggers,
    sensorEntities,
    sensors,
    keys,
    webhooks,
    executor,
    filewatch,
    system,
    retention,
    alerts,
    startedAt: clock.now(),
    defaultTimezone,
    ingest: (e) => ingestor.ingest(e),
    emitEvent: emit,

    updateAction: (ref, patch) => {
      const updated = updateAction(store, ref, patch, clock.now());
      packs.invalidate();
      return updated;
    },

    execute: (actionRef, parameters, opts = {}) => {
      for (const name of Object.keys(opts.env_vars ?? {})) {
        if (isReservedEnvName(name)) {
          throw new AttuneError(
            'VALIDATION_ERROR',
            `env_vars.${name}: reserved by the runner (PATH, HOME, ATTUNE_*, LD_*, NODE_*, PYTHON* and the like cannot be set)`,
            { field: `env_vars.${name}` },
          );
        }
      }
      return executions.manualRun(actionRef, parameters, opts);
    },
    rerun: (id) => executions.rerun(id),
    timerPause: pauseView,
    pauseTimers: () => setPaused(true),
    resumeTimers: () => setPaused(false),
    cancel: (id) => executor.cancel(id),
    timerInfo: (ref) => timers.info(ref),
    hint(kind) {
      timers.hint();
      if (kind) system.hint(kind);
    },

    testRule(ref, payload) {
      const rule = rules.get(ref);
      const compiled = ruleIndex.addressed(rule.trigger_ref, rule.ref);
      if (!compiled) throw notFound('rule', ref);
      return decideSample({ store, clock, packs }, compiled, payload);
    },

    tryRule(input, payload) {
      const { rule, condition } = rules.validated(rules.draftOf(input), { checkSchedule: false });
      const at = new Date(clock.now()).toISOString();
      return decideSample(
        { store, clock, packs },
        compileRule({ ...rule, id: 0, created: at, updated: at }, condition.evaluate),
        payload,
      );
    },

    explainOnRead: (event) => explainOnRead(onRead, event),

    replayRule: (ref, eventId, draft) =>
      replayEvent(
        {
          store,
          packs,
          rules,
          compiled: (r) => ruleIndex.addressed(r.trigger_ref, r.ref) ?? compileRule(r),
          explainOnRead: (event) => explainOnRead(onRead, event),
        },
        ref,
        eventId,
        draft,
      ),

    async runRule(ref, payload) {
      const rule = rules.get(ref);
      return ingestor.ingest({
        trigger_ref: rule.trigger_ref,
        rule_ref: rule.ref,
        payload,
        source_ref: 'manual',
      });
    },

    async start() {
      if (started) return;
      started = true;
      installCorePack(store, vault, opts.corePackDir ?? DEFAULT_CORE_PACK_DIR, clock.now());
      packs.invalidate();
      ensureUserPack(store, clock.now());
      sensorEntities.ensureBuiltins(sensors.builtins.all());
      // Before any sensor starts: what a crashed run left behind is stopped first.
      supervisor.cleanupOrphans();
      // Nothing runs yet: folders of old versions and interrupted imports can go.
      packService.collectGarbage();
      const report = recoverExecutions(store, notifier, logger, clock.now());
      for (const r of report.resumed) executor.submit(r.id);
      // After recovery, so slots missed while the app was closed fire into a consistent store.
      timers.start();
      if (opts.retention !== false) retention.start();
      filewatch.start();
      sensorsRun.startedAt = clock.now();
      // Last: `engine_started` means everything above is up.
      system.start();
      logger.info('engine started', { data_dir: opts.dataDir });
    },

    async stop(graceMs = 10_000) {
      if (stopped) return;
      stopped = true;
      try {
        // No new fires or events; what is already queued is written by the flush below, and
        // executions it creates stay `requested` for the next start. Sensor processes go first,
        // with their whole process groups.
        await supervisor.stop();
        sensorsRun.startedAt = null;
        timers.stop();
        await retention.stop();
        system.stop();
        await filewatch.stop();
        ingestor.close();
        webhooks.close();
        packService.close();
        await executor.stop(graceMs);
        if (!tick.tryFlush())
          logger.error('the last changes could not be written: the database is not writable');
      } finally {
        // Whatever failed above (a full disk), the folder is given up for the next start.
        store.close();
        lock.release();
      }
      logger.info('engine stopped');
    },
  };
  return engine;
}

function installCorePack(store: Store, vault: Vault, dir: string, now: number): void {
  const loaded = loadPackFolder(dir);
  if (!loaded.ok) {
    throw new AttuneError(
      'INTERNAL',
      `the core pack at ${dir} is invalid: ${loaded.problems.map(formatProblem).join('; ')}`,
    );
  }
  store.transaction((w) =>
    installPackModel(w, loaded.model, { path: dir, system: true, now, vault, enableRules: false }),
  );
}

function ensureUserPack(store: Store, now: number): void {
  if (getPack(store.read, USER_PACK)) return;
  // The user pack is an empty pack that no file describes.
  const { meta: _m, source: _s, ...pack } = emptyPackModel(USER_PACK, 'Local').pack;
  const description = 'Rules, triggers and actions created on this machine';
  store.transaction((w) => upsertPack(w, { ...pack, description, path: null, system: false }, now));
}

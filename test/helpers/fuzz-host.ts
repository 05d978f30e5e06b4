/**
 * The engine the channel fuzz tests hit: a real headless host (SQLite file in a temp folder, the
 * HTTP listener on 127.0.0.1) on a simulated clock, so no timer rule the fuzz creates ever fires,
 * seeded with a trigger, rules, an event and executions for the fuzz to find. Also: what the fuzz
 * may send (nothing that runs a command or writes outside its sandbox) and what every answer must
 * look like.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { dispatch, type HandlerContext, handlers } from '../../core/api/index.ts';
import { type ChannelName, channels } from '../../core/contract/channels.ts';
import { DEFAULT_CORE_PACK_DIR } from '../../core/engine/create-engine.ts';
import { type RunningHost, serve } from '../../core/host/serve.ts';
import { ERROR_CODES } from '../../core/model/errors.ts';
import type { Logger } from '../../core/model/logger.ts';
import { loadPackFolder } from '../../core/packs/index.ts';
import { SimClock } from '../../core/schedule/sim-clock.ts';
import { getAction } from '../../core/store/index.ts';
import { sketch } from './fuzz-check.ts';
import { FIXTURE_PACKS } from './host.ts';
import { tempDir } from './temp-dir.ts';

/** Actions a fuzzed execution may run: they print or do nothing, whatever their parameters. */
export const SAFE_ACTIONS = ['core.noop', 'core.echo', 'core.notify', 'testkit.show_params', 'testkit.fail'];

export interface FuzzHost extends RunningHost {
  ctx: HandlerContext;
  /** Paths the fuzz may import from and export to. */
  sandbox: string;
  /** Every error-level line the engine logged. */
  errors: Array<{ msg: string; data?: Record<string, unknown> }>;
  call(channel: unknown, input: unknown): ReturnType<typeof dispatch>;
}

function actionNames(packDir: string): string[] {
  const loaded = loadPackFolder(packDir);
  return loaded.ok ? loaded.model.actions.map((a) => a.ref.split('.').at(-1) ?? a.ref) : [];
}

/** Names of the actions the fuzz must never run, in any pack. */
const UNSAFE_NAMES = new Set(
  [DEFAULT_CORE_PACK_DIR, ...['demo', 'testkit', 'st2', 'broken'].map((p) => path.join(FIXTURE_PACKS, p))]
    .flatMap(actionNames)
    .filter((name) => !SAFE_ACTIONS.some((ref) => ref.endsWith(`.${name}`))),
);

/** Where to register what must be undone after the tests (a TestContext, or a suite's list). */
export interface Cleanup {
  after(fn: () => unknown): void;
}

export async function startFuzzHost(t: Cleanup): Promise<FuzzHost> {
  const dataDir = tempDir(null, 'attune-fuzz-data-');
  const sandbox = tempDir(null, 'attune-fuzz-sandbox-');
  t.after(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(sandbox, { recursive: true, force: true });
  });
  fs.cpSync(path.join(FIXTURE_PACKS, 'testkit'), path.join(sandbox, 'testkit'), { recursive: true });
  fs.mkdirSync(path.join(sandbox, 'empty'));
  fs.writeFileSync(path.join(sandbox, 'junk.tar.gz'), Buffer.from('\u001f\u008b not really gzip'));
  fs.writeFileSync(path.join(sandbox, 'junk.zip'), 'PK\u0003\u0004 not really zip');
  const errors: FuzzHost['errors'] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (msg, data) => errors.push({ msg, ...(data ? { data } : {}) }),
  };
  const host = await serve({
    dataDir,
    port: 0,
    logger,
    uiDir: null,
    killGraceMs: 300,
    clock: new SimClock('2025-06-01T12:00:00Z'),
  });
  t.after(() => host.close(2000));
  const ctx: HandlerContext = { engine: host.engine, publicUrl: host.url };
  const call = (channel: unknown, input: unknown) => dispatch(handlers, channel, input, ctx);
  const fuzz = { ...host, ctx, sandbox, errors, call };
  await reseed(fuzz);
  await host.engine.ingest({ trigger_ref: 'local.fuzz_trigger', payload: { level: 'error', msg: 'seed' } });
  const run = await call('executions.execute', { action_ref: 'core.noop' });
  assert.ok(run.ok, JSON.stringify(run));
  return fuzz;
}

/**
 * Puts back what the fuzz may have deleted or changed: the testkit pack, a trigger, a rule on it
 * with a condition and a template, and a timer rule. Run before each channel's fuzz.
 */
export async function reseed(host: Pick<FuzzHost, 'call' | 'sandbox'>): Promise<void> {
  const { call } = host;
  const must = async (channel: ChannelName, input: unknown) => {
    const r = await call(channel, input);
    assert.ok(r.ok, `seeding ${channel}: ${JSON.stringify(r)}`);
  };
  const missing = async (channel: ChannelName, ref: string) => !(await call(channel, { ref })).ok;
  if (await missing('packs.get', 'testkit'))
    await must('packs.import', { path: path.join(host.sandbox, 'testkit') });
  if (await missing('triggers.get', 'local.fuzz_trigger'))
    await must('triggers.create', { ref: 'fuzz_trigger', label: 'Fuzz' });
  await call('rules.delete', { ref: 'local.fuzz_rule' });
  await call('rules.delete', { ref: 'local.timer_rule' });
  await must('rules.create', {
    ref: 'fuzz_rule',
    trigger_ref: 'local.fuzz_trigger',
    action_ref: 'core.echo',
    conditions: { expression: 'event.payload.level == "error"' },
    action_params: { message: 'got {{ event.payload.msg }}' },
  });
  await must('rules.create', {
    ref: 'timer_rule',
    trigger_ref: 'core.intervaltimer',
    action_ref: 'core.noop',
    trigger_params: { interval: 5, unit: 'minutes' },
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Whether the fuzz may send this: no action it runs may run a command (only SAFE_ACTIONS or refs
 * that do not exist), and no path it names may lie outside the sandbox and the fixture packs.
 */
export function harmless(host: FuzzHost, channel: string, input: unknown): boolean {
  if (!isRecord(input)) return true;
  const actionRef =
    channel === 'rules.update' && isRecord(input.patch) ? input.patch.action_ref : input.action_ref;
  if (typeof actionRef === 'string' && !SAFE_ACTIONS.includes(actionRef)) {
    if (UNSAFE_NAMES.has(actionRef.split('.').at(-1) ?? '')) return false;
    if (getAction(host.engine.store.read, actionRef) !== null) return false;
  }
  if (typeof input.path === 'string' && path.isAbsolute(input.path)) {
    const p = path.resolve(input.path);
    const inside = (root: string) => p === root || p.startsWith(`${root}${path.sep}`);
    if (!inside(host.sandbox) && !(channel !== 'packs.export' && inside(path.resolve(FIXTURE_PACKS))))
      return false;
  }
  return true;
}

/**
 * What every answer must be: `{ok: true, data}` with data in the channel's output shape, or
 * `{ok: false, error}` with a known code other than INTERNAL and a message; and it must survive
 * the trip back (JSON for REST and the WebSocket, structured clone for Electron's IPC).
 */
export function assertCleanAnswer(channel: string, input: unknown, r: unknown): void {
  const shown = () => sketch(input).slice(0, 600);
  assert.ok(isRecord(r), `${channel}: answer is not an object`);
  if (r.ok === true) {
    const schema = channels[channel as ChannelName]?.output;
    assert.ok(schema, `${channel} answered ok but is no channel`);
    const parsed = schema.safeParse(r.data);
    assert.ok(
      parsed.success,
      `${channel} answered data outside its output schema for ${shown()}: ${parsed.error?.message}`,
    );
  } else {
    assert.equal(r.ok, false, `${channel}: ok is neither true nor false`);
    assert.ok(isRecord(r.error), `${channel}: error is not an object`);
    const { code, message } = r.error;
    assert.ok(ERROR_CODES.includes(code as never), `${channel}: unknown error code ${String(code)}`);
    assert.notEqual(code, 'INTERNAL', `${channel} answered INTERNAL (${String(message)}) for ${shown()}`);
    assert.ok(typeof message === 'string' && message.length > 0, `${channel}: error without a message`);
  }
  assert.doesNotThrow(() => JSON.stringify(r), `${channel}: answer is not JSON`);
  assert.doesNotThrow(() => structuredClone(r), `${channel}: answer cannot cross IPC`);
}

/**
 * `attune-desktop`: `serve` starts the headless host; the other commands talk to a running host
 * with the token from the data folder.
 */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import YAML from 'yaml';
import type { ChannelInput } from '../contract/channels.ts';
import type { Pagination } from '../contract/entities.ts';
import { AttuneError } from '../model/errors.ts';
import { parseJsonBounded } from '../model/json-depth.ts';
import { isTerminal } from '../model/status.ts';
import { visibleText } from '../model/visible-text.ts';
import { ApiClient } from './api-client.ts';
import { registerAlertCommands } from './cli-alerts.ts';
import { formatReplay, formatTrace } from './cli-explain.ts';
import { registerKeyCommands } from './cli-key.ts';
import { registerPackCommands } from './cli-pack.ts';
import { registerRetentionCommands } from './cli-retention.ts';
import { registerSensorCommands } from './cli-sensor.ts';
import { resolveDataDir } from './data-dir.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from './host-file.ts';
import { createLogger } from './logger.ts';
import { exitOnSignals, ignoreBrokenStdio } from './shutdown.ts';

/** Running executions get this long to finish on SIGTERM/SIGINT before they are cancelled. */
const SHUTDOWN_GRACE_MS = 10_000;

/** What a list command reads of Attune's pagination envelope. */
type ListPagination = Pick<Pagination, 'total_items' | 'total_is_lower_bound'>;

type Out = { log(s: string): void; error(s: string): void };

interface Globals {
  dataDir?: string;
  url?: string;
  json?: boolean;
}

/** `key=value` arguments; values that parse as JSON keep their type (`n=3` is a number). */
export function parseAssignments(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new AttuneError('BAD_REQUEST', `"${p}" is not key=value`);
    const key = p.slice(0, eq);
    const raw = p.slice(eq + 1);
    const json = parseJsonBounded(raw);
    if (!json.ok && json.tooDeep)
      throw new AttuneError('BAD_REQUEST', `${key}: ${json.message}`, { field: key });
    // Anything else that is not JSON is a plain string.
    out[key] = json.ok ? json.value : raw;
  }
  return out;
}

function table(rows: Array<Record<string, unknown>>, cols: string[]): string {
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => Math.min(60, cell(r[c]).length))));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.slice(0, 60).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.toUpperCase())), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join(
    '\n',
  );
}

export function buildCli(out: Out = console): Command {
  const program = new Command('attune-desktop')
    .description('Attune Desktop: event-driven automation for one machine')
    .option('--data-dir <dir>', 'data folder (default: $ATTUNE_DATA_DIR or the platform user-data folder)')
    .option('--url <url>', 'host URL (default: read from the data folder)')
    .option('--json', 'print JSON')
    .showHelpAfterError();
  program.exitOverride();

  const globals = (): Globals => program.opts<Globals>();
  const client = () => ApiClient.fromDataDir(resolveDataDir(globals().dataDir), globals().url);
  // What the host returns holds text others wrote (payloads, error messages quoting them):
  // characters that act on the terminal are written out (core/model/visible-text.ts).
  const shown = (text: string) => text.split('\n').map(visibleText).join('\n');
  const show = (value: unknown) =>
    out.log(shown(globals().json ? JSON.stringify(value, null, 2) : YAML.stringify(value).trimEnd()));
  /** A page as a table; a total that is a lower bound (docs/decisions/0004) prints as "N+". */
  const list = (items: Array<Record<string, unknown>>, cols: string[], p: ListPagination) =>
    out.log(
      shown(
        globals().json
          ? JSON.stringify(items, null, 2)
          : `${table(items, cols)}\n(${items.length} of ${p.total_items}${p.total_is_lower_bound ? '+' : ''})`,
      ),
    );

  program
    .command('serve')
    .description('start the engine and the local HTTP/WebSocket API')
    .option('--port <port>', 'port', String(DEFAULT_PORT))
    .addOption(
      new Option('--host <host>', 'address to bind (LAN only if you choose so)').default(DEFAULT_HOST),
    )
    .option(
      '--allowed-host <name...>',
      'also answer to this Host name (a proxy or tunnel in front): name, or name:port',
    )
    .action(async (o: { port: string; host: string; allowedHost?: string[] }) => {
      ignoreBrokenStdio();
      const dataDir = resolveDataDir(globals().dataDir);
      const logger = createLogger();
      // Loaded here, not at the top: the client commands need neither the engine nor the server.
      const starting = import('./serve.ts').then(({ serve }) =>
        serve({
          dataDir,
          port: Number(o.port),
          host: o.host,
          logger,
          ...(o.allowedHost ? { allowedHosts: o.allowedHost } : {}),
        }),
      );
      // Before the start completes, so a signal during start-up also ends in an orderly close.
      exitOnSignals(
        async () => (await starting.catch(() => null))?.close(SHUTDOWN_GRACE_MS),
        logger,
        SHUTDOWN_GRACE_MS,
      );
      const host = await starting;
      out.log(`Attune Desktop is running at ${host.url}`);
      out.log(`UI: ${host.url}/#token=${host.token}`);
      out.log(`Data folder: ${dataDir} (API token in ${dataDir}/api-token)`);
    });

  const rule = program.command('rule').description('manage rules');
  rule
    .command('list')
    .option('--pack <ref>')
    .option('--trigger <ref>')
    .action(async (o: { pack?: string; trigger?: string }) => {
      // An empty option filters nothing, as it always has.
      const r = await client().call('rules.list', {
        page_size: 100,
        pack_ref: o.pack || undefined,
        trigger_ref: o.trigger || undefined,
      });
      list(r.items, ['ref', 'enabled', 'trigger_ref', 'action_ref', 'next_fire_at'], r.pagination);
    });
  rule.command('get <ref>').action(async (ref: string) => {
    show(await client().call('rules.get', { ref }));
  });
  rule
    .command('create')
    .requiredOption('-f, --file <file>', 'rule definition (YAML or JSON)')
    .action(async (o: { file: string }) => {
      // The host validates the definition and names any bad field.
      const body = YAML.parse(fs.readFileSync(o.file, 'utf8')) as ChannelInput<'rules.create'>;
      show(await client().call('rules.create', body));
    });
  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    rule.command(`${name} <ref>`).action(async (ref: string) => {
      const r = await client().call('rules.update', { ref, patch: { enabled } });
      out.log(`${r.ref} ${name}d`);
    });
  }
  rule
    .command('replay <ref>')
    .description(
      'decide a stored event again against the rule (or a draft of it): nothing runs, nothing is stored',
    )
    .requiredOption('--event <id>', 'the stored event')
    .option('-f, --file <file>', 'a draft of the rule (YAML or JSON): its fields replace the stored ones')
    .action(async (ref: string, o: { event: string; file?: string }) => {
      const draft = o.file
        ? (YAML.parse(fs.readFileSync(o.file, 'utf8')) as ChannelInput<'rules.replay'>['rule'])
        : undefined;
      const r = await client().call('rules.replay', {
        ref,
        event_id: o.event,
        ...(draft ? { rule: draft } : {}),
      });
      if (globals().json) return show(r);
      out.log(shown(formatReplay(r)));
    });
  rule.command('delete <ref>').action(async (ref: string) => {
    await client().call('rules.delete', { ref });
    out.log(`${ref} deleted`);
  });

  program
    .command('run <action> [params...]')
    .description('run an action now and print its result; exits non-zero unless it completes')
    .option('--no-wait', 'print the execution id and return at once')
    .action(async (action: string, params: string[], o: { wait: boolean }) => {
      const c = client();
      let exec = await c.call('executions.execute', {
        action_ref: action,
        parameters: parseAssignments(params),
      });
      if (!o.wait) return void out.log(String(exec.id));
      while (!isTerminal(exec.status)) {
        await new Promise((r) => setTimeout(r, 100));
        exec = await c.call('executions.get', { id: exec.id });
      }
      show({ id: exec.id, status: exec.status, result: exec.result });
      if (exec.status !== 'completed') process.exitCode = 1;
    });

  const execution = program.command('execution').description('inspect and cancel executions');
  execution
    .command('list')
    .option('--status <status>')
    .option('--action <ref>')
    .option('--rule <ref>')
    .action(async (o: { status?: string; action?: string; rule?: string }) => {
      const r = await client().call('executions.list', {
        page_size: 50,
        // The host checks the name and lists the statuses it knows.
        status: (o.status || undefined) as ChannelInput<'executions.list'>['status'],
        action_ref: o.action || undefined,
        rule_ref: o.rule || undefined,
      });
      list(r.items, ['id', 'status', 'action_ref', 'rule_ref', 'created'], r.pagination);
    });
  execution.command('get <id>').action(async (id: string) => {
    show(await client().call('executions.get', { id }));
  });
  execution
    .command('rerun <id>')
    .description('run the action again with the same parameters')
    .action(async (id: string) => {
      const r = await client().call('executions.rerun', { id });
      out.log(`execution ${r.id}: ${r.status}`);
    });
  execution.command('cancel <id>').action(async (id: string) => {
    const r = await client().call('executions.cancel', { id });
    out.log(`execution ${r.id}: ${r.status}`);
  });

  const event = program.command('event').description('inspect events and why rules did or did not fire');
  event
    .command('list')
    .option('--trigger <ref>')
    .option('--rule <ref>')
    .option('--outcome <outcome>', 'an evaluation outcome, or not_fired (every cause of a non-fire)')
    .option('--not-fired', 'only events where a rule did not fire (same as --outcome not_fired)')
    .action(async (o: { trigger?: string; rule?: string; outcome?: string; notFired?: boolean }) => {
      const outcome = o.notFired ? 'not_fired' : o.outcome || undefined;
      const r = await client().call('events.list', {
        page_size: 50,
        trigger_ref: o.trigger || undefined,
        rule_ref: o.rule || undefined,
        // Checked by the host against the contract; a bad value comes back naming the field.
        outcome: outcome as ChannelInput<'events.list'>['outcome'],
      });
      list(r.items, ['id', 'kind', 'trigger_ref', 'rule_ref', 'created', 'payload'], r.pagination);
    });
  event
    .command('get <id>')
    .description('an event, and why each rule did or did not fire')
    .action(async (id: string) => {
      const e = await client().call('events.get', { id });
      show(e);
      if (!globals().json) out.log(shown(`\nwhy:\n${formatTrace(e)}`));
    });

  registerPackCommands(program, { out, client, json: () => globals().json === true, table });
  registerSensorCommands(program, { out, client, json: () => globals().json === true, table });
  registerKeyCommands(program, { out, client, json: () => globals().json === true, table });
  registerRetentionCommands(
    program,
    { out, client, show, table, json: () => globals().json === true },
    parseAssignments,
  );
  registerAlertCommands(program, { out, client, show, list });

  return program;
}

/** Runs the CLI; errors print one line and exit 2 (usage) or 1 (failure). */
export async function runCli(argv: string[], out: Out = console): Promise<void> {
  const program = buildCli(out);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      process.exitCode = e.exitCode ?? 2;
      return;
    }
    out.error(`error: ${e.message ?? String(err)}`);
    process.exitCode = 1;
  }
}

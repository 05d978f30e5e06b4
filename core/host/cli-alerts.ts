/**
 * `attune-desktop alert …`, `execution rerun` and `timers pause|resume|status` (docs/alerts.md,
 * docs/timers.md): they talk to the running host.
 */
import type { Command } from 'commander';
import type { AlertConfig } from '../contract/alerts.ts';
import { AttuneError } from '../model/errors.ts';
import type { ApiClient } from './api-client.ts';

type Out = { log(s: string): void; error(s: string): void };

export interface AlertCliContext {
  out: Out;
  client(): ApiClient;
  show(value: unknown): void;
  list(items: Array<Record<string, unknown>>, cols: string[], p: { total_items: number }): void;
}

function flag(name: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'true' || v === 'on') return true;
  if (v === 'false' || v === 'off') return false;
  throw new AttuneError('BAD_REQUEST', `--${name} must be true or false`, { field: name });
}

interface ConfigOptions {
  rule?: string;
  enabled?: string;
  afterFailures?: string;
  onMissed?: string;
  onRecovery?: string;
  inherit?: boolean;
}

export function registerAlertCommands(program: Command, ctx: AlertCliContext): void {
  const alert = program.command('alert').description('alerts: failing rules and missed timer runs');
  alert
    .command('list')
    .option('--open', 'only open alerts')
    .option('--closed', 'only resolved or dismissed alerts')
    .option('--rule <ref>')
    .action(async (o: { open?: boolean; closed?: boolean; rule?: string }) => {
      const r = await ctx.client().call('alerts.list', {
        page_size: 100,
        status: o.open ? 'open' : o.closed ? 'closed' : undefined,
        rule_ref: o.rule || undefined,
      });
      ctx.list(r.items, ['id', 'status', 'kind', 'rule_ref', 'opened_at', 'message'], r.pagination);
    });
  alert.command('dismiss <id>').action(async (id: string) => {
    const a = await ctx.client().call('alerts.dismiss', { id });
    ctx.out.log(`alert ${a.id}: ${a.status}`);
  });
  alert
    .command('config')
    .description("show or change a rule's alert settings (--rule), or the default")
    .option('--rule <ref>')
    .option('--enabled <bool>')
    .option('--after-failures <n>', 'failures in a row that open an alert (1 = every failure)')
    .option('--on-missed <bool>', 'alert when a timer slot passes its misfire window')
    .option('--on-recovery <bool>', 'tell when the rule is back to normal')
    .option('--inherit', "remove the rule's own settings (it follows the default)")
    .action(async (o: ConfigOptions) => {
      const c = ctx.client();
      const rule_ref = o.rule || undefined;
      const current = await c.call('alerts.getConfig', { rule_ref });
      const patch: Partial<AlertConfig> = {};
      const enabled = flag('enabled', o.enabled);
      if (enabled !== undefined) patch.enabled = enabled;
      if (o.afterFailures !== undefined) patch.after_failures = Number(o.afterFailures);
      const onMissed = flag('on-missed', o.onMissed);
      if (onMissed !== undefined) patch.on_missed = onMissed;
      const onRecovery = flag('on-recovery', o.onRecovery);
      if (onRecovery !== undefined) patch.on_recovery = onRecovery;
      if (o.inherit) return ctx.show(await c.call('alerts.setConfig', { rule_ref, config: null }));
      if (Object.keys(patch).length === 0) return ctx.show(current);
      ctx.show(await c.call('alerts.setConfig', { rule_ref, config: { ...current.config, ...patch } }));
    });

  const timers = program.command('timers').description('pause or resume every timer');
  for (const verb of ['pause', 'resume'] as const) {
    timers.command(verb).action(async () => {
      const r = await ctx.client().call(`timers.${verb}`, {});
      ctx.out.log(r.paused ? `timers paused since ${r.paused_since}` : 'timers running');
    });
  }
  timers.command('status').action(async () => {
    const r = (await ctx.client().call('engine.get', {})).timers;
    ctx.out.log(r.paused ? `timers paused since ${r.paused_since}` : 'timers running');
  });
}

/**
 * `attune-desktop sensor list|get|enable|disable|restart|logs` (docs/sensors.md, "CLI"): the
 * sensors of a running host with their live state, and the last lines of a sensor's log.
 */
import type { Command } from 'commander';
import YAML from 'yaml';
import { visibleText } from '../model/visible-text.ts';
import type { PackCliContext } from './cli-pack.ts';

const uptime = (startedAt: string | null): string => {
  if (startedAt === null) return '';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(startedAt)) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
};

/** Adds the `sensor` command group. */
export function registerSensorCommands(program: Command, c: PackCliContext): void {
  const sensor = program.command('sensor').description('list, toggle, restart sensors and read their logs');
  // What a sensor wrote is its author's text: nothing in it may act on the terminal.
  const visibleLines = (text: string) => text.split('\n').map(visibleText).join('\n');
  const show = (value: unknown) =>
    c.out.log(c.json() ? JSON.stringify(value, null, 2) : visibleLines(YAML.stringify(value).trimEnd()));

  sensor
    .command('list')
    .option('--pack <ref>')
    .option('--trigger <ref>')
    .action(async (o: { pack?: string; trigger?: string }) => {
      const r = await c.client().call('sensors.list', {
        page_size: 100,
        pack_ref: o.pack || undefined,
        trigger_ref: o.trigger || undefined,
      });
      if (c.json()) return c.out.log(JSON.stringify(r.items, null, 2));
      const rows = r.items.map((s) => ({
        ref: s.ref,
        enabled: s.enabled,
        status: s.status,
        pid: s.pid,
        uptime: uptime(s.started_at),
        restarts: s.restarts,
        events: s.events_emitted,
        last_error: s.last_error === null ? null : visibleText(s.last_error.split('\n')[0] ?? ''),
      }));
      const cols = ['ref', 'enabled', 'status', 'pid', 'uptime', 'restarts', 'events', 'last_error'];
      c.out.log(`${visibleLines(c.table(rows, cols))}\n(${r.items.length} of ${r.pagination.total_items})`);
    });
  sensor
    .command('get <ref>')
    .action(async (ref: string) => show(await c.client().call('sensors.get', { ref })));
  for (const name of ['enable', 'disable', 'restart'] as const) {
    sensor.command(`${name} <ref>`).action(async (ref: string) => {
      const s = await c.client().call(`sensors.${name}`, { ref });
      c.out.log(
        c.json()
          ? JSON.stringify(s, null, 2)
          : `${s.ref}: ${s.enabled ? 'enabled' : 'disabled'}, ${s.status}`,
      );
    });
  }
  sensor
    .command('logs <ref>')
    .option('-n, --lines <n>', 'how many of the newest lines', '100')
    .action(async (ref: string, o: { lines: string }) => {
      const r = await c.client().call('sensors.logs', { ref, limit: Number(o.lines) });
      if (c.json()) return c.out.log(JSON.stringify(r, null, 2));
      c.out.log(r.lines.map((l) => visibleText(`${l.at} ${l.stream.padEnd(10)} ${l.text}`)).join('\n'));
    });
}

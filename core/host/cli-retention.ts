/**
 * `attune-desktop retention get|set|status|run` (docs/retention.md). `set` takes dotted
 * assignments — `retention set targets.events.max_rows=200000 batch_size=250`; `null` lifts a
 * limit — and the host validates them, naming any bad field.
 */
import type { Command } from 'commander';
import type { ChannelInput } from '../contract/channels.ts';
import { AttuneError } from '../model/errors.ts';
import type { ApiClient } from './api-client.ts';

export interface RetentionCliDeps {
  out: { log(s: string): void };
  client: () => ApiClient;
  show: (value: unknown) => void;
  table: (rows: Array<Record<string, unknown>>, cols: string[]) => string;
  json: () => boolean;
}

/** `a.b.c=v` assignments as a nested object. */
export function nestAssignments(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    for (const [i, part] of parts.entries()) {
      if (part === '' || part === '__proto__' || part === 'constructor' || part === 'prototype')
        throw new AttuneError('BAD_REQUEST', `${key}: not a field name`, { field: key });
      if (i === parts.length - 1) {
        node[part] = value;
        break;
      }
      const child = node[part];
      if (child !== undefined && (typeof child !== 'object' || child === null))
        throw new AttuneError('BAD_REQUEST', `${key}: ${parts.slice(0, i + 1).join('.')} is set twice`, {
          field: key,
        });
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function registerRetentionCommands(
  program: Command,
  d: RetentionCliDeps,
  parseAssignments: (pairs: string[]) => Record<string, unknown>,
): void {
  const retention = program.command('retention').description('how much history is kept, and for how long');
  retention.command('get').action(async () => {
    d.show(await d.client().call('retention.get', {}));
  });
  retention
    .command('set <assignments...>')
    .description('change limits: key=value, dotted for targets (targets.events.max_rows=200000)')
    .action(async (pairs: string[]) => {
      const change = nestAssignments(parseAssignments(pairs)) as ChannelInput<'retention.set'>;
      d.show(await d.client().call('retention.set', change));
    });
  retention
    .command('status')
    .description('size per table and what the limits keep')
    .action(async () => {
      const s = await d.client().call('retention.status', {});
      if (d.json()) return void d.out.log(JSON.stringify(s, null, 2));
      const rows = s.tables
        .filter((t) => t.present)
        .map((t) => ({
          target: t.target,
          rows: t.rows,
          size: `${t.bytes_source === 'estimate' ? '~' : ''}${mb(t.bytes)}`,
          max_rows: s.config.targets[t.target].max_rows ?? 'none',
          max_age_days:
            s.config.targets[t.target].max_age_seconds === null
              ? 'none'
              : Number(((s.config.targets[t.target].max_age_seconds ?? 0) / 86_400).toFixed(2)),
          kept: t.rows_kept,
          over: t.rows_over,
        }));
      d.out.log(d.table(rows, ['target', 'rows', 'size', 'max_rows', 'max_age_days', 'kept', 'over']));
      d.out.log(`file ${mb(s.file_bytes)}, free inside ${mb(s.free_bytes)}, auto_vacuum ${s.auto_vacuum}`);
    });
  retention
    .command('run')
    .description('run a retention pass now')
    .action(async () => {
      d.show(await d.client().call('retention.run', {}));
    });
}

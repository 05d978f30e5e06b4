/** Executions: one run of an action, moved along the status machine (docs/concepts.md, "Execution statuses"). */
import type { Execution, ExecutionResult, JsonObject } from '../model/entities.ts';
import type { ExecutionStatus } from '../model/status.ts';
import { rowsByIds, selectPage } from './bounded-count.ts';
import { fromJson, iso, isoOrNull, type Page, type PageRequest, toJson, whereClause } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';
import { type IndexedColumn, pageByIndexes } from './indexed-filter.ts';

interface ExecutionRow {
  id: number;
  action_ref: string;
  config: string;
  enforcement_id: number | null;
  parent_id: number | null;
  rule_ref: string | null;
  status: string;
  result: string | null;
  started_at: number | null;
  finished_at: number | null;
  timeout_seconds: number;
  retry_count: number;
  not_before: number | null;
  pid: number | null;
  sealed_params: string | null;
  env_vars: string | null;
  trace_tag: string;
  created: number;
  updated: number;
}

function toExecution(r: ExecutionRow): Execution {
  return {
    id: r.id,
    action_ref: r.action_ref,
    config: fromJson(r.config, {}),
    enforcement_id: r.enforcement_id,
    parent_id: r.parent_id,
    rule_ref: r.rule_ref,
    status: r.status as ExecutionStatus,
    result: fromJson(r.result, null),
    started_at: isoOrNull(r.started_at),
    finished_at: isoOrNull(r.finished_at),
    timeout_seconds: r.timeout_seconds,
    retry_count: r.retry_count,
    trace_tag: r.trace_tag,
    created: iso(r.created),
    updated: iso(r.updated),
  };
}

/**
 * An execution to insert: the entity's own fields the caller chooses, plus the columns the entity
 * does not show (`not_before`, `sealed_params`); `created` in epoch ms.
 */
export interface ExecutionInput
  extends Pick<
    Execution,
    | 'action_ref'
    | 'config'
    | 'enforcement_id'
    | 'parent_id'
    | 'rule_ref'
    | 'status'
    | 'timeout_seconds'
    | 'retry_count'
    | 'trace_tag'
  > {
  not_before: number | null;
  sealed_params: string | null;
  /** Extra environment of a manual run; null for none. */
  env_vars?: Record<string, string> | null;
  created: number;
}

export function insertExecution(w: WriteHandle, e: ExecutionInput): number {
  const info = w
    .stmt(
      `INSERT INTO executions (action_ref, config, enforcement_id, parent_id, rule_ref, status, timeout_seconds, retry_count,
         not_before, sealed_params, env_vars, trace_tag, created, updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      e.action_ref,
      toJson(e.config),
      e.enforcement_id,
      e.parent_id,
      e.rule_ref,
      e.status,
      e.timeout_seconds,
      e.retry_count,
      e.not_before,
      e.sealed_params,
      e.env_vars ? toJson(e.env_vars) : null,
      e.trace_tag,
      e.created,
      e.created,
    );
  return Number(info.lastInsertRowid);
}

export function getExecution(h: ReadHandle, id: number): Execution | null {
  const r = h.stmt('SELECT * FROM executions WHERE id = ?').get(id) as ExecutionRow | undefined;
  return r ? toExecution(r) : null;
}

export interface StatusChange {
  status: ExecutionStatus;
  at: number;
  started?: boolean;
  finished?: boolean;
  result?: ExecutionResult | null;
  config?: JsonObject;
}

/** Writes a status change. `expect` guards against a concurrent change (compare-and-set). */
export function setExecutionStatus(
  w: WriteHandle,
  id: number,
  expect: ExecutionStatus,
  c: StatusChange,
): boolean {
  const info = w
    .stmt(
      `UPDATE executions SET status = @status, updated = @at,
         started_at = CASE WHEN @started THEN @at ELSE started_at END,
         finished_at = CASE WHEN @finished THEN @at ELSE finished_at END,
         result = CASE WHEN @has_result THEN @result ELSE result END,
         config = COALESCE(@config, config)
       WHERE id = @id AND status = @expect`,
    )
    .run({
      id,
      expect,
      status: c.status,
      at: c.at,
      started: c.started ? 1 : 0,
      finished: c.finished ? 1 : 0,
      has_result: c.result !== undefined ? 1 : 0,
      result: c.result ? toJson(c.result) : null,
      config: c.config ? toJson(c.config) : null,
    });
  return info.changes > 0;
}

export function setExecutionPid(w: WriteHandle, id: number, pid: number | null): void {
  w.stmt('UPDATE executions SET pid = ? WHERE id = ?').run(pid, id);
}

export interface ExecutionFilter {
  status?: ExecutionStatus | undefined;
  action_ref?: string | undefined;
  rule_ref?: string | undefined;
  enforcement_id?: number | undefined;
  /** Actions of this pack (Attune's `pack_name`). */
  pack_ref?: string | undefined;
  parent_id?: number | undefined;
  /** Only executions without a parent. */
  top_level_only?: boolean | undefined;
  /** Executions of enforcements of this trigger. */
  trigger_ref?: string | undefined;
  /** Text the stored result contains (plain substring, case-sensitive). */
  result_contains?: string | undefined;
}

/** The filters no single index serves: they take the plain WHERE path. */
function hasUnindexed(f: ExecutionFilter): boolean {
  return (
    f.pack_ref !== undefined ||
    f.parent_id !== undefined ||
    f.top_level_only === true ||
    f.trigger_ref !== undefined ||
    f.result_contains !== undefined
  );
}

export function listExecutions(h: ReadHandle, f: ExecutionFilter, page: PageRequest): Page<Execution> {
  const indexed = (
    [
      // Most selective first: one enforcement, one of many rules, one of fewer actions, a status.
      { column: 'enforcement_id', index: 'executions_enforcement', value: f.enforcement_id },
      { column: 'rule_ref', index: 'executions_rule', value: f.rule_ref },
      { column: 'action_ref', index: 'executions_action', value: f.action_ref },
      { column: 'status', index: 'executions_status', value: f.status },
    ] satisfies IndexedColumn[]
  ).filter((c) => c.value !== undefined);
  if (indexed.length > 1 && !hasUnindexed(f)) {
    // Several filters: the cheapest drives, the others are index seeks (indexed-filter.ts).
    const r = pageByIndexes(h, 'executions', indexed, page);
    const rows = rowsByIds<ExecutionRow>(h, 'executions', r.ids, 'id DESC');
    return {
      items: rows.map(toExecution),
      total: r.total,
      total_exact: r.total_exact,
      page: page.page,
      page_size: page.page_size,
    };
  }
  const where = whereClause([
    ['status = ?', f.status],
    ['action_ref = ?', f.action_ref],
    ['rule_ref = ?', f.rule_ref],
    ['enforcement_id = ?', f.enforcement_id],
    // A range on the action index: every ref of the pack sorts between `pack.` and `pack/`.
    [
      'action_ref >= ? AND action_ref < ?',
      f.pack_ref === undefined ? undefined : [`${f.pack_ref}.`, `${f.pack_ref}/`],
    ],
    ['parent_id = ?', f.parent_id],
    ['parent_id IS NULL', f.top_level_only === true ? [] : undefined],
    ['enforcement_id IN (SELECT id FROM enforcements WHERE trigger_ref = ?)', f.trigger_ref],
    ['instr(result, ?) > 0', f.result_contains],
  ]);
  // Bounded: past 10,000 matches `total` is a lower bound (bounded-count.ts).
  return selectPage(h, 'executions', where, page, toExecution);
}

/** Engine-internal columns that the API never shows. */
export interface ExecutionInternals {
  pid: number | null;
  not_before: number | null;
  sealed_params: string | null;
  /** A manual run's extra environment as JSON text, or null. */
  env_vars: string | null;
}

export function getExecutionInternals(h: ReadHandle, id: number): ExecutionInternals | null {
  return (
    (h
      .stmt('SELECT pid, not_before, sealed_params, env_vars FROM executions WHERE id = ?')
      .get(id) as ExecutionInternals) ?? null
  );
}

/** Executions in any of `statuses`, oldest first, with their internals. */
export function listExecutionsInStatus(
  h: ReadHandle,
  statuses: readonly ExecutionStatus[],
): Array<Execution & ExecutionInternals> {
  const marks = statuses.map(() => '?').join(',');
  const rows = h
    .stmt(`SELECT * FROM executions WHERE status IN (${marks}) ORDER BY id`)
    .all(...statuses) as ExecutionRow[];
  return rows.map((r) => ({
    ...toExecution(r),
    pid: r.pid,
    not_before: r.not_before,
    sealed_params: r.sealed_params,
    env_vars: r.env_vars,
  }));
}

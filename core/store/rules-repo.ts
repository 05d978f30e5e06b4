/** Rules: trigger + conditions → action. Looked up by trigger through the `rules_trigger` index. */
import type { Rule } from '../model/entities.ts';
import { bool, fromJson, iso, offsetOf, type Page, type PageRequest, toJson, whereClause } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

interface RuleRow {
  id: number;
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
  trigger_ref: string;
  trigger_params: string;
  conditions: string | null;
  action_ref: string;
  action_params: string;
  enabled: number;
  overlap: string;
  retry: string | null;
  misfire: string | null;
  created: number;
  updated: number;
}

function toRule(r: RuleRow): Rule {
  return {
    id: r.id,
    ref: r.ref,
    pack_ref: r.pack_ref,
    label: r.label,
    description: r.description,
    trigger_ref: r.trigger_ref,
    trigger_params: fromJson(r.trigger_params, {}),
    conditions: fromJson(r.conditions, null),
    action_ref: r.action_ref,
    action_params: fromJson(r.action_params, {}),
    enabled: bool(r.enabled),
    overlap: r.overlap as Rule['overlap'],
    retry: fromJson(r.retry, null),
    misfire: fromJson(r.misfire, null),
    created: iso(r.created),
    updated: iso(r.updated),
  };
}

export type RuleInput = Omit<Rule, 'id' | 'created' | 'updated'>;

export interface RuleFilter {
  pack_ref?: string | undefined;
  trigger_ref?: string | undefined;
  action_ref?: string | undefined;
  enabled?: boolean | undefined;
}

export function getRule(h: ReadHandle, ref: string): Rule | null {
  const r = h.stmt('SELECT * FROM rules WHERE ref = ?').get(ref) as RuleRow | undefined;
  return r ? toRule(r) : null;
}

/** Every rule on one trigger, through the index (the engine's lookup). */
export function listRulesByTrigger(h: ReadHandle, triggerRef: string): Rule[] {
  return (h.stmt('SELECT * FROM rules WHERE trigger_ref = ? ORDER BY ref').all(triggerRef) as RuleRow[]).map(
    toRule,
  );
}

function where(f: RuleFilter): { sql: string; params: unknown[] } {
  return whereClause([
    ['pack_ref = ?', f.pack_ref],
    ['trigger_ref = ?', f.trigger_ref],
    ['action_ref = ?', f.action_ref],
    ['enabled = ?', f.enabled === undefined ? undefined : f.enabled ? 1 : 0],
  ]);
}

/** Newest first (by creation), paged. */
export function listRules(h: ReadHandle, f: RuleFilter, page: PageRequest): Page<Rule> {
  const w = where(f);
  const total = (h.stmt(`SELECT COUNT(*) AS n FROM rules ${w.sql}`).get(...w.params) as { n: number }).n;
  const rows = h
    .stmt(`SELECT * FROM rules ${w.sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...w.params, page.page_size, offsetOf(page)) as RuleRow[];
  return { items: rows.map(toRule), total, page: page.page, page_size: page.page_size };
}

export function listAllRules(h: ReadHandle, f: RuleFilter = {}): Rule[] {
  const w = where(f);
  return (h.stmt(`SELECT * FROM rules ${w.sql} ORDER BY ref`).all(...w.params) as RuleRow[]).map(toRule);
}

export function insertRule(w: WriteHandle, r: RuleInput, now: number): Rule {
  w.stmt(
    `INSERT INTO rules (ref, pack_ref, label, description, trigger_ref, trigger_params, conditions, action_ref, action_params,
       enabled, overlap, retry, misfire, created, updated)
     VALUES (@ref, @pack_ref, @label, @description, @trigger_ref, @trigger_params, @conditions, @action_ref, @action_params,
       @enabled, @overlap, @retry, @misfire, @now, @now)`,
  ).run({ ...encode(r), now });
  return getRule(w, r.ref) as Rule;
}

export function updateRule(w: WriteHandle, r: RuleInput, now: number): Rule {
  w.stmt(
    `UPDATE rules SET pack_ref=@pack_ref, label=@label, description=@description, trigger_ref=@trigger_ref,
       trigger_params=@trigger_params, conditions=@conditions, action_ref=@action_ref, action_params=@action_params,
       enabled=@enabled, overlap=@overlap, retry=@retry, misfire=@misfire, updated=@now
     WHERE ref=@ref`,
  ).run({ ...encode(r), now });
  return getRule(w, r.ref) as Rule;
}

export function deleteRule(w: WriteHandle, ref: string): boolean {
  return w.stmt('DELETE FROM rules WHERE ref = ?').run(ref).changes > 0;
}

/**
 * A rule's named parameters: text columns as they are, only the rest encoded. The statements
 * name their columns, so a key they do not use is ignored.
 */
function encode(r: RuleInput): Record<string, unknown> {
  return {
    ...r,
    trigger_params: toJson(r.trigger_params),
    conditions: r.conditions ? toJson(r.conditions) : null,
    action_params: toJson(r.action_params),
    enabled: r.enabled ? 1 : 0,
    retry: r.retry ? toJson(r.retry) : null,
    misfire: r.misfire ? toJson(r.misfire) : null,
  };
}

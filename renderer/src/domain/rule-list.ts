/** The rules list's logic: search, and the copy a "Duplicate" creates. */
import type { RuleCreate } from '../../../core/contract/channels.ts';
import type { RuleView } from '../../../core/contract/entities.ts';

/** Rules whose ref, label, description, trigger or action contain every word of `query`. */
export function searchRules<
  R extends Pick<RuleView, 'ref' | 'label' | 'description' | 'trigger_ref' | 'action_ref'>,
>(rules: readonly R[], query: string, extraText: (r: R) => string = () => ''): R[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rules];
  return rules.filter((r) => {
    const text = [r.ref, r.label, r.description, r.trigger_ref, r.action_ref, extraText(r)]
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The name part of a ref (`local.backup` → `backup`). */
export function refName(ref: string): string {
  const dot = ref.indexOf('.');
  return dot < 0 ? ref : ref.slice(dot + 1);
}

/** `backup_copy`, then `backup_copy_2`, … — the first name no rule in `taken` has. */
export function copyName(ref: string, taken: ReadonlySet<string>): string {
  const base = `${refName(ref).replace(/_copy(_\d+)?$/, '')}_copy`;
  const pack = ref.includes('.') ? ref.slice(0, ref.indexOf('.') + 1) : '';
  if (!taken.has(`${pack}${base}`)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${pack}${base}_${i}`)) return `${base}_${i}`;
}

/** A create input copying `rule` under a new name, disabled so it never fires twice by surprise. */
export function duplicateOf(rule: RuleView, taken: ReadonlySet<string>): RuleCreate {
  const ref = copyName(rule.ref, taken);
  return {
    ref,
    label: `${rule.label || refName(rule.ref)} (copy)`,
    description: rule.description,
    trigger_ref: rule.trigger_ref,
    trigger_params: rule.trigger_params,
    conditions: rule.conditions,
    action_ref: rule.action_ref,
    action_params: rule.action_params,
    enabled: false,
    overlap: rule.overlap,
    retry: rule.retry,
    ...(rule.misfire ? { misfire: rule.misfire } : {}),
  };
}

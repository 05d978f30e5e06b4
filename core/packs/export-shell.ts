/**
 * Shell parameters in an exported pack (docs/packs.md, "Shell commands on an Attune server").
 * Here, a `{{ }}` placeholder in a parameter marked `shell: true` is quoted for where it sits;
 * an Attune server's template resolver inserts values as they are and knows no functions. The
 * same rule there would run an event's values as shell code, so export says so for every such
 * parameter. The template is not rewritten: the server has nothing to rewrite it to, and
 * export → import must stay the identity.
 */
import { parseTemplate } from '../expr/index.ts';
import type { PackModel } from './pack-model.ts';
import type { RefResolver } from './validate.ts';

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Whether a string has a placeholder whose value this app quotes (not `raw(…)` or `shell_quote(…)`). */
function reliesOnQuoting(text: string): boolean {
  if (!text.includes('{{')) return false;
  try {
    return parseTemplate(text).some(
      (part) =>
        part.type === 'expression' &&
        !(part.node.type === 'call' && (part.node.name === 'raw' || part.node.name === 'shell_quote')),
    );
  } catch {
    return false; // validation reports a template that does not parse
  }
}

/**
 * One warning per rule parameter that relies on shell quoting, e.g. `rule ops.greet:
 * action_params.cmd relies on Attune Desktop quoting its {{ }} values for the shell; …`.
 */
export function shellQuotingWarnings(model: PackModel, resolver?: RefResolver): string[] {
  const actions = new Map(model.actions.map((a) => [a.ref, a]));
  const warnings: string[] = [];
  for (const rule of model.rules) {
    const schema = (actions.get(rule.action_ref) ?? resolver?.action(rule.action_ref))?.parameters ?? {};
    for (const [name, value] of Object.entries(rule.action_params)) {
      if (!Object.hasOwn(schema, name) || schema[name]?.shell !== true) continue;
      if (!strings(value).some(reliesOnQuoting)) continue;
      warnings.push(
        `rule ${rule.ref}: action_params.${name} relies on Attune Desktop quoting its {{ }} values ` +
          'for the shell; an Attune server inserts them unquoted, so there an event could run shell ' +
          'code through this rule',
      );
    }
  }
  return warnings;
}

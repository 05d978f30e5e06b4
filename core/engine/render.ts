/**
 * Rendering a rule's `action_params` for one event (docs/expressions.md, "The language"), once, into the
 * enforcement. The stored copy has secrets redacted; the secret values are sealed separately.
 */
import { renderValue, StepBudget } from '../expr/index.ts';
import type { JsonObject, Rule } from '../model/entities.ts';
import type { ParamSchema } from '../model/param-schema.ts';
import { REDACTED, secretStrings } from '../model/secret-values.ts';
import type { PackContext } from '../packs/service/pack-catalog.ts';

export interface RenderedParams {
  /** What the action receives. */
  params: JsonObject;
  /** What is stored and shown: secret fields and secret-bearing values replaced by ***. */
  redacted: JsonObject;
  /** The replaced values, to be sealed; null when there were none. */
  secrets: JsonObject | null;
}

export function templateContext(
  rule: Pick<Rule, 'ref'>,
  event: JsonObject,
  pack: PackContext,
  now: number,
): JsonObject {
  return {
    event,
    pack: { config: pack.config },
    system: { timestamp: new Date(now).toISOString(), rule: { ref: rule.ref } },
  };
}

/**
 * Throws the template's evaluation error; the caller records it as the rule's `error` outcome.
 * A parameter the action marks `shell: true` gets every placeholder quoted for its shell context
 * (docs/expressions.md, "Shell commands").
 */
export function renderActionParams(
  rule: Rule,
  event: JsonObject,
  pack: PackContext,
  schema: ParamSchema,
  now: number,
): RenderedParams {
  const context = templateContext(rule, event, pack, now);
  // One budget for all of the rule's parameters (docs/expressions.md, "Budgets").
  const budget = new StepBudget();
  const params = Object.fromEntries(
    Object.entries(rule.action_params).map(([name, value]) => [
      name,
      renderValue(value, context, schema[name]?.shell === true ? 'shell' : 'plain', budget),
    ]),
  ) as JsonObject;
  return splitForStorage(params, schema, pack.secretValues);
}

/** Splits params into a redacted copy and the sealed part (fields marked secret, or carrying a secret). */
export function splitForStorage(
  params: JsonObject,
  schema: ParamSchema,
  secretValues: readonly string[],
): RenderedParams {
  let secrets: JsonObject | null = null;
  const redacted: JsonObject = {};
  for (const [name, value] of Object.entries(params)) {
    if (schema[name]?.secret === true || (secretValues.length > 0 && carriesSecret(value, secretValues))) {
      secrets ??= {};
      secrets[name] = value;
      redacted[name] = REDACTED;
    } else {
      redacted[name] = value;
    }
  }
  return { params, redacted, secrets };
}

function carriesSecret(value: unknown, secretValues: readonly string[]): boolean {
  const strings = secretStrings({ v: value });
  return strings.some((s) => secretValues.some((secret) => s.includes(secret)));
}

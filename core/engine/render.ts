/**
 * Rendering a rule's `action_params` for one event (docs/expressions.md, "The language"), once, into the
 * enforcement. The stored copy has secrets redacted; the secret values are sealed separately.
 */
import { type ExprNode, explainTemplate, parseTemplate, renderValue, StepBudget } from '../expr/index.ts';
import type { JsonObject, Rule } from '../model/entities.ts';
import type { Explanation } from '../model/explanation.ts';
import type { ParamSchema } from '../model/param-schema.ts';
import { REDACTED, redactText, secretStrings } from '../model/secret-values.ts';
import type { PackContext } from '../packs/service/pack-catalog.ts';

export interface RenderedParams {
  /** What the action receives. */
  params: JsonObject;
  /** What is stored and shown: secret fields and secret-bearing values replaced by ***. */
  redacted: JsonObject;
  /** The replaced values, to be sealed; null when there were none. */
  secrets: JsonObject | null;
}

/**
 * A rule's action_params that failed to render: the message names the parameter, the
 * explanation the placeholder, its operands' values and, in the message, the type expected.
 */
export class ActionParamsError extends Error {
  constructor(
    message: string,
    readonly explanation: Explanation | null,
  ) {
    super(message);
    this.name = 'ActionParamsError';
  }
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
    // Attune's `keystore` namespace: `{{ keystore.github_token }}` (docs/concepts.md, "Keys and secrets").
    keystore: pack.keystore ?? {},
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
    Object.entries(rule.action_params).map(([name, value]) => {
      try {
        return [name, renderValue(value, context, schema[name]?.shell === true ? 'shell' : 'plain', budget)];
      } catch (err) {
        // An error message may quote the value it failed on, which may be a key's secret.
        const message = redactText(err instanceof Error ? err.message : String(err), pack.secretValues);
        throw new ActionParamsError(message, explainParam(name, value, context, message, pack.secretValues));
      }
    }),
  ) as JsonObject;
  return splitForStorage(params, schema, pack.secretValues);
}

/** Explains a parameter that failed to render; null when making the explanation fails too. */
function explainParam(
  name: string,
  value: unknown,
  context: JsonObject,
  message: string,
  secrets: readonly string[],
): Explanation | null {
  try {
    const placeholders: Array<{ source: string; node: ExprNode }> = [];
    collectPlaceholders(value, placeholders);
    return explainTemplate(name, placeholders, context, message, secrets);
  } catch {
    return null;
  }
}

function collectPlaceholders(value: unknown, out: Array<{ source: string; node: ExprNode }>): void {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return;
    for (const part of parseTemplate(value)) if (part.type === 'expression') out.push(part);
  } else if (Array.isArray(value)) {
    for (const item of value) collectPlaceholders(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectPlaceholders(item, out);
  }
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

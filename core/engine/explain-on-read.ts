/**
 * Explanations made when they are read (docs/explain.md, "When an explanation is made"). Ingest
 * stores a false condition that reads only the event without its explanation; every reader of
 * events (the `events.*` channels and so REST, the CLI and the app, and replay) passes them
 * through here, which makes it from what the evaluation stored: the condition's text as it was
 * when the event was decided (`detail`, not the rule as it is now) and the stored event. The
 * values are the same as then, so the explanation is too; secrets are redacted with the pack's
 * current secret values, as ingest would redact them now.
 */
import { type ExprNode, explainCondition, isReadStable, parseExpression } from '../expr/index.ts';
import type { AttuneEvent, Evaluation, Rule } from '../model/entities.ts';
import type { Explanation } from '../model/explanation.ts';
import type { PackContext } from '../packs/service/pack-catalog.ts';
import { eventContext } from './match.ts';

export interface ExplainOnReadDeps {
  /** The secret values of a pack (with an action's, as ingest asks for them). */
  packs: { get(packRef: string, actionRef?: string): Pick<PackContext, 'secretValues'> };
  /** The rule as stored now, for its pack and action; null once it is deleted. */
  rule: (ref: string) => Rule | null;
  /** False: the engine makes no explanations (the benchmark's baseline), on read either. */
  enabled: () => boolean;
}

type ReadEvent = Pick<AttuneEvent, 'id' | 'trigger_ref' | 'payload' | 'created' | 'evaluations'>;

/** Conditions parsed for explaining, by text; null for one that cannot be explained on read. */
const MAX_TREES = 256;
const trees = new Map<string, ExprNode | null>();

function treeOf(source: string): ExprNode | null {
  let tree = trees.get(source);
  if (tree === undefined) {
    try {
      const parsed = parseExpression(source);
      tree = isReadStable(parsed) ? parsed : null;
    } catch {
      tree = null;
    }
    // A plain bound: the texts of the rules being read fit many times over.
    if (trees.size >= MAX_TREES) trees.clear();
    trees.set(source, tree);
  }
  return tree;
}

/** Whether this evaluation's explanation is left to be made on read. */
function missing(ev: Evaluation): boolean {
  return ev.outcome === 'condition_false' && ev.explanation == null && typeof ev.detail === 'string';
}

/** The secrets ingest would redact for this rule now; a deleted rule's pack is its ref's first part. */
function secretsOf(d: ExplainOnReadDeps, ruleRef: string): readonly string[] {
  const rule = d.rule(ruleRef);
  if (rule) return d.packs.get(rule.pack_ref, rule.action_ref).secretValues;
  const dot = ruleRef.indexOf('.');
  return dot > 0 ? d.packs.get(ruleRef.slice(0, dot)).secretValues : [];
}

function explainOne(d: ExplainOnReadDeps, event: ReadEvent, ev: Evaluation): Explanation | null {
  const tree = treeOf(ev.detail as string);
  if (!tree) return null;
  try {
    return explainCondition(tree, { event: eventContext(event) }, undefined, secretsOf(d, ev.rule_ref));
  } catch {
    // As at decide time, an explanation is a courtesy: the outcome stands without one.
    return null;
  }
}

/**
 * The event with every `condition_false` evaluation stored without an explanation given one
 * made now; evaluations that have one (stored by eager explaining) are returned as stored.
 * Returns the same object when there is nothing to make.
 */
export function explainOnRead<E extends ReadEvent>(d: ExplainOnReadDeps, event: E): E {
  const evaluations = event.evaluations;
  if (!evaluations?.some(missing) || !d.enabled()) return event;
  return {
    ...event,
    evaluations: evaluations.map((ev) =>
      missing(ev) ? { ...ev, explanation: explainOne(d, event, ev) } : ev,
    ),
  };
}

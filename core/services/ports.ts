/**
 * What the services need from the engine, declared here so that the engine passes its parts in
 * and the services never import it (docs/architecture.md, "Ports").
 */
import type { CompiledCondition } from '../expr/index.ts';
import type { JsonObject } from '../model/entities.ts';

/** The live-update channel, declared once with the notifications it carries. */
export type { ChangeFeed } from '../contract/notifications.ts';

/**
 * The engine's compiled rules by trigger: a rule change makes it forget those triggers' rules,
 * and a save hands over the condition it just compiled so it is not parsed twice.
 */
export interface RuleCache {
  invalidate(...triggerRefs: string[]): void;
  remember(ruleRef: string, condition: CompiledCondition): void;
}

/**
 * A trigger's own save-time check of `trigger_params` (the file watcher's path must exist):
 * returns the params normalised or throws a VALIDATION_ERROR naming `trigger_params.<field>`.
 * `atSave` is false when the params did not change and the rule is not being enabled.
 */
export type TriggerParamsCheck = (params: unknown, opts: { atSave: boolean }) => JsonObject;

/**
 * What the services need from the engine, declared here so that the engine passes its parts in
 * and the services never import it (docs/architecture.md, "Ports").
 */
import type { EntityType, Notification, NotificationType } from '../contract/notifications.ts';
import type { CompiledCondition } from '../expr/index.ts';

/**
 * The live-update channel: `publish` after a write has committed, `subscribe` to follow
 * changes. The engine's notifier is one.
 */
export interface ChangeFeed {
  publish(
    type: NotificationType,
    entityType: EntityType,
    entityId: string | number,
    payload: Record<string, unknown>,
  ): void;
  subscribe(filters: readonly string[], listener: (n: Notification) => void): () => void;
}

/**
 * The engine's compiled rules by trigger: a rule change makes it forget those triggers' rules,
 * and a save hands over the condition it just compiled so it is not parsed twice.
 */
export interface RuleCache {
  invalidate(...triggerRefs: string[]): void;
  remember(ruleRef: string, condition: CompiledCondition): void;
}

/**
 * The rule templates the dashboard's first start offers (`/rules/new?template=<id>`), as builder
 * drafts: the builder opens filled in, and nothing is saved until the user saves.
 */
import type { Trigger } from '../../../core/contract/entities.ts';
import { FIRST_RULE_TEMPLATES } from './dashboard.ts';
import { emptyDraft, type RuleDraft } from './rule-draft.ts';
import { CRON_TIMER } from './trigger-summary.ts';

export type TemplateId = (typeof FIRST_RULE_TEMPLATES)[number]['id'];

/** A template as the builder opens it, with a line saying what is left to do. */
export interface TemplateStart {
  title: string;
  draft: RuleDraft;
  /** Shown above the builder: what the template filled in and what remains. */
  note: string;
}

/** The webhook triggers a template can use: the user's own, callable over HTTP. */
function webhookTriggers(triggers: readonly Pick<Trigger, 'ref' | 'pack_ref' | 'webhook_enabled'>[]) {
  return triggers.filter((t) => t.pack_ref === 'local' && t.webhook_enabled);
}

/**
 * The draft of template `id` (null for an unknown id). `timezone` is the viewer's, so
 * "08:00" means their morning; the webhook template picks the first webhook trigger of the
 * user's own, or leaves the trigger to be made with "New webhook trigger…".
 */
export function templateStart(
  id: string | null,
  triggers: readonly Pick<Trigger, 'ref' | 'pack_ref' | 'webhook_enabled'>[],
  timezone: string,
): TemplateStart | null {
  const template = FIRST_RULE_TEMPLATES.find((t) => t.id === id);
  if (!template) return null;
  const base = emptyDraft();
  if (template.id === 'morning-notification') {
    return {
      title: template.title,
      draft: {
        ...base,
        ref: 'morning_notification',
        label: 'Morning notification',
        triggerRef: CRON_TIMER,
        triggerParams: { expression: '0 8 * * *', timezone },
        actionRef: 'core.notify',
        paramText: { title: 'Good morning', body: 'Attune is running. Have a good day.' },
      },
      note: 'Filled in from the template: every day at 08:00, a notification. Change what you like, then save.',
    };
  }
  const hook = webhookTriggers(triggers)[0];
  return {
    title: template.title,
    draft: {
      ...base,
      ref: 'on_webhook',
      label: 'Run a script when the webhook is called',
      triggerRef: hook?.ref ?? '',
      triggerParams: {},
      actionRef: 'core.shell',
      paramText: { cmd: 'echo "webhook called with {{ event.payload }}"' },
    },
    note: hook
      ? `Filled in from the template: when ${hook.ref} is called, run a shell command. Change what you like, then save.`
      : 'Filled in from the template: a shell command. Make its webhook with “New webhook trigger…” below, then save.',
  };
}

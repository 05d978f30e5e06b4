/**
 * The visual rule builder (docs/renderer.md "Rule builder"): the rule as a graph, Trigger →
 * Conditions → Action, each node opening its form; Try it against a sample; Save validates
 * through the engine and puts any error on its field and node. Nothing is saved half: one
 * create or update, all or nothing.
 */
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { useSearch } from 'wouter';
import { navigate } from 'wouter/use-hash-location';
import type { RuleView } from '../../../../../core/contract/entities.ts';
import { AlertSettings } from '../../../common/alerts/alert-settings.tsx';
import { actionQueries, ruleQueries, triggerQueries } from '../../../common/api/queries.ts';
import { ErrorBanner, Loading } from '../../../common/ui/feedback.tsx';
import { localTimezone } from '../../../domain/cron-presets.ts';
import { draftFromRule, emptyDraft, type RuleDraft } from '../../../domain/rule-draft.ts';
import { type TemplateStart, templateStart } from '../../../domain/rule-templates.ts';
import { BuilderForm } from './builder-form.tsx';

export function RuleBuilderView({ ruleRef }: { ruleRef?: string | undefined }) {
  const rule = useQuery({ ...ruleQueries.detail(ruleRef ?? ''), enabled: !!ruleRef });
  const triggers = useQuery(triggerQueries.list());
  const actions = useQuery(actionQueries.list());
  // `/?template=<id>#/rules/new`: the dashboard's templates (docs/renderer.md).
  const templateId = new URLSearchParams(useSearch()).get('template');
  // The form starts from the rule as first read; live updates must not overwrite an edit.
  const initial = useRef<RuleDraft | null>(null);
  const template = useRef<TemplateStart | null>(null);
  if (ruleRef && rule.isError) {
    return (
      <div className="page">
        <ErrorBanner error={rule.error} title={`Could not open ${ruleRef}`} />
        <a href="#/rules">Back to the rules</a>
      </div>
    );
  }
  const error = triggers.error ?? actions.error;
  if (error) return <ErrorBanner error={error} title="Could not read the triggers and actions" />;
  if ((ruleRef && !rule.data) || !triggers.data || !actions.data)
    return <Loading label="Opening the rule builder…" />;
  if (!initial.current) {
    template.current = ruleRef ? null : templateStart(templateId, triggers.data, localTimezone());
    initial.current = ruleRef
      ? draftFromRule(rule.data as RuleView)
      : (template.current?.draft ?? emptyDraft());
  }
  return (
    <>
      <BuilderForm
        ruleRef={ruleRef ?? null}
        initial={initial.current}
        note={template.current?.note ?? null}
        triggers={triggers.data}
        actions={actions.data}
        onCreated={(ref) =>
          navigate(`/rules/${encodeURIComponent(ref)}`, { replace: true, state: { saved: true } })
        }
      />
      {ruleRef && (
        <section className="card rb-alerts" aria-labelledby="rb-alerts-title">
          <h2 id="rb-alerts-title">Alerts</h2>
          <AlertSettings ruleRef={(rule.data as RuleView).ref} />
        </section>
      )}
    </>
  );
}

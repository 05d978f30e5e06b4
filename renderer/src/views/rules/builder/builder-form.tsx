/**
 * The builder's form and layout: name, the graph, the selected node's form, Try it. One
 * react-hook-form whose resolver is the draft compiler (checked with the contract's zod schema);
 * the engine's answer to a save lands on the field it names and marks that field's node.
 */
import { toNestErrors } from '@hookform/resolvers';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Controller, FormProvider, type Resolver, useForm, useWatch } from 'react-hook-form';
import { navigate } from 'wouter/use-hash-location';
import type { Action, Trigger } from '../../../../../core/contract/entities.ts';
import { ApiError, errorMessage, invoke } from '../../../common/api/invoke.ts';
import { ruleQueries } from '../../../common/api/queries.ts';
import { useCommands } from '../../../common/commands/registry.ts';
import { Button, CommandButton } from '../../../common/ui/button.tsx';
import { PageHeader } from '../../../common/ui/feedback.tsx';
import { TextInput } from '../../../common/ui/fields.tsx';
import { Switch } from '../../../common/ui/switch.tsx';
import { conditionSummary, type Step, type StepId } from '../../../domain/builder-graph.ts';
import type { ParamSchema } from '../../../domain/param-form.ts';
import {
  type BuilderNode,
  compileDraft,
  draftExpression,
  draftFromRule,
  formFieldOf,
  messageFor,
  nodeOf,
  patchOf,
  type RuleDraft,
} from '../../../domain/rule-draft.ts';
import { knownPaths } from '../../../domain/template-complete.ts';
import { describeTrigger } from '../../../domain/trigger-summary.ts';
import { ActionPanel } from './action-panel.tsx';
import { BuilderGraph } from './builder-graph.tsx';
import { ConditionsPanel } from './conditions-panel.tsx';
import { errorAt, errorFields } from './form.ts';
import { SettingsPanel } from './settings-panel.tsx';
import { TriggerPanel } from './trigger-panel.tsx';
import { TryPanel, useSample } from './try-panel.tsx';

interface Ctx {
  schema: ParamSchema | null;
}

const resolver: Resolver<RuleDraft, Ctx> = (values, context, options) => {
  const r = compileDraft(values, context?.schema ?? null);
  if (r.ok) return { values, errors: {} };
  const flat = Object.fromEntries(
    Object.entries(r.errors).map(([k, message]) => [k, { type: 'validate', message }]),
  );
  return { values: {}, errors: toNestErrors(flat, options) };
};

const PANEL_TITLE: Record<BuilderNode, string> = {
  trigger: 'Trigger: when it fires',
  conditions: 'Conditions: only if',
  action: 'Action: what it does',
  settings: 'Settings',
  details: 'Settings',
};

/** Focuses the input of a form field once its panel is on screen. */
function focusField(field: string): void {
  requestAnimationFrame(() => {
    const byName = document.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`);
    const byId = { triggerRef: 'trigger-select', actionRef: 'action-select' }[field];
    (byName ?? (byId ? document.getElementById(byId) : null))?.focus();
  });
}

export interface BuilderFormProps {
  ruleRef: string | null;
  initial: RuleDraft;
  /** A line shown above the form (what a template filled in). */
  note?: string | null;
  triggers: readonly Trigger[];
  actions: readonly Action[];
  onCreated: (ref: string) => void;
}

export function BuilderForm(p: BuilderFormProps) {
  const qc = useQueryClient();
  const [node, setNode] = useState<BuilderNode>('trigger');
  const [banner, setBanner] = useState<{ tone: 'info' | 'error'; text: string } | null>(
    (window.history.state as { saved?: boolean } | null)?.saved
      ? { tone: 'info', text: 'Saved.' }
      : p.note
        ? { tone: 'info', text: p.note }
        : null,
  );
  const [position, setPosition] = useState<number | null>(null);
  const actionSchemaRef = useRef<ParamSchema | null>(null);
  const form = useForm<RuleDraft, Ctx>({
    defaultValues: p.initial,
    resolver,
    context: {
      get schema() {
        return actionSchemaRef.current;
      },
    },
    mode: 'onSubmit',
  });
  const { control, formState, setError, handleSubmit } = form;
  const values = useWatch({ control }) as RuleDraft;
  const trigger = p.triggers.find((t) => t.ref === values.triggerRef);
  const action = p.actions.find((a) => a.ref === values.actionRef);
  actionSchemaRef.current = action?.parameters ?? null;

  const sample = useSample(trigger, values.triggerRef, values.triggerParams ?? {});
  const paths = useMemo(() => {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(sample);
    } catch {}
    return knownPaths(Object.keys(trigger?.out_schema ?? {}), parsed);
  }, [trigger, sample]);

  const fieldError = useCallback(
    (engineField: string, message: string, details: unknown) => {
      const ff = formFieldOf(engineField);
      setError(ff as keyof RuleDraft, { type: 'server', message: messageFor(message, engineField) });
      const pos = (details as { position?: unknown } | undefined)?.position;
      setPosition(typeof pos === 'number' ? pos : null);
      const where = nodeOf(ff);
      if (where !== 'details') setNode(where);
      focusField(ff);
    },
    [setError],
  );

  const save = useMutation({
    mutationFn: async (d: RuleDraft) => {
      const r = compileDraft(d, action?.parameters ?? null);
      if (!r.ok) throw new Error('the form has problems');
      if (p.ruleRef) return invoke('rules.update', { ref: p.ruleRef, patch: patchOf(r.input) });
      return invoke('rules.create', r.input);
    },
    onSuccess: (saved) => {
      qc.setQueryData(ruleQueries.detail(saved.ref).queryKey, saved);
      void qc.invalidateQueries({ queryKey: ruleQueries.lists() });
      setPosition(null);
      if (p.ruleRef) {
        form.reset(draftFromRule(saved));
        setBanner({ tone: 'info', text: 'Saved.' });
      } else p.onCreated(saved.ref);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.field) {
        fieldError(e.field, e.message, e.details);
        setBanner({ tone: 'error', text: `Not saved: ${messageFor(e.message, e.field)}` });
      } else setBanner({ tone: 'error', text: `Not saved: ${errorMessage(e)}` });
    },
  });

  const submit = handleSubmit(
    (d) => {
      setBanner(null);
      save.mutate(d);
    },
    (errors) => {
      const first = errorFields(errors)[0];
      setBanner({ tone: 'error', text: 'Not saved: fix the marked fields.' });
      if (first) {
        const where = nodeOf(first);
        if (where !== 'details') setNode(where);
        focusField(first);
      }
    },
  );

  const tryRunner = useRef<() => void>(() => {});
  const compileForTry = () => {
    // A draft needs no name to be tried.
    const values = form.getValues();
    const r = compileDraft({ ...values, ref: values.ref.trim() || 'draft' }, action?.parameters ?? null);
    if (r.ok) return r.input;
    for (const [k, message] of Object.entries(r.errors))
      setError(k as keyof RuleDraft, { type: 'validate', message });
    return null;
  };

  const saveCommand = {
    id: 'rule.save',
    label: 'Save the rule',
    group: 'Rule',
    shortcut: 'Mod+S',
    inFields: true,
    perform: () => void submit(),
  };
  useCommands(
    () => [
      saveCommand,
      {
        id: 'rule.try',
        label: 'Try the rule against the sample',
        group: 'Rule',
        shortcut: 'Mod+Enter',
        inFields: true,
        perform: () => tryRunner.current(),
      },
    ],
    [submit],
  );

  const problems = errorFields(formState.errors);
  const count = (n: StepId) => problems.filter((f) => nodeOf(f) === n).length;
  const steps: Step[] = [
    {
      id: 'trigger',
      kind: 'Trigger',
      title: trigger?.label || values.triggerRef,
      summary: describeTrigger(values.triggerRef, values.triggerParams ?? {}, trigger),
      problems: count('trigger'),
    },
    {
      id: 'conditions',
      kind: 'Conditions',
      title: values.rows?.length || values.expression ? 'Only if' : 'Always',
      summary: conditionSummary(
        values.conditionMode,
        values.rows?.length ?? 0,
        values.join,
        draftExpression(values),
      ),
      problems: count('conditions'),
    },
    {
      id: 'action',
      kind: 'Action',
      title: action?.label || values.actionRef,
      summary: values.actionRef,
      problems: count('action'),
    },
  ];

  return (
    <FormProvider {...form}>
      <form
        className="page builder"
        onSubmit={(e) => {
          e.preventDefault();
          if (e.target === e.currentTarget) void submit();
        }}
        aria-label={p.ruleRef ? `Edit rule ${p.ruleRef}` : 'New rule'}
        noValidate
      >
        <PageHeader
          title={p.ruleRef ? `Rule ${p.ruleRef}` : 'New rule'}
          actions={
            <>
              <Button variant="ghost" onPress={() => navigate('/rules')}>
                Back to rules
              </Button>
              <CommandButton
                command={saveCommand}
                variant="primary"
                type="submit"
                isDisabled={save.isPending}
              >
                Save rule
              </CommandButton>
            </>
          }
        />
        {banner && (
          <p className={`banner banner-${banner.tone}`} role={banner.tone === 'error' ? 'alert' : 'status'}>
            {banner.text}
          </p>
        )}
        <div className="card name-row">
          <Controller
            control={control}
            name="ref"
            render={({ field }) => (
              <TextInput
                label="Name"
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                isDisabled={!!p.ruleRef}
                description={
                  p.ruleRef
                    ? 'A saved rule keeps its name.'
                    : 'Letters, digits, _ and -; saved as local.<name>.'
                }
                error={errorAt(formState.errors, 'ref')}
                name="ref"
                placeholder="e.g. morning_briefing"
              />
            )}
          />
          <Controller
            control={control}
            name="label"
            render={({ field }) => (
              <TextInput
                label="Label"
                value={field.value}
                onChange={field.onChange}
                placeholder="e.g. Morning briefing"
                name="label"
              />
            )}
          />
          <Controller
            control={control}
            name="enabled"
            render={({ field }) => (
              <div className="align-end">
                <Switch isSelected={field.value} onChange={field.onChange}>
                  Enabled
                </Switch>
              </div>
            )}
          />
        </div>
        <BuilderGraph
          steps={steps}
          selected={node === 'settings' || node === 'details' ? null : node}
          onOpen={setNode}
        />
        <div className="builder-columns">
          <section className="card panel" aria-labelledby="panel-title">
            <div className="panel-head">
              <h2 id="panel-title">{PANEL_TITLE[node]}</h2>
              <Button
                size="small"
                variant={node === 'settings' ? 'primary' : 'secondary'}
                onPress={() => setNode('settings')}
                aria-pressed={node === 'settings'}
              >
                Settings{count('settings' as StepId) ? ` (${count('settings' as StepId)} problem)` : ''}
              </Button>
            </div>
            {node === 'trigger' && <TriggerPanel triggers={p.triggers} />}
            {node === 'conditions' && <ConditionsPanel paths={paths} position={position} />}
            {node === 'action' && <ActionPanel actions={p.actions} paths={paths} />}
            {node === 'settings' && <SettingsPanel action={action} />}
          </section>
          <TryPanel
            ruleRef={p.ruleRef}
            trigger={trigger}
            compile={compileForTry}
            onFieldError={fieldError}
            bindRun={(run) => {
              tryRunner.current = run;
            }}
          />
        </div>
      </form>
    </FormProvider>
  );
}

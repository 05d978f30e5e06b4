/**
 * Checks a whole pack before anything touches a store (docs/packs.md, "Validation and problems": "validated in full before
 * anything is stored; each problem is reported with file, line and field; nothing is
 * half-imported"). Cross-file checks live here: unique refs, rules whose trigger and action
 * resolve (in the pack, or through the resolver for core and installed packs), timer
 * parameters, conditions and templates that parse, entry points that match their scripts.
 */
import { checkActionParams, checkTemplates, ExprSyntaxError, validateCondition } from '../expr/index.ts';
import type { Action, Trigger } from '../model/entities.ts';
import { AttuneError } from '../model/errors.ts';
import { validateParams } from '../model/param-schema.ts';
import { PACK_REF_RE } from '../model/refs.ts';
import { isTimerTrigger, validateTimerParams } from '../schedule/index.ts';
import { cleanRelativePath, unsafePathReason } from './entry-point.ts';
import type { LoadedPack } from './load.ts';
import { SEMVER_RE } from './normalize-pack.ts';
import type { PackModel, RuleDef } from './pack-model.ts';
import { refName } from './pack-model.ts';
import { type PackProblem, sortProblems } from './problems.ts';
import { PackSourceMap } from './source-map.ts';

/** A trigger as far as validation needs it. */
export type TriggerLike = Pick<Trigger, 'ref'> & Partial<Pick<Trigger, 'param_schema'>>;
/** An action as far as validation needs it. */
export type ActionLike = Pick<Action, 'ref'> & Partial<Pick<Action, 'parameters'>>;

/** Finds triggers and actions outside the pack: the core pack and packs already installed. */
export interface RefResolver {
  trigger(ref: string): TriggerLike | null;
  action(ref: string): ActionLike | null;
}

/** A loaded pack's triggers and actions as a resolver (the core pack, for offline validation). */
export function modelResolver(m: Pick<PackModel, 'triggers' | 'actions'>): RefResolver {
  const triggers = new Map(m.triggers.map((t) => [t.ref, t]));
  const actions = new Map(m.actions.map((a) => [a.ref, a]));
  return {
    trigger: (ref) => triggers.get(ref) ?? null,
    action: (ref) => actions.get(ref) ?? null,
  };
}

export interface ValidateOptions {
  resolver?: RefResolver;
  /** "Now" for one-shot timers in the past (default: the current time). */
  now?: Date | number;
  /** Zone for cron and local fire_at without one (default: the system's). */
  defaultTimezone?: string;
  /** When set, pack.yaml's ref must be this (updating an installed pack). */
  expectedPackRef?: string;
}

export type ValidationResult =
  | { ok: true; model: PackModel; warnings: PackProblem[] }
  | { ok: false; problems: PackProblem[]; warnings: PackProblem[] };

type Kind = 'trigger' | 'action' | 'sensor' | 'rule' | 'policy';

/** Stand-ins for refs into other packs when there is no resolver to look them up. */
const UNCHECKED = new WeakSet<object>();
function unchecked<T extends object>(value: T): T {
  UNCHECKED.add(value);
  return value;
}

/** Whether a looked-up entity is a stand-in (its pack could not be checked). */
function isUnchecked(value: object | null | undefined): boolean {
  return UNCHECKED.has(value ?? {});
}
const FOLDERS: Record<Kind, string> = {
  trigger: 'triggers',
  action: 'actions',
  sensor: 'sensors',
  rule: 'rules',
  policy: 'policies',
};

/** Validates a loaded pack (or a model built in code, which has no source positions). */
export function validatePack(input: LoadedPack | PackModel, options: ValidateOptions = {}): ValidationResult {
  const loaded: LoadedPack =
    'model' in input
      ? input
      : { model: input, problems: [], warnings: [], sources: new PackSourceMap(), dir: '' };
  const model = structuredClone(loaded.model);
  const { sources } = loaded;
  const problems: PackProblem[] = [...loaded.problems];
  const warnings: PackProblem[] = [...loaded.warnings];
  const fileOf = (kind: Kind, e: { ref: string; source: { file: string } | null }) =>
    e.source?.file ?? `${FOLDERS[kind]}/${refName(e.ref)}.yaml`;
  const at = (file: string, field: string, message: string, offset?: number): PackProblem => ({
    file,
    ...sources.position(file, field, offset),
    field,
    // Messages from other modules often start with the field, which the format already shows.
    message: message.startsWith(`${field} `) ? message.slice(field.length + 1) : message,
  });

  // pack.yaml
  const pack = model.pack;
  const packFile = pack.source?.file ?? 'pack.yaml';
  // A pack.yaml that could not be read was reported already; its stand-in ref says nothing.
  const packYamlFailed = loaded.problems.some((p) => p.file === packFile);
  if (!packYamlFailed && !PACK_REF_RE.test(pack.ref)) {
    problems.push(
      at(packFile, 'ref', `"${pack.ref}" is not a valid pack ref: it must match ${PACK_REF_RE.source}`),
    );
  }
  if (options.expectedPackRef !== undefined && pack.ref !== options.expectedPackRef) {
    problems.push(
      at(packFile, 'ref', `is "${pack.ref}" but the pack being updated is "${options.expectedPackRef}"`),
    );
  }
  if (!packYamlFailed && !SEMVER_RE.test(pack.version)) {
    problems.push(at(packFile, 'version', `"${pack.version}" is not a semantic version such as "1.0.0"`));
  }

  // Refs: qualified with the pack and unique per kind.
  const byKind = (
    kind: Kind,
    list: ReadonlyArray<{ ref: string; pack_ref: string; source: { file: string; line: number } | null }>,
  ) => {
    const seen = new Map<string, string>();
    for (const e of list) {
      const file = fileOf(kind, e);
      if (!e.ref.startsWith(`${pack.ref}.`) || e.pack_ref !== pack.ref) {
        problems.push(at(file, 'ref', `"${e.ref}" must belong to pack "${pack.ref}" (${pack.ref}.<name>)`));
      }
      const first = seen.get(e.ref);
      if (first !== undefined) {
        problems.push(at(file, 'ref', `duplicate ${kind} ref "${e.ref}" (also defined in ${first})`));
      } else {
        seen.set(e.ref, `${file}:${e.source?.line ?? 1}`);
      }
    }
  };
  byKind('trigger', model.triggers);
  byKind('action', model.actions);
  byKind('sensor', model.sensors);
  byKind('rule', model.rules);
  byKind('policy', model.policies);

  const triggers = new Map<string, TriggerLike>(model.triggers.map((t) => [t.ref, t]));
  const actions = new Map<string, ActionLike>(model.actions.map((a) => [a.ref, a]));
  // Without a resolver, refs into other packs cannot be checked: they pass (with a warning)
  // as long as they name another pack; refs into this pack must always resolve.
  const foreign = (ref: string): boolean => options.resolver === undefined && !ref.startsWith(`${pack.ref}.`);
  const findTrigger = (ref: string): TriggerLike | null =>
    triggers.get(ref) ??
    options.resolver?.trigger(ref) ??
    (foreign(ref) && !isTimerTrigger(ref) ? unchecked({ ref }) : null);
  const findAction = (ref: string): ActionLike | null =>
    actions.get(ref) ?? options.resolver?.action(ref) ?? (foreign(ref) ? unchecked({ ref }) : null);

  // A pack reaches the key store only in its own namespace: a webhook pointed at the user's entry
  // would verify with it, and "remove HMAC" on the pack's trigger once deleted it.
  for (const t of model.triggers) {
    const hmac = t.webhook_config.hmac_secret_ref;
    if (hmac === null || hmac.startsWith(`${pack.ref}.`)) continue;
    problems.push(
      at(
        fileOf('trigger', t),
        'webhook_config.hmac_secret_ref',
        `"${hmac}" is outside this pack: a pack's key-store refs start with "${pack.ref}." (e.g. "${t.ref}.webhook.hmac_secret")`,
      ),
    );
  }

  for (const a of model.actions) {
    const file = fileOf('action', a);
    const entry = a.entry_point;
    if (a.script !== null) {
      const unsafe = unsafePathReason(entry);
      if (unsafe !== null) problems.push(at(file, 'entry_point', `"${entry}" ${unsafe}`));
      else if (a.script.path !== `actions/${cleanRelativePath(entry)}`) {
        problems.push(
          at(
            file,
            'entry_point',
            `names actions/${cleanRelativePath(entry)} but the script is ${a.script.path}`,
          ),
        );
      }
    } else if (a.runner_type === 'native') {
      problems.push(at(file, 'entry_point', 'a native action needs an executable file in actions/'));
    } else if (
      (a.runner_type === 'builtin' ||
        a.runner_type === 'shell' ||
        a.runner_type === 'python' ||
        a.runner_type === 'node') &&
      entry.trim() === ''
    ) {
      problems.push(at(file, 'entry_point', 'is required'));
    }
    if (!Number.isInteger(a.timeout_seconds) || a.timeout_seconds < 1) {
      problems.push(at(file, 'timeout_seconds', 'must be an integer of at least 1'));
    }
  }

  for (const s of model.sensors) {
    const file = fileOf('sensor', s);
    if (s.script === null)
      problems.push(at(file, 'entry_point', 'a sensor needs a script or executable in sensors/'));
    s.trigger_types.forEach((ref, i) => {
      const found = findTrigger(ref);
      if (isUnchecked(found))
        warnings.push(at(file, `trigger_types[${i}]`, uncheckedMessage('trigger', ref)));
      if (found === null && !isTimerTrigger(ref)) {
        problems.push(
          at(
            file,
            `trigger_types[${i}]`,
            `unknown trigger "${ref}": not in this pack, the core pack or an installed pack`,
          ),
        );
      }
    });
  }

  for (const p of model.policies) {
    if (p.action_ref !== null && findAction(p.action_ref) === null) {
      warnings.push(
        at(
          fileOf('policy', p),
          'action_ref',
          `unknown action "${p.action_ref}"; an Attune server skips this policy`,
        ),
      );
    }
  }

  for (const rule of model.rules) {
    const file = fileOf('rule', rule);
    // A converted rule's leftovers are the user's to fix later, not a reason to refuse the pack.
    const lenient = rule.conversionProblems.length > 0;
    const report = (p: PackProblem): void => {
      if (lenient) {
        // The conversion already said why this field is not usable; one note per field is enough.
        if (rule.conversionProblems.some((c) => c.field === p.field)) return;
        warnings.push(p);
        rule.conversionProblems.push(p);
        rule.enabled = false;
      } else problems.push(p);
    };
    checkRule(rule, file, {
      at,
      report,
      warn: (p) => warnings.push(p),
      problems,
      findTrigger,
      findAction,
      options,
    });
  }

  const all = dedupe(problems);
  if (all.length > 0)
    return { ok: false, problems: sortProblems(all), warnings: sortProblems(dedupe(warnings)) };
  return { ok: true, model, warnings: sortProblems(dedupe(warnings)) };
}

interface RuleCheckContext {
  at: (file: string, field: string, message: string, offset?: number) => PackProblem;
  report: (p: PackProblem) => void;
  warn: (p: PackProblem) => void;
  problems: PackProblem[];
  findTrigger: (ref: string) => TriggerLike | null;
  findAction: (ref: string) => ActionLike | null;
  options: ValidateOptions;
}

function checkRule(rule: RuleDef, file: string, c: RuleCheckContext): void {
  const { at, report } = c;
  const timer = isTimerTrigger(rule.trigger_ref);
  const trigger = c.findTrigger(rule.trigger_ref);
  if (isUnchecked(trigger)) c.warn(at(file, 'trigger_ref', uncheckedMessage('trigger', rule.trigger_ref)));
  if (rule.trigger_ref === '') {
    // Already reported by the loader.
  } else if (timer) {
    try {
      const now = c.options.now ?? Date.now();
      validateTimerParams(rule.trigger_ref, rule.trigger_params, {
        now: typeof now === 'number' ? now : now.getTime(),
        ...(c.options.defaultTimezone !== undefined ? { defaultTimezone: c.options.defaultTimezone } : {}),
      });
    } catch (err) {
      if (!(err instanceof AttuneError)) throw err;
      report(at(file, err.field ?? 'trigger_params', err.message));
    }
  } else if (trigger === null) {
    c.problems.push(
      at(
        file,
        'trigger_ref',
        `unknown trigger "${rule.trigger_ref}": not in this pack, the core pack or an installed pack`,
      ),
    );
  } else {
    const result = validateParams(trigger.param_schema ?? {}, rule.trigger_params);
    if (!result.ok) for (const e of result.errors) report(at(file, `trigger_params.${e.field}`, e.message));
  }
  if (rule.misfire !== null && !timer) {
    c.warn(at(file, 'misfire', 'applies to timer rules only and is ignored here'));
  }

  const action = rule.action_ref === '' ? undefined : c.findAction(rule.action_ref);
  if (isUnchecked(action)) c.warn(at(file, 'action_ref', uncheckedMessage('action', rule.action_ref)));
  if (action === null) {
    c.problems.push(
      at(
        file,
        'action_ref',
        `unknown action "${rule.action_ref}": not in this pack, the core pack or an installed pack`,
      ),
    );
  } else if (action?.parameters) {
    for (const [name, spec] of Object.entries(action.parameters)) {
      if (spec.required && spec.default === undefined && rule.action_params[name] === undefined) {
        c.warn(at(file, 'action_params', `does not give required parameter "${name}" of ${rule.action_ref}`));
      }
    }
  }

  try {
    validateCondition(rule.conditions);
  } catch (err) {
    if (err instanceof ExprSyntaxError) report(at(file, 'conditions.expression', err.reason, err.position));
    else if (err instanceof AttuneError) report(at(file, err.field ?? 'conditions', err.message));
    else throw err;
  }
  // With the action's schema known, parameters it runs as shell code are checked as such.
  const templateProblems = action?.parameters
    ? checkActionParams(rule.action_params, action.parameters)
    : checkTemplates(rule.action_params, 'action_params');
  for (const t of templateProblems) {
    report(
      at(file, t.field, t.message.replace(/ at position \d+ \(line \d+, column \d+\)$/, ''), t.position),
    );
  }
}

function uncheckedMessage(kind: string, ref: string): string {
  return `${kind} "${ref}" belongs to another pack and was not checked (no resolver given); it must be installed`;
}

/** One problem per place and field (the loader and validation may both notice a bad ref). */
function dedupe(list: PackProblem[]): PackProblem[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const key = `${p.file}\u0000${p.line}\u0000${p.column}\u0000${p.field}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

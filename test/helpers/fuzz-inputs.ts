/**
 * What the channel fuzz sends besides inputs derived from the schemas: names the seeded engine
 * knows (so a shaped input finds a rule instead of a 404), timer params that fit their trigger,
 * and for the channels with the deepest handlers, whole inputs that are valid as a user would
 * write them, for the fuzz to break one place at a time.
 */
import path from 'node:path';
import fc from 'fast-check';
import type { ChannelName } from '../../core/contract/channels.ts';
import { SAFE_ACTIONS } from './fuzz-host.ts';
import { FIXTURE_PACKS } from './host.ts';
import { hostileJson, hostileNumber, hostileString } from './hostile-values.ts';

/** Refs the seeded engine has (see startFuzzHost), and some it has not. */
export const RULE_REFS = ['local.fuzz_rule', 'fuzz_rule', 'local.timer_rule', 'timer_rule', 'core.nothing'];
const TRIGGER_REFS = [
  'local.fuzz_trigger',
  'fuzz_trigger',
  'core.intervaltimer',
  'core.crontimer',
  'core.datetimetimer',
];
const PACK_REFS = ['core', 'local', 'testkit', 'demo'];
const freshName = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);

const EXPRESSIONS = [
  'event.payload.level == "error"',
  'true',
  '',
  'event.payload.a.b.c',
  '((((',
  'event.__proto__',
  'event.constructor',
  'keys(event.payload)',
  'length(event.payload) > 0 and not event.payload.x',
  'range(1000000)',
  'join(split(event.payload.msg, ""), "-")',
  '"a" in null',
  '1 / 0',
];

const intervalParams = fc.record(
  {
    interval: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 100 }) }, hostileNumber),
    unit: fc.constantFrom('seconds', 'minutes', 'hours', 'days', 'weeks', ''),
  },
  { requiredKeys: ['interval'] },
);
const cronParams = fc.record(
  {
    expression: fc.constantFrom(
      '0 9 * * *',
      '*/5 * * * * *',
      '0 0 29 2 *',
      '0 0 31 2 *',
      '@daily',
      '@reboot',
      '0 0 L * *',
      '0 0 * * 7#5',
      '*/0 * * * *',
      '60 * * * *',
      '0 0 1 1 * 2099',
      '',
    ),
    timezone: fc.constantFrom(
      'Europe/Berlin',
      'UTC',
      'America/St_Johns',
      'Mars/Base',
      '../../etc/localtime',
      '',
    ),
  },
  { requiredKeys: ['expression'] },
);
const oneShotParams = fc.record(
  {
    fire_at: fc.constantFrom(
      '2030-01-01T00:00:00Z',
      '2020-01-01T00:00:00Z',
      '2030-03-31T02:30:00',
      '+275760-09-13T00:00:00.000Z',
      'not a date',
    ),
    timezone: fc.constantFrom('Europe/London', 'UTC', 'Nowhere/City'),
  },
  { requiredKeys: ['fire_at'] },
);

const misfire = fc.oneof(
  fc.constantFrom(null, 'skip', 'coalesce', 'catch_up'),
  fc.record({ policy: fc.constantFrom('skip', 'catch_up'), max_catch_up: fc.integer({ min: 1, max: 1000 }) }),
);

/** A timer trigger with params that fit it (mostly): what a preview needs. */
const timerWithParams = fc.oneof(
  fc.record({ trigger_ref: fc.constant('core.intervaltimer'), trigger_params: intervalParams }),
  fc.record({ trigger_ref: fc.constant('core.crontimer'), trigger_params: cronParams }),
  fc.record({ trigger_ref: fc.constant('core.datetimetimer'), trigger_params: oneShotParams }),
);

/** A trigger with what fits it: params and, for timers, a misfire policy. */
const triggerWithParams = fc.oneof(
  fc
    .tuple(timerWithParams, fc.option(misfire, { nil: undefined }))
    .map(([t, m]) => (m === undefined ? t : { ...t, misfire: m })),
  fc.record({ trigger_ref: fc.constantFrom('local.fuzz_trigger', 'fuzz_trigger') }),
);

const anyObject = hostileJson.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
const actionRef = fc.oneof(fc.constantFrom(...SAFE_ACTIONS), fc.stringMatching(/^[a-z]{1,6}\.[a-z_]{1,8}$/));
const actionParams = fc.oneof(
  fc.record({
    message: fc.constantFrom('{{ event.payload.msg }}', '{{ pack.config.x }}', '{{', '{{ 1 / 0 }}'),
  }),
  anyObject,
);
const conditions = fc.oneof(
  fc.record({ expression: fc.constantFrom(...EXPRESSIONS) }),
  fc.constant({}),
  fc.constant(null),
);

function sandboxPaths(sandbox: string) {
  const inSandbox = (name: string) => path.join(sandbox, name);
  return fc.oneof(
    fc.constantFrom(
      inSandbox('testkit'),
      inSandbox('empty'),
      inSandbox('junk.tar.gz'),
      inSandbox('junk.zip'),
      inSandbox('missing'),
      path.join(FIXTURE_PACKS, 'broken'),
      path.join(FIXTURE_PACKS, 'st2'),
      path.join(FIXTURE_PACKS, 'demo'),
      'relative/path',
    ),
    hostileString.map((s) => inSandbox(`export-${s}`)),
  );
}

/** Arbitraries by property name, offered beside the ones derived from the schema. */
export function channelHints(sandbox: string): Record<string, fc.Arbitrary<unknown>> {
  return {
    ref: fc.oneof(fc.constantFrom(...RULE_REFS, ...TRIGGER_REFS, ...PACK_REFS, ...SAFE_ACTIONS), freshName),
    trigger_ref: fc.constantFrom(...TRIGGER_REFS),
    rule_ref: fc.constantFrom(...RULE_REFS),
    pack_ref: fc.constantFrom(...PACK_REFS),
    pack: fc.constantFrom(...PACK_REFS),
    rules: fc.array(fc.constantFrom(...RULE_REFS), { minLength: 1, maxLength: 3 }),
    action_ref: actionRef,
    trigger_params: fc.oneof(intervalParams, cronParams, oneShotParams),
    expression: fc.constantFrom(...EXPRESSIONS),
    action_params: actionParams,
    payload: fc.oneof(fc.record({ level: fc.constantFrom('error', 'info'), msg: hostileString }), anyObject),
    parameters: fc.oneof(
      fc.record({ message: hostileString }),
      fc.record({ to: hostileString, id: hostileNumber, token: hostileString }),
      anyObject,
    ),
    path: sandboxPaths(sandbox),
    id: fc.integer({ min: 1, max: 5 }),
    event: fc.integer({ min: 1, max: 5 }),
    enforcement: fc.integer({ min: 1, max: 5 }),
    q: fc.constantFrom('seed', 'err*', '"', 'a OR b', 'NEAR(a b)', '*', 'AND', '-x', '^x', 'col:x', '(', "'"),
  };
}

/** A rule's fields as a user fills them in (the trigger and its params come separately). */
const ruleFields = {
  label: fc.string({ maxLength: 40 }),
  description: fc.string({ unit: 'binary', maxLength: 200 }),
  conditions,
  action_ref: fc.constantFrom(...SAFE_ACTIONS),
  action_params: actionParams,
  enabled: fc.boolean(),
  overlap: fc.constantFrom('parallel', 'single', 'queue', 'restart'),
  retry: fc.oneof(
    fc.constant(null),
    fc.record({ count: fc.nat(5), delay: fc.nat(60), backoff: fc.constantFrom('constant', 'exponential') }),
  ),
};

/**
 * Whole inputs that are valid as a user writes them, for the channels whose handlers go deepest;
 * the fuzz sends them as they are and broken in one place.
 */
export function channelSeeds(sandbox: string): Partial<Record<ChannelName, fc.Arbitrary<unknown>>> {
  const paramSpec = fc.record(
    {
      type: fc.constantFrom('string', 'integer', 'number', 'boolean', 'object', 'array', 'any'),
      description: hostileString,
      default: hostileJson,
      required: fc.boolean(),
      secret: fc.boolean(),
      enum: fc.array(hostileJson, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  );
  return {
    'rules.create': fc
      .tuple(
        fc.record({ ref: freshName }),
        triggerWithParams,
        fc.record(ruleFields, { requiredKeys: ['action_ref'] }),
      )
      .map(([ref, trigger, rest]) => ({ ...ref, ...trigger, ...rest })),
    'rules.update': fc
      .tuple(
        fc.constantFrom(...RULE_REFS),
        fc.option(triggerWithParams, { nil: undefined }),
        fc.record(ruleFields, { requiredKeys: [] }),
      )
      .map(([ref, trigger, patch]) => ({ ref, patch: { ...trigger, ...patch } })),
    'rules.test': fc.record({ ref: fc.constantFrom(...RULE_REFS), payload: anyObject }),
    'schedule.preview': fc
      .tuple(timerWithParams, fc.integer({ min: 1, max: 100 }))
      .map(([t, count]) => ({ ...t, count })),
    'triggers.create': fc.record(
      {
        ref: freshName,
        label: hostileString,
        param_schema: fc.dictionary(freshName, paramSpec, { maxKeys: 3 }),
        out_schema: fc.dictionary(freshName, paramSpec, { maxKeys: 3 }),
      },
      { requiredKeys: ['ref'] },
    ),
    'triggers.enableWebhook': fc.record(
      {
        ref: fc.constantFrom('local.fuzz_trigger', 'fuzz_trigger', 'core.intervaltimer'),
        hmac_secret: fc.oneof(fc.constant(null), fc.string({ minLength: 16, maxLength: 40 })),
        max_body_bytes: fc.integer({ min: 1, max: 64 * 1_048_576 }),
        rate_limit_per_minute: fc.integer({ min: 0, max: 1_000_000 }),
      },
      { requiredKeys: ['ref'] },
    ),
    'executions.execute': fc.record({
      action_ref: fc.constantFrom(...SAFE_ACTIONS),
      parameters: channelHints(sandbox).parameters as fc.Arbitrary<unknown>,
    }),
    'packs.export': fc.record(
      {
        rules: fc.array(fc.constantFrom('local.fuzz_rule', 'local.timer_rule'), {
          minLength: 1,
          maxLength: 2,
        }),
        as_pack: fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/),
        format: fc.constantFrom('tar.gz', 'folder'),
        path: freshName.map((n) => path.join(sandbox, `out-${n}`)),
      },
      { requiredKeys: ['rules'] },
    ),
    'packs.import': fc.record(
      {
        path: fc.constantFrom(path.join(sandbox, 'testkit'), path.join(FIXTURE_PACKS, 'st2')),
        upgrade: fc.boolean(),
        secrets: fc.dictionary(freshName, fc.oneof(hostileString, hostileNumber, fc.boolean()), {
          maxKeys: 2,
        }),
      },
      { requiredKeys: ['path'] },
    ),
  };
}

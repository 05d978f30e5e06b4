/**
 * Sensors as they cross the boundary (docs/sensors.md): the entity in Attune's field names, its
 * live state beside it, and the channels that list, toggle, restart and read the log of one.
 */
import { z } from 'zod';
import { SensorEntitySchema } from '../model/entities.ts';
import { decimalInt } from './decimal.ts';
import { EventSchema, JsonObjectSchema, listOf, ParamSchemaSchema } from './entities.ts';

/** Where a sensor is in its life. `backoff` waits to restart; `failed` gave up (crash loop, bad entry point). */
export const SENSOR_STATUSES = ['stopped', 'starting', 'running', 'backoff', 'failed'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

/** What the supervisor (or a built-in sensor) knows now; not stored. */
export const SensorLiveStateSchema = z.object({
  status: z.enum(SENSOR_STATUSES),
  pid: z.number().int().nullable(),
  started_at: z.string().nullable(),
  restarts: z.number().int().min(0),
  last_event_at: z.string().nullable(),
  events_emitted: z.number().int().min(0),
  last_error: z.string().nullable(),
  /** Built-in sensors say what they watch: armed timers and next wake, watched paths. */
  detail: JsonObjectSchema.optional(),
});
export type SensorLiveState = z.infer<typeof SensorLiveStateSchema>;

/** A sensor: built in (`internal://timer`) or a pack's long-running process, with its live state. */
export const SensorSchema = SensorEntitySchema.extend(SensorLiveStateSchema.shape);
export type Sensor = z.infer<typeof SensorSchema>;

/** One line a sensor wrote, newest last. */
export const SensorLogLineSchema = z.object({
  at: z.string(),
  stream: z.enum(['stdout', 'stderr', 'supervisor']),
  text: z.string(),
});
export type SensorLogLine = z.infer<typeof SensorLogLineSchema>;

const Ref = z.string().min(1).max(255);
const Paging = {
  page: decimalInt(1).default(1),
  page_size: decimalInt(1, 100).default(50),
};
const BoolQuery = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** The process runners a pack sensor may name (`internal` is the built-ins' own). */
export const SENSOR_RUNNER_TYPES = ['python', 'node', 'shell', 'native'] as const;

const SensorFields = {
  label: z.string().max(255),
  description: z.string().max(10_000),
  /** A file under the pack's sensors/ folder (an absolute path for the user pack, which has no folder). */
  entrypoint: z.string().min(1).max(4096),
  runner_type: z.string().min(1).max(32),
  trigger_types: z.array(Ref).min(1).max(100),
  enabled: z.boolean(),
  config: JsonObjectSchema,
  param_schema: ParamSchemaSchema,
};

/**
 * Attune's sensor fields with no meaning on one machine, accepted and ignored
 * (docs/attune-compat.md, "Requests"): sensors run here, not on chosen workers, and there is no
 * artifact store whose retention they could set.
 */
const SENSOR_IGNORED = {
  worker_selector: JsonObjectSchema.nullable().optional(),
  worker_tolerations: z.array(JsonObjectSchema).max(100).nullable().optional(),
  worker_affinity: JsonObjectSchema.nullable().optional(),
  artifact_retention_policy: z.unknown().optional(),
  artifact_retention_limit: z.unknown().optional(),
  log_retention_policy: z.unknown().optional(),
  log_retention_limit: z.unknown().optional(),
};

/**
 * `POST /api/v1/sensors`: Attune's CreateSensorRequest beside our names. `pack_ref` qualifies a
 * bare `ref` (and must agree with a qualified one), `runtime_ref` or `runtime` names the runner
 * (`runner_type`), `trigger_ref` is one trigger type (`trigger_types` takes several).
 */
export const SensorCreateInput = z.strictObject({
  ref: Ref,
  ...z.object(SensorFields).partial().shape,
  entrypoint: SensorFields.entrypoint,
  description: SensorFields.description.nullable().optional(),
  config: SensorFields.config.nullable().optional(),
  param_schema: SensorFields.param_schema.nullable().optional(),
  runtime: z.string().min(1).max(32).optional(),
  pack_ref: Ref.nullable().optional(),
  runtime_ref: z.string().min(1).max(255).nullable().optional(),
  trigger_ref: Ref.nullable().optional(),
  ...SENSOR_IGNORED,
});
export type SensorCreate = z.infer<typeof SensorCreateInput>;

/**
 * Attune's sensor update: absent or null leaves a field (`PUT /api/v1/sensors/{ref}` drops the
 * nulls); `param_schema` also takes Attune's patch `{op: "set", value}` / `{op: "clear"}`.
 */
export const SensorPatchInput = z.strictObject({
  ...z.object(SensorFields).partial().shape,
  param_schema: z
    .union([
      SensorFields.param_schema,
      z.strictObject({ op: z.literal('set'), value: SensorFields.param_schema }),
      z.strictObject({ op: z.literal('clear') }),
    ])
    .optional(),
  runtime: z.string().min(1).max(32).optional(),
  ...SENSOR_IGNORED,
});
export type SensorPatch = z.infer<typeof SensorPatchInput>;

/**
 * `POST /api/v1/events` (Attune's CreateEventRequest): how sensors and any authorised client emit.
 * `trigger_type` is Attune's other name for `trigger_ref`. `trigger_instance_id` `rule_<id>`
 * (what Attune's SDK sends) or `rule_ref` addresses one rule; `trace_tag` replaces the tag the
 * event would get (executions it starts carry it too).
 */
export const EventCreateInput = z.strictObject({
  trigger_ref: Ref.optional(),
  trigger_type: Ref.optional(),
  payload: JsonObjectSchema.nullable().default({}),
  source: z.string().max(255).nullable().optional(),
  trigger_instance_id: z
    .union([z.string().max(255), z.number().int()])
    .nullable()
    .optional(),
  rule_ref: Ref.nullable().optional(),
  config: JsonObjectSchema.nullable().optional(),
  trace_tag: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1 to 128 letters, digits or . _ : -')
    .nullable()
    .optional(),
});
export type EventCreate = z.infer<typeof EventCreateInput>;

/** The sensor channels; channels.ts spreads them into the one table. */
export const SENSOR_CHANNELS = {
  'sensors.list': {
    input: z.strictObject({
      pack_ref: Ref.optional(),
      trigger_ref: Ref.optional(),
      enabled: BoolQuery.optional(),
      ...Paging,
    }),
    output: listOf(SensorSchema),
  },
  /** `GET /api/v1/sensors/enabled`. */
  'sensors.listEnabled': { input: z.strictObject({ ...Paging }), output: listOf(SensorSchema) },
  /** `GET /api/v1/packs/{ref}/sensors`. */
  'sensors.listByPack': { input: z.strictObject({ ref: Ref, ...Paging }), output: listOf(SensorSchema) },
  /** `GET /api/v1/triggers/{ref}/sensors`. */
  'sensors.listByTrigger': { input: z.strictObject({ ref: Ref, ...Paging }), output: listOf(SensorSchema) },
  'sensors.create': { input: SensorCreateInput, output: SensorSchema },
  'sensors.update': { input: z.strictObject({ ref: Ref, patch: SensorPatchInput }), output: SensorSchema },
  'sensors.delete': {
    input: z.strictObject({ ref: Ref }),
    output: z.object({ ref: z.string(), deleted: z.literal(true) }),
  },
  'sensors.get': { input: z.strictObject({ ref: Ref }), output: SensorSchema },
  'sensors.enable': { input: z.strictObject({ ref: Ref }), output: SensorSchema },
  'sensors.disable': { input: z.strictObject({ ref: Ref }), output: SensorSchema },
  'sensors.restart': { input: z.strictObject({ ref: Ref }), output: SensorSchema },
  'sensors.logs': {
    input: z.strictObject({ ref: Ref, limit: decimalInt(1, 1000).optional() }),
    output: z.object({ ref: z.string(), lines: z.array(SensorLogLineSchema) }),
  },
  'events.create': { input: EventCreateInput, output: EventSchema },
} as const;

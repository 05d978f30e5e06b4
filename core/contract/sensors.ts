/**
 * Sensors as they cross the boundary (docs/sensors.md): the entity in Attune's field names, its
 * live state beside it, and the channels that list, toggle, restart and read the log of one.
 */
import { z } from 'zod';
import { JsonObjectSchema, listOf, ParamSchemaSchema } from './entities.ts';

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

/** A sensor: built in (`internal://timer`) or a pack's long-running process. */
export const SensorSchema = z.object({
  id: z.number().int(),
  ref: z.string(),
  pack_ref: z.string(),
  label: z.string(),
  description: z.string(),
  /** `internal://<name>` for built-in sensors, else a file under the pack's sensors/ folder. */
  entrypoint: z.string(),
  /** The runner that starts it: python, node, shell, native; `internal` for built-ins. */
  runner_type: z.string(),
  trigger_types: z.array(z.string()),
  enabled: z.boolean(),
  config: JsonObjectSchema,
  param_schema: ParamSchemaSchema,
  created: z.string(),
  updated: z.string(),
  ...SensorLiveStateSchema.shape,
});
export type Sensor = z.infer<typeof SensorSchema>;

/** One line a sensor wrote, newest last. */
export const SensorLogLineSchema = z.object({
  at: z.string(),
  stream: z.enum(['stdout', 'stderr', 'supervisor']),
  text: z.string(),
});
export type SensorLogLine = z.infer<typeof SensorLogLineSchema>;

const Ref = z.string().min(1).max(255);

/** The sensor channels; channels.ts spreads them into the one table. */
export const SENSOR_CHANNELS = {
  'sensors.list': {
    input: z.strictObject({
      pack_ref: Ref.optional(),
      trigger_ref: Ref.optional(),
      enabled: z.boolean().optional(),
    }),
    output: listOf(SensorSchema),
  },
  'sensors.get': { input: z.strictObject({ ref: Ref }), output: SensorSchema },
  'sensors.enable': { input: z.strictObject({ ref: Ref }), output: SensorSchema },
  'sensors.disable': { input: z.strictObject({ ref: Ref }), output: SensorSchema },
  'sensors.restart': { input: z.strictObject({ ref: Ref }), output: SensorSchema },
  'sensors.logs': {
    input: z.strictObject({ ref: Ref, limit: z.number().int().min(1).max(1000).optional() }),
    output: z.object({ ref: z.string(), lines: z.array(SensorLogLineSchema) }),
  },
} as const;

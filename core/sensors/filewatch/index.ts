/** The `core.filewatch` sensor (docs/sensors.md, "Built-in sensors: filewatch and system"). */
export { type CoalescedChange, Coalescer, type CoalescerOptions, netChange } from './coalesce.ts';
export {
  FILEWATCH_ENTRYPOINT,
  type FilewatchRuleChange,
  FilewatchSensor,
  type FilewatchSensorDeps,
} from './filewatch-sensor.ts';
export {
  DEFAULT_DEBOUNCE_MS,
  FILE_EVENTS,
  FILEWATCH_TRIGGER_REF,
  type FileEventKind,
  type FilewatchParams,
  parseFilewatchParams,
  validateFilewatchParams,
} from './params.ts';
export { globMatcher, type WatchInfo, type WatchStatus } from './rule-watch.ts';

/**
 * Packs (docs/packs.md): load a folder or an archive into a PackModel, validate it in full, convert
 * StackStorm rules, and export a model as a folder or a reproducible .tar.gz. Pure: nothing
 * here touches the store; install and "model from stored rules" build on these.
 */

export { type ExtractedPack, type ExtractOptions, extractPackArchive } from './archive.ts';
export {
  type ArchiveLimits,
  DEFAULT_ARCHIVE_LIMITS,
} from './archive-guard.ts';
export {
  type ExportedFile,
  type ExportOptions,
  packTarGz,
  renderPackFiles,
  writePackFolder,
  writePackTarGz,
} from './export.ts';
export { type SecretLookup, scrubSecrets } from './export-secrets.ts';
export { shellQuotingWarnings } from './export-shell.ts';
export {
  DEFAULT_LOAD_LIMITS,
  type LoadedPack,
  type LoadLimits,
  loadPackFolder,
  readPackFolder,
} from './load.ts';
export {
  ACTION_DEFAULTS,
  type ActionDef,
  DEFAULT_WEBHOOK_CONFIG,
  type EntitySource,
  emptyPackModel,
  labelFromName,
  type PackMeta,
  type PackModel,
  type PolicyDef,
  type RuleDef,
  refName,
  type ScriptFile,
  type SensorDef,
  sortModel,
  type TriggerDef,
} from './pack-model.ts';
export { formatProblem, type PackProblem, problemsError, sortProblems } from './problems.ts';
export { isStackStormRule } from './st2-convert.ts';
export { convertCriteria, criterionExpression, ST2_OPERATORS } from './st2-criteria.ts';
export { convertSt2Trigger } from './st2-timers.ts';
export {
  type ActionLike,
  modelResolver,
  type RefResolver,
  type TriggerLike,
  type ValidateOptions,
  type ValidationResult,
  validatePack,
} from './validate.ts';

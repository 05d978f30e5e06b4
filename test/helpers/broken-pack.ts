/**
 * The mistakes of the `broken` fixture pack (test/fixtures/packs/broken), one per file, as every
 * way of validating it reports them: `file:line:column field`, sorted by file and line.
 */
export const BROKEN_PACK_PROBLEMS = [
  'actions/dup_b.yaml:2:6 ref',
  'actions/escape.yaml:3:14 entry_point',
  'rules/bad_condition.yaml:6:37 conditions.expression',
  'rules/bad_cron.yaml:4:15 trigger_params.expression',
  'rules/bad_yaml.yaml:5:1 yaml',
  'rules/unknown_trigger.yaml:3:14 trigger_ref',
] as const;

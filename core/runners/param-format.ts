/**
 * Serialisation of an action's parameters for delivery on stdin or in a parameter file
 * (`parameter_format`, docs/runners.md, "Parameters"). The formats follow Attune's worker so packs move between the
 * two: compact JSON on one line, `key='value'` dotenv lines, YAML.
 */
import { stringify as yamlStringify } from 'yaml';
import type { Action } from '../model/entities.ts';
import { isReservedEnvName } from './child-env.ts';

export type ParameterFormat = Action['parameter_format'];

/** The serialised parameters, and the keys dotenv could not carry. */
export interface FormattedParams {
  text: string;
  /** Keys left out because they are not shell identifiers or are reserved names (dotenv only). */
  skippedKeys: string[];
}

/** A name a shell can assign: dotenv output is meant to be `eval`ed or sourced. */
const SHELL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Single-quotes a value for POSIX shells: nothing inside '…' is special except the quote itself,
 * which becomes '\'' (close, escaped quote, reopen). Safe for `eval` and `.` (source).
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

function dotenvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Nested values travel as JSON so a script can hand them to jq or a JSON parser.
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * `KEY='value'` lines, one per parameter, in the parameters' order. Objects and arrays are JSON;
 * null is empty. A value with a newline spans lines inside its quotes, as the shell expects.
 */
export function toDotenv(params: Record<string, unknown>): FormattedParams {
  const lines: string[] = [];
  const skippedKeys: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    // A key like `a;rm -rf ~` would turn an `eval` of the file into a command; one like PATH or
    // LD_PRELOAD would change which programs run (see isReservedEnvName).
    if (!SHELL_IDENTIFIER.test(key) || isReservedEnvName(key)) {
      skippedKeys.push(key);
      continue;
    }
    lines.push(`${key}=${shellQuote(dotenvValue(value))}`);
  }
  return { text: lines.length > 0 ? `${lines.join('\n')}\n` : '', skippedKeys };
}

/** Serialises the parameters in the action's `parameter_format`. */
export function formatParams(params: Record<string, unknown>, format: ParameterFormat): FormattedParams {
  switch (format) {
    case 'dotenv':
      return toDotenv(params);
    case 'yaml':
      return { text: yamlStringify(params), skippedKeys: [] };
    case 'json':
      // One line: scripts that read a single line (`read -r line`, `readline()`) get it all.
      return { text: `${JSON.stringify(params)}\n`, skippedKeys: [] };
  }
}

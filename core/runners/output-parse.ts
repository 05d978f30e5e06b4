/**
 * Turns an action's stdout into `result.data` according to its `output_format` (docs/runners.md, "Result").
 * Parsing never fails a run: what cannot be parsed is reported as a `problem`, which the
 * runner appends to stderr as an `[attune]` line so the user sees why `data` is empty.
 */
import { parse as yamlParse } from 'yaml';
import type { Action } from '../model/entities.ts';

export type OutputFormat = Action['output_format'];

/** Parsed data, or null with the reason when stdout did not parse. */
export interface ParsedOutput {
  data: unknown;
  problem: string | null;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function parseJson(text: string): ParsedOutput {
  try {
    return { data: JSON.parse(text), problem: null };
  } catch (err) {
    // Like Attune's worker: a script may log first and print its JSON result on the last line.
    const last = text.split('\n').findLast((l) => l.trim() !== '');
    if (last !== undefined && last.trim() !== text) {
      try {
        return { data: JSON.parse(last), problem: null };
      } catch {
        // Report the error of the whole text, which is the one the author expects.
      }
    }
    return { data: null, problem: `stdout is not valid JSON (${message(err)})` };
  }
}

function parseJsonl(text: string): ParsedOutput {
  const items: unknown[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      items.push(JSON.parse(line));
    } catch {
      bad.push(i + 1);
    }
  });
  const problem =
    bad.length > 0
      ? `skipped ${bad.length} line(s) of stdout that are not JSON (first: line ${bad[0]})`
      : null;
  return { data: items, problem };
}

/** Parses stdout for `format`; empty output gives `data: null` without a problem. */
export function parseOutput(stdout: string, format: OutputFormat): ParsedOutput {
  if (format === 'text') return { data: null, problem: null };
  const text = stdout.trim();
  if (text === '') return { data: format === 'jsonl' ? [] : null, problem: null };
  switch (format) {
    case 'json':
      return parseJson(text);
    case 'jsonl':
      return parseJsonl(text);
    case 'yaml':
      try {
        return { data: yamlParse(text) ?? null, problem: null };
      } catch (err) {
        return { data: null, problem: `stdout is not valid YAML (${message(err)})` };
      }
  }
}

/**
 * Checks on a parsed YAML document that the library would do in quadratic time, or not at all:
 * duplicate keys (one Set per mapping, so 40 000 keys cost 40 000 steps, not 800 million), and
 * caps on anchors and aliases, since resolving each alias scans every anchor and alias before it
 * (docs/packs.md, "Validation and problems"). The walk keeps its own stack: a deeply nested file
 * cannot overflow the call stack here.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, type Node } from 'yaml';

/** Most anchors (`&name`) in one file. */
export const MAX_YAML_ANCHORS = 1000;
/** Most aliases (`*name`) in one file; each is resolved by a scan of the anchors before it. */
export const MAX_YAML_ALIASES = 100;
/** Duplicate keys listed one by one; the rest are counted in one more problem. */
const MAX_LISTED_DUPLICATES = 20;

/** A problem at a character offset of the file. */
export interface ShapeProblem {
  offset: number;
  message: string;
}

/**
 * Walks `root` once and returns its duplicate keys (at the second occurrence, naming the line of
 * the first) and the first anchor and alias over the caps. `lineOf` turns an offset into a line.
 */
export function checkYamlShape(root: unknown, lineOf: (offset: number) => number): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  let anchors = 0;
  let aliases = 0;
  let duplicates = 0;
  let firstUnlisted = -1;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      aliases++;
      if (aliases === MAX_YAML_ALIASES + 1) {
        problems.push({
          offset: start(node),
          message: `more than ${MAX_YAML_ALIASES} aliases (*${node.source}) in one file; write the values out`,
        });
      }
      continue;
    }
    if (!isScalar(node) && !isCollection(node)) continue;
    if (node.anchor) {
      anchors++;
      if (anchors === MAX_YAML_ANCHORS + 1) {
        problems.push({
          offset: start(node),
          message: `more than ${MAX_YAML_ANCHORS} anchors (&${node.anchor}) in one file`,
        });
      }
    }
    if (!isCollection(node)) continue;
    const seen = isMap(node) ? new Map<string, number>() : null;
    const children: unknown[] = [];
    for (const item of node.items) {
      if (!isPair(item)) {
        children.push(item);
        continue;
      }
      children.push(item.key, item.value);
      if (seen === null || !isScalar(item.key)) continue;
      // The key as the plain value names it: `1` and "1" are the same property there.
      const value = item.key.value;
      const name = value === null || value === undefined ? '' : String(value);
      const offset = start(item.key);
      const first = seen.get(name);
      if (first === undefined) {
        seen.set(name, offset);
        continue;
      }
      duplicates++;
      if (duplicates <= MAX_LISTED_DUPLICATES) {
        problems.push({
          offset,
          message: `duplicate key "${name}": map keys must be unique (first at line ${lineOf(first)})`,
        });
      } else if (firstUnlisted < 0) {
        firstUnlisted = offset;
      }
    }
    // Pushed in reverse so the walk visits the document in order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  if (firstUnlisted >= 0) {
    problems.push({
      offset: firstUnlisted,
      message: `${duplicates - MAX_LISTED_DUPLICATES} more duplicate keys from here on`,
    });
  }
  return problems;
}

function start(node: Node): number {
  return node.range?.[0] ?? 0;
}
